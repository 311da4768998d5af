/**
 * The analyst report as one self-contained HTML file: the claim verdicts with their numbers and citations,
 * per issuer an inline SVG chart of the pivot index over time and one of mining against ai_hpc mass, and an
 * evidence table. No script, no external asset (it opens offline, from a mail attachment too); every piece of
 * text from the database is escaped.
 */
import type { IssuerLatestRow, TimelineRow } from '../../../db/analyst.ts';
import type { ClaimsReport, Verdict } from '../claims/index.ts';
import { isAbsolute, relative } from 'node:path';
import { isPeriodic } from '../../core/forms.ts';
import { escapeHtml as e } from './escape.ts';
import { leaveOneOutText, numberLabel } from './labels.ts';
import { pivotInterval, quarterlyPivots, quarterRange } from './quarters.ts';
import type { IssuerFacts } from './pivot-numbers.ts';
import { heatmap, lineChart, shareBars, type HeatmapRow } from './svg.ts';

export interface ReportInput {
  report: ClaimsReport;
  issuers: IssuerLatestRow[];
  timeline: TimelineRow[];
  /** Local paths are shown relative to this folder when they are inside it (the folder the report is made in). */
  relativeTo?: string;
  /** The pivot in numbers per issuer (revenue mix, deals, stage); none: the report leaves them out. */
  numbers?: IssuerFacts[];
}

const LINE_COLORS = { mining: '#d95f02', ai_hpc: '#1b9e77', grid: '#7570b3', other: '#bbbbbb' };

const usd = (value: number | null) =>
  value === null ? '–' : Math.abs(value) >= 1e9 ? `$${(value / 1e9).toFixed(2)}bn` : Math.abs(value) >= 1e6 ? `$${(value / 1e6).toFixed(1)}m` : `$${Math.round(value).toLocaleString('en-US')}`;

/** An issuer's revenue mix chart (a 10-K's year, a 10-Q's quarter), its deals table and its stage. */
function pivotNumbers(f: IssuerFacts | undefined): string {
  if (!f) return '';
  const periods = f.revenueMix.filter((p) => p.periodKind === 'year' || p.periodKind === 'quarter');
  const chart = shareBars(
    periods.map((p) => ({
      label: `${p.periodEnd.slice(2, 7)}${p.periodKind === 'year' ? ' FY' : ''}`,
      segments: p.lines
        .filter((l) => l.kind === 'revenue' && l.share !== null)
        .map((l) => ({
          name: l.line,
          share: l.share!,
          title: `${p.form} ${p.periodStart} to ${p.periodEnd}: ${l.line} ${usd(l.amount)} (${((l.share ?? 0) * 100).toFixed(1)}% of ${usd(p.total)}); ${l.facts.map((x) => `${x.concept}${x.member ? ` [${x.member}]` : ''} ${usd(x.value)}`).join('; ')}`,
        })),
    })),
    LINE_COLORS,
    { title: 'Revenue mix (inline XBRL)', xTitle: 'period of the filing', className: 'chart chart-revenue-mix' },
  );
  const credits = periods.flatMap((p) => p.lines.filter((l) => l.kind === 'credit').map((l) => `${p.periodEnd} ${l.line} ${usd(l.amount)}`));
  const deals = f.deals.length
    ? `<table class="deals"><tr><th>date</th><th>counterparty</th><th>kind</th><th>MW</th><th>value</th><th>years</th><th>site</th><th>signed</th><th>source</th></tr>${f.deals
        .map((d) => {
          const source = d.mentions.find((m) => m.sentenceId === (d.sources.value ?? d.sources.mw ?? d.mentions[0]?.sentenceId));
          return `<tr><td>${e(d.firstDate ?? '–')}</td><td>${e(d.counterparty)}</td><td>${e(d.kind)}</td><td class="num">${e(d.mw === null ? '–' : `${d.mw}${d.mwBasis ? ` ${d.mwBasis}` : ''}`)}</td><td class="num">${e(d.currency && d.currency !== 'USD' ? `${d.currency} ${d.value}` : usd(d.value))}</td><td class="num">${e(d.termYears ?? '–')}</td><td>${e(d.site ?? '–')}</td><td>${d.signed ? 'yes' : 'no'}</td><td class="small">${e(source ? `${source.form} ${source.date ?? ''}: ${source.text}` : '')}</td></tr>`;
        })
        .join('')}</table>`
    : '<p class="small">No AI/HPC deal found in its ai_hpc sentences.</p>';
  const stage = f.stage ? `Stage of the pivot: <b>${e(f.stage.stage)}</b> since ${e(f.stage.form)} ${e(f.stage.date ?? '')}: ${e(f.stage.reason)}${f.stage.sentence ? `: “${e(f.stage.sentence)}”` : ''}` : 'Stage of the pivot: none shown.';
  return `<p class="small stage">${stage}</p><div class="charts">${chart}</div>${credits.length ? `<p class="small">Credits beside revenue (not in its shares): ${e(credits.join('; '))}.</p>` : ''}${deals}`;
}

