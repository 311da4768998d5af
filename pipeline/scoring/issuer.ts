/**
 * Per-issuer view over its scored filings: the timeline, the latest pivot
 * index, the change against the previous comparable filing, and the first
 * AI/HPC fact. Pure: the store stage feeds it rows and writes the result.
 */

export interface IssuerFilingPoint {
  filingId: number;
  form: string;
  /** Period end for periodic reports, else the filing date. */
  date: string | null;
  pivotIndex: number;
  miningMass: number;
  aiHpcMass: number;
  miningSentences: number;
  aiHpcSentences: number;
  gridSentences: number;
  coreMining: number;
  coreAiHpc: number;
  /** Earliest date of an ai_hpc fact in this filing (its date), if any. */
  aiHpcFactDate: string | null;
  aiHpcFactSentenceId: number | null;
}

export interface IssuerSummary {
  filings: number;
  latestFilingId: number | null;
  latestDate: string | null;
  latestPivotIndex: number | null;
  previousFilingId: number | null;
  pivotChange: number | null;
  firstAiHpcFactDate: string | null;
  firstAiHpcFactSentenceId: number | null;
  miningSentences: number;
  aiHpcSentences: number;
  gridSentences: number;
  coreMining: number;
  coreAiHpc: number;
}

/**
 * Form families whose filings are comparable with each other. Annual and
 * quarterly reports describe the whole business; current reports and
 * prospectuses describe one event, so they only stand in when nothing else exists.
 */
export function formFamily(form: string): 'annual' | 'quarterly' | 'current' | 'other' {
  const f = form.toUpperCase().replace(/\/A$/, '');
  if (/^(10-K|10-KT|20-F|40-F|AIF|ANNUAL-REPORT|ANNUAL REPORT)$/.test(f)) return 'annual';
  if (/^(10-Q|MD&A|INTERIM-REPORT)$/.test(f)) return 'quarterly';
  if (/^(8-K|6-K|EX-99.*|PRESS-RELEASE|PRESS RELEASE)$/.test(f)) return 'current';
  return 'other';
}

const byDate = (a: IssuerFilingPoint, b: IssuerFilingPoint) =>
  (a.date ?? '').localeCompare(b.date ?? '') || a.filingId - b.filingId;

/** Summarises an issuer's filings; `points` in any order. */
export function summarizeIssuer(points: ReadonlyArray<IssuerFilingPoint>): IssuerSummary {
  const sorted = [...points].sort(byDate);
  const informative = (p: IssuerFilingPoint) => p.miningMass + p.aiHpcMass > 0;
  const periodic = sorted.filter((p) => formFamily(p.form) === 'annual' || formFamily(p.form) === 'quarterly');
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
  const sum = (key: keyof IssuerFilingPoint) => points.reduce((acc, p) => acc + (p[key] as number), 0);
  return {
    filings: points.length,
    latestFilingId: latest?.filingId ?? null,
    latestDate: latest?.date ?? null,
    latestPivotIndex: latest?.pivotIndex ?? null,
    previousFilingId: previous?.filingId ?? null,
    pivotChange: latest && previous ? Math.round((latest.pivotIndex - previous.pivotIndex) * 1e6) / 1e6 : null,
    firstAiHpcFactDate: firstFact?.aiHpcFactDate ?? null,
    firstAiHpcFactSentenceId: firstFact?.aiHpcFactSentenceId ?? null,
    miningSentences: sum('miningSentences'),
    aiHpcSentences: sum('aiHpcSentences'),
    gridSentences: sum('gridSentences'),
    coreMining: sum('coreMining'),
    coreAiHpc: sum('coreAiHpc'),
  };
}
