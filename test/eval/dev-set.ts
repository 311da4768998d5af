/**
 * Loads the labelled evaluation set (test/eval/dev-set.jsonl).
 *
 * Two kinds of lines:
 * - self-written items carry their `text`;
 * - corpus items carry only a `ref` ({path, hash}) to a sentence of a file in
 *   the shared corpus. The text is recovered by extracting that file with the
 *   project's extractor, splitting it into sentences, and matching
 *   sha1(normalise(sentence)) against `hash`. Each referenced file is
 *   extracted once (cache per path).
 *
 * When the corpus directory is absent, corpus refs are skipped with one
 * message. Refs that cannot be resolved are counted and listed, never dropped
 * silently.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExtractionResult } from '../../extractors/types.ts';
import { CORE_CLAIMS, MODALITIES, TOPICS, type CoreClaim, type Labels, type Modality, type Topic } from './metrics.ts';

export const DEFAULT_DEV_SET = join(dirname(fileURLToPath(import.meta.url)), 'dev-set.jsonl');
/**
 * The real-sentence set: whole passages of corpus filings, every sentence labelled by LABELLING.md,
 * split by filing (corpus-split.json) before any tuning. One file per labelling part.
 */
export const DEFAULT_REAL_SET_DIR = join(dirname(fileURLToPath(import.meta.url)), 'corpus-set');
export const DEFAULT_CORPUS_ROOT = process.env['MINERPIVOT_CORPUS'] ?? '/work/shared/corpus';

export type Split = 'dev' | 'test';

export interface CorpusRef {
  /** Path relative to the corpus root, as in MANIFEST.tsv. */
  path: string;
  /** sha1 hex of the normalised sentence (see {@link normaliseSentence}). */
  hash: string;
  /**
   * Length of the normalised sentence. Optional; when present, a ref whose
   * sentence is no longer produced by the splitter (boundaries moved) can
   * still be found by scanning the document text (see {@link findSpanByHash}).
   */
  len?: number;
}

/** One line of the JSONL file, validated. */
export interface RawItem {
  id: string;
  split: Split;
  issuer: string;
  text?: string;
  ref?: CorpusRef;
  topics: Topic[];
  modality: Modality | null;
  core_claim: CoreClaim;
  note?: string;
  /** Real-set items: whether the sentence is evidence of the business (LABELLING.md), and why not. */
  evidence?: boolean;
  notEvidence?: string;
  /** Real-set items: the label needs context outside the sentence (heading, neighbours, the filing). */
  context?: boolean;
  /** Real-set items: a statement that both businesses are core (scored as no core claim of either alone). */
  bothCore?: boolean;
}

export interface EvalItem {
  id: string;
  split: Split;
  issuer: string;
  text: string;
  gold: Labels;
  /** written: sentences written for the set; corpus: single corpus sentences of dev-set.jsonl; real: corpus passages. */
  source: 'written' | 'corpus' | 'real';
  ref?: CorpusRef;
  note?: string;
  evidence?: boolean;
  notEvidence?: string;
  context?: boolean;
  bothCore?: boolean;
}

export interface UnresolvedRef {
  id: string;
  path: string;
  hash: string;
  reason: string;
}

export interface DevSet {
  items: EvalItem[];
  /** Corpus refs in the file. */
  corpusRefs: number;
  /** Refs skipped because the corpus directory is absent. */
  skippedRefs: number;
  unresolved: UnresolvedRef[];
  /** Refs found only by scanning the document text (the splitter's boundaries moved). */
  resolvedBySpan: string[];
  /** Human-readable notes (corpus absent, unresolved refs ...). */
  messages: string[];
  /** Real-set test items left out because the same sentence is a dev-set.jsonl dev item (tuned on). */
  leakedTestItems: string[];
}

// ------------------------------------------------------------- normalisation

