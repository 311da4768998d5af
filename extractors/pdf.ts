/**
 * PDF text extraction with pdf-parse (pdf.js underneath).
 *
 * pdf.js gives one string per page with a line per text row and no paragraph
 * spacing, so paragraphs are rebuilt from line lengths: a paragraph ends at a
 * line that stops well short of the page's usual line length after terminal
 * punctuation, before a bullet, or at a short heading line.
 */

import { inflateSync, constants as zlibConstants } from 'node:zlib';
import { PDFParse, VerbosityLevel } from 'pdf-parse';
import { blankControls } from './encoding.ts';
import { collapseSpaces, isNavigationLine, isPageNumberLine, repetitionKey } from './clean.ts';
import { findSections } from './sections.ts';
import { ExtractionError, type ExtractedDocument, type PageSpan } from './types.ts';

/** Fewer readable words per page than this on average means the text layer is unusable. */
const MIN_WORDS_PER_PAGE = 15;
/** How many lines at the top and at the bottom of a page may be running headers/footers. */
const EDGE_LINES = 2;

const WORD = /\p{L}{2,}/gu;
const BULLET_START = /^(?:[•●◦▪■□◆►➢✓·‣○]|\(?[a-z]\)|\(?\d{1,2}\)|\(?[ivx]{1,4}\))\s/iu;
const TERMINAL = /[.!?:;"”’)]$/;
/** A bullet glyph of a symbol font (Wingdings, Symbol: private-use code points) before the tab pdf.js puts after it. */
const SYMBOL_BULLET = /^\s*[\uE000-\uF8FF]\s*\t\s*/u;
/** A sub-bullet typeset as the letter "o" and a tab. */
const SUB_BULLET = /^\s*o\s*\t\s*/;
/** A table cell that is a figure: an amount, a count, a percentage, a bracketed negative, or a dash for nil. */
const FIGURE_CELL = /^(?:\(?[$€£]?\s?\d[\d,.]*(?:%|[mbk]|bn)?\)?(?:\s|$)|[—–-]$)/i;

/** Item and part headings always start a paragraph, even after a full-width line. */
const STRUCTURAL_START = /^(?:PART\s+[IVX]{1,3}\b|ITEMS?\s+\d{1,2}[A-K]?(?:\.\d{2})?\b)/i;

/** A line of tab-separated cells (pdf.js's rendering of a table row) with a figure after its first cell. */
function isTableRowLine(raw: string): boolean {
  const cells = raw.split('\t').map((c) => c.trim()).filter((c) => c !== '');
  return cells.length >= 2 && cells.slice(1).some((c) => FIGURE_CELL.test(c));
}

/**
 * Extract the text of a PDF, page by page.
 *
 * Running headers and footers repeated across pages are removed, hyphenated
 * line ends repaired, and wrapped lines joined into paragraphs. Each page gets
 * a {@link PageSpan} (1-based page numbers).
 *
 * @param bytes - the PDF file
 * @param name - file name recorded on the document
 * @param documentType - EDGAR type or null
 * @param form - form deciding the section scheme (defaults to the document type)
 * @throws ExtractionError `empty`, `encrypted`, `corrupt` or `no-text-layer`
 */
export async function extractPdf(
  bytes: Uint8Array,
  name: string,
  documentType: string | null,
  form: string | null = documentType,
  limits: PdfLimits = {},
): Promise<ExtractedDocument> {
  if (bytes.length === 0) throw new ExtractionError(`empty input: ${name} has no content`, 'empty');
  assertInflatable(bytes, name, limits.maxInflatedBytes ?? MAX_INFLATED_BYTES);
  const pageTexts = (await readPagesWith(limits.readPages ?? readPages, bytes, name)).map(blankControls);

  // pdf.js separates the cells of a table row by tabs: such rows stay lines of their own (tableRows). A bullet
  // drawn from a symbol font (a private-use character and a tab) becomes "•"; a sub-bullet typeset as the
  // letter "o" and a tab keeps its letter (it is in the text the labels were written on) and starts a
  // paragraph all the same (subBullets).
  const tableRows = new Set<string>();
  const subBullets = new Set<string>();
  const pages = pageTexts.map((t) =>
    t
      .split('\n')
      .map((raw) => {
        const line = collapseSpaces(raw.replace(SYMBOL_BULLET, '• ').replace(/\t/g, ' '));
        if (line !== '' && isTableRowLine(raw)) tableRows.add(line);
        if (SUB_BULLET.test(raw)) subBullets.add(line);
        return line;
      })
      .filter((l) => l !== ''),
  );
  const totalWords = pages.reduce((n, lines) => n + countWords(lines.join(' ')), 0);
  if (pages.length === 0 || totalWords / pages.length < MIN_WORDS_PER_PAGE) {
    throw new ExtractionError(
      `no usable text layer in ${name}: ${totalWords} words on ${pages.length} page(s) (scanned or fonts without Unicode mapping)`,
      'no-text-layer',
    );
  }

  const warnings: string[] = [];
  const sparse = pages.flatMap((lines, i) => {
    const raw = lines.join(' ');
    // Marks without words (glyphs lacking a Unicode map), or no text at all (a scanned page, an image).
    const chars = raw.replace(/\s/g, '').length;
    return countWords(raw) < 3 && (chars > 10 || chars === 0) ? [i + 1] : [];
  });
  if (sparse.length > 0) warnings.push(`no text layer on page${sparse.length > 1 ? 's' : ''} ${sparse.join(', ')}`);

  stripRunningLines(pages);
  const hyphenated = hyphenatedWords(pages);

  let text = '';
  const spans: PageSpan[] = [];
  pages.forEach((lines, i) => {
    const paragraphs = toParagraphs(lines, hyphenated, tableRows, subBullets);
    if (paragraphs.length === 0) return;
    if (text !== '') text += '\n\n';
    const start = text.length;
    text += paragraphs.join('\n\n');
    spans.push({ page: i + 1, start, end: text.length });
  });

  return {
    name,
    documentType,
    kind: 'pdf',
    text,
    sections: findSections(text, form, documentType),
    pages: spans,
    warnings,
    encoding: 'pdf',
  };
}

/** Bounds of one PDF's reading. */
export interface PdfLimits {
  /** Most bytes the PDF's compressed streams (images aside) may inflate to (default {@link MAX_INFLATED_BYTES}). */
  maxInflatedBytes?: number;
  /** How the pages' text is read: by default pdf.js in this thread (pipeline/stages/pdf-thread.ts reads in a thread of its own, with limits). */
  readPages?: PdfPageReader;
}

/** Reads the text of each page of a PDF, in page order; throws pdf.js's errors (or an {@link ExtractionError}). */
export type PdfPageReader = (bytes: Uint8Array, name: string) => Promise<string[]>;

async function readPagesWith(reader: PdfPageReader, bytes: Uint8Array, name: string): Promise<string[]> {
  try {
    return await reader(bytes, name);
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    throw toExtractionError(error, name);
  }
}

/**
 * The filings' PDFs inflate to 5-11 MB of content streams and fonts; pdf.js holds several
 * times what it inflates. Past this a PDF is a compression bomb, or too big to read in
 * bounded memory.
 */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

const STREAM = Buffer.from('stream');
const END_STREAM = Buffer.from('endstream');

/**
 * Inflates every FlateDecode stream of the PDF (images aside: text extraction never decodes
 * them) with a cap on the output, before pdf.js sees the file: pdf.js inflates without a
 * bound, so a 1 MB stream of a gigabyte of spaces would take that gigabyte of memory.
 *
 * @throws ExtractionError `too-large` when the streams inflate past `maxInflated` bytes
 */
export function assertInflatable(bytes: Uint8Array, name: string, maxInflated: number): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let pos = 0;
  for (;;) {
    const at = buf.indexOf(STREAM, pos);
    if (at < 0) return;
    pos = at + STREAM.length;
    if (at >= 3 && buf.toString('latin1', at - 3, at) === 'end') continue;
    let start = pos;
    if (buf[start] === 13) start++;
    if (buf[start] === 10) start++;
    const end = buf.indexOf(END_STREAM, start);
    if (end < 0) return;
    pos = end + END_STREAM.length;
    const head = buf.toString('latin1', Math.max(0, at - 1024), at);
    const dict = head.slice(head.lastIndexOf(' obj') + 1);
    if (!dict.includes('FlateDecode') || /\/Subtype\s*\/Image/.test(dict)) continue;
    const left = maxInflated - total;
    try {
      total += inflateSync(buf.subarray(start, end), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: left + 1 }).length;
    } catch (error) {
      if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') total = maxInflated + 1;
      // A corrupt stream is pdf.js's to report (or skip): only its size matters here.
    }
    if (total > maxInflated) {
      throw new ExtractionError(
        `PDF too large to read: ${name}'s compressed streams inflate to more than ${Math.round(maxInflated / 1024 / 1024)} MB (a compression bomb, or a document too big to read in bounded memory)`,
        'too-large',
      );
    }
  }
}

