import { describe, expect, it } from 'vitest';
import { extractHtml, htmlToText } from '../../extractors/html.ts';
import { ExtractionError } from '../../extractors/types.ts';

const text = (html: string): string => htmlToText(html).text;

describe('htmlToText', () => {
  it('keeps block structure as paragraphs and collapses inline whitespace', () => {
    const html = '<html><body><p>First   <b>bold</b>\n text.</p><div>Second<br>Third</div><h2>Heading</h2></body></html>';
    expect(text(html)).toBe('First bold text.\n\nSecond\n\nThird\n\nHeading');
  });

  it('joins inline elements without inventing spaces and normalises non-breaking spaces', () => {
    expect(text('<p><span>Bit</span><span>coin</span>&#160;&nbsp;mining&amp;AI</p>')).toBe('Bitcoin mining&AI');
  });

  it('drops head, title, script, style and comments', () => {
    const html =
      '<html><head><title>T</title><style>p{}</style><script>var x=1</script></head><body><!-- c --><p>Body</p></body></html>';
    expect(text(html)).toBe('Body');
  });

  it('drops ix:header and everything hidden with display:none', () => {
    const html =
      '<body><div style="display:none"><ix:header><ix:hidden><ix:nonNumeric name="dei:EntityCentralIndexKey">0001167419</ix:nonNumeric>' +
      'us-gaap:BitcoinMember iso4217:USD</ix:hidden></ix:header></div>' +
      '<ix:header><ix:references>xbrli:shares</ix:references></ix:header>' +
      '<p>Visible <span style="display: none">hidden</span>text with <ix:nonFraction name="us-gaap:Revenues">1,234</ix:nonFraction>.</p></body>';
    const t = text(html);
    expect(t).toBe('Visible text with 1,234.');
    expect(t).not.toMatch(/us-gaap:|dei:|iso4217:|xbrli:/);
  });

  it('drops numeric tables and keeps prose tables', () => {
    const numeric =
      '<table><tr><td>Revenue</td><td>$</td><td>1,234</td><td>$</td><td>1,000</td></tr>' +
      '<tr><td>Cost of revenue</td><td></td><td>(567)</td><td></td><td>—</td></tr>' +
      '<tr><td>Margin</td><td></td><td>54%</td><td></td><td>49%</td></tr></table>';
    const prose =
      '<table><tr><td>We operate data centers for AI and HPC customers in Texas.</td></tr></table>';
    expect(text(`<p>Before.</p>${numeric}${prose}<p>After.</p>`)).toBe(
      'Before.\n\nWe operate data centers for AI and HPC customers in Texas.\n\nAfter.',
    );
  });

  it('drops a table of contents with page numbers', () => {
    const toc =
      '<table><tr><td>Item 1.</td><td>Business</td><td>3</td></tr><tr><td>Item 1A.</td><td>Risk Factors</td><td>12</td></tr>' +
      '<tr><td>Item 2.</td><td>Properties</td><td>30</td></tr></table>';
    expect(text(`${toc}<p>Item 1. Business</p>`)).toBe('Item 1. Business');
  });

  it('keeps a bullet in its own cell on the same line as its text', () => {
    const html =
      '<table><tr><td style="width:18pt">•</td><td><p>Our first risk is the price of Bitcoin.</p></td></tr>' +
      '<tr><td>●</td><td><div>Our second risk is power.</div></td></tr></table>';
    expect(text(html)).toBe('• Our first risk is the price of Bitcoin.\n\n● Our second risk is power.');
  });

  it('keeps a bullet floated in its own div with its text', () => {
    expect(text('<div><div>•</div><div>Hosting revenue grew.</div></div>')).toBe('• Hosting revenue grew.');
  });

  it('keeps the paragraphs of a one-cell layout table', () => {
    expect(text('<table><tr><td><p>Para one.</p><p>Para two.</p></td></tr></table>')).toBe('Para one.\n\nPara two.');
  });

  it('drops page numbers, Table of Contents links and repeated running footers', () => {
    const pages = Array.from({ length: 8 }, (_, i) =>
      `<p>Body text of page ${i + 1} about hosting.</p><p>Acme Mining Inc. | 2024 Form 10-K | ${i + 1}</p><p>${i + 1}</p><p>- ${i + 1} -</p><p>Page ${i + 1}</p><p>Table of Contents</p>`,
    ).join('');
    const t = text(pages);
    expect(t).not.toMatch(/Form 10-K \|/);
    expect(t).not.toMatch(/Table of Contents/);
    expect(t.split('\n\n')).toHaveLength(8);
    expect(t.split('\n\n')[2]).toBe('Body text of page 3 about hosting.');
  });

  it('keeps form names inside sentences', () => {
    expect(text('<p>We filed a registration statement on Form F-3 and Form S-3.</p><p>F-3</p>')).toBe(
      'We filed a registration statement on Form F-3 and Form S-3.',
    );
  });

  it('never treats repeated item headings as running headers', () => {
    const html = Array.from({ length: 8 }, (_, i) => `<p>ITEM ${i + 1}.</p><p>Text ${i} of the item goes here.</p>`).join('');
    expect(text(html).match(/ITEM \d\./g)).toHaveLength(8);
  });

  it('re-joins a paragraph cut by a page break', () => {
    const long = 'We have expanded our hosting business with several new long-term contracts for high performance computing and';
    const html = `<p>${long} our pipeline remains strong, and we</p><p>12</p><hr><p>expect further growth in 2025.</p>`;
    expect(text(html)).toBe(`${long} our pipeline remains strong, and we expect further growth in 2025.`);
  });

  it('survives unclosed and deeply nested markup', () => {
    const deep = '<font>'.repeat(20000) + 'Deep text.' + '<p>After';
    expect(text(deep)).toBe('Deep text.\n\nAfter');
  });

  it('decodes entities', () => {
    expect(text('<p>AT&amp;T &ldquo;quoted&rdquo; &#8212; &sect;2 &lt;tag&gt;</p>')).toBe('AT&T “quoted” — §2 <tag>');
  });
});

describe('extractHtml', () => {
  it('returns an html document with sections for the given form', () => {
    const body = 'x '.repeat(200);
    const html = `<p>Cover</p><p>Item 8.01 Other Events.</p><p>${body}</p><p>Item 9.01 Financial Statements and Exhibits.</p><p>${body}</p>`;
    const doc = extractHtml(new Uint8Array(Buffer.from(html)), 'a.htm', '8-K');
    expect(doc.kind).toBe('html');
    expect(doc.encoding).toBe('utf-8');
    expect(doc.sections.map((s) => s.key)).toEqual(['front', 'item_8_01', 'item_9_01']);
  });

  it('throws empty for empty input and unsupported for binary input', () => {
    expect(() => extractHtml(new Uint8Array(), 'a.htm', null)).toThrow(ExtractionError);
    try {
      extractHtml(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0]), 'a.htm', null);
      expect.unreachable();
    } catch (e) {
      expect((e as ExtractionError).code).toBe('unsupported');
    }
  });
});