/** Lower-case and keep only [a-z0-9]. */
export function normaliseSentence(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export function sentenceHash(s: string): string {
  return createHash('sha1').update(normaliseSentence(s)).digest('hex');
}

// ---------------------------------------------------------------- validation

const ID_RE = /^[wcA-Z]-\d{4,}$/;
const HASH_RE = /^[0-9a-f]{40}$/;

/** Parses and validates the JSONL text; throws with the file name and line number on the first problem. */
export function parseDevSet(text: string, fileName = 'dev-set.jsonl'): RawItem[] {
  // Typed explicitly: a call to it then narrows like a throw.
  const fail: (line: number, msg: string) => never = (line, msg) => {
    throw new Error(`${fileName} line ${line}: ${msg}`);
  };
  const out: RawItem[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const n = i + 1;
    if (line === '') continue;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      fail(n, `invalid JSON (${(e as Error).message})`);
    }
    const id = o['id'];
    if (typeof id !== 'string' || !ID_RE.test(id)) fail(n, `bad id ${JSON.stringify(id)}`);
    if (seen.has(id)) fail(n, `duplicate id ${id}`);
    seen.add(id);
    const split = o['split'];
    if (split !== 'dev' && split !== 'test') fail(n, `${id}: split must be "dev" or "test"`);
    const issuer = o['issuer'];
    if (typeof issuer !== 'string' || issuer === '') fail(n, `${id}: missing issuer`);
    const topics = o['topics'];
    if (!Array.isArray(topics) || !topics.every((t) => (TOPICS as readonly unknown[]).includes(t))) fail(n, `${id}: bad topics`);
    if (new Set(topics).size !== topics.length) fail(n, `${id}: duplicate topic`);
    const modality = o['modality'];
    if (modality !== null && !(MODALITIES as readonly unknown[]).includes(modality)) fail(n, `${id}: bad modality`);
    if ((topics.length === 0) !== (modality === null)) fail(n, `${id}: modality must be null exactly when there is no topic`);
    const real = /^[A-Z]-/.test(id);
    const rawCore = o['core_claim'];
    // "both" (real set only): both businesses called core; it claims neither alone.
    const bothCore = real && rawCore === 'both';
    const core = bothCore ? 'none' : rawCore;
    if (!(CORE_CLAIMS as readonly unknown[]).includes(core)) fail(n, `${id}: bad core_claim`);
    if (core !== 'none' && !topics.includes(core)) fail(n, `${id}: core_claim ${String(core)} without that topic`);
    const item: RawItem = {
      id,
      split,
      issuer,
      topics: topics as Topic[],
      modality: modality as Modality | null,
      core_claim: core as CoreClaim,
    };
    if (real) {
      if (typeof o['evidence'] !== 'boolean') fail(n, `${id}: real-set item needs evidence true or false`);
      item.evidence = o['evidence'] as boolean;
      if (!item.evidence) item.notEvidence = typeof o['not_evidence'] === 'string' ? (o['not_evidence'] as string) : 'unspecified';
      item.context = o['context'] === true;
      if (bothCore) item.bothCore = true;
    }
    const note = o['note'];
    if (note !== undefined) {
      if (typeof note !== 'string') fail(n, `${id}: note must be a string`);
      item.note = note;
    }
    const txt = o['text'];
    const ref = o['ref'] as Record<string, unknown> | undefined;
    if (id.startsWith('w-')) {
      if (typeof txt !== 'string' || txt.trim() === '') fail(n, `${id}: written item needs text`);
      if (ref !== undefined) fail(n, `${id}: written item must not have a ref`);
      item.text = txt;
    } else {
      if (txt !== undefined) fail(n, `${id}: corpus item must not store its text`);
      if (typeof ref !== 'object' || ref === null) fail(n, `${id}: corpus item needs a ref`);
      const path = ref['path'];
      const hash = ref['hash'];
      if (typeof path !== 'string' || path === '' || path.includes('..')) fail(n, `${id}: bad ref.path`);
      if (typeof hash !== 'string' || !HASH_RE.test(hash)) fail(n, `${id}: bad ref.hash`);
      const len = ref['len'];
      if (len !== undefined && (typeof len !== 'number' || !Number.isInteger(len) || len <= 0)) fail(n, `${id}: bad ref.len`);
      item.ref = len === undefined ? { path, hash } : { path, hash, len };
    }
    out.push(item);
  }
  return out;
}

// ------------------------------------------------------------ corpus access

export interface CorpusSentence {
  /** Index of the document inside the extraction result. */
  doc: number;
  docName: string;
  documentType: string | null;
  /** Index of the sentence inside its document. */
  index: number;
  /** Offsets of the sentence in its document's text, `end` exclusive. */
  start: number;
  end: number;
  section: string | null;
  page: number | null;
  text: string;
  hash: string;
}

const manifestCache = new Map<string, Map<string, string | null>>();

const cikCache = new Map<string, Map<string, string | null>>();

/** path -> 10-digit CIK, from MANIFEST.tsv of the corpus root (null when the row has none). */
export function manifestCik(path: string, corpusRoot: string = DEFAULT_CORPUS_ROOT): string | null {
  manifestForms(corpusRoot);
  return cikCache.get(corpusRoot)?.get(path) ?? null;
}

