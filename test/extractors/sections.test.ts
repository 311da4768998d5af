import { describe, expect, it } from 'vitest';
import { findSections } from '../../extractors/sections.ts';

const filler = (words: number, topic: string): string => `${topic} `.repeat(words).trim() + '.';

/** A small 10-K: cover, a table of contents that names every item, cross-references, then the body. */
function tenK(): string {
  const toc = [
    'TABLE OF CONTENTS',
    'PART I',
    'Item 1. Business',
    'Item 1A. Risk Factors',
    'Item 1B. Unresolved Staff Comments',
    'Item 2. Properties',
    'PART II',
    'Item 7. Management’s Discussion and Analysis',
    'Item 8. Financial Statements and Supplementary Data',
  ].join('\n\n');
  const body = [
    'PART I',
    'ITEM 1.',
    'BUSINESS',
    filler(300, 'mining hosting'),
    'Item 7 of this report discusses results; see Item 1A for risks.',
    'ITEM 1A. RISK FACTORS',
    filler(400, 'risk'),
    'ITEM 1B. UNRESOLVED STAFF COMMENTS',
    'None.',
    'ITEM 2. PROPERTIES',
    filler(100, 'site'),
    'PART II',
    'ITEM 7. MANAGEMENT’S DISCUSSION AND ANALYSIS OF FINANCIAL CONDITION',
    filler(300, 'revenue'),
    'ITEM 8. FINANCIAL STATEMENTS AND SUPPLEMENTARY DATA',
    'See Item 15.',
  ].join('\n\n');
  return `ANNUAL REPORT ON FORM 10-K\n\n${toc}\n\n${body}`;
}

describe('findSections', () => {
  it('finds 10-K items at their body headings, not in the table of contents', () => {
    const text = tenK();
    const sections = findSections(text, '10-K', '10-K');
    expect(sections.map((s) => s.key)).toEqual(['front', 'item_1', 'item_1a', 'item_1b', 'item_2', 'item_7', 'item_8']);
    const item1 = sections.find((s) => s.key === 'item_1');
    expect(text.slice(item1?.start, item1?.end)).toMatch(/^ITEM 1\.\n\nBUSINESS\n\nmining hosting/);
    expect(item1?.title).toBe('ITEM 1. BUSINESS');
    expect(item1?.method).toMatch(/longest span/);
    const front = sections[0];
    expect(text.slice(front?.start, front?.end)).toContain('TABLE OF CONTENTS');
    for (let i = 1; i < sections.length; i++) expect(sections[i]?.start).toBe(sections[i - 1]?.end);
    expect(sections.at(-1)?.end).toBe(text.length);
  });

  it('flags pointer, tiny and empty sections', () => {
    const sections = findSections(tenK(), '10-K', '10-K');
    const byKey = new Map(sections.map((s) => [s.key, s]));
    expect(byKey.get('item_1b')?.flags).toEqual(['tiny', 'pointer']);
    expect(byKey.get('item_8')?.flags).toContain('pointer');
    expect(byKey.get('item_1')?.flags).toEqual([]);
    expect(byKey.get('item_1')?.confidence).toBeGreaterThanOrEqual(0.9);
    const empty = findSections('ITEM 1. BUSINESS\n\nItem 1A. Risk Factors\n\n' + filler(100, 'risk'), '10-K', null);
    expect(empty.find((s) => s.key === 'item_1')?.flags).toContain('empty');
  });

  it('flags a dominant section', () => {
    const text = `ITEM 1. BUSINESS\n\n${filler(2000, 'words')}\n\nITEM 2. PROPERTIES\n\n${filler(20, 'site')}`;
    expect(findSections(text, '10-K', '10-K').find((s) => s.key === 'item_1')?.flags).toContain('dominant');
  });

  it('tells the two 10-Q parts apart by item titles', () => {
    const text = [
      'PART I - FINANCIAL INFORMATION',
      'Item 1. Financial Statements',
      filler(300, 'notes'),
      'Item 2. Management’s Discussion and Analysis',
      filler(300, 'hosting'),
      'Item 4. Controls and Procedures',
      filler(50, 'controls'),
      'PART II - OTHER INFORMATION',
      'Item 1. Legal Proceedings',
      filler(50, 'legal'),
      'Item 1A. Risk Factors',
      filler(100, 'risk'),
      'Item 4. Mine Safety Disclosures',
      'Not applicable.',
      'Item 6. Exhibits',
      filler(20, 'exhibit'),
    ].join('\n\n');
    const keys = findSections(text, '10-Q', '10-Q').map((s) => s.key);
    expect(keys).toEqual([
      'front',
      'part_i_item_1',
      'part_i_item_2',
      'part_i_item_4',
      'part_ii_item_1',
      'part_ii_item_1a',
      'part_ii_item_4',
      'part_ii_item_6',
    ]);
  });

  it('does not take a Part II heading for a missing Part I item', () => {
    const text = [
      'Item 1. Financial Statements',
      filler(300, 'notes'),
      'Item 1. Legal Proceedings',
      filler(50, 'legal'),
      'Item 4. Mine Safety Disclosures',
      'Not applicable.',
    ].join('\n\n');
    const keys = findSections(text, '10-Q', null).map((s) => s.key);
    expect(keys).toEqual(['part_i_item_1', 'part_ii_item_1', 'part_ii_item_4']);
  });

  it('finds 8-K items and 20-F items', () => {
    const eightK = `FORM 8-K\n\nItem 2.02 Results of Operations\n\n${filler(60, 'results')}\n\nItem 7.01. Regulation FD\n\n${filler(60, 'fd')}\n\nItem 9.01 Financial Statements and Exhibits\n\n(d) Exhibits`;
    expect(findSections(eightK, '8-K', '8-K').map((s) => s.key)).toEqual(['front', 'item_2_02', 'item_7_01', 'item_9_01']);
    const twentyF = `Item 4. Information on the Company\n\n${filler(100, 'a')}\n\nItem 4A. Unresolved Staff Comments\n\nNone.\n\nItem 5. Operating and Financial Review\n\n${filler(100, 'b')}`;
    expect(findSections(twentyF, '20-F', '20-F').map((s) => s.key)).toEqual(['item_4', 'item_4a', 'item_5']);
  });

  it('makes an EX-99 exhibit one press_release section, whatever the form says', () => {
    const text = 'Acme Mining Announces AI Hosting Deal\n\n' + filler(100, 'news');
    const [s] = findSections(text, 'EX-99.1', 'EX-99.1');
    expect(s).toMatchObject({ key: 'press_release', start: 0, end: text.length, method: 'exhibit type EX-99.1', flags: [] });
    expect(findSections(text, '8-K', 'EX-99.2')[0]?.key).toBe('press_release');
  });

  it('returns no sections for other forms and exhibits', () => {
    expect(findSections('Item 1. Business\n\ntext', 'S-3', 'S-3')).toEqual([]);
    expect(findSections('Item 1. Business\n\ntext', '8-K', 'EX-10.1')).toEqual([]);
    expect(findSections('Item 1. Business\n\ntext', null, null)).toEqual([]);
  });
});
