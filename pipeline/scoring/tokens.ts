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
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = porter.stem(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stem);
  }
  return stem;
}

const WORD = /[a-z0-9]+/g;

/** Splits text into lower-case alphanumeric tokens ("AI/HPC" -> ai, hpc; "EH/s" -> eh, s; "company's" -> company, s). */
export function tokenize(text: string): Token[] {
  const lower = text.toLowerCase();
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m !== null; m = WORD.exec(lower)) {
    tokens.push({ word: m[0], stem: stemWord(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/** Number of words in a text, as used for densities (per 10,000 words). */
export function countWords(text: string): number {
  let count = 0;
  const re = /[A-Za-z0-9]+(?:['’.,-][A-Za-z0-9]+)*/g;
  // test(), not exec(): the same matches, without an array per word (about 75 MB of garbage on the 16-file run).
  while (re.test(text)) count++;
  return count;
}
