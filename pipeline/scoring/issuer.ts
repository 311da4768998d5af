/**
 * Per-issuer view over its scored filings: the timeline, the latest pivot
 * index, the change against the previous comparable filing, and the first
 * AI/HPC fact. Pure: the store stage feeds it rows and writes the result.
 */
import { formFamily, isPeriodic } from '../core/forms.ts';
import type { IssuerFilingPoint, IssuerSummary } from '../core/issuer-summary.ts';
import { PIVOT, perTopic, type Topic } from '../core/vocabulary.ts';

export type { IssuerFilingPoint, IssuerSummary, TopicPoint } from '../core/issuer-summary.ts';

/**
 * "Latest" and "change" rest only on filings with at least this much evidence (mining + ai_hpc mass, in
 * weighted sentences): a pricing supplement or a cover-only 8-K with two sentences says nothing of where
 * the business stands. Without any such filing, any filing with evidence stands in.
 */
export const MIN_LATEST_EVIDENCE = 5;

const byDate = (a: IssuerFilingPoint, b: IssuerFilingPoint) =>
  (a.date ?? '').localeCompare(b.date ?? '') || a.filingId - b.filingId;

/** Summarises an issuer's filings; `points` in any order. */
export function summarizeIssuer(points: ReadonlyArray<IssuerFilingPoint>): IssuerSummary {
  const sorted = [...points].sort(byDate);
  const evidence = (p: IssuerFilingPoint) => Math.max(0, p.topics[PIVOT.from].mass) + Math.max(0, p.topics[PIVOT.to].mass);
  const substantial = sorted.some((p) => evidence(p) >= MIN_LATEST_EVIDENCE);
  const informative = (p: IssuerFilingPoint) => (substantial ? evidence(p) >= MIN_LATEST_EVIDENCE : evidence(p) > 0);
  const periodic = sorted.filter((p) => isPeriodic(p.form));
  // Latest: the newest periodic report with evidence, else the newest filing with evidence, else the newest.
  const latest =
    periodic.filter(informative).at(-1) ?? sorted.filter(informative).at(-1) ?? sorted.at(-1) ?? null;

  let previous: IssuerFilingPoint | null = null;
  if (latest) {
    const family = formFamily(latest.form);
    previous =
      sorted.filter((p) => p !== latest && formFamily(p.form) === family && byDate(p, latest) < 0 && informative(p)).at(-1) ??
      null;
  }

  const firstFact = sorted.find((p) => p.aiHpcFactDate !== null) ?? null;
  const sum = (topic: Topic, key: 'sentences' | 'coreClaims') => points.reduce((acc, p) => acc + p.topics[topic][key], 0);
  return {
    filings: points.length,
    latestFilingId: latest?.filingId ?? null,
    latestDate: latest?.date ?? null,
    latestPivotIndex: latest?.pivotIndex ?? null,
    previousFilingId: previous?.filingId ?? null,
    pivotChange: latest && previous ? Math.round((latest.pivotIndex - previous.pivotIndex) * 1e6) / 1e6 : null,
    firstAiHpcFactDate: firstFact?.aiHpcFactDate ?? null,
    firstAiHpcFactSentenceId: firstFact?.aiHpcFactSentenceId ?? null,
    topics: perTopic((t) => ({ sentences: sum(t, 'sentences'), coreClaims: sum(t, 'coreClaims') })),
  };
}
