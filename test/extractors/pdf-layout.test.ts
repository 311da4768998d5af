/**
 * PDF layouts the project builds itself (test/extractors/helpers/make-pdf.ts):
 * one and two columns, running headers and footers over several pages, a page
 * without a text layer, an encrypted file. Page numbers and text are asserted.
 */
import { describe, expect, it } from 'vitest';
import { extractPdf } from '../../extractors/pdf.ts';
import { ExtractionError } from '../../extractors/types.ts';
import { makePdf, makePlacedPdf, type PlacedText } from './helpers/make-pdf.ts';

const LEFT = [
  'Our mining fleet in Quebec ran at full capacity during',
  'the quarter and produced more bitcoin than a year ago,',
  'although the halving cut the block reward by one half.',
];
const RIGHT = [
  'The new data hall in Ontario hosts GPU servers for an',
  'artificial intelligence customer under a five year',
  'contract that began to generate revenue in August.',
];

const ORDINAL = ['first', 'second', 'third', 'fourth'];

/**
 * A two-column page whose content stream writes the left column, then the right
 * one. `quarter` varies the first line, as body text varies from page to page.
 */
function twoColumnPage(header: string | null, footer: string | null, quarter = 0): PlacedText[] {
  const items: PlacedText[] = [];
  if (header) items.push({ x: 56, y: 760, text: header });
  LEFT.forEach((text, i) => items.push({ x: 56, y: 700 - i * 12, text: i === 0 && quarter > 0 ? `In the ${ORDINAL[quarter - 1]} quarter our fleet ran at full capacity during` : text }));
  RIGHT.forEach((text, i) => items.push({ x: 320, y: 700 - i * 12, text }));
  if (footer) items.push({ x: 300, y: 40, text: footer });
  return items;
}