/** Run pdf.js quietly, in this thread, and always release it. */
async function readPages(bytes: Uint8Array): Promise<string[]> {
  // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy so
  // the caller's bytes stay usable. VerbosityLevel.ERRORS keeps its "Warning:
  // TT: undefined function" chatter off stdout.
  const parser = new PDFParse({ data: bytes.slice(), verbosity: VerbosityLevel.ERRORS });
  try {
    const result = await parser.getText({ pageJoiner: '' });
    return result.pages.slice().sort((a, b) => a.num - b.num).map((p) => p.text);
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function toExtractionError(error: unknown, name: string): ExtractionError {
  const e = error instanceof Error ? error : new Error(String(error));
  const detail = e.message.split('\n')[0]?.slice(0, 160) ?? '';
  if (e.name === 'PasswordException' || /password|encrypt/i.test(e.message)) {
    return new ExtractionError(`encrypted PDF: ${name} needs a password (${detail})`, 'encrypted');
  }
  return new ExtractionError(`corrupt PDF: ${name} cannot be read (${detail})`, 'corrupt');
}

function countWords(s: string): number {
  return s.match(WORD)?.length ?? 0;
}

/**
 * Remove running headers/footers (lines in the top or bottom {@link EDGE_LINES}
 * of a page whose digit-folded form recurs on many pages), page numbers and
 * "Table of Contents" links at page edges. Mutates `pages`.
 */
function stripRunningLines(pages: string[][]): void {
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set<string>();
    for (const i of edgeIndexes(lines.length)) {
      const line = lines[i];
      if (line !== undefined && mayRepeat(line)) seen.add(repetitionKey(line));
    }
    for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length * 0.3));
  for (let p = 0; p < pages.length; p++) {
    const lines = pages[p];
    if (!lines) continue;
    const drop = new Set<number>();
    for (const i of edgeIndexes(lines.length)) {
      const line = lines[i];
      if (line === undefined) continue;
      if (isPageNumberLine(line) || isNavigationLine(line)) drop.add(i);
      else if (pages.length >= 3 && mayRepeat(line) && (counts.get(repetitionKey(line)) ?? 0) >= threshold) drop.add(i);
    }
    if (drop.size > 0) pages[p] = lines.filter((_, i) => !drop.has(i));
  }
}

