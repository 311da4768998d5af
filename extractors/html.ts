/**
 * HTML (and inline-XBRL XHTML) to clean paragraph text.
 *
 * One pass over htmlparser2's tag and text events, with no DOM: a 50 MB filing
 * never exists as a tree of nodes (memory), and nothing is visited twice
 * (speed). The events are the ones htmlparser2's DOM builder receives, so the
 * nesting is the same as walking cheerio's tree: every opened element is
 * closed, implied closes included, and old EDGAR HTML with thousands of
 * unclosed `<font>` tags costs no recursion. Tables are buffered while they
 * are read and kept or dropped once their cells have been classified.
 */

import { assertTextual, collapseSpaces, dropPageFurniture } from './clean.ts';
import { decodeBytes } from './encoding.ts';
import { parseMarkup, type MarkupReader } from './parse-markup.ts';
import { findSections } from './sections.ts';
import type { ExtractedDocument } from './types.ts';

/** Result of {@link htmlToText}. */
export interface HtmlText {
  /** Paragraphs joined by "\n\n"; spaces collapsed inside each paragraph. */
  text: string;
  warnings: string[];
}

/** Elements whose content is never document text. `ix:header` holds the hidden inline-XBRL facts. */
const SKIPPED = new Set([
  'head',
  'title',
  'script',
  'style',
  'noscript',
  'template',
  'object',
  'embed',
  'iframe',
  'select',
  'ix:header',
  'ix:hidden',
  'xbrli:context',
  'xbrli:unit',
]);

/** Elements that end the running paragraph when they open and when they close. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details',
  'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main', 'menu', 'nav',
  'ol', 'p', 'pre', 'section', 'summary', 'tbody', 'tfoot', 'thead', 'tr', 'ul', 'br',
  'page', 'listing', 'xmp', 'plaintext',
]);

const HIDDEN_STYLE = /display\s*:\s*none/i;

/**
 * A paragraph that is only a list marker ("•", "(a)", "1.", "(iv)"). Filers put
 * the marker in its own table cell or floated div; it must stay with its text.
 */
const LIST_MARKER = /^(?:[•●◦▪▫■□◆◇►▶➢✓✔·∙‣⁃○☐☑☒\-–—*]|\(?[a-z]{1,2}[.)]|\(?\d{1,2}[.)]|\(?[ivxl]{1,5}[.)])$/i;

/** Cells that carry numbers only: amounts, percentages, years, "(1,234)". */
const HAS_LETTER = /\p{L}/u;
const HAS_DIGIT = /\d/;

/**
 * A table is dropped when at least this share of its classified cells (numeric
 * plus text; empty and symbol-only cells do not count) is numeric. Financial
 * statements sit well above 0.5 (a label and several amounts per row); a
 * table of contents with page numbers sits at about 0.33; layout and bullet
 * tables sit near 0.
 */
const NUMERIC_TABLE_SHARE = 0.3;
/** Tables whose text cells average this many characters are prose whatever their numbers. */
const PROSE_CELL_CHARS = 100;
/** Average text-cell length under which a table with some numbers is a data table. */
const SHORT_LABEL_CHARS = 25;
const DASH_ONLY = /^[-–—]+$/;

interface TableState {
  out: string[];
  parentOut: string[];
  numericCells: number;
  /** Cells holding only a dash: "nil" in a financial table, a bullet elsewhere. */
  dashCells: number;
  textCells: number;
  textChars: number;
  /** Non-empty cells of the current row. */
  rowCells: number;
  /** Text of the cell being walked, or null outside a cell. */
  cell: string[] | null;
}

/**
 * Marks a block boundary inside a table cell. Whether it becomes a paragraph
 * break or a space is decided when the row ends: a row with several non-empty
 * cells is one line (so "•" | "text" stay together); a row with one cell is a
 * layout box whose inner paragraphs stay paragraphs.
 */
const SOFT_BREAK = '\u0001';

