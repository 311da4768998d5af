import { describe, expect, it } from 'vitest';
import { splitFullSubmission } from '../../extractors/sgml.ts';
import { SUBMISSION } from './helpers/samples.ts';

describe('splitFullSubmission', () => {
  it('parses the SEC header (first filer, padded CIK, ISO dates)', () => {
    expect(splitFullSubmission(SUBMISSION).header).toEqual({
      accession: '0001234567-25-000001',
      form: '8-K',
      filedAt: '2025-09-25',
      periodEnd: '2025-09-24',
      cik: '0001710350',
      companyName: 'Acme Mining Corp',
    });
  });

  it('splits documents, unwraps <XBRL> and skips binary and XBRL parts', () => {
    const { documents } = splitFullSubmission(SUBMISSION);
    expect(documents.map((d) => [d.type, d.sequence, d.fileName, d.skipped])).toEqual([
      ['8-K', 1, 'acme-8k.htm', false],
      ['EX-99.1', 2, 'acme-ex99.htm', false],
      ['GRAPHIC', 3, 'logo.jpg', true],
      ['EX-101.SCH', 4, 'acme-20250924.xsd', true],
    ]);
    expect(documents[0]?.body.trim()).toMatch(/^<html>.*<\/html>$/s);
    expect(documents[0]?.description).toBe('CURRENT REPORT');
    expect(documents[2]?.body).toBe('');
    expect(documents.every((d) => !d.truncated)).toBe(true);
  });

  it('marks uuencoded bodies as skipped whatever their type says', () => {
    const text = '<DOCUMENT>\n<TYPE>EX-99.3\n<TEXT>\nbegin 644 deck.pdf\nM1234\nend\n</TEXT>\n</DOCUMENT>';
    expect(splitFullSubmission(text).documents[0]).toMatchObject({ skipped: true, skipReason: 'uuencoded data' });
  });

  it('reads a single <DOCUMENT> wrapper without header', () => {
    const text = '\n<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>x.htm\n<DESCRIPTION>EX-99.1\n<TEXT>\n<p>Hi</p>\n</TEXT>\n</DOCUMENT>\n';
    const r = splitFullSubmission(text);
    expect(r.header).toBeNull();
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]).toMatchObject({ type: 'EX-99.1', fileName: 'x.htm', skipped: false });
  });

  it('reads a 1990s plain-text submission with <PAGE> markers', () => {
    const text = '<DOCUMENT>\n<TYPE>S-3/A\n<SEQUENCE>1\n<TEXT>\n\n   SECURITIES AND EXCHANGE COMMISSION\n\n<PAGE>\n\nBody text.\n</TEXT>\n</DOCUMENT>\n';
    const [doc] = splitFullSubmission(text).documents;
    expect(doc).toMatchObject({ type: 'S-3/A', sequence: 1, fileName: null, skipped: false });
    expect(doc?.body).toContain('<PAGE>');
  });

  it('keeps what is there when the file is truncated', () => {
    const cut = SUBMISSION.slice(0, SUBMISSION.indexOf('AI hosting contract'));
    const r = splitFullSubmission(cut);
    expect(r.header?.accession).toBe('0001234567-25-000001');
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]?.truncated).toBe(true);
    const headerOnly = splitFullSubmission(SUBMISSION.slice(0, 300));
    expect(headerOnly.documents).toEqual([]);
    expect(headerOnly.header?.accession).toBe('0001234567-25-000001');
  });

  it('returns nothing for text without documents', () => {
    expect(splitFullSubmission('just text')).toEqual({ header: null, documents: [] });
  });
});
