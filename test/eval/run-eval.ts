/**
 * Scores the sentence classifier against the labelled evaluation set.
 *
 *   npm run eval -- [--split dev|test|all] [--json] [--errors N]
 *
 * --split   which items to score (default all: prints dev, test and all)
 * --json    machine-readable output (one JSON document on stdout)
 * --errors  how many of the worst misclassified items to list per split
 *           (default 15 in text mode, 0 in JSON mode)
 * --classifier FILE  score another module exporting classifySentence
 *           (a baseline or a stub) instead of pipeline/scoring/classify.ts
 * --rules-only  label real-set filings without the context model (the rules'
 *           share of the figures)
 *
 * The classifier is `classifySentence` from pipeline/scoring/classify.ts,
 * called as classifySentence(text, { issuerNames: [item.issuer] }).
 * Keep the `test` split for final measurements; tune on `dev`.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusDocuments, corpusSentences, DEFAULT_CORPUS_ROOT, loadDevSet, manifestCik, type EvalItem } from './dev-set.ts';
import {
  CORE_CLAIMS,
  errorSeverity,
  evaluate,
  fmt,
  formatConfusion,
  formatTable,
  MODALITIES,
  TOPICS,
  type Labels,
  type Pair,
  type SplitReport,
} from './metrics.ts';

export interface ClassifyResult {
  topics: ('mining' | 'ai_hpc' | 'grid')[];
  modality: 'fact' | 'plan' | 'hypothetical' | 'negated' | null;
  core_claim: 'mining' | 'ai_hpc' | 'none';
  terms: string[];
  /** The sentence's weight as the pipeline gives it (real-set items labelled a filing at a time). */
  weight?: number;
}
export type ClassifyFn = (text: string, ctx: { issuerNames: string[] }) => ClassifyResult;

/**
 * Imported at run time through a computed specifier so that this file does
 * not break type-checking while the classifier is being written; the output
 * is validated below instead.
 */