/** path -> form, from MANIFEST.tsv of the corpus root (empty map when missing). */
function manifestForms(corpusRoot: string): Map<string, string | null> {
  let m = manifestCache.get(corpusRoot);
  if (m) return m;
  m = new Map();
  const ciks = new Map<string, string | null>();
  cikCache.set(corpusRoot, ciks);
  const file = join(corpusRoot, 'MANIFEST.tsv');
  if (existsSync(file)) {
    const [head, ...rows] = readFileSync(file, 'utf8').split('\n');
    const cols = (head ?? '').split('\t');
    const iPath = cols.indexOf('path');
    const iForm = cols.indexOf('form');
    const iCik = cols.indexOf('cik');
    for (const r of rows) {
      const f = r.split('\t');
      const p = f[iPath];
      if (p) m.set(p, f[iForm] || null);
      const cik = f[iCik]?.trim();
      if (p) ciks.set(p, cik && /^\d{1,10}$/.test(cik) ? cik.padStart(10, '0') : null);
    }
  }
  manifestCache.set(corpusRoot, m);
  return m;
}

const sentenceCache = new Map<string, Promise<CorpusSentence[]>>();
const documentCache = new Map<string, Promise<string[]>>();

/** The extracted document texts of one corpus file (cached like the sentences). */
export function corpusDocuments(path: string, corpusRoot: string = DEFAULT_CORPUS_ROOT): Promise<string[]> {
  const abs = join(corpusRoot, path);
  let p = documentCache.get(abs);
  if (!p) {
    p = extract(abs, path, manifestForms(corpusRoot).get(path) ?? null).then((r) => r.documents.map((d) => d.text));
    documentCache.set(abs, p);
  }
  return p;
}

/**
 * Finds a span of `texts` whose normalised form has sha1 `hash` and length
 * `len`, trying every word start (a normalised position preceded by a
 * dropped character). Used when the splitter's boundaries moved since the ref
 * was recorded; the text content itself must be unchanged. Returns the
 * original text of the span, or null.
 */
export function findSpanByHash(texts: readonly string[], hash: string, len: number): string | null {
  for (const text of texts) {
    const norm: string[] = [];
    const orig: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const lc = text[i]!.toLowerCase();
      for (const ch of lc) {
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
          norm.push(ch);
          orig.push(i);
        }
      }
    }
    const stream = norm.join('');
    for (let k = 0; k + len <= stream.length; k++) {
      if (k > 0 && orig[k]! - orig[k - 1]! <= 1) continue; // not a word start
      if (createHash('sha1').update(stream.slice(k, k + len)).digest('hex') === hash) {
        return text.slice(orig[k]!, orig[k + len - 1]! + 1);
      }
    }
  }
  return null;
}

/**
 * All sentences of one corpus file, in document order, with their hashes.
 * Extracts the file once per process (cached by absolute path).
 */
export function corpusSentences(path: string, corpusRoot: string = DEFAULT_CORPUS_ROOT): Promise<CorpusSentence[]> {
  const abs = join(corpusRoot, path);
  let p = sentenceCache.get(abs);
  if (!p) {
    p = extractSentences(abs, path, manifestForms(corpusRoot).get(path) ?? null);
    sentenceCache.set(abs, p);
  }
  return p;
}

const extractionCache = new Map<string, Promise<ExtractionResult>>();

/** Runs the project's extractor on one file, once per process. */
function extract(abs: string, path: string, form: string | null): Promise<ExtractionResult> {
  let p = extractionCache.get(abs);
  if (!p) {
    p = (async () => {
      const { extractFile } = await import('../../extractors/index.ts');
      const bytes = new Uint8Array(await readFile(abs));
      return extractFile(bytes, { fileName: path.split('/').pop() ?? path, form });
    })();
    extractionCache.set(abs, p);
  }
  return p;
}

async function extractSentences(abs: string, path: string, form: string | null): Promise<CorpusSentence[]> {
  const { splitSentences } = await import('../../extractors/sentences.ts');
  const result = await extract(abs, path, form);
  const out: CorpusSentence[] = [];
  result.documents.forEach((d, doc) => {
    splitSentences(d.text, d.sections, d.pages).forEach((s, index) => {
      out.push({
        doc,
        docName: d.name,
        documentType: d.documentType,
        index,
        start: s.start,
        end: s.end,
        section: s.section,
        page: s.page,
        text: s.text,
        hash: sentenceHash(s.text),
      });
    });
  });
  return out;
}

// ------------------------------------------------------------------- loading

export interface LoadOptions {
  file?: string;
  /** Folder of the real-sentence set (`*.jsonl`); null: load none. */
  realSetDir?: string | null;
  corpusRoot?: string;
  /** Where messages go as they happen (default: none; they are also returned). */
  log?: (msg: string) => void;
}

