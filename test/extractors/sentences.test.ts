import { describe, expect, it } from 'vitest';
import { MAX_SENTENCE_CHARS, splitSentences } from '../../extractors/sentences.ts';
import type { Section } from '../../extractors/types.ts';

const texts = (t: string): string[] => splitSentences(t).map((s) => s.text);

describe('splitSentences', () => {
  it('splits at terminal punctuation before a capital, digit or quote', () => {
    expect(texts('We mine Bitcoin. We host AI! Do we? "Yes," he said. 2024 was good.')).toEqual([
      'We mine Bitcoin.',
      'We host AI!',
      'Do we?',
      '"Yes," he said.',
      '2024 was good.',
    ]);
  });

  it('keeps closing quotes and brackets with the sentence', () => {
    expect(texts('He called it “the pivot.” Then it grew. (This is aside.) Next one.')).toEqual([
      'He called it “the pivot.”',
      'Then it grew.',
      '(This is aside.)',
      'Next one.',
    ]);
  });

  it('survives abbreviations, initials, decimals and section numbers', () => {
    const t =
      'Riot Platforms, Inc. and Foo Corp. and Bar Co. and Baz Ltd. and Qux L.P. operate in the U.S. and the U.K. under Agreement No. 5 and Nos. 6. ' +
      'Approx. 3.5 EH/s came online, e.g. Rockdale, i.e. Texas, etc. and more. ' +
      'Mr. Smith, Ms. Jones and Dr. Brown met on St. Patrick vs. Jan. 5 and Dec. 7 under Sec. 4. ' +
      'J. Smith paid $1.2 billion under Item 1.01 and Section 2.3 of the plan.';
    expect(texts(t)).toEqual([
      'Riot Platforms, Inc. and Foo Corp. and Bar Co. and Baz Ltd. and Qux L.P. operate in the U.S. and the U.K. under Agreement No. 5 and Nos. 6.',
      'Approx. 3.5 EH/s came online, e.g. Rockdale, i.e. Texas, etc. and more.',
      'Mr. Smith, Ms. Jones and Dr. Brown met on St. Patrick vs. Jan. 5 and Dec. 7 under Sec. 4.',
      'J. Smith paid $1.2 billion under Item 1.01 and Section 2.3 of the plan.',
    ]);
  });

  it('does not break after a lowercase continuation', () => {
    expect(texts('The price fell. then it rose.')).toEqual(['The price fell. then it rose.']);
  });

  it('treats paragraphs and headings as boundaries', () => {
    const t =
      'ITEM 1A. RISK FACTORS\n\nPART I. FINANCIAL INFORMATION\n\n3. Summary of Significant Accounting Policies\n\n' +
      'Overview\n\nWe operate. We grow\n\n• A bullet item\n\nLast paragraph.';
    expect(texts(t)).toEqual([
      'ITEM 1A. RISK FACTORS',
      'PART I. FINANCIAL INFORMATION',
      '3. Summary of Significant Accounting Policies',
      'Overview',
      'We operate.',
      'We grow',
      '• A bullet item',
      'Last paragraph.',
    ]);
  });

  it('keeps a numbered heading glued to its paragraph together', () => {
    expect(texts('Item 7. Management discussion follows here. It is long enough to not be a heading at all, really.')).toEqual([
      'Item 7. Management discussion follows here.',
      'It is long enough to not be a heading at all, really.',
    ]);
  });

  it('cuts runs longer than the limit at a semicolon or a space', () => {
    const clause = 'the Company may issue shares of common stock to investors in one or more offerings';
    const long = Array.from({ length: 60 }, () => clause).join('; ') + '.';
    const out = splitSentences(long);
    expect(out.length).toBeGreaterThan(1);
    for (const s of out) expect(s.text.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    expect(out[0]?.text.endsWith(';')).toBe(true);
    const words = 'word '.repeat(1500);
    for (const s of splitSentences(words)) expect(s.text.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
  });

  it('gives offsets into the text and trimmed spans', () => {
    const t = '  First one.   Second one!\n\n\n  Third?  \n\nHeading  ';
    const out = splitSentences(t);
    expect(out.map((s) => s.text)).toEqual(['First one.', 'Second one!', 'Third?', 'Heading']);
    for (const s of out) expect(t.slice(s.start, s.end)).toBe(s.text);
  });

  it('labels each sentence with its section and page', () => {
    const t = 'Front text.\n\nItem 1. Business\n\nWe mine. We host.';
    const item = t.indexOf('Item 1');
    const sections: Section[] = [
      { key: 'front', title: '', start: 0, end: item, confidence: 1, method: '', flags: [] },
      { key: 'item_1', title: '', start: item, end: t.length, confidence: 1, method: '', flags: [] },
    ];
    const pages = [
      { page: 1, start: 0, end: item + 5 },
      { page: 2, start: item + 5, end: t.length },
    ];
    const out = splitSentences(t, sections, pages);
    expect(out.map((s) => [s.text, s.section, s.page])).toEqual([
      ['Front text.', 'front', 1],
      ['Item 1. Business', 'item_1', 1],
      ['We mine.', 'item_1', 2],
      ['We host.', 'item_1', 2],
    ]);
    expect(splitSentences('No sections.')[0]).toMatchObject({ section: null, page: null });
  });

  it('handles empty and whitespace-only text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n ')).toEqual([]);
  });

  it('is linear: a 4 MB text splits quickly', () => {
    const para = 'Bitcoin miners are pivoting to AI hosting, e.g. Riot Platforms, Inc. in the U.S. and others. '.repeat(20);
    const big = Array.from({ length: 2200 }, () => para).join('\n\n');
    const t0 = performance.now();
    const out = splitSentences(big);
    expect(out.length).toBe(2200 * 20);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