async function loadClassifier(path?: string): Promise<ClassifyFn> {
  const spec = path ? pathToFileURL(resolve(path)).href : new URL('../../pipeline/scoring/classify.ts', import.meta.url).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(spec)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cannot import the classifier (${spec}): ${e instanceof Error ? e.message : String(e)}`);
  }
  const fn = mod['classifySentence'];
  if (typeof fn !== 'function') throw new Error(`${spec} does not export a function classifySentence`);
  return fn as ClassifyFn;
}

/** Checks one classifier output; returns normalised labels or a problem. */
function toLabels(r: unknown): Labels | string {
  if (typeof r !== 'object' || r === null) return 'result is not an object';
  const o = r as Record<string, unknown>;
  const topics = o['topics'];
  if (!Array.isArray(topics) || !topics.every((t) => (TOPICS as readonly unknown[]).includes(t))) return `bad topics ${JSON.stringify(topics)}`;
  const m = o['modality'];
  if (m !== null && !(MODALITIES as readonly unknown[]).includes(m)) return `bad modality ${JSON.stringify(m)}`;
  const c = o['core_claim'];
  if (!(CORE_CLAIMS as readonly unknown[]).includes(c)) return `bad core_claim ${JSON.stringify(c)}`;
  return {
    topics: [...new Set(topics as Labels['topics'][number][])],
    modality: m as Labels['modality'],
    core_claim: c as Labels['core_claim'],
  };
}

interface Scored {
  item: EvalItem;
  pred: Labels;
  terms: string[];
  severity: number;
  /** The pipeline's weight of the sentence, when it was labelled a filing at a time. */
  weight?: number;
}

/**
 * How the weights agree with the labellers' `evidence` flags, over real-set sentences both labelled and
 * predicted topical: what is not evidence (forward-looking lists, cover pages, headings, table rows,
 * definitions) should weigh 0, what is evidence should not.
 */
export function evidenceWeights(scored: Scored[]): { notEvidence: number; notEvidenceWeighed: number; evidence: number; evidenceZero: number } {
  const topical = scored.filter((s) => s.item.evidence !== undefined && s.item.gold.topics.length > 0 && s.pred.topics.length > 0 && s.weight !== undefined);
  const notEvidence = topical.filter((s) => s.item.evidence === false);
  const evidence = topical.filter((s) => s.item.evidence === true);
  return {
    notEvidence: notEvidence.length,
    notEvidenceWeighed: notEvidence.filter((s) => s.weight !== 0).length,
    evidence: evidence.length,
    evidenceZero: evidence.filter((s) => s.weight === 0).length,
  };
}

function labelStr(l: Labels): string {
  const t = l.topics.length ? [...l.topics].sort().join('+') : '-';
  return `${t}/${l.modality ?? '-'}/${l.core_claim}`;
}

/** Core-claim F1: the mean of the mining and ai_hpc classes' F1 (none is the default, not a claim). */
export function coreClaimF1(r: SplitReport): number {
  return ((r.coreClaim.perClass['mining']?.f1 ?? 0) + (r.coreClaim.perClass['ai_hpc']?.f1 ?? 0)) / 2;
}

/** The errors of a split grouped by cause, largest first: what to work on next. */
export function errorsByCause(scored: Scored[]): Array<{ cause: string; count: number }> {
  const counts = new Map<string, number>();
  const add = (cause: string) => counts.set(cause, (counts.get(cause) ?? 0) + 1);
  for (const s of scored) {
    const gold = s.item.gold;
    const where = s.item.context ? ' (needs context)' : s.item.evidence === false ? ` (not evidence: ${s.item.notEvidence})` : '';
    for (const t of TOPICS) {
      if (gold.topics.includes(t) && !s.pred.topics.includes(t)) add(`missed ${t}${where}`);
      if (!gold.topics.includes(t) && s.pred.topics.includes(t)) add(`false ${t}${where}`);
    }
    if (gold.topics.length > 0 && s.pred.topics.length > 0 && gold.modality !== s.pred.modality) add(`modality ${gold.modality} read as ${s.pred.modality}`);
    if (gold.core_claim !== s.pred.core_claim) add(`core claim ${gold.core_claim}${s.item.bothCore ? ' (both)' : ''} read as ${s.pred.core_claim}`);
  }
  return [...counts].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
}

function printReport(name: string, r: SplitReport, scored: Scored[], nErrors: number, bySource: Record<string, SplitReport>): void {
  const out: string[] = [];
  out.push('', `=== split: ${name} (${r.n} items) ===`, '');
  out.push(
    formatTable(
      ['topic', 'support', 'predicted', 'precision', 'recall', 'F1'],
      TOPICS.map((t) => {
        const p = r.topics.perTopic[t];
        return [t, String(p.support), String(p.predicted), fmt(p.precision), fmt(p.recall), fmt(p.f1)];
      }),
    ),
  );
  out.push(`macro-F1 (3 topics): ${fmt(r.topics.macroF1)}    exact topic-set match: ${r.topics.exactMatch}/${r.topics.total}`);
  for (const [src, sr] of Object.entries(bySource)) {
    out.push(`  ${src.padEnd(8)} n=${String(sr.n).padEnd(4)} macro-F1 ${fmt(sr.topics.macroF1)}  modality acc (topical) ${fmt(sr.modality.onTopical.accuracy)}  core acc ${fmt(sr.coreClaim.overall.accuracy)}`);
  }
  const mt = r.modality.onTopical;
  const mo = r.modality.overall;
  out.push('', `modality accuracy, items topical in gold and prediction: ${fmt(mt.accuracy)} (${mt.correct}/${mt.total})`);
  out.push(`modality accuracy, all items, null as a class:          ${fmt(mo.accuracy)} (${mo.correct}/${mo.total})`);
  out.push(formatConfusion(r.modality.confusion));
  const ca = r.coreClaim.overall;
  out.push('', `core_claim accuracy: ${fmt(ca.accuracy)} (${ca.correct}/${ca.total})`);
  out.push(
    formatTable(
      ['core_claim', 'support', 'predicted', 'precision', 'recall', 'F1'],
      CORE_CLAIMS.map((c) => {
        const p = r.coreClaim.perClass[c]!;
        return [c, String(p.support), String(p.predicted), fmt(p.precision), fmt(p.recall), fmt(p.f1)];
      }),
    ),
  );
  out.push(formatConfusion(r.coreClaim.confusion));
  out.push(`core-claim F1 (mean of mining and ai_hpc): ${fmt(coreClaimF1(r))}`);
  const w = evidenceWeights(scored);
  if (w.notEvidence + w.evidence > 0) {
    out.push(
      `weights vs the labellers' evidence flag (topical sentences): not evidence but weighed ${w.notEvidenceWeighed}/${w.notEvidence}, evidence weighed 0 ${w.evidenceZero}/${w.evidence}`,
    );
  }
  const causes = errorsByCause(scored);
  if (causes.length > 0) {
    out.push('', 'errors by cause (largest first):');
    for (const c of causes.slice(0, 12)) out.push(`  ${String(c.count).padStart(4)}  ${c.cause}`);
  }
  if (nErrors > 0) {
    const worst = scored
      .filter((s) => s.severity > 0)
      .sort((a, b) => b.severity - a.severity || a.item.id.localeCompare(b.item.id))
      .slice(0, nErrors);
    out.push('', `worst misclassified (${worst.length} of ${scored.filter((s) => s.severity > 0).length} with any error; gold -> predicted as topics/modality/core):`);
    for (const s of worst) {
      const text = s.item.text.replace(/\s+/g, ' ');
      out.push(`  ${s.item.id}  [${s.severity}]  ${labelStr(s.item.gold)} -> ${labelStr(s.pred)}`);
      out.push(`      ${text.length > 100 ? text.slice(0, 100) + '…' : text}${s.terms.length ? `   terms: ${s.terms.slice(0, 6).join(', ')}` : ''}`);
    }
  }
  console.log(out.join('\n'));
}

