/**
 * Plain-text documents: 1990s EDGAR submissions, `.txt` exhibits, and any
 * other text without markup. Paragraphs are separated by blank lines; the
 * hard line wraps inside a paragraph are joined.
 */

import { assertTextual, collapseSpaces, dropPageFurniture } from './clean.ts';
import { decodeBytes } from './encoding.ts';
import { findSections } from './sections.ts';
import type { ExtractedDocument } from './types.ts';

/** EDGAR's `<PAGE>` page-break marker and ASCII form feeds both end a paragraph. */
const PAGE_BREAK = /<PAGE>|\f/gi;

/**
 * Convert plain text to clean paragraph text: paragraphs on blank lines,
 * wrapped lines joined (hyphenated line ends repaired), page markers, page
 * numbers and running headers removed, and paragraphs that are mostly
 * figures (fixed-width tables) dropped.
 *
 * @param raw - decoded text
 */
export function plainTextToText(raw: string): { text: string; warnings: string[] } {
  const normalised = raw.replace(/\r\n?/g, '\n').replace(PAGE_BREAK, '\n\n');
  const paragraphs: string[] = [];
  for (const block of normalised.split(/\n[ \t]*\n/)) {
    const joined = joinLines(block.split('\n'));
    const p = collapseSpaces(joined);
    if (p === '' || isFigureBlock(p)) continue;
    paragraphs.push(p);
  }
  const text = dropPageFurniture(paragraphs).join('\n\n');
  return { text, warnings: text === '' ? ['no text found'] : [] };
}

/**
 * Join wrapped lines; a line ending in "letter-" followed by a lower-case line
 * is a hyphenated word ("infra-" + "structure").
 */
export function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (out === '') out = line;
    else if (/\p{Ll}-$/u.test(out) && /^\p{Ll}/u.test(line)) out = out.slice(0, -1) + line;
    else out = `${out} ${line}`;
  }
  return out;
}

/** Fixed-width tables of figures: more digits than letters. */
function isFigureBlock(p: string): boolean {
  if (p.length < 20) return false;
  const letters = p.match(/\p{L}/gu)?.length ?? 0;
  const digits = p.match(/\d/g)?.length ?? 0;
  return digits > letters;
}

/**
 * Extract one plain-text document from its bytes.
 *
 * @throws ExtractionError `empty` for empty input, `unsupported` for binary data
 */
export function extractText(bytes: Uint8Array, name: string, documentType: string | null): ExtractedDocument {
  const { text: raw, encoding } = decodeBytes(bytes);
  assertTextual(bytes, raw, name);
  return textDocument(raw, encoding, name, documentType, documentType);
}

/** Build an {@link ExtractedDocument} from already decoded plain text (shared with the SGML path). */
export function textDocument(
  raw: string,
  encoding: string,
  name: string,
  documentType: string | null,
  form: string | null,
): ExtractedDocument {
  const { text, warnings } = plainTextToText(raw);
  return {
    name,
    documentType,
    kind: 'text',
    text,
    sections: findSections(text, form, documentType),
    pages: [],
    warnings,
    encoding,
  };
}
