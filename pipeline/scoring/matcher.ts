/**
 * A compiled phrase matcher over tokens. Each phrase word matches a token's
 * stem, or, written `=word`, its exact form; `*` matches any one token.
 * Phrases are indexed by their first word, so a sentence costs one map
 * look-up per token plus the few phrases that start there.
 */
import { stemWord, type Token } from './tokens.ts';

type WordPattern = { kind: 'stem'; value: string } | { kind: 'exact'; value: string } | { kind: 'any' };

export interface Phrase<T> {
  /** The phrase as written in the lexicon, reported as the matched term. */
  source: string;
  words: WordPattern[];
  tag: T;
}

export interface Match<T> {
  phrase: Phrase<T>;
  /** Token index range, end exclusive. */
  from: number;
  to: number;
}

function parseWord(raw: string): WordPattern {
  if (raw === '*') return { kind: 'any' };
  if (raw.startsWith('=')) return { kind: 'exact', value: raw.slice(1) };
  return { kind: 'stem', value: stemWord(raw) };
}

/** Splits a lexicon phrase into word patterns with the same tokenisation as sentences. */
export function parsePhrase<T>(source: string, tag: T): Phrase<T> {
  const exact = source.startsWith('=');
  const body = exact ? source.slice(1) : source;
  const words = (body.toLowerCase().match(/[a-z0-9]+|\*/g) ?? []).map((w) => parseWord(exact && w !== '*' ? `=${w}` : w));
  if (words.length === 0) throw new Error(`lexicon: empty phrase "${source}"`);
  return { source, words, tag };
}

function wordMatches(pattern: WordPattern, token: Token): boolean {
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'exact':
      return token.word === pattern.value;
    case 'stem':
      return token.stem === pattern.value;
  }
}

/** Does the phrase occur at token `i` (its first word is known to match)? */
function matchesAt<T>(phrase: Phrase<T>, tokens: ReadonlyArray<Token>, i: number): boolean {
  const words = phrase.words;
  if (i + words.length > tokens.length) return false;
  for (let k = 1; k < words.length; k++) {
    if (!wordMatches(words[k]!, tokens[i + k]!)) return false;
  }
  return true;
}

export class PhraseMatcher<T> {
  private readonly byExact = new Map<string, Phrase<T>[]>();
  private readonly byStem = new Map<string, Phrase<T>[]>();

  constructor(phrases: ReadonlyArray<Phrase<T>>) {
    for (const phrase of phrases) {
      const first = phrase.words[0];
      if (!first || first.kind === 'any') throw new Error(`lexicon: phrase "${phrase.source}" cannot start with *`);
      const index = first.kind === 'exact' ? this.byExact : this.byStem;
      const list = index.get(first.value) ?? [];
      list.push(phrase);
      index.set(first.value, list);
    }
  }

  /** Every phrase occurrence in the tokens (overlaps allowed). */
  matchAll(tokens: ReadonlyArray<Token>): Match<T>[] {
    const matches: Match<T>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      // Exact-form phrases first, then stem phrases (the order matches are reported in); no array is built per token.
      const exact = this.byExact.get(token.word);
      if (exact !== undefined) for (const phrase of exact) if (matchesAt(phrase, tokens, i)) matches.push({ phrase, from: i, to: i + phrase.words.length });
      const stem = this.byStem.get(token.stem);
      if (stem !== undefined) for (const phrase of stem) if (matchesAt(phrase, tokens, i)) matches.push({ phrase, from: i, to: i + phrase.words.length });
    }
    return matches;
  }

  /** True when any phrase occurs: the cheap test of the candidate pass. */
  hasAny(tokens: ReadonlyArray<Token>): boolean {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const exact = this.byExact.get(token.word);
      if (exact !== undefined) for (const phrase of exact) if (matchesAt(phrase, tokens, i)) return true;
      const stem = this.byStem.get(token.stem);
      if (stem !== undefined) for (const phrase of stem) if (matchesAt(phrase, tokens, i)) return true;
    }
    return false;
  }
}
