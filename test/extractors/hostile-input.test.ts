/**
 * The extractor fixes behind the hostile document set, one by one: linear line joining and
 * sentence cuts (same output as before), misdeclared UTF-16, uuencoded blocks anywhere, stray
 * control characters, impossible header dates, capped header names and PDF compression bombs.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { blankControls, decodeBytes } from '../../extractors/encoding.ts';
import { extractFile } from '../../extractors/index.ts';
import { assertInflatable } from '../../extractors/pdf.ts';
import { splitSentences } from '../../extractors/sentences.ts';
import { parseHeader, splitFullSubmission } from '../../extractors/sgml.ts';
import { dropUuencoded, joinLines } from '../../extractors/text.ts';
import { ExtractionError } from '../../extractors/types.ts';
import { buildPdf } from '../support/hostile-documents.ts';

describe('joinLines', () => {
  it('joins wrapped lines and repairs hyphenated words, as before', () => {
    expect(joinLines(['Our infra-', 'structure is', '', '  in Texas.  '])).toBe('Our infrastructure is in Texas.');
    expect(joinLines(['Item 1A-', 'Risk'])).toBe('Item 1A- Risk'); // "A-" is not a lower-case letter
    expect(joinLines(['a-', 'b-', 'c'])).toBe('abc');
  });
  it('joins 200,000 lines into one paragraph', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => (i % 2 ? 'structure and mining' : 'infra-'));
    const joined = joinLines(lines);
    expect(joined.startsWith('infrastructure and mining infrastructure')).toBe(true);
  });
});

describe('splitSentences on hostile runs', () => {
  it('cuts a sentence without a period into pieces of at most 2000 characters', () => {
    const text = 'mines bitcoin and hosts ai workloads; '.repeat(30_000);
    const sentences = splitSentences(text);
    expect(sentences.length).toBeGreaterThan(500);
    expect(Math.max(...sentences.map((s) => s.text.length))).toBeLessThanOrEqual(2000);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
  it('keeps abbreviations and numbered headings as they were', () => {
    expect(splitSentences('Item 1. Business of Riot Inc. Today. We mine.').map((s) => s.text)).toEqual(['Item 1. Business of Riot Inc. Today.', 'We mine.']);
    expect(splitSentences('The U.S. Government agreed. It paid.').map((s) => s.text)).toEqual(['The U.S. Government agreed.', 'It paid.']);
  });
  it('reads a megabyte of abbreviations, a word without spaces and a run of "!"', () => {
    expect(splitSentences('Inc. Corp. No. Ltd. '.repeat(50_000)).length).toBeGreaterThan(0);
    expect(splitSentences('x.'.repeat(500_000)).length).toBeGreaterThan(0);
    expect(splitSentences(`${'!'.repeat(1_000_000)} Next.`).length).toBeGreaterThan(0);
  });
});

describe('text that is not text', () => {
  it('does not believe a UTF-16 label on single-byte markup', () => {
    const html = '<html><head><meta charset="utf-16"></head><body><p>We mine bitcoin.</p></body></html>';
    const decoded = decodeBytes(new TextEncoder().encode(html));
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toContain('We mine bitcoin.');
  });
  it('turns stray control characters into spaces, offsets unchanged', () => {
    expect(blankControls('a\u0000b\u0007c\td\ne')).toBe('a b c\td\ne');
  });
  it('drops uuencoded blocks after prose, with or without their begin line', () => {
    const uu = ['begin 644 chart.gif', ...Array.from({ length: 20 }, () => `M${'A'.repeat(60)}`), '`', 'end'].join('\n');
    const bare = Array.from({ length: 20 }, () => `M${'B'.repeat(60)}`).join('\n');
    const out = dropUuencoded(`We mine bitcoin.\n${'x '.repeat(400)}\n${uu}\nWe host AI.\n${bare}\nThe end.`);
    expect(out).toContain('We mine bitcoin.');
    expect(out).toContain('We host AI.');
    expect(out).toContain('The end.');
    expect(out).not.toMatch(/begin 644|AAAA|BBBB/);
    expect(dropUuencoded('ITEM 1. BUSINESS\nMINING')).toBe('ITEM 1. BUSINESS\nMINING');
  });
});

describe('SGML headers', () => {
  const header = (fields: string) => `<SEC-HEADER>\n${fields}\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>8-K\n<TEXT>\nWe mine.\n</TEXT>\n</DOCUMENT>`;
  it('refuses impossible dates', () => {
    const h = parseHeader(header('FILED AS OF DATE:\t20241399\nCONFORMED PERIOD OF REPORT:\t20240230'))!;
    expect(h.filedAt).toBeNull();
    expect(h.periodEnd).toBeNull();
    expect(parseHeader(header('FILED AS OF DATE:\t20240229'))!.filedAt).toBe('2024-02-29');
  });
  it('cuts a 100,000-character company name to 300', () => {
    const h = parseHeader(header(`COMPANY CONFORMED NAME:\t${'(Hash) [Mining] *Corp+ '.repeat(5000)}`))!;
    expect(h.companyName?.length).toBe(300);
  });
  it('splits 5,000 unclosed <DOCUMENT> tags, each cut off by the next', () => {
    const { documents } = splitFullSubmission('<DOCUMENT>\n<TYPE>EX-99.1\n<TEXT>\nWe mine.\n'.repeat(5000));
    expect(documents).toHaveLength(5000);
    expect(documents.every((d) => d.truncated)).toBe(true);
  });
  it('refuses a submission of more parts than EDGAR allows', async () => {
    const parts = '<DOCUMENT>\n<TYPE>EX-99.1\n<TEXT>\nWe mine.\n</TEXT>\n</DOCUMENT>\n'.repeat(2500);
    await expect(extractFile(new TextEncoder().encode(`<SEC-DOCUMENT>\n${parts}`), { fileName: 'big.txt' })).rejects.toThrow(/2500 <DOCUMENT> parts, more than the 2000/);
  });
});

describe('PDF compression bombs', () => {
  it('refuses streams inflating past the cap before pdf.js runs', () => {
    const bomb = buildPdf([{ data: deflateSync(Buffer.alloc(8 * 1024 * 1024, 32)), filter: 'FlateDecode' }]);
    expect(() => assertInflatable(bomb, 'bomb.pdf', 4 * 1024 * 1024)).toThrow(ExtractionError);
    expect(() => assertInflatable(bomb, 'bomb.pdf', 4 * 1024 * 1024)).toThrow(/inflate to more than 4 MB/);
    expect(() => assertInflatable(bomb, 'bomb.pdf', 16 * 1024 * 1024)).not.toThrow();
  });
});