export async function loadDevSet(opts: LoadOptions = {}): Promise<DevSet> {
  const file = opts.file ?? DEFAULT_DEV_SET;
  const corpusRoot = opts.corpusRoot ?? DEFAULT_CORPUS_ROOT;
  const messages: string[] = [];
  const say = (m: string): void => {
    messages.push(m);
    opts.log?.(m);
  };
  const raw = parseDevSet(readFileSync(file, 'utf8'), basename(file));
  const realDir = opts.realSetDir === undefined ? DEFAULT_REAL_SET_DIR : opts.realSetDir;
  const realFiles = realDir && existsSync(realDir) ? readdirSync(realDir).filter((f) => f.endsWith('.jsonl')).sort() : [];
  const real = realFiles.flatMap((f) => parseDevSet(readFileSync(join(realDir!, f), 'utf8'), f));
  const ids = new Set(raw.map((r) => r.id));
  for (const r of real) {
    if (ids.has(r.id)) throw new Error(`duplicate id ${r.id} across the evaluation files`);
    ids.add(r.id);
  }
  // The classifier was tuned on the dev items of dev-set.jsonl: the same sentence in the real set's test
  // split would measure what was tuned on, so it is left out of the scores (and said so).
  const tunedOn = new Set(raw.filter((r) => r.ref && r.split === 'dev').map((r) => r.ref!.hash));
  const leakedTestItems = real.filter((r) => r.split === 'test' && tunedOn.has(r.ref!.hash)).map((r) => r.id);
  if (leakedTestItems.length > 0) say(`${leakedTestItems.length} real-set test sentences are dev-set.jsonl dev items (tuned on): left out`);
  raw.push(...real.filter((r) => !leakedTestItems.includes(r.id)));
  const refs = raw.filter((r) => r.ref);
  const corpusPresent = existsSync(corpusRoot);
  const unresolved: UnresolvedRef[] = [];
  let skippedRefs = 0;

  // path -> hash -> text
  const byPath = new Map<string, Map<string, string> | Error>();
  const resolvedBySpan: string[] = [];
  if (!corpusPresent && refs.length > 0) {
    skippedRefs = refs.length;
    say(`corpus directory ${corpusRoot} not found: skipping ${refs.length} corpus refs (set MINERPIVOT_CORPUS to its location)`);
  } else {
    const paths = [...new Set(refs.map((r) => r.ref!.path))].sort();
    for (const path of paths) {
      try {
        if (!existsSync(join(corpusRoot, path))) throw new Error('file not in corpus');
        const m = new Map<string, string>();
        for (const s of await corpusSentences(path, corpusRoot)) if (!m.has(s.hash)) m.set(s.hash, s.text);
        byPath.set(path, m);
      } catch (e) {
        byPath.set(path, e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  const items: EvalItem[] = [];
  for (const r of raw) {
    const gold: Labels = { topics: r.topics, modality: r.modality, core_claim: r.core_claim };
    const base = {
      id: r.id,
      split: r.split,
      issuer: r.issuer,
      gold,
      ...(r.note !== undefined ? { note: r.note } : {}),
      ...(r.evidence !== undefined ? { evidence: r.evidence } : {}),
      ...(r.notEvidence !== undefined ? { notEvidence: r.notEvidence } : {}),
      ...(r.context !== undefined ? { context: r.context } : {}),
      ...(r.bothCore ? { bothCore: true } : {}),
    };
    if (r.text !== undefined) {
      items.push({ ...base, text: r.text, source: 'written' });
      continue;
    }
    if (!corpusPresent) continue;
    const ref = r.ref!;
    const hit = byPath.get(ref.path);
    if (hit instanceof Error || hit === undefined) {
      unresolved.push({ ...ref, id: r.id, reason: `extraction failed: ${hit?.message ?? 'not loaded'}` });
      continue;
    }
    let text = hit.get(ref.hash);
    if (text === undefined && ref.len !== undefined) {
      const span = findSpanByHash(await corpusDocuments(ref.path, corpusRoot), ref.hash, ref.len);
      if (span !== null) {
        text = span;
        resolvedBySpan.push(r.id);
      }
    }
    if (text === undefined) {
      unresolved.push({ ...ref, id: r.id, reason: 'no sentence with this hash (extractor or splitter changed?)' });
      continue;
    }
    items.push({ ...base, text, source: /^[A-Z]-/.test(r.id) ? 'real' : 'corpus', ref });
  }
  if (resolvedBySpan.length > 0) {
    say(`${resolvedBySpan.length} corpus refs matched a text span but no whole sentence (sentence boundaries changed): ${resolvedBySpan.slice(0, 8).join(', ')}${resolvedBySpan.length > 8 ? ' ...' : ''}`);
  }
  if (unresolved.length > 0) {
    const files = new Set(unresolved.map((u) => u.path)).size;
    say(`${unresolved.length} of ${refs.length} corpus refs unresolved (in ${files} files); they are excluded from the scores`);
  }
  return { items, corpusRefs: refs.length, skippedRefs, unresolved, resolvedBySpan, messages, leakedTestItems };
}