/**
 * Could this line be a running header/footer? Short, not a sentence, not a
 * hyphenated line end, not an item heading: body text never qualifies even
 * when a short document repeats it.
 */
function mayRepeat(line: string): boolean {
  if (line.length > 120 || /-$/.test(line) || STRUCTURAL_START.test(line)) return false;
  return !(/[.!?]["”’)]?$/.test(line) && line.split(' ').length >= 5);
}

function edgeIndexes(n: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < Math.min(EDGE_LINES, n); i++) {
    out.add(i);
    out.add(n - 1 - i);
  }
  return [...out];
}

/** Words printed with a hyphen inside a line ("cost-effective"): keep their hyphen when a line break splits them. */
function hyphenatedWords(pages: readonly string[][]): Set<string> {
  const words = new Set<string>();
  for (const lines of pages) {
    for (const line of lines) {
      for (const m of line.matchAll(/\p{L}+-\p{L}+/gu)) words.add(m[0].toLowerCase());
    }
  }
  return words;
}

/** Rebuild paragraphs from one page's lines. */
function toParagraphs(
  lines: readonly string[],
  hyphenated: ReadonlySet<string>,
  tableRows: ReadonlySet<string> = new Set(),
  subBullets: ReadonlySet<string> = new Set(),
): string[] {
  if (lines.length === 0) return [];
  const lengths = lines.map((l) => l.length).sort((a, b) => a - b);
  // The 75th percentile is the width of a full line, robust to short headings and last lines.
  const full = Math.max(40, lengths[Math.floor(lengths.length * 0.75)] ?? 0);

  const paragraphs: string[] = [];
  let cur = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    cur = cur === '' ? line : joinLine(cur, line, hyphenated);
    const next = lines[i + 1];
    // A table row is a paragraph of its own: run into the prose around it, it made one "sentence" of a whole table.
    if (next === undefined || tableRows.has(line) || tableRows.has(next) || subBullets.has(next) || endsParagraph(line, next, full)) {
      paragraphs.push(cur);
      cur = '';
    }
  }
  if (cur !== '') paragraphs.push(cur);
  return paragraphs;
}

function endsParagraph(line: string, next: string, full: number): boolean {
  if (BULLET_START.test(next) || STRUCTURAL_START.test(next)) return true;
  if (line.length < 0.8 * full && TERMINAL.test(line)) return true;
  // A short line without terminal punctuation, followed by a capitalised line: a heading.
  return line.length < 0.6 * full && !/[,\-–(]$/.test(line) && /^[\p{Lu}\d"“]/u.test(next);
}

function joinLine(cur: string, line: string, hyphenated: ReadonlySet<string>): string {
  if (/\p{Ll}-$/u.test(cur) && /^\p{Ll}/u.test(line)) {
    const head = /(\p{L}+)-$/u.exec(cur)?.[1] ?? '';
    const tail = /^\p{L}+/u.exec(line)?.[0] ?? '';
    if (hyphenated.has(`${head}-${tail}`.toLowerCase())) return cur + line;
    return cur.slice(0, -1) + line;
  }
  return `${cur} ${line}`;
}
