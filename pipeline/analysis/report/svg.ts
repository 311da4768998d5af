/**
 * Inline SVG charts for the HTML report: no library, no script, no external asset, so the report opens
 * offline and renders the same in any browser. Pure: points in, markup out.
 */
import { escapeHtml } from './escape.ts';
import { quarterEnd, quarterRange, quarterOf } from './quarters.ts';

export interface Series {
  name: string;
  /** CSS colour. */
  color: string;
  /** `gapBefore`: a filing without evidence lies between this point and the one before: do not join them. */
  points: Array<{ date: string; value: number; label?: string; low?: number; high?: number; gapBefore?: boolean }>;
  /**
   * `line`: points joined in time order, broken at a `gapBefore` point or where two points are more than
   * `gapDays` apart (no evidence in between is a gap, not a slope); `markers`: points only (one-event
   * filings such as 8-Ks).
   */
  kind?: 'line' | 'markers';
  /** Draw the points' low..high interval as a shaded band. */
  band?: boolean;
}

export interface ChartOptions {
  title: string;
  /** Axis titles, with units. */
  xTitle: string;
  yTitle: string;
  width?: number;
  height?: number;
  /** Fixed y range; otherwise 0 .. the largest value. */
  yMin?: number;
  yMax?: number;
  /** Horizontal reference line (0 for the pivot index). */
  baseline?: number;
  /** Tick labels on the y axis (value, and the text shown when it is not the number). */
  yTicks?: Array<number | { value: number; label: string }>;
  /** Points further apart than this are not joined by a line (default 400 days: more than a year's cadence). */
  gapDays?: number;
  /** CSS class of the <svg> (the browser test counts them). */
  className?: string;
}

const MARGIN = { top: 40, right: 12, bottom: 40, left: 52 };
const DAY = 86_400_000;

const day = (date: string) => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
const fmt = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

/** Quarter labels for an axis: every quarter when few, else every second or fourth, always the first. */
export function quarterTicks(t0: number, t1: number, maxLabels: number): Array<{ time: number; label: string }> {
  const first = quarterOf(new Date(t0).toISOString().slice(0, 10));
  const last = quarterOf(new Date(t1).toISOString().slice(0, 10));
  const quarters = quarterRange(first, last);
  const step = quarters.length <= maxLabels ? 1 : quarters.length <= maxLabels * 2 ? 2 : 4;
  return quarters
    .filter((_, i) => i % step === 0)
    .map((q) => ({ time: day(quarterEnd(q)), label: q.replace('-', ' ') }));
}

