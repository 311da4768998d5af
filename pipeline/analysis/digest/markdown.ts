/** The digest of a batch as Markdown: what an analyst reads on Monday morning. Pure. */
import type { Digest } from './digest.ts';

function md(value: unknown): string {
  return String(value ?? '–')
    .replace(/\s+/g, ' ')
    .replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

const signed = (x: number | null) => (x === null ? 'new' : `${x > 0 ? '+' : ''}${x.toFixed(3)}`);

export function renderDigestMarkdown(d: Digest): string {
  const stored = d.newFilings.filter((f) => f.status === 'stored').length;
  const lines = [
    `# Batch digest ${d.finishedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${d.issuers} issuer(s) asked on EDGAR (${d.mode}); ${d.newFilings.length} new filing(s), ${stored} stored, ` +
      `${d.failures.length} failure(s); scorer \`${d.scorerVersion}\`.`,
  ];
  if (d.newFilings.length === 0 && d.failures.length === 0) lines.push('', 'Nothing new: no filing was fetched and the database is unchanged.');

  if (d.pivotMoves.length > 0) {
    lines.push('', '## Pivot index moved', '', '| issuer | from | to | change | on filing |', '| --- | --- | --- | --- | --- |');
    for (const m of d.pivotMoves) {
      lines.push(`| ${md(m.ticker ?? m.issuer)} | ${m.from?.toFixed(3) ?? '–'} | ${m.to.toFixed(3)} | ${signed(m.change)} | ${md([m.form, m.date, m.filing].filter(Boolean).join(' '))} |`);
    }
  }
  if (d.firstAiHpcFacts.length > 0) {
    lines.push('', '## First AI/HPC facts', '');
    for (const f of d.firstAiHpcFacts) lines.push(`- **${md(f.ticker ?? f.issuer)}** (${md(f.filing)}, ${md(f.date)}): ${md(f.text)}`);
  }
  if (d.coreClaims.length > 0) {
    lines.push('', '## New core-business claims', '');
    for (const c of d.coreClaims) lines.push(`- **${md(c.ticker)}** ${md(c.form)} ${md(c.date)}, core ${md(c.claim)}: ${md(c.text)}${c.url ? ` ([EDGAR](${c.url}))` : ''}`);
  }
  if (d.newFilings.length > 0) {
    lines.push('', '## New filings', '', '| issuer | form | filed | filing | status | pivot index |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of d.newFilings) {
      const status = f.status === 'duplicate' ? `duplicate of ${f.duplicateOf}` : f.status;
      lines.push(`| ${md(f.ticker ?? f.issuer)} | ${md(f.form)} | ${md(f.filedAt)} | [${md(f.filing)}](${f.url}) | ${md(status)} | ${f.pivotIndex?.toFixed(3) ?? '–'} |`);
    }
  }
  if (d.failures.length > 0) {
    lines.push('', '## Failures', '');
    for (const f of d.failures) lines.push(`- ${md(f.ticker ?? f.issuer)} ${md(f.form ?? '')} ${md(f.filing ?? '(discovery)')} at ${md(f.stage)}: ${md(f.reason)}`.replace(/\s+/g, ' '));
  }
  if (d.sedarOnly.length > 0) {
    lines.push('', `SEDAR+ only, not asked on EDGAR (add their documents with \`minerpivot add\`): ${d.sedarOnly.map((s) => `${md(s.ticker)} (${md(s.name)})`).join(', ')}.`);
  }
  if (d.claimsReport.length > 0) lines.push('', `Claims report refreshed: ${d.claimsReport.map((p) => md(p)).join(', ')}.`);
  return `${lines.join('\n')}\n`;
}
