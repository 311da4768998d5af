/**
 * Lists the sentences of a corpus file with their hashes, for reading and
 * labelling corpus items of the evaluation set.
 *
 *   node --import tsx test/eval/corpus-sentences.ts <path> [options]
 *
 * <path> is relative to the corpus root (MANIFEST.tsv `path` column).
 * Options:
 *   --grep REGEX    only sentences matching REGEX (case-insensitive)
 *   --not-grep RE   drop sentences matching RE
 *   --sample N      a seeded random sample of N of the (filtered) sentences
 *   --seed S        seed for --sample (default 1)
 *   --min-chars N   drop sentences shorter than N characters (default 25)
 *   --hash H        only the sentence(s) with this hash (full or prefix)
 *   --pick K,R      the sampling used to build the evaluation set: K sentences
 *                   drawn at random among those matching TOPIC_CUE_RE plus R
 *                   drawn among the others (seeded by --seed; after --min-chars)
 *   --windows N,S   N windows of S consecutive sentences (whole passages, neighbours
 *                   included): half centred on a random TOPIC_CUE_RE sentence, half
 *                   starting anywhere; windows do not overlap (seeded by --seed;
 *                   before --min-chars, so short lines and headings stay in)
 *   --centre REGEX  with --windows: every window centred on a sentence matching REGEX
 *                   (targeted passages, such as self-descriptions for core claims)
 *   --skip-labelled with --windows: no window holds a sentence whose hash is already
 *                   labelled in corpus-set/ (in any file), so a new part adds new sentences
 *   --json          one JSON object per line instead of tab-separated text
 *   --stats         only counts (documents, sentences, per section)
 *
 * Text output: `index<TAB>section<TAB>hash<TAB>text`.
 * The hash is sha1 hex of the sentence lower-cased with everything but [a-z0-9]
 * removed; store {path, hash} in dev-set.jsonl, never the text.
 */
import { parseArgs } from 'node:util';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusSentences, DEFAULT_CORPUS_ROOT, DEFAULT_REAL_SET_DIR, normaliseSentence, parseDevSet, type CorpusSentence } from './dev-set.ts';
import { seededRandom } from '../support/random.ts';

/**
 * Cue words used to draw the topical half of the corpus sample (deliberately
 * broad: includes the trap senses, so the sample is not biased toward easy,
 * clearly on-topic sentences).
 */
export const TOPIC_CUE_RE =
  /\b(bitcoin|btc|mining|mine[drs]?|miners?|hash\w*|ai|artificial intelligence|hpc|high[- ]performance computing|gpus?|data ?cent(er|re)s?|colocation|co-location|host(s|ed|ing)?|leases?|leased|leasing|mw|megawatts?|power|curtail\w*|demand response|grid|ancillary)\b/i;

export function sample<T>(xs: readonly T[], n: number, seed: number): T[] {
  const rand = seededRandom(seed);
  const idx = xs.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => xs[i]!);
}

/**
 * Non-overlapping windows of `size` consecutive sentences: the first half centred on a random
 * cue-word sentence, the rest at random starts. Seeded; windows in document order.
 */
export function drawWindows<T extends { text: string; n: number }>(
  xs: readonly T[],
  count: number,
  size: number,
  seed: number,
  centre?: RegExp,
  alreadyTaken: ReadonlySet<number> = new Set(),
): T[][] {
  const rand = seededRandom(seed);
  const taken = new Set<number>(alreadyTaken);
  const windows: T[][] = [];
  const cues = xs.filter((s) => (centre ?? TOPIC_CUE_RE).test(s.text)).map((s) => s.n);
  const tryAt = (start: number) => {
    const from = Math.max(0, Math.min(start, xs.length - size));
    const idx = Array.from({ length: Math.min(size, xs.length) }, (_, k) => from + k);
    if (idx.some((i) => taken.has(i))) return false;
    idx.forEach((i) => taken.add(i));
    windows.push(idx.map((i) => xs[i]!));
    return true;
  };
  // With a centre pattern (targeted passages, e.g. self-descriptions for core claims) every window is centred on it.
  const cueWindows = centre ? count : Math.ceil(count / 2);
  for (let tries = 0; windows.length < cueWindows && tries < 50 * count && cues.length > 0; tries++) {
    tryAt(cues[Math.floor(rand() * cues.length)]! - Math.floor(size / 2));
  }
  for (let tries = 0; !centre && windows.length < count && tries < 50 * count; tries++) tryAt(Math.floor(rand() * xs.length));
  return windows.sort((a, b) => a[0]!.n - b[0]!.n);
}

