/** The pivot in numbers of one issuer as text, as `facts` prints it and `show` summarises it. */
import { type IssuerFacts, type MixPeriod } from '../../analysis/report/pivot-numbers.ts';
import { BUSINESS_LINES } from '../../core/vocabulary.ts';
import { renderTable, wrapLine } from './format.ts';

export { loadIssuerFacts, type IssuerFacts } from '../../analysis/report/pivot-numbers.ts';

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
  if (periods.length === 0) out.push(wrapLine('revenue mix: no tagged revenue breakdown in the stored filings (inline XBRL)', width));
  else {
    out.push(wrapLine(`revenue mix (inline XBRL, share of revenue${brief && periods.length > shown.length ? `; last ${shown.length} of ${periods.length} periods` : ''}):`, width));
    const line = (p: MixPeriod, name: string) => p.lines.find((l) => l.line === name && l.kind === 'revenue');
    out.push(
      renderTable(
        shown,
        [
          { header: 'period', value: (p) => `${p.periodEnd} ${p.periodKind === 'year' ? 'FY' : 'Q'}` },
          { header: 'form', value: (p) => p.form, drop: 4 },
          { header: 'revenue', value: (p) => money(p.total, p.unit.replace('iso4217:', '')), align: 'right' },
          ...BUSINESS_LINES.map((name) => ({ header: name, value: (p: MixPeriod) => pct(line(p, name)?.share), align: 'right' as const, ...(name === 'grid' ? { drop: 3 } : {}) })),
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
  if (f.deals.length === 0) out.push(wrapLine('deals: none found in ai_hpc sentences', width));
  else {
    out.push('deals (from ai_hpc sentences):');
    out.push(
      renderTable(
        f.deals,
        [
          { header: 'date', value: (d) => d.firstDate },
          { header: 'counterparty', value: (d) => d.counterparty, shrink: { min: 8 } },
          { header: 'kind', value: (d) => d.kind, shrink: { min: 5 }, drop: 4 },
          { header: 'MW', value: (d) => (d.mw === null ? null : `${d.mw}${d.mwBasis ? ` ${d.mwBasis}` : ''}`), align: 'right', shrink: { min: 4 } },
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
