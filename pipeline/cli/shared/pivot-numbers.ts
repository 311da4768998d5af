/**
 * The pivot in numbers of one issuer, as `facts` prints it and `show` summarises it: the stage reached
 * and what set it, the revenue mix per filing and period (each line with its XBRL facts), the deals (each
 * figure with its sentence).
 */
import type { Db } from '../../../db/open.ts';
import { dealRows, issuerStages, revenueMixRows, stageTimeline, type DealRow, type MixFactRef, type RevenueMixRow, type StageRow } from '../../../db/facts.ts';
import { BUSINESS_LINES } from '../../core/vocabulary.ts';
import { renderTable, wrapLine } from './format.ts';

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

const money = (value: number | null, currency = 'USD') => {
  if (value === null) return null;
  const sign = currency === 'USD' ? '$' : `${currency} `;
  const abs = Math.abs(value);
  return abs >= 1e9 ? `${sign}${(value / 1e9).toFixed(2)}bn` : abs >= 1e6 ? `${sign}${(value / 1e6).toFixed(1)}m` : `${sign}${Math.round(value).toLocaleString('en-US')}`;
};
const pct = (share: number | null | undefined) => (share === null || share === undefined ? null : `${(share * 100).toFixed(1)}%`);

/** One line naming the stage and what set it. */
export function stageLine(f: IssuerFacts): string {
  if (!f.stage) return 'stage of the pivot: none shown (no AI/HPC plan, build, contract or revenue in the filings)';
  const s = f.stage;
  return `stage of the pivot: ${s.stage} (first in ${s.form} ${s.date ?? 'undated'}): ${s.reason}${s.sentence ? `: "${s.sentence}"` : ''}`;
}

/** Text block of an issuer's pivot in numbers; `brief` keeps the last four periods and deals only (for `show`). */
export function renderIssuerFacts(f: IssuerFacts, width: number, brief = false): string[] {
  const out: string[] = [wrapLine(stageLine(f), width)];
  // The periods a reader compares: a 10-K's year and a 10-Q's quarter (the year to date is in --json).
  const periods = f.revenueMix.filter((p) => p.periodKind === 'year' || p.periodKind === 'quarter');
  const shown = brief ? periods.slice(-4) : periods;
  if (periods.length === 0) out.push('revenue mix: no tagged revenue breakdown in the stored filings (inline XBRL)');
  else {
    out.push(`revenue mix (inline XBRL, share of revenue${brief && periods.length > shown.length ? `; last ${shown.length} of ${periods.length} periods` : ''}):`);
    const line = (p: MixPeriod, name: string) => p.lines.find((l) => l.line === name && l.kind === 'revenue');
    out.push(
      renderTable(
        shown,
        [
          { header: 'period', value: (p) => `${p.periodEnd} ${p.periodKind === 'year' ? 'FY' : 'Q'}` },
          { header: 'form', value: (p) => p.form },
          { header: 'revenue', value: (p) => money(p.total, p.unit.replace('iso4217:', '')), align: 'right' },
          ...BUSINESS_LINES.map((name) => ({ header: name, value: (p: MixPeriod) => pct(line(p, name)?.share), align: 'right' as const })),
          { header: 'credits', value: (p) => p.lines.filter((l) => l.kind === 'credit').map((l) => `${l.line} ${money(l.amount)}`).join(', ') || null, drop: 2 },
          { header: 'sums', value: (p) => (p.reconciles ? 'yes' : 'no'), drop: 1 },
        ],
        { width: width - 2 },
      )
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  if (f.deals.length === 0) out.push('deals: none found in ai_hpc sentences');
  else {
    out.push('deals (from ai_hpc sentences):');
    out.push(
      renderTable(
        f.deals,
        [
          { header: 'date', value: (d) => d.firstDate },
          { header: 'counterparty', value: (d) => d.counterparty, shrink: { min: 8 } },
          { header: 'kind', value: (d) => d.kind, shrink: { min: 5 } },
          { header: 'MW', value: (d) => (d.mw === null ? null : `${d.mw}${d.mwBasis ? ` ${d.mwBasis}` : ''}`), align: 'right' },
          { header: 'value', value: (d) => money(d.value, d.currency ?? 'USD'), align: 'right' },
          { header: 'years', value: (d) => (d.termYears === null ? null : String(d.termYears)), align: 'right' },
          { header: 'site', value: (d) => d.site, drop: 2 },
          { header: 'signed', value: (d) => (d.signed ? 'yes' : 'no'), drop: 1 },
          { header: 'mentions', value: (d) => String(d.mentions.length), align: 'right', drop: 3 },
        ],
        { width: width - 2 },
      )
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  return out;
}
