/**
 * The pivot in numbers per issuer, read from the database for `facts`, `show` and the claims report: the
 * stage reached and what set it, the revenue mix per filing and period (each line with its XBRL facts),
 * the deals (each figure with its sentence).
 */
import type { Db } from '../../../db/open.ts';
import { dealRows, issuerStages, revenueMixRows, stageTimeline, type DealRow, type MixFactRef, type RevenueMixRow, type StageRow } from '../../../db/facts.ts';

/** One filing's revenue by line for one period. */
export interface MixPeriod {
  filingKey: string;
  form: string;
  accession: string | null;
  periodStart: string;
  periodEnd: string;
  periodKind: string;
  total: number;
  unit: string;
  concept: string;
  axis: string;
  reconciles: boolean;
  lines: Array<{ line: string; kind: 'revenue' | 'credit'; amount: number; share: number | null; facts: MixFactRef[] }>;
}

export interface IssuerFacts {
  issuerId: number;
  tickers: string | null;
  issuerName: string;
  /** The highest stage reached and the first filing that showed it; null when no filing shows one. */
  stage: StageRow | null;
  /** Per filing, the stage it shows and the stage reached by its date. */
  stages: StageRow[];
  /** Oldest first; empty when no filing has a tagged breakdown (PDF, plain text, untagged HTML). */
  revenueMix: MixPeriod[];
  deals: DealRow[];
}

export function groupMix(rows: readonly RevenueMixRow[]): MixPeriod[] {
  const periods = new Map<string, MixPeriod>();
  for (const r of rows) {
    const key = `${r.filingKey}|${r.periodStart}|${r.periodEnd}`;
    const p =
      periods.get(key) ??
      {
        filingKey: r.filingKey, form: r.form, accession: r.accession, periodStart: r.periodStart, periodEnd: r.periodEnd,
        periodKind: r.periodKind, total: r.total, unit: r.unit, concept: r.concept, axis: r.axis, reconciles: r.reconciles, lines: [],
      };
    p.lines.push({ line: r.line, kind: r.kind, amount: r.amount, share: r.share, facts: r.facts });
    periods.set(key, p);
  }
  return [...periods.values()];
}

/** The pivot in numbers of one issuer (`issuerId`), or of every issuer that has any (null). */
export function loadIssuerFacts(db: Db, scorerVersion: string, issuerId: number | null): IssuerFacts[] {
  const mix = revenueMixRows(db, issuerId);
  const deals = dealRows(db, scorerVersion, issuerId);
  const stages = stageTimeline(db, scorerVersion, issuerId);
  const top = issuerStages(db, scorerVersion, issuerId);
  const names = new Map<number, { tickers: string | null; issuerName: string }>();
  for (const r of [...mix, ...deals]) names.set(r.issuerId, { tickers: r.tickers, issuerName: r.issuerName });
  const ids = new Set<number>([...mix.map((m) => m.issuerId), ...deals.map((d) => d.issuerId), ...stages.map((s) => s.issuerId)]);
  if (issuerId !== null) ids.add(issuerId);
  const issuerRow = db.prepare(`SELECT NULLIF(tickers, '') AS tickers, name AS issuerName FROM issuers WHERE id = ?`);
  return [...ids]
    .map((id) => {
      const name = names.get(id) ?? (issuerRow.get(id) as { tickers: string | null; issuerName: string } | undefined) ?? { tickers: null, issuerName: String(id) };
      return {
        issuerId: id,
        ...name,
        stage: top.find((s) => s.issuerId === id) ?? null,
        stages: stages.filter((s) => s.issuerId === id),
        revenueMix: groupMix(mix.filter((m) => m.issuerId === id)),
        deals: deals.filter((d) => d.issuerId === id),
      };
    })
    .sort((a, b) => (a.tickers ?? a.issuerName).localeCompare(b.tickers ?? b.issuerName));
}