/** A local path as a reader of the report can follow it: relative to `base` when inside it. */
function shownPath(source: string, base: string | undefined): string {
  if (!base || /^https?:\/\//.test(source) || !isAbsolute(source)) return source;
  const rel = relative(base, source);
  return rel.startsWith('..') ? source : rel;
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
.issuers{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(440px,100%),1fr));gap:12px}
.issuer{border:1px solid #ddd;border-radius:6px;padding:8px}.charts{display:flex;flex-wrap:wrap;gap:4px}
.chart-title{font-size:12px;font-weight:600}.chart-tick,.chart-legend{font-size:10px;fill:#444}.chart-empty{font-size:12px;fill:#888}
.chart-frame{fill:#fcfcfc;stroke:#ccc}.chart-grid{stroke:#eee}.chart-baseline{stroke:#888;stroke-dasharray:3 3}
.chart-axis{stroke:#888}.axis-title{font-size:10px;fill:#333;font-style:italic}.overview{overflow-x:auto;max-width:100%}
.verdicts{width:100%}svg{max-width:100%;height:auto}
.claim table,table.evidence{display:block;overflow-x:auto;max-width:100%}td{overflow-wrap:anywhere}
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
        `<tr><th>${e(numberLabel(key))}</th><td><table><tr>${cols.map((c) => `<th>${e(numberLabel(c))}</th>`).join('')}</tr>${value
          .map((r) => `<tr>${cols.map((c) => `<td class="num">${e(r[c] ?? '–')}</td>`).join('')}</tr>`)
          .join('')}</table></td></tr>`,
      );
    } else rows.push(`<tr><th>${e(numberLabel(key))}</th><td class="num">${e(value ?? '–')}</td></tr>`);
  }
  return `<table class="numbers">${rows.join('')}</table>`;
}

function citation(c: ClaimsReport['claims'][number]['evidence'][number], base: string | undefined): string {
  const where = [c.ticker ?? c.issuer, c.form, c.date ?? 'undated', c.accession, c.sectionTitle ?? c.section ?? 'section unknown', c.page ? `p. ${c.page}` : null]
    .filter(Boolean)
    .join(' · ');
  return `<blockquote class="${c.stance === 'against' ? 'against' : 'supports'}">${e(c.text)}<br><span class="small">${e(where)}${
    c.stance === 'against' ? ' · runs against the claim' : ''
  }${sourceLink(c, base)}</span></blockquote>`;
}

/** A link to the filing on EDGAR when there is one, else where the document was read from. */
function sourceLink(c: { link: string | null; source: string }, base: string | undefined): string {
  return c.link ? ` · <a href="${e(c.link)}">on EDGAR</a>` : ` · <span class="path">${e(shownPath(c.source, base))}</span>`;
}

function claimsSection(report: ClaimsReport, base: string | undefined): string {
  return report.claims
    .map(
      (c) => `<div class="claim" id="claim-${c.id}">
<h3>${c.id}. ${e(c.claim)}</h3>
<p><span class="verdict ${VERDICT_CLASS[c.verdict]}">${e(c.verdict)}</span> ${e(c.summary)}</p>
<p class="small">How it is checked: ${e(c.test)}</p>
${c.leaveOneOut ? `<p class="small">${e(leaveOneOutText(c))}</p>` : ''}
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
${c.evidence.map((x) => citation(x, base)).join('\n')}
</div>`,
    )
    .join('\n');
}