/** Labels of real-set items from labelling their whole filings; `undefined` for an item it cannot place. */
async function filingLabels(items: EvalItem[], rulesOnly: boolean): Promise<(item: EvalItem) => ClassifyResult | undefined> {
  const { labelFiling } = (await import(new URL('../../pipeline/scoring/score.ts', import.meta.url).href)) as typeof import('../../pipeline/scoring/score.ts');
  const { issuerNames, knownIssuer } = (await import(new URL('../../pipeline/core/issuers.ts', import.meta.url).href)) as typeof import('../../pipeline/core/issuers.ts');
  const byPathIssuer = new Map<string, Map<string, ClassifyResult>>();
  for (const key of new Set(items.map((i) => `${i.ref!.path}\u0000${i.issuer}`))) {
    const [path, issuer] = key.split('\u0000') as [string, string];
    const sentences = await corpusSentences(path, DEFAULT_CORPUS_ROOT);
    const texts = await corpusDocuments(path, DEFAULT_CORPUS_ROOT);
    const docs = [...new Set(sentences.map((s) => s.doc))].map((doc) => ({
      documentType: sentences.find((s) => s.doc === doc)!.documentType,
      text: texts[doc],
      sentences: sentences.filter((s) => s.doc === doc).map((s) => ({ start: s.start, end: s.end, text: s.text, section: s.section, page: s.page, hash: s.hash })),
    }));
    const labels = new Map<string, ClassifyResult>();
    const cik = manifestCik(path, DEFAULT_CORPUS_ROOT);
    // The names the score stage masks (core/issuers.ts issuerNames): the filer's name and its known-issuers name.
    const names = issuerNames({ cik, key: `cik-${cik}`, name: issuer });
    labelFiling(docs, names, { knownNonMiner: cik !== null && knownIssuer(cik, `cik-${cik}`)?.miner === false, ...(rulesOnly ? { contextModel: null } : {}) }).forEach((evidence, d) => {
      const hashOf = new Map(docs[d]!.sentences.map((s) => [s.start, s.hash]));
      for (const e of evidence) {
        const hash = hashOf.get(e.start)!;
        if (!labels.has(hash)) labels.set(hash, { topics: e.topics, modality: e.modality, core_claim: e.coreClaim, terms: e.terms, weight: e.weight });
      }
    });
    byPathIssuer.set(key, labels);
  }
  const none: ClassifyResult = { topics: [], modality: null, core_claim: 'none', terms: [] };
  return (item) => byPathIssuer.get(`${item.ref!.path}\u0000${item.issuer}`)?.get(item.ref!.hash) ?? none;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      split: { type: 'string', default: 'all' },
      json: { type: 'boolean', default: false },
      errors: { type: 'string' },
      classifier: { type: 'string' },
      'rules-only': { type: 'boolean', default: false },
    },
  });
  const split = values.split;
  if (split !== 'dev' && split !== 'test' && split !== 'all') throw new Error('--split must be dev, test or all');
  const nErrors = Number(values.errors ?? (values.json ? 0 : 15));
  if (!Number.isInteger(nErrors) || nErrors < 0) throw new Error('--errors must be a non-negative integer');

  const log = (m: string): void => console.error(`[eval] ${m}`);
  const set = await loadDevSet({ log });
  const classify = await loadClassifier(values.classifier);

  // Real-set sentences are labelled as the pipeline labels them: a whole filing at a time, so what the
  // filing establishes counts (scoring/score.ts labelFiling). --classifier scores sentences alone.
  const inFiling = values.classifier ? null : await filingLabels(set.items.filter((i) => i.source === 'real'), values['rules-only']);

  const scored: Scored[] = [];
  const invalid: { id: string; problem: string }[] = [];
  for (const item of set.items) {
    if (split !== 'all' && item.split !== split) continue;
    let raw: unknown;
    try {
      raw = (item.source === 'real' ? inFiling?.(item) : undefined) ?? classify(item.text, { issuerNames: [item.issuer] });
    } catch (e) {
      raw = `threw: ${e instanceof Error ? e.message : String(e)}`;
    }
    const pred = toLabels(raw);
    if (typeof pred === 'string') {
      // An invalid output is scored as "no topic", and reported.
      invalid.push({ id: item.id, problem: pred });
      scored.push({ item, pred: { topics: [], modality: null, core_claim: 'none' }, terms: [], severity: errorSeverity(item.gold, { topics: [], modality: null, core_claim: 'none' }) });
      continue;
    }
    const terms = Array.isArray((raw as { terms?: unknown }).terms) ? ((raw as { terms: unknown[] }).terms.map(String)) : [];
    const weight = (raw as { weight?: unknown }).weight;
    scored.push({ item, pred, terms, severity: errorSeverity(item.gold, pred), ...(typeof weight === 'number' ? { weight } : {}) });
  }
  if (invalid.length) log(`${invalid.length} invalid classifier outputs (scored as no topic), e.g. ${invalid[0]!.id}: ${invalid[0]!.problem}`);

  // The headline is the real-sentence set's test split: real filing passages, split by filing, never tuned
  // on. The older set (written sentences and single corpus sentences) follows, as unit tests of traps.
  const real = scored.filter((s) => s.item.source === 'real');
  const older = scored.filter((s) => s.item.source !== 'real');
  const bySplit = (xs: Scored[], name: string) => xs.filter((s) => split === 'all' || s.item.split === split).filter((s) => name === 'all' || s.item.split === name);
  const groups: [string, Scored[]][] = [
    ...(split !== 'dev' ? ([['real filing sentences, test (headline)', bySplit(real, 'test')]] as [string, Scored[]][]) : []),
    ...(split !== 'test' ? ([['real filing sentences, dev', bySplit(real, 'dev')]] as [string, Scored[]][]) : []),
    ...(split === 'all'
      ? ([
          ['older set, dev', older.filter((s) => s.item.split === 'dev')],
          ['older set, test', older.filter((s) => s.item.split === 'test')],
        ] as [string, Scored[]][])
      : ([[`older set, ${split}`, older]] as [string, Scored[]][])),
  ].filter(([, xs]) => xs.length > 0);

  const toPairs = (xs: Scored[]): Pair[] => xs.map((s) => ({ gold: s.item.gold, pred: s.pred }));
  const reports = groups.map(([name, xs]) => {
    const bySource: Record<string, SplitReport> = {};
    for (const src of ['written', 'corpus', 'real'] as const) {
      const sub = xs.filter((s) => s.item.source === src);
      if (sub.length) bySource[src] = evaluate(toPairs(sub));
    }
    return { name, xs, report: evaluate(toPairs(xs)), bySource };
  });

  const header = {
    items: set.items.length,
    corpusRefs: set.corpusRefs,
    skippedRefs: set.skippedRefs,
    unresolvedRefs: set.unresolved.length,
    invalidOutputs: invalid.length,
  };
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          ...header,
          unresolved: set.unresolved,
          invalid,
          splits: Object.fromEntries(
            reports.map((r) => [
              r.name,
              {
                ...r.report,
                bySource: r.bySource,
                errors: r.xs
                  .filter((s) => s.severity > 0)
                  .sort((a, b) => b.severity - a.severity || a.item.id.localeCompare(b.item.id))
                  .slice(0, nErrors)
                  .map((s) => ({ id: s.item.id, severity: s.severity, gold: s.item.gold, pred: s.pred, terms: s.terms, text: s.item.text.slice(0, 100) })),
              },
            ]),
          ),
        },
        null,
        2,
      ),
    );
    return;
  }
  console.log(
    `evaluation set: ${header.items} items loaded; corpus refs ${header.corpusRefs} (skipped ${header.skippedRefs}, unresolved ${header.unresolvedRefs}); invalid classifier outputs ${header.invalidOutputs}`,
  );
  for (const u of set.unresolved.slice(0, 10)) console.log(`  unresolved ${u.id} ${u.path} ${u.hash.slice(0, 12)}: ${u.reason}`);
  if (set.unresolved.length > 10) console.log(`  ... and ${set.unresolved.length - 10} more`);
  const headline = reports.find((r) => r.name.includes('headline'));
  if (headline) {
    const h = headline.report;
    console.log(
      `headline (real filing sentences, test split, ${h.n} items): topic macro-F1 ${fmt(h.topics.macroF1)}, ai_hpc recall ${fmt(h.topics.perTopic.ai_hpc.recall)}, ` +
        `modality accuracy ${fmt(h.modality.onTopical.accuracy)}, core-claim F1 ${fmt(coreClaimF1(h))}`,
    );
  }
  if (set.leakedTestItems.length) console.log(`  (${set.leakedTestItems.length} real test sentences left out: tuned on as dev-set.jsonl dev items)`);
  for (const r of reports) printReport(r.name, r.report, r.xs, nErrors, r.bySource);
  await (await import('./revenue-validation.ts')).printRevenueValidation(); // the text measure against revenue (docs/SCORING.md)
}

main().catch((e: unknown) => {
  console.error(`[eval] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
