/**
 * Plain-text documents: 1990s EDGAR submissions, `.txt` exhibits, and any
 * other text without markup. Paragraphs are separated by blank lines; the
 * hard line wraps inside a paragraph are joined.
 */

import { assertTextual, collapseSpaces, dropPageFurniture } from './clean.ts';
import { blankControls, decodeBytes } from './encoding.ts';
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
  const normalised = dropUuencoded(raw.replace(/\r\n?/g, '\n')).replace(PAGE_BREAK, '\n\n');
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

/** `begin 644 name`: the start of a uuencoded attachment (EDGAR's older graphics and PDFs). */
const UU_BEGIN = /^begin [0-7]{3,4} \S/;
/** A full uuencoded line: "M" (45 bytes) and 60 characters of the uuencode alphabet. */
const UU_FULL = /^M[\x20-\x60]{60}$/;
const HAS_UU_FULL = /\nM[\x20-\x60]{60}\n/;

/** A uuencoded data line: its first character gives the byte count, which fixes its length. */
function isUuLine(line: string): boolean {
  if (line.length === 0 || line.length > 64) return false;
  const bytes = (line.charCodeAt(0) - 32) & 63;
  const expected = 1 + Math.ceil(bytes / 3) * 4;
  if (line.length < expected || line.length > expected + 2) return false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x20 || c > 0x60) return false;
  }
  return true;
}

/**
 * Remove uuencoded blocks (`begin 644 chart.gif` ... `end`) and runs of uuencoded lines
 * without their `begin`, wherever they are: decoded as text they are megabytes of
 * gibberish "sentences". One pass over the lines.
 */
export function dropUuencoded(text: string): string {
  if (!text.includes('begin ') && !HAS_UU_FULL.test(text)) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    if (UU_BEGIN.test(line)) {
      let j = i + 1;
      while (j < lines.length && isUuLine(lines[j]!.trimEnd())) j++;
      if (lines[j]?.trim() === 'end') j++;
      if (j - i > 2) {
        i = j;
        continue;
      }
    } else if (UU_FULL.test(line)) {
      let j = i;
      while (j < lines.length && isUuLine(lines[j]!.trimEnd())) j++;
      if (j - i >= 8) {
        if (lines[j]?.trim() === 'end') j++;
        i = j;
        continue;
      }
    }
    kept.push(line);
    i++;
  }
  return kept.length === lines.length ? text : kept.join('\n');
}

/**
 * Join wrapped lines; a line ending in "letter-" followed by a lower-case line
 * is a hyphenated word ("infra-" + "structure").
 */
export function joinLines(lines: readonly string[]): string {
  // Parts, not a growing string tested by a regex: the test looks at the last part only, so a
  // 10 MB paragraph of wrapped lines costs one pass, not one pass per line.
  const parts: string[] = [];
  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (line === '') continue;
    const last = parts[parts.length - 1];
    if (last === undefined) parts.push(line);
    else if (endsInHyphenatedWord(last) && LOWER_START.test(line)) parts[parts.length - 1] = last.slice(0, -1) + line;
    else parts.push(line);
  }
  return parts.join(' ');
}

/** "letter-" at the end, looked at in the last two characters only (a regex with `$` scans the whole string). */
function endsInHyphenatedWord(s: string): boolean {
  return s.length >= 2 && s.charCodeAt(s.length - 1) === 45 && LOWER.test(s.charAt(s.length - 2));
}
const LOWER = /^\p{Ll}$/u;
const LOWER_START = /^\p{Ll}/u;

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
  return textDocument(blankControls(raw), encoding, name, documentType, documentType);
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
