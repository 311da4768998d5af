/**
 * Sentence splitting for filing text.
 *
 * A dedicated, linear splitter: general-purpose tokenizers (natural's
 * SentenceTokenizer) are superlinear on 400 KB 10-K texts and trip over
 * "Inc.", "U.S." and "Item 1.01". Paragraphs (blank-line separated) are split
 * first, so headings (short paragraphs without final punctuation) and bullets
 * are sentences of their own and never merge with their neighbours.
 */

import type { PageSpan, Section, SentenceSpan } from './types.ts';

/** No sentence is longer than this; longer runs (tables flattened to prose, lists) are cut. */
export const MAX_SENTENCE_CHARS = 2000;

/** A cut of an over-long run is not made before this many characters. */
const MIN_CUT_CHARS = 200;

/**
 * Abbreviations that end in a period without ending the sentence (lower case,
 * without the period). "etc." is absent on purpose: before a capital letter it
 * usually does end the sentence, and mid-sentence it is followed by lower case
 * anyway.
 */
const ABBREVIATIONS = new Set([
  'inc', 'corp', 'co', 'cos', 'ltd', 'no', 'nos', 'approx', 'mr', 'mrs', 'ms', 'dr', 'st', 'jr',
  'sr', 'vs', 'v', 'sec', 'secs', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep',
  'sept', 'oct', 'nov', 'dec', 'fig', 'figs', 'dept', 'est', 'al', 'cf', 'viz', 'vol', 'pp',
  'p', 'para', 'art', 'ch', 'govt', 'intl', 'natl', 'assn', 'bros', 'mt', 'ft', 'prof',
  'gen', 'rev', 'hon', 'messrs', 'ref', 'incl', 'excl', 'min', 'max', 'avg',
]);

/**
 * Candidate sentence end: terminal punctuation, optional closing quotes or
 * brackets, then whitespace and something that can start a sentence
 * (capital letter, digit, opening quote, bullet). The runs are bounded so that
 * a megabyte of "!!!!" or dot leaders costs a pass, not a pass per character.
 */
