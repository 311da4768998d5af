/**
 * Text clean-up shared by the HTML, plain-text and PDF extractors: space
 * normalisation, page-number lines, running headers/footers, and the
 * binary-data guard.
 */

import { ExtractionError } from './types.ts';

/**
 * Invisible characters (zero-width, soft hyphen, BOM) disappear, so "infra\u00ADstructure" matches
 * "infrastructure". The spaces that filings use for layout (non-breaking, figure, thin, ideographic:
 * U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) are all in JavaScript's `\s`,
 * so the whitespace collapse makes them ordinary spaces without a pass of their own.
 */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/**
 * A whitespace run other than one ordinary space between non-spaces: a lone space is left alone, so that
 * most of a paragraph's spaces cost no replacement (the result is the same as replacing every `\s+`).
 */
const SPACE_RUN = /(?! (?!\s))\s+/g;

/** Collapse every whitespace run to one space and trim; odd spaces normalised. */
export function collapseSpaces(s: string): string {
  return s.replace(INVISIBLE, '').replace(SPACE_RUN, ' ').trim();
}

/**
 * A paragraph that is only a page number: "12", "- 12 -", "Page 12", "12 of 80",
 * "F-12", "ii". Applied to whole paragraphs only, never inside a sentence, so
 * "registration statement on Form F-3" keeps its "F-3".
 */
const PAGE_NUMBER =
  /^(?:page\s*)?[-–—]?\s*(?:[A-Z]-\s?)?(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?(?:\s*of\s*\d{1,4})?$/i;

/** Navigation links that Workiva and other tools repeat on every printed page. */
const NAV_LINE = /^(?:return to |back to |go to )?(?:table of contents|index|toc)\.?$/i;

const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

/** True for a paragraph that is only a page number. */
export function isPageNumberLine(s: string): boolean {
  return s.length <= 16 && PAGE_NUMBER.test(s);
}

/** True for a "Table of Contents" style navigation line. */
export function isNavigationLine(s: string): boolean {
  return s.length <= 30 && NAV_LINE.test(s);
}

/**
 * Lines that start a structural heading. They repeat by design ("ITEM 1." on
 * its own line in the table of contents and again in the body; "Note 3." in
 * each quarter's notes), so they must never be taken for a running header.
 */
const STRUCTURAL_HEADING = /^(?:part|items?|notes?|section|article|exhibit|schedule|annex|appendix)\s*(?:\d|[IVX]+\b)/i;

/** A line of five or more words ending like a sentence is prose, however often it recurs. */
function isSentence(line: string): boolean {
  return /[.!?]["”’)]?$/.test(line) && line.split(' ').length >= 5;
}

/** The repetition key of a line: case folded, digit runs replaced by '#'. */
export function repetitionKey(s: string): string {
  return s.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ');
}

/**
 * Keys of short lines that repeat often enough to be running headers or
 * footers ("Apple Inc. | 2024 Form 10-K | 26" on every printed page).
 *
 * A line with a number in it (the page number varies, so we compare with
 * digits folded) must repeat at least 5 times; a line without any digit
 * ("Riot Platforms, Inc.") must repeat at least 12 times, because prose
 * headings like "Overview" legitimately recur a few times in a 10-K.
 */
export function findRunningLines(lines: readonly string[], maxLength = 100): Set<string> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    if (line.length > maxLength || line.length < 3) continue;
    if (STRUCTURAL_HEADING.test(line) || isSentence(line)) continue;
    const key = repetitionKey(line);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const running = new Set<string>();
  for (const [key, n] of counts) {
    const hasDigit = key.includes('#');
    if ((hasDigit && n >= 5) || (!hasDigit && n >= 12 && key.length <= 60)) running.add(key);
  }
  return running;
}

/**
 * Remove page numbers, navigation lines and running headers/footers from a
 * list of paragraphs, then re-join paragraphs the page breaks had cut.
 */
export function dropPageFurniture(paragraphs: readonly string[]): string[] {
  const running = findRunningLines(paragraphs);
  const kept: string[] = [];
  for (const p of paragraphs) {
    if (isPageNumberLine(p) || isNavigationLine(p)) continue;
    // Leftover layout glyphs ("$", "————", a lone checkbox) carry no text.
    if (!HAS_WORD_CHAR.test(p)) continue;
    if (running.size > 0 && p.length <= 100 && running.has(repetitionKey(p))) continue;
    kept.push(p);
  }
  return joinBrokenParagraphs(kept);
}

const ENDS_OPEN = /[\p{Ll},]$/u;
const ENDS_TERMINAL = /[.!?:;)\]"”’]$/;
const STARTS_LOWER = /^\p{Ll}/u;
const STARTS_LIST = /^(?:[•●◦▪■□◆►➢✓·‣○☐☑☒\-–—*]|\(?[a-z0-9]{1,3}[.)]\s)/iu;

/**
 * Re-join paragraphs that a printed page break cut in two: the first one is
 * long and stops mid-sentence (on a lower-case letter or a comma), or the
 * second one starts in lower case after a paragraph without terminal
 * punctuation. Bullets and item headings always stay separate.
 */
export function joinBrokenParagraphs(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) {
    const prev = out[out.length - 1];
    if (
      prev !== undefined &&
      !STARTS_LIST.test(p) &&
      !STRUCTURAL_HEADING.test(p) &&
      ((prev.length > 150 && ENDS_OPEN.test(prev)) || (STARTS_LOWER.test(p) && !ENDS_TERMINAL.test(prev)))
    ) {
      out[out.length - 1] = `${prev} ${p}`;
    } else {
      out.push(p);
    }
  }
  return out;
}

/** Well-known magic numbers, so an error can say what the bytes look like. */
const MAGIC: ReadonlyArray<readonly [number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'zip archive (also .docx/.xlsx)'],
  [[0x1f, 0x8b], 'gzip data'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG image'],
  [[0xff, 0xd8, 0xff], 'JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'GIF image'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'OLE2 document (old .doc/.xls)'],
  [[0x42, 0x4d], 'BMP image'],
  [[0x49, 0x49, 0x2a, 0x00], 'TIFF image'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'TIFF image'],
  [[0x7f, 0x45, 0x4c, 0x46], 'ELF executable'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'PDF document'],
];

/** Name of a binary format recognised by its leading bytes, or null. */
export function magicName(bytes: Uint8Array): string | null {
  for (const [sig, name] of MAGIC) {
    if (sig.length <= bytes.length && sig.every((b, i) => bytes[i] === b)) return name;
  }
  return null;
}

/**
 * Share of control characters (other than tab, newline, carriage return,
 * form feed) and replacement characters in a sample of decoded text. Text
 * files have almost none; random or compressed bytes decoded as windows-1252
 * have about one in eight.
 */
export function controlShare(text: string, sample = 65536): number {
  const n = Math.min(text.length, sample);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd || c === 0x7f) bad++;
  }
  return bad / n;
}

/**
 * Throw `empty` for empty or whitespace-only input and `unsupported` for
 * bytes that are not text. Used by the text-based extractors so that each of
 * them, called directly, refuses what it cannot read.
 */
export function assertTextual(bytes: Uint8Array, text: string, what: string): void {
  if (bytes.length === 0 || text.trim() === '') {
    throw new ExtractionError(`empty input: ${what} has no content`, 'empty');
  }
  const magic = magicName(bytes);
  if (magic) throw new ExtractionError(`unsupported input: ${what} is binary data (${magic})`, 'unsupported');
  if (controlShare(text) > 0.02) {
    throw new ExtractionError(`unsupported input: ${what} looks like binary data, not text`, 'unsupported');
  }
}
