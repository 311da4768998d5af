import { describe, expect, it } from 'vitest';
import { extractFile, extractorVersion, sniffKind } from '../../extractors/index.ts';
import { ExtractionError } from '../../extractors/types.ts';
import { samples } from './helpers/samples.ts';

const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

function sniffError(bytes: Uint8Array): ExtractionError {
  try {
    sniffKind(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ExtractionError);
    return e as ExtractionError;
  }
  throw new Error('expected an ExtractionError');
}

describe('sniffKind', () => {
  it.each([
    ['%PDF-1.7\n...', 'pdf'],
    ['<SEC-DOCUMENT>0001.txt : 2025', 'sgml'],
    ['<SEC-HEADER>0001.hdr.sgml', 'sgml'],
    ['<IMS-HEADER>0001.hdr.sgml', 'sgml'],
    ['\n\n<DOCUMENT>\n<TYPE>6-K', 'sgml'],
    ['<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>', 'html'],
    ['<!DOCTYPE html><html><body>x</body></html>', 'html'],
    ['  <html><body>x', 'html'],
    ['<body><p>x</p>', 'html'],
    ['<div>x</div>', 'html'],
    ['<p>x', 'html'],
    ['<!-- Workiva --><div>x</div>', 'html'],
    ['Plain old text.\n\nAnother paragraph.', 'text'],
  ])('%j is %s', (input, kind) => {
    expect(sniffKind(b(input)).kind).toBe(kind);
  });

  it('names what unsupported bytes look like', () => {
    expect(sniffError(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0])).message).toContain('binary data (zip archive');
    expect(sniffError(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10])).message).toContain('PNG image');
    expect(sniffError(b('<?xml version="1.0"?><xbrl></xbrl>')).message).toContain('XML data');
    expect(sniffError(b('{"cik": "0001167419"}')).message).toContain('JSON data');
    expect(sniffError(new Uint8Array([1, 2, 3, 0, 0, 5, 6, 7, 8, 0, 1])).code).toBe('unsupported');
  });

  it('refuses empty and whitespace-only input', () => {
    expect(sniffError(new Uint8Array()).code).toBe('empty');
    expect(sniffError(b(' \n\t\n')).code).toBe('empty');
  });
});

describe('extractFile', () => {
  it('extracts every text part of a full submission with header and document types', async () => {
    const r = await extractFile(samples.sgml(), { fileName: '0001234567-25-000001.txt' });
    expect(r.kind).toBe('sgml');
    expect(r.header?.form).toBe('8-K');
    expect(r.documents.map((d) => [d.name, d.documentType, d.kind])).toEqual([
      ['acme-8k.htm', '8-K', 'html'],
      ['acme-ex99.htm', 'EX-99.1', 'html'],
    ]);
    expect(r.documents[0]?.sections.map((s) => s.key)).toEqual(['item_8_01']);
    expect(r.documents[1]?.sections.map((s) => s.key)).toEqual(['press_release']);
    expect(r.warnings).toEqual([]);
  });

  it('takes the document type and form from the hint for single files', async () => {
    const r = await extractFile(samples.html(), { fileName: 'ex.htm', form: '8-K', documentType: 'EX-99.1' });
    expect(r.documents[0]?.documentType).toBe('EX-99.1');
    expect(r.documents[0]?.sections.map((s) => s.key)).toEqual(['press_release']);
    const k = await extractFile(samples.html(), { fileName: '8k.htm', form: '8-K' });
    expect(k.documents[0]?.sections.map((s) => s.key)).toEqual(['front', 'item_7_01', 'item_9_01']);
  });

  it('reads plain text as paragraphs with joined lines and repaired hyphenation', async () => {
    const r = await extractFile(samples.text(), { fileName: 'a.txt', form: '10-K' });
    const doc = r.documents[0];
    expect(doc?.kind).toBe('text');
    expect(doc?.text).toContain('and are converting part of our capacity to high performance computing');
    expect(doc?.text).not.toContain('<PAGE>');
    expect(doc?.sections.map((s) => s.key)).toEqual(['front', 'item_1', 'item_1a']);
  });

  it('throws corrupt for a submission without documents', async () => {
    await expect(extractFile(b('<SEC-HEADER>\nACCESSION NUMBER: 1\n</SEC-HEADER>\n'), { fileName: 'x.txt' })).rejects.toMatchObject({
      code: 'corrupt',
    });
  });

  it('exports a version string for stored outputs', () => {
    expect(extractorVersion).toMatch(/^extract-\d+$/);
  });
});

describe('extractFile with handed-over bytes', () => {
  it('empties the box and extracts what the plain bytes give', async () => {
    const html = '<html><body><p>We operate bitcoin mining facilities in Texas.</p><p>Our fleet grew.</p></body></html>';
    const box = { bytes: b(html) as Uint8Array | null };
    const handed = await extractFile(box, { fileName: 'a.htm', form: '10-K' });
    expect(box.bytes).toBeNull();
    expect(handed).toEqual(await extractFile(b(html), { fileName: 'a.htm', form: '10-K' }));
  });

  it('refuses an empty box', async () => {
    await expect(extractFile({ bytes: null }, { fileName: 'a.htm' })).rejects.toThrow('handed over already');
  });
});