const CANDIDATE = /[.!?]{1,16}["'”’)\]]{0,8}(?=\s+(?:["“'‘•●▪◦■➢►]|\(?[\p{Lu}\d]))/gu;

/** "U.S", "e.g", "L.P": letter-dot sequences (the final period is not included). */
const DOTTED = /^(?:\p{L}\.)+\p{L}$/u;
/** A single capital initial ("J" in "J. Smith"). */
const INITIAL = /^\p{Lu}$/u;
/**
 * A paragraph starting with a numbered heading ("Item 1. Business", "ITEM 1A.
 * RISK FACTORS", "3. Summary of Significant Accounting Policies"): the period
 * after the number does not end a sentence.
 */
const NUMBERED_PREFIX = /^(?:(?:item|items|section|note|part|article|rule)\s*[\dIVX]+(?:\.\d+)*[A-Z]?|\(?\d{1,3}[A-Za-z]?\)?)$/i;

const PARAGRAPH_BREAK = /\n[ \t]*\n/g;

/**
 * Split document text into sentences.
 *
 * Each sentence carries the key of the section containing its start and the
 * page (for paginated sources). Offsets index into `text` with `end`
 * exclusive, and `text.slice(start, end) === sentence.text` (no surrounding
 * whitespace).
 *
 * @param text - document text, paragraphs separated by blank lines
 * @param sections - the document's sections, if any
 * @param pages - the document's page spans, if any
 */
export function splitSentences(text: string, sections: readonly Section[] = [], pages: readonly PageSpan[] = []): SentenceSpan[] {
  const bounds: number[] = []; // flat [start, end, start, end, ...]
  PARAGRAPH_BREAK.lastIndex = 0;
  let from = 0;
  for (let m = PARAGRAPH_BREAK.exec(text); m !== null; m = PARAGRAPH_BREAK.exec(text)) {
    splitParagraph(text, from, m.index, bounds);
    from = m.index + m[0].length;
  }
  splitParagraph(text, from, text.length, bounds);

  const sectionAt = locator(sections);
  const pageAt = locator(pages);
  const out: SentenceSpan[] = [];
  for (let i = 0; i < bounds.length; i += 2) {
    const start = bounds[i] ?? 0;
    const end = bounds[i + 1] ?? start;
    out.push({
      start,
      end,
      text: text.slice(start, end),
      section: sectionAt(start)?.key ?? null,
      page: pageAt(start)?.page ?? null,
    });
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 0xa0;
}

function splitParagraph(text: string, from: number, to: number, bounds: number[]): void {
  let s = from;
  let e = to;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (s >= e) return;
  const para = text.slice(s, e);
  CANDIDATE.lastIndex = 0;
  let sentStart = 0;
  for (let m = CANDIDATE.exec(para); m !== null; m = CANDIDATE.exec(para)) {
    const at = m.index;
    if (m[0][0] === '.' && !m[0].startsWith('..') && !endsSentence(para, sentStart, at)) continue;
    const end = at + m[0].length;
    push(text, s + sentStart, s + end, bounds);
    sentStart = end;
    while (sentStart < para.length && isSpace(para.charCodeAt(sentStart))) sentStart++;
  }
  if (sentStart < para.length) push(text, s + sentStart, e, bounds);
}

/** Longest token looked at before a period: abbreviations, initials and "U.S.A." are far shorter. */
const MAX_TOKEN_CHARS = 64;
/** Longest numbered-heading prefix ("ARTICLE XXVIII.12.3A"). */
const MAX_PREFIX_CHARS = 40;

/** Decide whether the single period at `dot` ends the sentence that began at `sentStart`. */
function endsSentence(para: string, sentStart: number, dot: number): boolean {
  let t = dot;
  // Bounded: a 5 MB word of letters and periods must not be scanned back once per period.
  const floor = Math.max(sentStart, dot - MAX_TOKEN_CHARS);
  while (t > floor) {
    const c = para[t - 1] ?? ' ';
    if (c === ' ' || c === '\n' || c === '\t' || c === '(' || c === '“' || c === '"' || c === '\u00a0') break;
    t--;
  }
  if (t === floor && floor > sentStart) return true; // a token that long is no abbreviation
  const token = para.slice(t, dot);
  if (token === '') return true;
  if (ABBREVIATIONS.has(token.toLowerCase())) return false;
  if (DOTTED.test(token) || INITIAL.test(token)) return false;
  if (sentStart === 0 && dot <= MAX_PREFIX_CHARS && NUMBERED_PREFIX.test(para.slice(0, dot))) return false;
  return true;
}

/** Record a sentence span, cutting runs over {@link MAX_SENTENCE_CHARS} at a semicolon or a space. */
function push(text: string, start: number, end: number, bounds: number[]): void {
  let s = start;
  while (end - s > MAX_SENTENCE_CHARS) {
    const windowEnd = s + MAX_SENTENCE_CHARS;
    let cut = lastSemicolon(text, s + MIN_CUT_CHARS, windowEnd);
    if (cut >= 0) cut += 1;
    else {
      cut = lastSpace(text, s + MIN_CUT_CHARS, windowEnd);
      if (cut < 0) cut = windowEnd;
    }
    let e = cut;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    bounds.push(s, e);
    s = cut;
    while (s < end && isSpace(text.charCodeAt(s))) s++;
  }
  if (s < end) bounds.push(s, end);
}

/** Index of the last "; " starting in [min, max), or -1: searched within the window only (lastIndexOf would scan to 0). */
function lastSemicolon(text: string, min: number, max: number): number {
  for (let i = max - 1; i >= min; i--) if (text.charCodeAt(i) === 59 && text.charCodeAt(i + 1) === 32) return i;
  return -1;
}

function lastSpace(text: string, min: number, max: number): number {
  for (let i = max; i > min; i--) if (isSpace(text.charCodeAt(i))) return i;
  return -1;
}

/** Binary search over spans sorted by start: the span containing a position, if any. */
function locator<T extends { start: number; end: number }>(spans: readonly T[]): (pos: number) => T | undefined {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  return (pos) => {
    let lo = 0;
    let hi = sorted.length - 1;
    let found: T | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const span = sorted[mid];
      if (span && span.start <= pos) {
        found = span;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found && pos < found.end ? found : undefined;
  };
}
