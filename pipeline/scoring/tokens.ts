/**
 * Tokens for the candidate pass: lower-case alphanumeric runs with their Porter
 * stems (natural). Only natural's stemmer module is loaded: its package root
 * pulls in dotenv and database drivers.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

export interface Token {
  /** Lower-case form as written. */
  word: string;
  stem: string;
  /** Offsets in the sentence text. */
  start: number;
  end: number;
}

// Stemming is the hot path of the candidate pass; filings repeat a small vocabulary.
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

/** Porter stem of a lower-case word, cached. Numbers and short tokens are their own stem. */
export function stemWord(word: string): string {
  if (word.length <= 2 || /\d/.test(word)) return word;
  return cachedStem(word);
}

/** The Porter stem of a lower-case word of three or more letters and no digit, cached. */
function cachedStem(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = porter.stem(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stem);
  }
  return stem;
}

/**
 * Calls `onWord(start, end, digit)` for each run of [a-z0-9] of a lower-cased text (`digit`: the run holds
 * one). A scan of character codes rather than a regular expression's match array per word: every sentence
 * of a filing is tokenised, most more than once (the rules, the context model).
 */
function scanWords(lower: string, onWord: (start: number, end: number, digit: boolean) => void): void {
  const n = lower.length;
  for (let i = 0; i < n; ) {
    let c = lower.charCodeAt(i);
    if (!(c >= 97 ? c <= 122 : c >= 48 && c <= 57)) {
      i++;
      continue;
    }
    const start = i;
    let digit = false;
    do {
      if (c < 97) digit = true;
      c = ++i < n ? lower.charCodeAt(i) : 0;
    } while (c >= 97 ? c <= 122 : c >= 48 && c <= 57);
    onWord(start, i, digit);
  }
}

/**
 * Splits text into lower-case alphanumeric tokens ("AI/HPC" -> ai, hpc; "EH/s" -> eh, s; "company's" -> company, s):
 * the runs of [a-z0-9] of the lower-cased text, with their offsets in it.
 */
export function tokenize(text: string): Token[] {
  const lower = text.toLowerCase();
  const tokens: Token[] = [];
  scanWords(lower, (start, end, digit) => {
    const word = lower.slice(start, end);
    tokens.push({ word, stem: digit || end - start <= 2 ? word : cachedStem(word), start, end });
  });
  return tokens;
}

/**
 * The Porter stems of a text's words of at least `minLength` letters and no digit, in order, skipping the
 * words of `skip`: the tokens of {@link tokenize} the context model reads, without an object per token
 * (every sentence of a filing passes through here once).
 */
export function letterStems(text: string, minLength: number, skip: ReadonlySet<string>): string[] {
  const lower = text.toLowerCase();
  const stems: string[] = [];
  scanWords(lower, (start, end, digit) => {
    if (digit || end - start < minLength) return;
    const word = lower.slice(start, end);
    if (!skip.has(word)) stems.push(end - start <= 2 ? word : cachedStem(word));
  });
  return stems;
}

/** Number of words in a text, as used for densities (per 10,000 words). */
export function countWords(text: string): number {
  let count = 0;
  const re = /[A-Za-z0-9]+(?:['’.,-][A-Za-z0-9]+)*/g;
  // test(), not exec(): the same matches, without an array per word (about 75 MB of garbage on the 16-file run).
  while (re.test(text)) count++;
  return count;
}