const hasEvidence = (t: TimelineRow) => Math.max(0, t.miningMass) + Math.max(0, t.aiHpcMass) > 0;

function issuerCharts(issuer: IssuerLatestRow, timeline: TimelineRow[], numbers?: IssuerFacts): string {
  // Only filings with evidence are drawn: a filing without any is a gap, not a zero.
  // One point per period and kind: of two reports for the same period (an amendment, a second rendering),
  // the one with the most evidence; same-day points would otherwise be joined by vertical lines.
  const mass = (t: TimelineRow) => Math.max(0, t.miningMass) + Math.max(0, t.aiHpcMass);
  const best = new Map<string, TimelineRow>();
  for (const t of timeline) {
    if (t.period === null) continue;
    const key = `${t.period}|${isPeriodic(t.form) ? 'periodic' : 'event'}`;
    const kept = best.get(key);
    if (!kept || mass(t) > mass(kept)) best.set(key, t);
  }
  const dated = [...best.values()].sort((a, b) => a.period!.localeCompare(b.period!));
  const events = dated.filter((t) => !isPeriodic(t.form) && hasEvidence(t));
  // Periodic reports with evidence, each marked when a report without evidence came before it.
  const periodic: Array<TimelineRow & { gapBefore: boolean }> = [];
  let gap = false;
  for (const t of dated.filter((t) => isPeriodic(t.form))) {
    if (!hasEvidence(t)) gap = periodic.length > 0;
    else {
      periodic.push({ ...t, gapBefore: gap });
      gap = false;
    }
  }
  const point = (t: TimelineRow & { gapBefore?: boolean }) => ({
    date: t.period!,
    value: t.pivotIndex,
    label: t.form,
    gapBefore: t.gapBefore ?? false,
    ...pivotInterval(t.aiHpcMass, t.miningMass),
  });
  const pivot = lineChart(
    [
      { name: 'annual & quarterly reports', color: COLORS.pivot, points: periodic.map(point), band: true },
      { name: 'current reports, other', color: COLORS.pivot, kind: 'markers', points: events.map(point) },
    ],
    {
      title: 'Pivot index (−1 mining, +1 AI/HPC)',
      xTitle: "period of the filing (quarter)",
      yTitle: 'pivot index',
      yMin: -1,
      yMax: 1,
      baseline: 0,
      yTicks: [{ value: -1, label: '−1' }, -0.5, 0, 0.5, { value: 1, label: '+1' }],
      className: 'chart chart-pivot',
    },
  );
  const massChart = lineChart(
    [
      { name: 'mining', color: COLORS.mining, points: periodic.map((t) => ({ date: t.period!, value: Math.max(0, t.miningMass), label: t.form, gapBefore: t.gapBefore })) },
      { name: 'AI/HPC', color: COLORS.aiHpc, points: periodic.map((t) => ({ date: t.period!, value: Math.max(0, t.aiHpcMass), label: t.form, gapBefore: t.gapBefore })) },
    ],
    { title: 'Evidence in annual & quarterly reports', xTitle: 'period of the filing (quarter)', yTitle: 'weighted sentences', className: 'chart chart-mass' },
  );
  const name = issuer.ticker ? `${issuer.ticker} · ${issuer.issuerName}` : issuer.issuerName;
  return `<section class="issuer" id="issuer-${e(issuer.issuerKey)}" data-issuer="${e(issuer.issuerKey)}">
<h3>${e(name)}</h3>
<p class="small">${e(issuer.filings)} filing(s); latest ${e(issuer.latestForm ?? '–')} ${e(issuer.latestDate ?? '')}: pivot ${e(num(issuer.latestPivotIndex))}, change ${e(num(issuer.pivotChange))}; first AI/HPC fact ${e(issuer.firstAiHpcFactDate ?? 'none')}</p>
<div class="charts">${pivot}${massChart}</div>
${pivotNumbers(numbers)}
</section>`;
}