describe('PDF layouts', () => {
  it('reads a one-column page as paragraphs, with page numbers', async () => {
    const body = [
      'Item 1. Business',
      'We are a bitcoin miner with sites in Quebec and in Ontario. We own and operate our data centers and',
      'buy electricity under long-term contracts with the provincial utilities at fixed prices.',
    ];
    const doc = await extractPdf(makePdf([body, body.map((l) => l.replace('Quebec', 'Manitoba'))]), 'one.pdf', null);
    expect(doc.pages.map((p) => p.page)).toEqual([1, 2]);
    const page1 = doc.text.slice(doc.pages[0]!.start, doc.pages[0]!.end);
    const page2 = doc.text.slice(doc.pages[1]!.start, doc.pages[1]!.end);
    expect(page1.split('\n\n')).toEqual([
      'Item 1. Business',
      'We are a bitcoin miner with sites in Quebec and in Ontario. We own and operate our data centers and buy electricity under long-term contracts with the provincial utilities at fixed prices.',
    ]);
    expect(page2).toContain('sites in Manitoba and in Ontario');
  });

  it('reads a two-column page column by column, left first', async () => {
    const doc = await extractPdf(makePlacedPdf([twoColumnPage(null, null)]), 'two.pdf', null);
    expect(doc.pages).toEqual([{ page: 1, start: 0, end: doc.text.length }]);
    const left = doc.text.indexOf('Our mining fleet in Quebec ran at full capacity during the quarter');
    const right = doc.text.indexOf('The new data hall in Ontario hosts GPU servers for an artificial intelligence customer');
    expect(left).toBeGreaterThanOrEqual(0);
    expect(right).toBeGreaterThan(left);
    // No line of one column is glued to a line of the other.
    expect(doc.text).not.toMatch(/during The new data hall/);
    expect(doc.text).toContain('cut the block reward by one half.');
  });

  it('drops running headers and page-number footers over many two-column pages, keeping page numbers', async () => {
    const pages = [1, 2, 3, 4].map((n) => twoColumnPage('Northern Hashing Corp. - Management Discussion and Analysis', `Page ${n} of 4`, n));
    const doc = await extractPdf(makePlacedPdf(pages), 'running.pdf', null);
    expect(doc.pages.map((p) => p.page)).toEqual([1, 2, 3, 4]);
    expect(doc.text).not.toContain('Northern Hashing Corp. - Management');
    expect(doc.text).not.toMatch(/Page \d of 4/);
    for (const span of doc.pages) {
      const text = doc.text.slice(span.start, span.end);
      expect(text.startsWith(`In the ${ORDINAL[span.page - 1]} quarter our fleet ran at full capacity during the quarter`)).toBe(true);
      expect(text.trimEnd().endsWith('began to generate revenue in August.')).toBe(true);
    }
  });

  // The next two feed extractPdf the text pdf.js gives for such pages (as read from a miner's monthly update
  // in the corpus: cells separated by tabs, bullets drawn from a symbol font), through its page reader.
  const fromText = (pages: string[]) => extractPdf(makePdf([['placeholder page for the reader below']]), 'slide.pdf', null, null, { readPages: async () => pages });

  it('keeps each row of a table (cells that pdf.js separates by tabs) a paragraph of its own', async () => {
    const page = [
      'Our fleet grew during the month and our AI cloud kept its customers.',
      'Key Metrics \tMay 25 \tApr 25',
      'Average operating hashrate \t38.4 EH/s \t36.6 EH/s',
      'Electricity costs1 \t($0.03m) \t($0.04m)',
      'The new data hall in Ontario hosts GPU servers for an artificial intelligence',
      'customer under a five year contract that began in August.',
    ].join('\n');
    const paragraphs = (await fromText([page])).text.split('\n\n');
    expect(paragraphs).toContain('Average operating hashrate 38.4 EH/s 36.6 EH/s');
    expect(paragraphs).toContain('Electricity costs1 ($0.03m) ($0.04m)');
    // The prose around the table is untouched: wrapped lines still join.
    expect(paragraphs).toContain('The new data hall in Ontario hosts GPU servers for an artificial intelligence customer under a five year contract that began in August.');
  });

  it('reads a symbol-font bullet (a private-use glyph and a tab) and a sub-bullet "o" as the starts of paragraphs', async () => {
    // The text pdf.js gives for a slide of bullets typeset in Wingdings, as in a miner's monthly update.
    const slide = ['\uf052 \tRecord monthly revenue and hardware profit', '\uf052 \tOn track for 50 EH/s by June 30', 'o \tSeveral customers in due diligence', 'Transitioning to US domestic issuer status'].join('\n');
    expect((await fromText([slide])).text.split('\n\n')).toEqual([
      '• Record monthly revenue and hardware profit',
      '• On track for 50 EH/s by June 30',
      'o Several customers in due diligence Transitioning to US domestic issuer status',
    ]);
  });

  it('warns about a page without a text layer and keeps the other pages numbered', async () => {
    const doc = await extractPdf(makePlacedPdf([twoColumnPage(null, null), [], twoColumnPage(null, null)]), 'scan.pdf', null);
    expect(doc.pages.map((p) => p.page)).toEqual([1, 3]);
    expect(doc.warnings).toContain('no text layer on page 2');
    expect(doc.text.slice(doc.pages[1]!.start, doc.pages[1]!.end)).toContain('Our mining fleet in Quebec');
  });

  it('gives a one-line error with its code for a fully scanned and for an encrypted file', async () => {
    const codeOf = async (bytes: Uint8Array): Promise<string> => {
      try {
        await extractPdf(bytes, 'x.pdf', null);
        return 'no error';
      } catch (e) {
        expect(e).toBeInstanceOf(ExtractionError);
        expect((e as Error).message).not.toContain('\n');
        expect((e as Error).message).toContain('x.pdf');
        return (e as ExtractionError).code;
      }
    };
    expect(await codeOf(makePlacedPdf([[], []]))).toBe('no-text-layer');
    expect(await codeOf(makePlacedPdf([twoColumnPage(null, null)], { encrypted: true }))).toBe('encrypted');
  });
});
