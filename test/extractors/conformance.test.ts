/**
 * The suite every extractor kind passes: empty input, binary garbage,
 * truncated input, windows-1252 bytes, repeatable output, normalised
 * whitespace. Each kind runs through its own extractor and through extractFile.
 */
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../extractors/html.ts';
import { extractFile } from '../../extractors/index.ts';
import { extractPdf } from '../../extractors/pdf.ts';
import { extractText } from '../../extractors/text.ts';
import { ExtractionError, type ContentKind, type ExtractedDocument } from '../../extractors/types.ts';
import { garbage, samples } from './helpers/samples.ts';

type Extract = (bytes: Uint8Array) => Promise<ExtractedDocument[]>;

interface Driver {
  kind: ContentKind;
  via: string;
  valid: () => Uint8Array;
  cp1252: () => Uint8Array;
  /** Bytes that look like this kind at first glance but are garbage after that. */
  garbage: () => Uint8Array;
  extract: Extract;
}

const viaFile =
  (fileName: string, form: string | null): Extract =>
  async (bytes) =>
    (await extractFile(bytes, { fileName, form })).documents;

const pdfGarbage = (): Uint8Array => new Uint8Array([...Buffer.from('%PDF-1.7\n'), ...garbage(4096)]);

const drivers: Driver[] = [
  { kind: 'html', via: 'extractHtml', valid: samples.html, cp1252: samples.htmlCp1252, garbage: () => garbage(4096), extract: async (b) => [extractHtml(b, 'a.htm', '8-K')] },
  { kind: 'html', via: 'extractFile', valid: samples.html, cp1252: samples.htmlCp1252, garbage: () => garbage(4096), extract: viaFile('a.htm', '8-K') },
  { kind: 'text', via: 'extractText', valid: samples.text, cp1252: samples.textCp1252, garbage: () => garbage(4096, 3), extract: async (b) => [extractText(b, 'a.txt', '10-K')] },
  { kind: 'text', via: 'extractFile', valid: samples.text, cp1252: samples.textCp1252, garbage: () => garbage(4096, 3), extract: viaFile('a.txt', '10-K') },
  { kind: 'sgml', via: 'extractFile', valid: samples.sgml, cp1252: samples.sgmlCp1252, garbage: () => new Uint8Array([...Buffer.from('<SEC-DOCUMENT>\n'), ...garbage(4096, 5)]), extract: viaFile('a.txt', null) },
  { kind: 'pdf', via: 'extractPdf', valid: samples.pdf, cp1252: samples.pdfCp1252, garbage: pdfGarbage, extract: async (b) => [await extractPdf(b, 'a.pdf', '10-K')] },
  { kind: 'pdf', via: 'extractFile', valid: samples.pdf, cp1252: samples.pdfCp1252, garbage: pdfGarbage, extract: viaFile('a.pdf', '10-K') },
];

async function errorOf(p: Promise<unknown>): Promise<ExtractionError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ExtractionError);
    return e as ExtractionError;
  }
  throw new Error('expected an ExtractionError, got a result');
}

function expectNormalised(doc: ExtractedDocument): void {
  const t = doc.text;
  expect(t).not.toMatch(/ {2}/);
  expect(t).not.toMatch(/\n{3}/);
  expect(t).not.toMatch(/[ \t]\n|\n[ \t]/);
  expect(t).not.toMatch(/[\t\r\u00a0]/);
  expect(t).toBe(t.trim());
  for (const s of doc.sections) {
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(s.end).toBeLessThanOrEqual(t.length);
    expect(s.start).toBeLessThanOrEqual(s.end);
  }
  for (const p of doc.pages) {
    expect(p.page).toBeGreaterThanOrEqual(1);
    expect(p.end).toBeLessThanOrEqual(t.length);
  }
}

describe.each(drivers)('$kind extractor via $via', (d) => {
  it('extracts the valid sample with normalised whitespace', async () => {
    const docs = await d.extract(d.valid());
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      expect(doc.text.length).toBeGreaterThan(0);
      expectNormalised(doc);
    }
  });

  it('refuses empty input with code "empty"', async () => {
    expect((await errorOf(d.extract(new Uint8Array()))).code).toBe('empty');
  });

  it('refuses binary garbage with a one-line ExtractionError', async () => {
    const e = await errorOf(d.extract(d.garbage()));
    expect(['unsupported', 'corrupt']).toContain(e.code);
    expect(e.message).not.toContain('\n');
  });

  it('handles truncated input: a result with normalised text or an ExtractionError', async () => {
    const bytes = d.valid();
    const half = bytes.subarray(0, Math.floor(bytes.length / 2));
    try {
      const docs = await d.extract(half);
      for (const doc of docs) expectNormalised(doc);
    } catch (e) {
      expect(e).toBeInstanceOf(ExtractionError);
    }
  });

  it('decodes windows-1252 curly quotes', async () => {
    const docs = await d.extract(d.cp1252());
    const all = docs.map((doc) => doc.text).join('\n');
    expect(all).toContain('“pivot”');
    if (d.kind !== 'pdf') expect(docs.some((doc) => doc.encoding === 'windows-1252')).toBe(true);
  });

  it('gives identical output on two runs', async () => {
    const a = await d.extract(d.valid());
    const b = await d.extract(d.valid());
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