/** Hashes of every sentence labelled in the real-sentence set (all parts, all files), read as the evaluation reads them. */
export function labelledHashes(dir: string = DEFAULT_REAL_SET_DIR): Set<string> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  return new Set(files.flatMap((f) => parseDevSet(readFileSync(join(dir, f), 'utf8'), f)).flatMap((item) => (item.ref ? [item.ref.hash] : [])));
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      grep: { type: 'string' },
      'not-grep': { type: 'string' },
      sample: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'min-chars': { type: 'string', default: '25' },
      hash: { type: 'string' },
      pick: { type: 'string' },
      windows: { type: 'string' },
      centre: { type: 'string' },
      'skip-labelled': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      stats: { type: 'boolean', default: false },
      corpus: { type: 'string', default: DEFAULT_CORPUS_ROOT },
    },
  });
  const path = positionals[0];
  if (!path) {
    console.error('usage: corpus-sentences.ts <path relative to corpus root> [--grep RE] [--sample N --seed S] [--hash H] [--json] [--stats]');
    process.exit(2);
  }
  const all: CorpusSentence[] = await corpusSentences(path, values.corpus);
  let xs = all.map((s, i) => ({ ...s, n: i }));
  if (values.stats) {
    const per = new Map<string, number>();
    for (const s of xs) per.set(s.section ?? '(none)', (per.get(s.section ?? '(none)') ?? 0) + 1);
    console.log(`${path}: ${new Set(xs.map((s) => s.doc)).size} documents, ${xs.length} sentences`);
    for (const [k, v] of [...per].sort((a, b) => b[1] - a[1])) console.log(`  ${k}\t${v}`);
    return;
  }
  if (values.windows) {
    const [count, size] = values.windows.split(',').map(Number) as [number, number];
    const labelled = values['skip-labelled'] ? labelledHashes() : new Set<string>();
    const taken = new Set(xs.filter((s) => labelled.has(s.hash)).map((s) => s.n));
    const centre = values.centre ? new RegExp(values.centre, 'i') : undefined;
    for (const [w, window] of drawWindows(xs, count, size, Number(values.seed), centre, taken).entries()) {
      for (const s of window) {
        if (values.json) console.log(JSON.stringify({ window: w + 1, n: s.n, doc: s.doc, section: s.section, page: s.page, hash: s.hash, len: normaliseSentence(s.text).length, text: s.text }));
        else console.log(`w${w + 1}\t${s.n}\t${s.section ?? '-'}\t${s.hash}\t${s.text.replace(/\s+/g, ' ')}`);
      }
    }
    return;
  }
  const minChars = Number(values['min-chars']);
  xs = xs.filter((s) => s.text.length >= minChars);
  if (values.hash) xs = xs.filter((s) => s.hash.startsWith(values.hash!.toLowerCase()));
  if (values.grep) {
    const re = new RegExp(values.grep, 'i');
    xs = xs.filter((s) => re.test(s.text));
  }
  if (values['not-grep']) {
    const re = new RegExp(values['not-grep'], 'i');
    xs = xs.filter((s) => !re.test(s.text));
  }
  if (values.sample) xs = sample(xs, Number(values.sample), Number(values.seed));
  if (values.pick) {
    const [k, r] = values.pick.split(',').map(Number);
    const seed = Number(values.seed);
    const cue = sample(xs.filter((s) => TOPIC_CUE_RE.test(s.text)), k ?? 0, seed);
    const other = sample(xs.filter((s) => !TOPIC_CUE_RE.test(s.text)), r ?? 0, seed + 1);
    xs = [...cue, ...other].sort((a, b) => a.n - b.n);
  }
  for (const s of xs) {
    if (values.json) console.log(JSON.stringify({ n: s.n, doc: s.doc, docType: s.documentType, section: s.section, page: s.page, hash: s.hash, text: s.text }));
    else console.log(`${s.n}\t${s.section ?? '-'}\t${s.hash}\t${s.text.replace(/\s+/g, ' ')}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