/**
 * Convert HTML or inline-XBRL XHTML to clean text.
 *
 * Drops `ix:header` (hidden XBRL facts), elements hidden with `display:none`,
 * scripts, styles and the head; keeps block structure as paragraphs; drops
 * numeric tables (decided by content, not by colour) and keeps prose tables
 * with each row's cells on one line; removes page numbers, "Table of
 * Contents" links and running headers/footers.
 *
 * @param html - decoded markup
 * @param also - a second reader fed by the same parse (the inline-XBRL facts, xbrl.ts), or null
 * @returns text (paragraphs joined by "\n\n") and warnings
 */
export function htmlToText(html: string, also: MarkupReader | null = null): HtmlText {
  const warnings: string[] = [];
  let out: string[] = [];
  const paragraphs = out;
  let buf: string[] = [];
  let pendingMarker = '';
  const tables: TableState[] = [];

  const emit = (raw: string): void => {
    const s = collapseSpaces(raw);
    if (s === '') return;
    if (LIST_MARKER.test(s)) {
      // Hold the marker back so that it joins the text of the next block.
      pendingMarker = pendingMarker === '' ? s : `${pendingMarker} ${s}`;
      return;
    }
    if (pendingMarker !== '') {
      out.push(`${pendingMarker} ${s}`);
      pendingMarker = '';
    } else {
      out.push(s);
    }
  };

  /** End the running paragraph(s); `joinCells` puts a whole table row on one line. */
  const flush = (joinCells = false): void => {
    if (buf.length === 0) return;
    const s = buf.join('');
    buf = [];
    if (!s.includes(SOFT_BREAK)) emit(s);
    else if (joinCells) emit(s.replaceAll(SOFT_BREAK, ' '));
    else for (const piece of s.split(SOFT_BREAK)) emit(piece);
  };

  const appendText = (s: string): void => {
    buf.push(s);
    const t = tables[tables.length - 1];
    if (t?.cell) t.cell.push(s);
  };

  const blockBoundary = (): void => {
    const t = tables[tables.length - 1];
    if (t?.cell) buf.push(SOFT_BREAK);
    else flush();
  };

  const enter = (name: string): void => {
    if (name === 'tr') {
      flush();
      const t = tables[tables.length - 1];
      if (t) t.rowCells = 0;
      return;
    }
    if (BLOCKS.has(name)) {
      blockBoundary();
      return;
    }
    if (name === 'table') {
      flush();
      const state: TableState = {
        out: [],
        parentOut: out,
        numericCells: 0,
        dashCells: 0,
        textCells: 0,
        textChars: 0,
        rowCells: 0,
        cell: null,
      };
      tables.push(state);
      out = state.out;
      return;
    }
    if (name === 'td' || name === 'th') {
      buf.push(' ');
      const t = tables[tables.length - 1];
      if (t) t.cell = [];
    }
  };

  const exit = (name: string): void => {
    if (name === 'tr') {
      const t = tables[tables.length - 1];
      flush((t?.rowCells ?? 0) >= 2);
      if (t) t.rowCells = 0;
      return;
    }
    if (BLOCKS.has(name)) {
      blockBoundary();
      return;
    }
    if (name === 'td' || name === 'th') {
      buf.push(' ');
      const t = tables[tables.length - 1];
      if (t?.cell) {
        if (classifyCell(t, collapseSpaces(t.cell.join('').replaceAll(SOFT_BREAK, ' ')))) t.rowCells++;
        t.cell = null;
      }
      return;
    }
    if (name === 'table') {
      const t = tables[tables.length - 1];
      flush((t?.rowCells ?? 0) >= 2);
      tables.pop();
      if (!t) return;
      out = t.parentOut;
      if (isProseTable(t)) {
        for (const p of t.out) out.push(p);
        // A kept nested table is part of the outer cell's content.
        const outer = tables[tables.length - 1];
        if (outer?.cell) outer.cell.push(' ', t.out.join(' '), ' ');
      }
      // Numeric tables are dropped by design: not worth a warning.
    }
  };

  // Elements opened inside a skipped or hidden element: their events are ignored until it closes.
  let skipDepth = 0;
  // Names of the open elements that were entered, to exit them on close (parallel to the parser's stack).
  const entered: string[] = [];
  parseMarkup(
    html,
    {
      onopentag(name, attribs) {
        if (skipDepth > 0) {
          skipDepth++;
          return;
        }
        if (SKIPPED.has(name)) {
          skipDepth = 1;
          return;
        }
        const style = attribs['style'];
        if ((style !== undefined && style.length >= 12 && HIDDEN_STYLE.test(style)) || attribs['hidden'] !== undefined) {
          skipDepth = 1;
          return;
        }
        enter(name);
        entered.push(name);
      },
      onclosetag() {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        const name = entered.pop();
        if (name !== undefined) exit(name);
      },
      ontext(data) {
        if (skipDepth === 0 && data !== '') appendText(data);
      },
    },
    also,
  );
  // Close tables left open by truncated markup, keeping their text if it is prose.
  while (tables.length > 0) exit('table');
  flush();
  if (pendingMarker !== '') paragraphs.push(pendingMarker);

  const kept = dropPageFurniture(paragraphs.filter((p) => p !== ''));
  const text = kept.join('\n\n');
  if (text === '') warnings.push('no text found in HTML');
  return { text, warnings };
}

