/**
 * Pure metric functions for the labelled evaluation set (no I/O).
 *
 * Conventions:
 * - precision is 0 when nothing was predicted for a class, recall is 0 when a
 *   class has no gold items, F1 is 0 when precision + recall is 0 (the
 *   "zero_division = 0" convention). `support` (gold count) and `predicted`
 *   are always reported so a 0 can be told apart from a bad score.
 * - Topics are multi-label: each topic is scored as its own binary decision
 *   over all items; macro-F1 is the unweighted mean over the three topics.
 */

export const TOPICS = ['mining', 'ai_hpc', 'grid'] as const;
export type Topic = (typeof TOPICS)[number];

export const MODALITIES = ['fact', 'plan', 'hypothetical', 'negated'] as const;
export type Modality = (typeof MODALITIES)[number];

export const CORE_CLAIMS = ['mining', 'ai_hpc', 'none'] as const;
export type CoreClaim = (typeof CORE_CLAIMS)[number];

/** What a sentence is labelled with (gold) or classified as (predicted). */
export interface Labels {
  topics: readonly Topic[];
  modality: Modality | null;
  core_claim: CoreClaim;
}

export interface Pair {
  gold: Labels;
  pred: Labels;
}

export interface PRF {
  tp: number;
  fp: number;
  fn: number;
  /** Gold items of the class (tp + fn). */
  support: number;
  /** Predicted items of the class (tp + fp). */
  predicted: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prf(tp: number, fp: number, fn: number): PRF {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, support: tp + fn, predicted: tp + fp, precision, recall, f1 };
}

/** Binary P/R/F1 for one class, given for each item whether gold and prediction contain it. */
export function binaryPRF(decisions: ReadonlyArray<{ gold: boolean; pred: boolean }>): PRF {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const d of decisions) {
    if (d.gold && d.pred) tp++;
    else if (d.pred) fp++;
    else if (d.gold) fn++;
  }
  return prf(tp, fp, fn);
}

export interface TopicScores {
  perTopic: Record<Topic, PRF>;
  /** Unweighted mean of the three per-topic F1 values. */
  macroF1: number;
  /** Items whose predicted topic set equals the gold set exactly. */
  exactMatch: number;
  total: number;
}

export function topicScores(pairs: readonly Pair[]): TopicScores {
  const perTopic = {} as Record<Topic, PRF>;
  for (const t of TOPICS) {
    perTopic[t] = binaryPRF(pairs.map((p) => ({ gold: p.gold.topics.includes(t), pred: p.pred.topics.includes(t) })));
  }
  const macroF1 = TOPICS.reduce((s, t) => s + perTopic[t].f1, 0) / TOPICS.length;
  const exactMatch = pairs.filter((p) => sameSet(p.gold.topics, p.pred.topics)).length;
  return { perTopic, macroF1, exactMatch, total: pairs.length };
}

export function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size !== sb.size) return false;
  for (const x of sa) if (!sb.has(x)) return false;
  return true;
}

export interface Accuracy {
  correct: number;
  total: number;
  /** correct / total, or null when total is 0. */
  accuracy: number | null;
}

export function accuracy<T>(pairs: ReadonlyArray<readonly [gold: T, pred: T]>): Accuracy {
  const correct = pairs.filter(([g, p]) => g === p).length;
  return { correct, total: pairs.length, accuracy: pairs.length === 0 ? null : correct / pairs.length };
}

/**
 * A confusion table: `counts[gold][pred]`. Labels outside `classes` are
 * collected under `other` so that an unexpected prediction is visible instead
 * of being dropped.
 */
export interface Confusion {
  classes: string[];
  counts: Record<string, Record<string, number>>;
}

export const OTHER = '(other)';

