/** The claim verdicts as Markdown, for a pull request, an issue or a notebook. Pure. */
import type { ClaimsReport } from '../claims/index.ts';
import { numberLabel } from './labels.ts';

/** Text safe inside a Markdown paragraph or table cell. */
function md(value: unknown): string {
  return String(value ?? '–')
    .replace(/\s+/g, ' ')
    .replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

export function renderMarkdownReport(report: ClaimsReport): string {
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
  return `${lines.join('\n').trimEnd()}\n`;
}
