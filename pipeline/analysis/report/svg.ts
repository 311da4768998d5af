/**
 * Small inline SVG line charts for the HTML report: no library, no script, no external asset, so the
 * report opens offline and renders the same in any browser. Pure: points in, markup out.
 */
import { escapeHtml } from './escape.ts';

export interface Series {
  name: string;
  /** CSS colour. */
  color: string;
  points: Array<{ date: string; value: number; label?: string }>;
}

export interface ChartOptions {
  title: string;
  width?: number;
  height?: number;
  /** Fixed y range; otherwise 0 .. the largest value. */
  yMin?: number;
  yMax?: number;
  /** Horizontal reference line (0 for the pivot index). */
  baseline?: number;
  /** Tick labels on the y axis. */
  yTicks?: number[];
  /** CSS class of the <svg> (the browser test counts them). */
  className?: string;
}

const MARGIN = { top: 22, right: 12, bottom: 26, left: 44 };

const day = (date: string) => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
const fmt = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

/** A line chart of one or more dated series, with a legend, axis labels and a tooltip per point. */
export function lineChart(series: ReadonlyArray<Series>, options: ChartOptions): string {
  const width = options.width ?? 420;
  const height = options.height ?? 180;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const all = series.flatMap((s) => s.points.filter((p) => Number.isFinite(day(p.date)) && Number.isFinite(p.value)));
  const cls = escapeHtml(options.className ?? 'chart');
  const head = `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.title)}">`;
  const title = `<title>${escapeHtml(options.title)}</title><text x="${MARGIN.left}" y="14" class="chart-title">${escapeHtml(options.title)}</text>`;
  if (all.length === 0) {
    return `${head}${title}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" class="chart-empty">no dated filings with scores</text></svg>`;
  }

  const times = all.map((p) => day(p.date));
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (t0 === t1) {
    // One date: centre it in a one-year window.
    t0 -= 183 * 86_400_000;
    t1 += 183 * 86_400_000;
  }
  const yMin = options.yMin ?? Math.min(0, ...all.map((p) => p.value));
  let yMax = options.yMax ?? Math.max(...all.map((p) => p.value));
  if (yMax <= yMin) yMax = yMin + 1;
  const x = (date: string) => MARGIN.left + ((day(date) - t0) / (t1 - t0)) * plotW;
  const y = (value: number) => MARGIN.top + (1 - (value - yMin) / (yMax - yMin)) * plotH;

  const parts: string[] = [head, title];
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" class="chart-frame"/>`);
  const ticks = options.yTicks ?? [yMin, (yMin + yMax) / 2, yMax];
  for (const tick of ticks) {
    const ty = y(tick).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${ty}" y2="${ty}" class="chart-grid"/>`);
    parts.push(`<text x="${MARGIN.left - 4}" y="${ty}" dy="0.32em" text-anchor="end" class="chart-tick">${escapeHtml(fmt(tick))}</text>`);
  }
  if (options.baseline !== undefined) {
    const by = y(options.baseline).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${by}" y2="${by}" class="chart-baseline"/>`);
  }
  // x axis: first and last date (and the middle year boundary when there is room).
  const firstDate = new Date(t0).toISOString().slice(0, 10);
  const lastDate = new Date(t1).toISOString().slice(0, 10);
  parts.push(`<text x="${MARGIN.left}" y="${height - 8}" class="chart-tick">${firstDate}</text>`);
  parts.push(`<text x="${MARGIN.left + plotW}" y="${height - 8}" text-anchor="end" class="chart-tick">${lastDate}</text>`);

  series.forEach((s, n) => {
    const points = s.points
      .filter((p) => Number.isFinite(day(p.date)) && Number.isFinite(p.value))
      .sort((a, b) => day(a.date) - day(b.date));
    if (points.length > 1) {
      const path = points.map((p) => `${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
      parts.push(`<polyline points="${path}" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="2"/>`);
    }
    for (const p of points) {
      const tip = `${s.name} ${fmt(p.value)} · ${p.date}${p.label ? ` · ${p.label}` : ''}`;
      parts.push(
        `<circle cx="${x(p.date).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3" fill="${escapeHtml(s.color)}"><title>${escapeHtml(tip)}</title></circle>`,
      );
    }
    // Legend, top right.
    const lx = MARGIN.left + plotW - 90 * (series.length - n);
    parts.push(`<rect x="${lx}" y="6" width="10" height="10" fill="${escapeHtml(s.color)}"/>`);
    parts.push(`<text x="${lx + 14}" y="14" class="chart-legend">${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