/** Count a finished cell; returns false for an empty cell. */
function classifyCell(t: TableState, s: string): boolean {
  if (s === '') return false;
  if (DASH_ONLY.test(s)) t.dashCells++;
  else if (LIST_MARKER.test(s)) return true;
  else if (HAS_LETTER.test(s)) {
    t.textCells++;
    t.textChars += s.length;
  } else if (HAS_DIGIT.test(s)) {
    t.numericCells++;
  }
  // Symbol-only cells ("$", "%", ")") are layout filler: neither kind.
  return true;
}

/**
 * Keep a table when it reads as prose. Dash cells count as numbers only in a
 * table that has numbers (there they mean "nil"). Short text cells next to
 * a few numbers are the labels of a data table, not prose.
 */
function isProseTable(t: TableState): boolean {
  const numeric = t.numericCells + (t.numericCells > 0 ? t.dashCells : 0);
  const classified = numeric + t.textCells;
  if (t.out.length === 0) return false;
  if (classified === 0) return true;
  const avgText = t.textCells > 0 ? t.textChars / t.textCells : 0;
  if (avgText >= PROSE_CELL_CHARS) return true;
  const share = numeric / classified;
  if (share >= NUMERIC_TABLE_SHARE) return false;
  return !(share > 0.1 && avgText < SHORT_LABEL_CHARS);
}

/**
 * Extract one HTML document from its bytes.
 *
 * @param bytes - file content (encoding detected from the bytes)
 * @param name - file name recorded on the document
 * @param documentType - EDGAR type (`10-K`, `EX-99.1`) or null; also used as the form for section finding
 * @throws ExtractionError `empty` for empty input, `unsupported` for binary data
 */
export function extractHtml(bytes: Uint8Array, name: string, documentType: string | null): ExtractedDocument {
  const { text: html, encoding } = decodeBytes(bytes);
  assertTextual(bytes, html, name);
  return htmlDocument(html, encoding, name, documentType, documentType);
}

/**
 * Build an {@link ExtractedDocument} from already decoded markup (shared with the SGML path).
 *
 * @param also - a second reader of the same parse (extractors/index.ts passes the XBRL fact reader), or null
 */
export function htmlDocument(
  html: string,
  encoding: string,
  name: string,
  documentType: string | null,
  form: string | null,
  also: MarkupReader | null = null,
): ExtractedDocument {
  const { text, warnings } = htmlToText(html, also);
  return {
    name,
    documentType,
    kind: 'html',
    text,
    sections: findSections(text, form, documentType),
    pages: [],
    warnings,
    encoding,
  };
}
