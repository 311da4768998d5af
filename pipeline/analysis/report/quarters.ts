/**
 * The pivot index per issuer and calendar quarter, with an interval that shows how much evidence it rests
 * on. Pure: timeline rows in, one point per issuer-quarter with evidence out (a quarter without evidence has
 * no point: a gap, never a zero).
 */
import type { TimelineRow } from '../../../db/analyst.ts';
import { PIVOT_PSEUDO_COUNT, pivotIndex } from '../../scoring/score.ts';

export interface QuarterPoint {
  /** `2024-Q3` */
  quarter: string;
  /** The quarter's last day, for placing it on a time axis. */
  end: string;
  /** Pivot index of the quarter's filings together: their ai_hpc and mining masses summed. */
  pivot: number;
  /** An 80% interval of the pivot index (a Beta posterior over the weighted sentences). */
  low: number;
  high: number;
  /** Weighted sentences of the two topics: what the point rests on. */
  mass: number;
  filings: number;
  forms: string[];
}

/** `2024-08-07` -> `2024-Q3`. */
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** `2024-Q3` -> `2024-09-30`. */
export function quarterEnd(quarter: string): string {
  const year = quarter.slice(0, 4);
  return { Q1: `${year}-03-31`, Q2: `${year}-06-30`, Q3: `${year}-09-30`, Q4: `${year}-12-31` }[quarter.slice(5)] ?? `${year}-12-31`;
}

/** Every quarter from `first` to `last`, inclusive. */
export function quarterRange(first: string, last: string): string[] {
  const out: string[] = [];
  let year = Number(first.slice(0, 4));
  let q = Number(first.slice(6));
  const endYear = Number(last.slice(0, 4));
  const endQ = Number(last.slice(6));
  while (year < endYear || (year === endYear && q <= endQ)) {
    out.push(`${year}-Q${q}`);
    q += 1;
    if (q > 4) {
      q = 1;
      year += 1;
    }
  }
  return out;
}

/**
 * The 80% interval of P = 2θ - 1 with θ ~ Beta(A + a, M + a), whose mean is the pivot index itself
 * (A, M the ai_hpc and mining masses, a the pseudo-count). A normal approximation is close enough for a
 * band on a chart; it is clipped to [-1, 1].
 */
export function pivotInterval(aiHpcMass: number, miningMass: number, a = PIVOT_PSEUDO_COUNT): { low: number; high: number } {
  const alpha = Math.max(0, aiHpcMass) + a;
  const beta = Math.max(0, miningMass) + a;
  const n = alpha + beta;
  const mean = alpha / n;
  const sd = Math.sqrt((alpha * beta) / (n * n * (n + 1)));
  const clip = (x: number) => Math.max(-1, Math.min(1, x));
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { low: round(clip(2 * (mean - 1.2816 * sd) - 1)), high: round(clip(2 * (mean + 1.2816 * sd) - 1)) };
}

/** Per issuer, its quarters with evidence, in time order. */
export function quarterlyPivots(timeline: ReadonlyArray<TimelineRow>): Map<number, QuarterPoint[]> {
  const groups = new Map<number, Map<string, TimelineRow[]>>();
  for (const t of timeline) {
    if (!t.period) continue;
    const quarters = groups.get(t.issuerId) ?? new Map<string, TimelineRow[]>();
    const q = quarterOf(t.period);
    quarters.set(q, [...(quarters.get(q) ?? []), t]);
    groups.set(t.issuerId, quarters);
  }
  const out = new Map<number, QuarterPoint[]>();
  for (const [issuerId, quarters] of groups) {
    const points: QuarterPoint[] = [];
    for (const [quarter, rows] of [...quarters].sort(([a], [b]) => a.localeCompare(b))) {
      const ai = rows.reduce((s, r) => s + Math.max(0, r.aiHpcMass), 0);
      const mining = rows.reduce((s, r) => s + Math.max(0, r.miningMass), 0);
      if (ai + mining <= 0) continue;
      points.push({
        quarter,
        end: quarterEnd(quarter),
        pivot: pivotIndex(ai, mining),
        ...pivotInterval(ai, mining),
        mass: Math.round((ai + mining) * 10) / 10,
        filings: rows.length,
        forms: [...new Set(rows.map((r) => r.form))],
      });
    }
    out.set(issuerId, points);
  }
  return out;
}