/** The sector at a glance: every miner's pivot index by quarter, and the verdicts. */
function overview(input: ReportInput, minerKeys: Set<string>): string {
  const miners = input.issuers.filter((i) => minerKeys.has(i.issuerKey));
  const byIssuer = quarterlyPivots(input.timeline.filter((t) => miners.some((m) => m.issuerId === t.issuerId)));
  const quarters = [...byIssuer.values()].flat().map((p) => p.quarter).sort();
  const columns = quarters.length ? quarterRange(quarters[0]!, quarters.at(-1)!) : [];
  const rows: HeatmapRow[] = miners
    .map((m) => ({
      label: m.ticker ?? m.issuerName,
      cells: new Map(
        (byIssuer.get(m.issuerId) ?? []).map((p) => [
          p.quarter,
          {
            value: p.pivot,
            title: `${m.ticker ?? m.issuerName} ${p.quarter}: pivot ${num(p.pivot)} (80% ${p.low.toFixed(2)} to ${p.high.toFixed(2)}), ${p.mass} weighted sentences in ${p.filings} filing(s): ${p.forms.join(', ')}`,
          },
        ]),
      ),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const chart = rows.length
    ? heatmap(rows, columns, { title: 'Pivot index of every miner, by quarter', className: 'chart heatmap overview-chart' })
    : '<p>No miner has scored filings yet.</p>';
  const verdicts = input.report.claims
    .map((c) => `<tr><td><a href="#claim-${c.id}">${c.id}. ${e(c.claim)}</a></td><td><span class="verdict ${VERDICT_CLASS[c.verdict]}">${e(c.verdict)}</span></td><td>${e(c.summary)}</td></tr>`)
    .join('');
  return `<section id="overview">
<h2>The sector at a glance</h2>
<p class="small">Each cell is a miner's pivot index over the filings whose period ends in that quarter (their AI/HPC and mining evidence summed):
orange leans to mining, green to AI/HPC; a hatched cell is a quarter without a filing with evidence. Hover a cell for its interval and filings.
Per issuer below: its revenue mix from inline XBRL and its AI/HPC deals (counterparty, MW, value, term) from its filings' sentences.</p>
<div class="overview">${chart}</div>
<table class="verdicts"><tr><th>claim</th><th>verdict</th><th>why</th></tr>${verdicts}</table>
</section>`;
}

function evidenceTable(report: ClaimsReport, base: string | undefined): string {
  const rows = report.claims.flatMap((c) =>
    c.evidence.map(
      (x) =>
        `<tr><td class="num">${c.id}</td><td>${e(x.ticker ?? x.issuer)}</td><td>${e(x.form)}</td><td>${e(x.date ?? '–')}</td><td>${e(
          x.sectionTitle ?? x.section ?? '–',
        )}</td><td>${e(x.topics)} / ${e(x.modality ?? '–')}${x.coreClaim !== 'none' ? ` / core ${e(x.coreClaim)}` : ''}</td><td>${e(x.stance)}</td><td>${e(x.text)}</td><td class="small source">${x.link ? `<a href="${e(x.link)}">${e(x.accession ?? 'EDGAR')}</a>` : e(shownPath(x.source, base))}</td></tr>`,
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
${overview(input, miners)}
<p class="meta">${e(c.issuers)} issuer(s), ${e(c.miners)} of them miners, ${e(c.filings)} scored filing(s) from ${e(c.firstPeriod ?? '–')} to ${e(
    c.lastPeriod ?? '–',
  )}; scorer ${e(report.scorerVersion)}. Miners: ${e(report.miners.filter((m) => m.miner).map((m) => m.ticker ?? m.issuer).join(', ') || 'none')}.</p>
<h2>Claims</h2>
${claimsSection(report, input.relativeTo)}
<h2>Issuers</h2>
<p class="small">Pivot index: +1 all AI/HPC, −1 all mining, per filing by period: annual and quarterly reports as the line (with its 80% interval as a band), current reports and other filings as squares; filings without evidence are not drawn. Evidence: weighted labelled sentences (section x modality, docs/SCORING.md). Miners first.</p>
<div class="issuers">
${ordered.map((i) => issuerCharts(i, byIssuer.get(i.issuerId) ?? [], input.numbers?.find((n) => n.issuerId === i.issuerId))).join('\n')}
</div>
<h2>Evidence cited</h2>
${evidenceTable(report, input.relativeTo)}
</body>
</html>
`;
}