/** A chart of dated series with axis titles, quarter ticks, a legend and a tooltip per point. */
export function lineChart(series: ReadonlyArray<Series>, options: ChartOptions): string {
  const width = options.width ?? 440;
  const height = options.height ?? 220;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const all = series.flatMap((s) => s.points.filter((p) => Number.isFinite(day(p.date)) && Number.isFinite(p.value)));
  const cls = escapeHtml(options.className ?? 'chart');
  const head = `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.title)}">`;
  const title = `<title>${escapeHtml(options.title)}</title><text x="${MARGIN.left}" y="14" class="chart-title">${escapeHtml(options.title)}</text>`;
  const axisTitles =
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 4}" text-anchor="middle" class="axis-title axis-x">${escapeHtml(options.xTitle)}</text>` +
    `<text transform="translate(12 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" class="axis-title axis-y">${escapeHtml(options.yTitle)}</text>`;
  if (all.length === 0) {
    return `${head}${title}${axisTitles}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" class="chart-empty">no filing with evidence</text></svg>`;
  }

  const times = all.map((p) => day(p.date));
  // A little room on both sides, and at least a year, so single points are not on the frame.
  let t0 = Math.min(...times) - 45 * DAY;
  let t1 = Math.max(...times) + 45 * DAY;
  if (t1 - t0 < 365 * DAY) {
    const mid = (t0 + t1) / 2;
    t0 = mid - 183 * DAY;
    t1 = mid + 183 * DAY;
  }
  const values = all.flatMap((p) => [p.value, p.low ?? p.value, p.high ?? p.value]);
  const yMin = options.yMin ?? Math.min(0, ...values);
  let yMax = options.yMax ?? Math.max(...values);
  if (yMax <= yMin) yMax = yMin + 1;
  const x = (date: string | number) => MARGIN.left + (((typeof date === 'number' ? date : day(date)) - t0) / (t1 - t0)) * plotW;
  const y = (value: number) => MARGIN.top + (1 - (value - yMin) / (yMax - yMin)) * plotH;

  const parts: string[] = [head, title];
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" class="chart-frame"/>`);
  const ticks = (options.yTicks ?? [yMin, (yMin + yMax) / 2, yMax]).map((t) => (typeof t === 'number' ? { value: t, label: fmt(t) } : t));
  for (const tick of ticks) {
    const ty = y(tick.value).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${ty}" y2="${ty}" class="chart-grid"/>`);
    parts.push(`<text x="${MARGIN.left - 4}" y="${ty}" dy="0.32em" text-anchor="end" class="chart-tick tick-y">${escapeHtml(tick.label)}</text>`);
  }
  if (options.baseline !== undefined) {
    const by = y(options.baseline).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${by}" y2="${by}" class="chart-baseline"/>`);
  }
  for (const tick of quarterTicks(t0 + 45 * DAY, t1 - 45 * DAY, Math.max(2, Math.floor(plotW / 56)))) {
    if (tick.time < t0 || tick.time > t1) continue;
    const tx = x(tick.time).toFixed(1);
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" class="chart-axis"/>`);
    parts.push(`<text x="${tx}" y="${MARGIN.top + plotH + 15}" text-anchor="middle" class="chart-tick tick-x">${escapeHtml(tick.label)}</text>`);
  }
  parts.push(axisTitles);

  const gap = (options.gapDays ?? 400) * DAY;
  // Legend under the title, left to right.
  let legendX = MARGIN.left;
  series.forEach((s) => {
    parts.push(
      s.kind === 'markers'
        ? `<rect x="${legendX + 1}" y="23" width="8" height="8" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="1.5"/>`
        : `<rect x="${legendX}" y="22" width="10" height="10" fill="${escapeHtml(s.color)}"/>`,
    );
    parts.push(`<text x="${legendX + 14}" y="31" class="chart-legend">${escapeHtml(s.name)}</text>`);
    legendX += 24 + s.name.length * 5.5;
  });
  series.forEach((s) => {
    const points = s.points
      .filter((p) => Number.isFinite(day(p.date)) && Number.isFinite(p.value))
      .sort((a, b) => day(a.date) - day(b.date));
    // Runs of points close enough in time to be joined.
    const runs: Array<typeof points> = [];
    for (const p of points) {
      const run = runs.at(-1);
      if (run && !p.gapBefore && day(p.date) - day(run.at(-1)!.date) <= gap) run.push(p);
      else runs.push([p]);
    }
    if (s.band) {
      for (const run of runs.filter((r) => r.length > 1)) {
        const upper = run.map((p) => `${x(p.date).toFixed(1)},${y(p.high ?? p.value).toFixed(1)}`);
        const lower = [...run].reverse().map((p) => `${x(p.date).toFixed(1)},${y(p.low ?? p.value).toFixed(1)}`);
        parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${escapeHtml(s.color)}" fill-opacity="0.15" class="chart-band"/>`);
      }
    }
    if ((s.kind ?? 'line') === 'line') {
      for (const run of runs.filter((r) => r.length > 1)) {
        const path = run.map((p) => `${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
        parts.push(`<polyline points="${path}" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="2"/>`);
      }
    }
    for (const p of points) {
      const range = p.low !== undefined && p.high !== undefined ? ` (80% ${fmt(p.low)} to ${fmt(p.high)})` : '';
      const tip = `${s.name} ${fmt(p.value)}${range} · ${p.date}${p.label ? ` · ${p.label}` : ''}`;
      const cx = x(p.date).toFixed(1);
      const cy = y(p.value).toFixed(1);
      const mark =
        s.kind === 'markers'
          ? `<rect x="${(Number(cx) - 3).toFixed(1)}" y="${(Number(cy) - 3).toFixed(1)}" width="6" height="6" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="1.5" class="marker">`
          : `<circle cx="${cx}" cy="${cy}" r="3" fill="${escapeHtml(s.color)}">`;
      parts.push(`${mark}<title>${escapeHtml(tip)}</title>${s.kind === 'markers' ? '</rect>' : '</circle>'}`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface HeatmapRow {
  label: string;
  /** Quarter (`2024-Q3`) -> value in [-1, 1] and its tooltip. */
  cells: Map<string, { value: number; title: string }>;
}

/** Blend from mining orange (-1) through white (0) to AI/HPC green (+1). */
export function divergingColor(value: number): string {
  const v = Math.max(-1, Math.min(1, value));
  const [r, g, b] = v < 0 ? [217, 95, 2] : [27, 158, 119];
  const t = Math.abs(v);
  const mix = (c: number) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/**
 * Issuers x quarters: each cell the quarter's pivot index, coloured mining to AI/HPC; a quarter without
 * evidence is left blank (hatched), not coloured as 0.
 */
export function heatmap(rows: ReadonlyArray<HeatmapRow>, quarters: ReadonlyArray<string>, options: { title: string; className?: string }): string {
  const labelW = 180;
  const cell = Math.max(14, Math.min(40, Math.floor(760 / Math.max(1, quarters.length))));
  const top = 30;
  const width = labelW + cell * quarters.length + 20;
  const legendH = 46;
  const height = top + rows.length * 20 + 34 + legendH;
  const cls = escapeHtml(options.className ?? 'chart heatmap');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<title>${escapeHtml(options.title)}</title>`,
    '<defs><pattern id="nodata" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#ddd" stroke-width="2"/></pattern></defs>',
    `<text x="0" y="14" class="chart-title">${escapeHtml(options.title)}</text>`,
  ];
  rows.forEach((row, i) => {
    const ry = top + i * 20;
    parts.push(`<text x="${labelW - 6}" y="${ry + 14}" text-anchor="end" class="chart-legend row-label">${escapeHtml(row.label)}</text>`);
    quarters.forEach((q, j) => {
      const c = row.cells.get(q);
      const fill = c ? divergingColor(c.value) : 'url(#nodata)';
      const tip = c ? c.title : `${row.label} ${q}: no filing with evidence`;
      parts.push(
        `<rect x="${labelW + j * cell}" y="${ry}" width="${cell - 1}" height="18" fill="${fill}" class="${c ? 'cell' : 'cell empty'}"><title>${escapeHtml(tip)}</title></rect>`,
      );
    });
  });
  const axisY = top + rows.length * 20 + 4;
  const step = quarters.length * cell > 0 ? Math.max(1, Math.ceil(46 / cell)) : 1;
  quarters.forEach((q, j) => {
    if (j % step !== 0) return;
    parts.push(`<text x="${labelW + j * cell + cell / 2}" y="${axisY + 12}" text-anchor="middle" class="chart-tick tick-x">${escapeHtml(q.replace('-', ' '))}</text>`);
  });
  parts.push(`<text x="${labelW + (quarters.length * cell) / 2}" y="${axisY + 28}" text-anchor="middle" class="axis-title axis-x">calendar quarter of the filing's period</text>`);
  // Colour legend.
  const ly = axisY + 40;
  for (let k = 0; k <= 10; k++) {
    const v = -1 + k / 5;
    parts.push(`<rect x="${labelW + k * 22}" y="${ly}" width="21" height="10" fill="${divergingColor(v)}"/>`);
  }
  parts.push(`<text x="${labelW - 6}" y="${ly + 9}" text-anchor="end" class="chart-legend">pivot index</text>`);
  parts.push(`<text x="${labelW}" y="${ly + 22}" class="chart-tick">−1 all mining</text>`);
  parts.push(`<text x="${labelW + 110}" y="${ly + 22}" text-anchor="middle" class="chart-tick">0</text>`);
  parts.push(`<text x="${labelW + 241}" y="${ly + 22}" text-anchor="end" class="chart-tick">+1 all AI/HPC</text>`);
  parts.push(`<rect x="${labelW + 260}" y="${ly}" width="21" height="10" fill="url(#nodata)" stroke="#ccc"/>`);
  parts.push(`<text x="${labelW + 286}" y="${ly + 9}" class="chart-legend">no filing with evidence</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** One bar of {@link shareBars}: a label under it, and its segments (shares of 1) with their tooltips. */
export interface ShareBar {
  label: string;
  segments: Array<{ name: string; share: number; title: string }>;
}

/**
 * Stacked bars of shares (0..1), one per period, oldest left: a revenue mix per filing. A legend names the
 * segment colours; each segment has a tooltip (amount and the XBRL facts behind it).
 */
export function shareBars(
  bars: ReadonlyArray<ShareBar>,
  colors: Readonly<Record<string, string>>,
  options: { title: string; xTitle: string; className?: string; width?: number; height?: number },
): string {
  const width = options.width ?? 440;
  const height = options.height ?? 220;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const cls = escapeHtml(options.className ?? 'chart');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<title>${escapeHtml(options.title)}</title><text x="${MARGIN.left}" y="14" class="chart-title">${escapeHtml(options.title)}</text>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${height - 4}" text-anchor="middle" class="axis-title axis-x">${escapeHtml(options.xTitle)}</text>`,
    `<text transform="translate(12 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" class="axis-title axis-y">share of revenue</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" class="chart-frame"/>`,
  ];
  let legendX = MARGIN.left;
  for (const [name, color] of Object.entries(colors)) {
    parts.push(`<rect x="${legendX}" y="22" width="10" height="10" fill="${escapeHtml(color)}"/><text x="${legendX + 14}" y="31" class="chart-legend">${escapeHtml(name)}</text>`);
    legendX += 24 + name.length * 5.5;
  }
  for (const tick of [0, 0.5, 1]) {
    const y = MARGIN.top + plotH * (1 - tick);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" class="chart-grid"/><text x="${MARGIN.left - 4}" y="${y + 3}" text-anchor="end" class="chart-tick">${tick * 100}%</text>`);
  }
  if (bars.length === 0) {
    parts.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" class="chart-empty">no tagged revenue breakdown</text></svg>`);
    return parts.join('');
  }
  const slot = plotW / bars.length;
  const barW = Math.min(36, slot * 0.7);
  bars.forEach((bar, i) => {
    const x = MARGIN.left + slot * i + (slot - barW) / 2;
    let y = MARGIN.top + plotH;
    for (const s of bar.segments) {
      const h = Math.max(0, Math.min(1, s.share)) * plotH;
      y -= h;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${escapeHtml(colors[s.name] ?? '#999')}" class="bar-segment"><title>${escapeHtml(s.title)}</title></rect>`);
    }
    parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${MARGIN.top + plotH + 12}" text-anchor="middle" class="chart-tick">${escapeHtml(bar.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
