/**
 * The analyst report as one self-contained HTML file: the claim verdicts with their numbers and citations,
 * per issuer an inline SVG chart of the pivot index over time and one of mining against ai_hpc mass, and an
 * evidence table. No script, no external asset (it opens offline, from a mail attachment too); every piece of
 * text from the database is escaped.
 */
import type { IssuerLatestRow, TimelineRow } from '../../../db/analyst.ts';
import type { ClaimsReport, Verdict } from '../claims/index.ts';
import { escapeHtml as e } from './escape.ts';
import { lineChart } from './svg.ts';

export interface ReportInput {
  report: ClaimsReport;
  issuers: IssuerLatestRow[];
  timeline: TimelineRow[];
}

const VERDICT_CLASS: Record<Verdict, string> = {
  supported: 'v-supported',
  partly: 'v-partly',
  'not supported': 'v-not-supported',
  'not enough data': 'v-not-enough',
};

const COLORS = { pivot: '#6a3d9a', mining: '#d95f02', aiHpc: '#1b9e77' };

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#222}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:15px;margin:4px 0}
.meta{color:#555}.claim{border:1px solid #ddd;border-radius:6px;padding:8px 14px;margin:12px 0}
.verdict{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px;text-transform:uppercase}
.v-supported{background:#d6f5d6;color:#145214}.v-partly{background:#fff1c2;color:#6b5200}
.v-not-supported{background:#fbd5d5;color:#7a1010}.v-not-enough{background:#e4e4e4;color:#333}
table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.issuers{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:12px}
.issuer{border:1px solid #ddd;border-radius:6px;padding:8px}.charts{display:flex;flex-wrap:wrap;gap:4px}
.chart-title{font-size:12px;font-weight:600}.chart-tick,.chart-legend{font-size:10px;fill:#444}.chart-empty{font-size:12px;fill:#888}
.chart-frame{fill:#fcfcfc;stroke:#ccc}.chart-grid{stroke:#eee}.chart-baseline{stroke:#888;stroke-dasharray:3 3}
blockquote{margin:4px 0 4px 8px;padding-left:8px;border-left:3px solid #ccc}.against{border-left-color:#d9534f}
.yes{color:#145214}.no{color:#7a1010}.small{font-size:12px;color:#555}
`;

const num = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined ? '–' : value > 0 && digits === 3 ? `+${value.toFixed(digits)}` : value.toFixed(digits);

function numbersTable(numbers: ClaimsReport['claims'][number]['numbers']): string {
  const rows: string[] = [];
  for (const [key, value] of Object.entries(numbers)) {
    if (Array.isArray(value)) {
      const cols = Object.keys(value[0] ?? {});
      rows.push(
        `<tr><th>${e(key)}</th><td><table><tr>${cols.map((c) => `<th>${e(c)}</th>`).join('')}</tr>${value
          .map((r) => `<tr>${cols.map((c) => `<td class="num">${e(r[c] ?? '–')}</td>`).join('')}</tr>`)
          .join('')}</table></td></tr>`,
      );
    } else rows.push(`<tr><th>${e(key)}</th><td class="num">${e(value ?? '–')}</td></tr>`);
  }
  return `<table class="numbers">${rows.join('')}</table>`;
}

function citation(c: ClaimsReport['claims'][number]['evidence'][number]): string {
  const where = [c.ticker ?? c.issuer, c.form, c.date ?? 'undated', c.accession, c.sectionTitle ?? c.section ?? 'section unknown', c.page ? `p. ${c.page}` : null]
    .filter(Boolean)
    .join(' · ');
  return `<blockquote class="${c.stance === 'against' ? 'against' : 'supports'}">${e(c.text)}<br><span class="small">${e(where)}${
    c.stance === 'against' ? ' · runs against the claim' : ''
  }${sourceLink(c)}</span></blockquote>`;
}

/** A link to the filing on EDGAR when there is one, else where the document was read from. */
function sourceLink(c: { link: string | null; source: string }): string {
  return c.link ? ` · <a href="${e(c.link)}">on EDGAR</a>` : ` · <span class="path">${e(c.source)}</span>`;
}

function claimsSection(report: ClaimsReport): string {
  return report.claims
    .map(
      (c) => `<div class="claim" id="claim-${c.id}">
<h3>${c.id}. ${e(c.claim)}</h3>
<p><span class="verdict ${VERDICT_CLASS[c.verdict]}">${e(c.verdict)}</span> ${e(c.summary)}</p>
<p class="small">How it is checked: ${e(c.test)}</p>
${numbersTable(c.numbers)}
${
  c.issuers.length
    ? `<table><tr><th>issuer</th><th>meets</th><th>detail</th></tr>${c.issuers
        .map(
          (i) =>
            `<tr><td>${e(i.ticker ?? i.issuer)}</td><td class="${i.meets ? 'yes' : 'no'}">${i.meets ? 'yes' : 'no'}</td><td>${e(i.detail)}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
${c.evidence.map(citation).join('\n')}
</div>`,
    )
    .join('\n');
}

function issuerCharts(issuer: IssuerLatestRow, timeline: TimelineRow[]): string {
  const dated = timeline.filter((t) => t.period !== null);
  const label = (t: TimelineRow) => `${t.form}`;
  const pivot = lineChart(
    [{ name: 'pivot index', color: COLORS.pivot, points: dated.map((t) => ({ date: t.period!, value: t.pivotIndex, label: label(t) })) }],
    { title: 'Pivot index over time', yMin: -1, yMax: 1, baseline: 0, yTicks: [-1, -0.5, 0, 0.5, 1], className: 'chart chart-pivot' },
  );
  const mass = lineChart(
    [
      { name: 'mining', color: COLORS.mining, points: dated.map((t) => ({ date: t.period!, value: Math.max(0, t.miningMass), label: label(t) })) },
      { name: 'ai_hpc', color: COLORS.aiHpc, points: dated.map((t) => ({ date: t.period!, value: Math.max(0, t.aiHpcMass), label: label(t) })) },
    ],
    { title: 'Mining vs AI/HPC mass', className: 'chart chart-mass' },
  );
  const name = issuer.ticker ? `${issuer.ticker} · ${issuer.issuerName}` : issuer.issuerName;
  return `<section class="issuer" id="issuer-${e(issuer.issuerKey)}" data-issuer="${e(issuer.issuerKey)}">
<h3>${e(name)}</h3>
<p class="small">${e(issuer.filings)} filing(s); latest ${e(issuer.latestForm ?? '–')} ${e(issuer.latestDate ?? '')}: pivot ${e(num(issuer.latestPivotIndex))}, change ${e(num(issuer.pivotChange))}; first AI/HPC fact ${e(issuer.firstAiHpcFactDate ?? 'none')}</p>
<div class="charts">${pivot}${mass}</div>
</section>`;
}

function evidenceTable(report: ClaimsReport): string {
  const rows = report.claims.flatMap((c) =>
    c.evidence.map(
      (x) =>
        `<tr><td class="num">${c.id}</td><td>${e(x.ticker ?? x.issuer)}</td><td>${e(x.form)}</td><td>${e(x.date ?? '–')}</td><td>${e(
          x.sectionTitle ?? x.section ?? '–',
        )}</td><td>${e(x.topics)} / ${e(x.modality ?? '–')}${x.coreClaim !== 'none' ? ` / core ${e(x.coreClaim)}` : ''}</td><td>${e(x.stance)}</td><td>${e(x.text)}</td><td class="small">${x.link ? `<a href="${e(x.link)}">${e(x.accession ?? 'EDGAR')}</a>` : e(x.source)}</td></tr>`,
    ),
  );
  if (rows.length === 0) return '<p>No sentence is cited.</p>';
  return `<table class="evidence"><tr><th>claim</th><th>issuer</th><th>form</th><th>date</th><th>section</th><th>labels</th><th>stance</th><th>sentence</th><th>source</th></tr>${rows.join('')}</table>`;
}

/** The whole report page. */
export function renderHtmlReport(input: ReportInput): string {
  const { report } = input;
  const byIssuer = new Map<number, TimelineRow[]>();
  for (const t of input.timeline) byIssuer.set(t.issuerId, [...(byIssuer.get(t.issuerId) ?? []), t]);
  const miners = new Set(report.miners.filter((m) => m.miner).map((m) => m.issuerKey));
  const isMiner = (i: IssuerLatestRow) => miners.has(i.issuerKey);
  const ordered = [...input.issuers].sort((a, b) => Number(isMiner(b)) - Number(isMiner(a)));
  const c = report.coverage;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>minerpivot: the article's claims against the filings</title>
<style>${CSS}</style>
</head>
<body>
<h1>Do the filings support what the news says?</h1>
<p class="meta">${e(c.issuers)} issuer(s), ${e(c.miners)} of them miners, ${e(c.filings)} scored filing(s) from ${e(c.firstPeriod ?? '–')} to ${e(
    c.lastPeriod ?? '–',
  )}; scorer ${e(report.scorerVersion)}. Miners: ${e(report.miners.filter((m) => m.miner).map((m) => m.ticker ?? m.issuer).join(', ') || 'none')}.</p>
<h2>Claims</h2>
${claimsSection(report)}
<h2>Issuers</h2>
<p class="small">Pivot index: +1 all AI/HPC, −1 all mining, per filing by period. Mass: weighted labelled sentences (docs/SCORING.md). Miners first.</p>
<div class="issuers">
${ordered.map((i) => issuerCharts(i, byIssuer.get(i.issuerId) ?? [])).join('\n')}
</div>
<h2>Evidence cited</h2>
${evidenceTable(report)}
</body>
</html>
`;
}