export function confusion(pairs: ReadonlyArray<readonly [gold: string, pred: string]>, classes: readonly string[]): Confusion {
  const known = new Set(classes);
  const all = [...classes];
  const key = (x: string): string => (known.has(x) ? x : OTHER);
  if (pairs.some(([g, p]) => !known.has(g) || !known.has(p))) all.push(OTHER);
  const counts: Record<string, Record<string, number>> = {};
  for (const g of all) {
    counts[g] = {};
    for (const p of all) counts[g]![p] = 0;
  }
  for (const [g, p] of pairs) counts[key(g)]![key(p)]! += 1;
  return { classes: all, counts };
}

/** Per-class P/R/F1 of a single-label classification. */
export function perClassPRF(pairs: ReadonlyArray<readonly [gold: string, pred: string]>, classes: readonly string[]): Record<string, PRF> {
  const out: Record<string, PRF> = {};
  for (const c of classes) out[c] = binaryPRF(pairs.map(([g, p]) => ({ gold: g === c, pred: p === c })));
  return out;
}

/** Modality rendered as a class name, null included. */
export function modalityClass(m: Modality | null): string {
  return m ?? 'null';
}

export const MODALITY_CLASSES_WITH_NULL: readonly string[] = [...MODALITIES, 'null'];

export interface ModalityScores {
  /** Over items where both gold and predicted have at least one topic. */
  onTopical: Accuracy;
  /** Over all items, null (no topic) counted as a fifth class. */
  overall: Accuracy;
  /** Confusion over all items, null included. */
  confusion: Confusion;
}

export function modalityScores(pairs: readonly Pair[]): ModalityScores {
  const topical = pairs.filter((p) => p.gold.topics.length > 0 && p.pred.topics.length > 0);
  const all = pairs.map((p) => [modalityClass(p.gold.modality), modalityClass(p.pred.modality)] as const);
  return {
    onTopical: accuracy(topical.map((p) => [modalityClass(p.gold.modality), modalityClass(p.pred.modality)] as const)),
    overall: accuracy(all),
    confusion: confusion(all, MODALITY_CLASSES_WITH_NULL),
  };
}

export interface CoreClaimScores {
  overall: Accuracy;
  perClass: Record<string, PRF>;
  confusion: Confusion;
}

export function coreClaimScores(pairs: readonly Pair[]): CoreClaimScores {
  const all = pairs.map((p) => [p.gold.core_claim, p.pred.core_claim] as const);
  return { overall: accuracy(all), perClass: perClassPRF(all, CORE_CLAIMS), confusion: confusion(all, CORE_CLAIMS) };
}

/**
 * How wrong a prediction is, for ranking the worst errors: each topic missed
 * or added costs 3, a wrong core claim 2, a wrong modality 1 (a modality
 * difference caused only by a topic-set difference between empty and
 * non-empty is already paid for by the topic cost). 0 means fully correct.
 */
export function errorSeverity(gold: Labels, pred: Labels): number {
  let s = 0;
  for (const t of TOPICS) if (gold.topics.includes(t) !== pred.topics.includes(t)) s += 3;
  if (gold.core_claim !== pred.core_claim) s += 2;
  const bothTopical = gold.topics.length > 0 && pred.topics.length > 0;
  if (bothTopical && gold.modality !== pred.modality) s += 1;
  return s;
}

export interface SplitReport {
  n: number;
  topics: TopicScores;
  modality: ModalityScores;
  coreClaim: CoreClaimScores;
}

export function evaluate(pairs: readonly Pair[]): SplitReport {
  return { n: pairs.length, topics: topicScores(pairs), modality: modalityScores(pairs), coreClaim: coreClaimScores(pairs) };
}

// ---------------------------------------------------------------- formatting

export function fmt(x: number | null, digits = 3): string {
  return x === null || Number.isNaN(x) ? '  n/a' : x.toFixed(digits);
}

/** A plain-text table with right-aligned cells after the first column. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A confusion table as text: rows gold, columns predicted. */
export function formatConfusion(c: Confusion): string {
  const header = ['gold \\ pred', ...c.classes];
  const rows = c.classes.map((g) => [g, ...c.classes.map((p) => String(c.counts[g]![p]!))]);
  return formatTable(header, rows);
}
