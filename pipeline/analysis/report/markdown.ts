/** The claim verdicts as Markdown, for a pull request, an issue or a notebook. Pure. */
import type { ClaimsReport } from '../claims/index.ts';
import { leaveOneOutText, numberLabel } from './labels.ts';
import type { IssuerFacts } from './pivot-numbers.ts';

/** Text safe inside a Markdown paragraph or table cell. */
function md(value: unknown): string {
  return String(value ?? '–')
    .replace(/\s+/g, ' ')
    .replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

const usd = (v: number | null) => (v === null ? '–' : Math.abs(v) >= 1e9 ? `$${(v / 1e9).toFixed(2)}bn` : Math.abs(v) >= 1e6 ? `$${(v / 1e6).toFixed(1)}m` : `$${Math.round(v)}`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);

/**
 * Per issuer with any: its stage, its latest revenue mix and its deals; miners first, then the issuers that
 * are not miners, marked so (a chip maker's data-center revenue is no miner's AI/HPC pivot).
 */
function pivotNumbers(numbers: readonly IssuerFacts[], miners: ClaimsReport['miners']): string[] {
  const nonMiners = new Set(miners.filter((m) => !m.miner).map((m) => m.issuer));
  const isMiner = (f: IssuerFacts) => !nonMiners.has(f.issuerName);
  const withAny = numbers.filter((f) => f.stage || f.revenueMix.length || f.deals.length);
  const shown = [...withAny.filter(isMiner), ...withAny.filter((f) => !isMiner(f))];
  if (shown.length === 0) return [];
  const lines = ['', '## The pivot in numbers', '', 'Stage of the pivot, latest revenue mix (inline XBRL, share of revenue) and AI/HPC deals per issuer, miners first; `minerpivot facts --json` traces every figure to its fact or sentence.', ''];
  lines.push('| issuer | stage | since | latest mix (period: mining / ai_hpc / grid / other) | deals |', '| --- | --- | --- | --- | --- |');
  for (const f of shown) {
    const latest = f.revenueMix.filter((p) => p.periodKind === 'year' || p.periodKind === 'quarter').at(-1);
    const share = (line: string) => pct(latest?.lines.find((l) => l.line === line && l.kind === 'revenue')?.share ?? (latest ? 0 : null));
    const mix = latest ? `${latest.periodEnd} ${latest.form}: ${share('mining')} / ${share('ai_hpc')} / ${share('grid')} / ${share('other')} of ${usd(latest.total)}` : 'no tagged breakdown';
    const deals = f.deals.map((d) => [d.counterparty, d.kind, d.mw !== null ? `${d.mw} MW` : null, d.value !== null ? usd(d.value) : null, d.termYears !== null ? `${d.termYears} y` : null].filter(Boolean).join(' ')).join('; ') || '–';
    lines.push(`| ${md(f.tickers ?? f.issuerName)}${isMiner(f) ? '' : ' (not a miner)'} | ${md(f.stage?.stage ?? 'none')} | ${md(f.stage ? `${f.stage.form} ${f.stage.date ?? ''}` : '–')} | ${md(mix)} | ${md(deals)} |`);
  }
  return lines;
}

export function renderMarkdownReport(report: ClaimsReport, numbers: readonly IssuerFacts[] = []): string {
  const c = report.coverage;
  const lines: string[] = [
    '# Do the filings support what the news says?',
    '',
    `${c.issuers} issuer(s), ${c.miners} of them miners, ${c.filings} scored filing(s) from ${c.firstPeriod ?? '–'} to ${c.lastPeriod ?? '–'}; scorer \`${report.scorerVersion}\`.`,
    '',
    '| # | claim | verdict |',
    '| --- | --- | --- |',
    ...report.claims.map((x) => `| ${x.id} | ${md(x.claim)} | **${x.verdict}** |`),
  ];
  for (const claim of report.claims) {
    lines.push('', `## ${claim.id}. ${md(claim.claim)}`, '', `**${claim.verdict}**: ${md(claim.summary)}`, '', `How it is checked: ${md(claim.test)}`, '');
    if (claim.leaveOneOut) lines.push(md(leaveOneOutText(claim)), '');
    for (const [key, value] of Object.entries(claim.numbers)) {
      if (Array.isArray(value)) {
        lines.push(`- ${md(numberLabel(key))}:`);
        for (const row of value) lines.push(`  - ${Object.entries(row).map(([k, v]) => `${md(numberLabel(k))} ${v ?? '–'}`).join(', ')}`);
      } else lines.push(`- ${md(numberLabel(key))}: ${value ?? '–'}`);
    }
    if (claim.issuers.length) {
      lines.push('', '| issuer | meets | detail |', '| --- | --- | --- |');
      for (const i of claim.issuers) lines.push(`| ${md(i.ticker ?? i.issuer)} | ${i.meets ? 'yes' : 'no'} | ${md(i.detail)} |`);
    }
    if (claim.evidence.length) {
      lines.push('', 'Evidence:', '');
      for (const x of claim.evidence) {
        const where = [x.ticker ?? x.issuer, x.form, x.date ?? 'undated', x.accession, x.sectionTitle ?? x.section ?? 'section unknown', x.page ? `p. ${x.page}` : null]
          .filter(Boolean)
          .join(', ');
        const link = x.link ? ` ([EDGAR](${x.link}))` : '';
        lines.push(`> ${md(x.text)}`, `> — ${md(where)}${link}${x.stance === 'against' ? ' (runs against the claim)' : ''}`, '');
      }
    }
  }
  lines.push(...pivotNumbers(numbers, report.miners));
  return `${lines.join('\n').trimEnd()}\n`;
}
