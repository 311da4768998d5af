/**
 * Renders a report in Debian's chromium (driven by playwright-core) and reports what a reader would see:
 * console errors, failed requests, and the charts of each issuer section. The suites skip with a message
 * when /usr/bin/chromium is absent; CI installs it (.ci/run).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  console.warn(`[minerpivot tests] ${CHROMIUM} is absent: browser tests of the HTML report are skipped (apt-get install chromium)`);
}

export interface RenderedReport {
  errors: string[];
  /** Requests the page made beyond its own file (there should be none: no external assets). */
  requests: string[];
  /** Per issuer section (data-issuer): its rendered SVG charts with their on-screen size. */
  sections: Array<{ issuer: string; charts: Array<{ width: number; height: number; marks: number; revenueMix: boolean }> }>;
  claims: number;
  title: string;
  /** The sector overview: its heatmap's row labels, quarter ticks and axis title. */
  overview: { rows: string[]; quarterTicks: string[]; axisTitles: number } | null;
  /** Per chart of the issuer sections: whether it has an x and a y axis title. */
  chartAxes: Array<{ x: boolean; y: boolean }>;
  /** Rows of the evidence table: the filing's accession (when the row names one) and the source cell's link. */
  evidenceRows: Array<{ accession: string | null; href: string | null }>;
  /** At each viewport width asked for: the page's scroll width and a screenshot of the overview. */
  widths: Array<{ viewport: number; scrollWidth: number; overviewWidth: number; screenshot: Buffer }>;
}

export interface RenderOptions {
  /** Viewport widths at which to measure and screenshot the overview. */
  widths?: number[];
}

/** Opens `htmlPath` over file:// with the network off and collects what rendered. */
export async function renderReport(htmlPath: string, options: RenderOptions = {}): Promise<RenderedReport> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(htmlPath).href;
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    // The tsconfig has no DOM library: the few DOM members used in the page are typed here.
    interface Node {
      getAttribute(name: string): string | null;
      querySelectorAll(selector: string): ArrayLike<Node>;
      getBoundingClientRect(): { width: number; height: number };
    }
    const sections = await page.$$eval('section.issuer', (elements) =>
      (elements as unknown as Node[]).map((n) => ({
        issuer: n.getAttribute('data-issuer') ?? '',
        charts: Array.from(n.querySelectorAll('svg')).map((svg) => {
          const box = svg.getBoundingClientRect();
          return {
            width: box.width,
            height: box.height,
            marks: svg.querySelectorAll('circle, polyline, text').length,
            revenueMix: (svg.getAttribute('class') ?? '').split(/\s+/).includes('chart-revenue-mix'),
          };
        }),
      })),
    );
    const claims = await page.locator('.claim .verdict').count();
    const overview = await page.$$eval('#overview svg.overview-chart', (elements) => {
      const svg = (elements as unknown as Node[])[0];
      if (!svg) return null;
      const texts = (selector: string) => Array.from(svg.querySelectorAll(selector)).map((n) => (n as unknown as { textContent: string }).textContent);
      return { rows: texts('.row-label'), quarterTicks: texts('.tick-x'), axisTitles: svg.querySelectorAll('.axis-title').length };
    });
    const chartAxes = await page.$$eval('section.issuer svg', (elements) =>
      (elements as unknown as Node[]).map((svg) => ({ x: svg.querySelectorAll('.axis-x').length > 0, y: svg.querySelectorAll('.axis-y').length > 0 })),
    );
    const evidenceRows = await page.$$eval('table.evidence td.source', (cells) =>
      (cells as unknown as Array<Node & { textContent: string }>).map((cell) => {
        const link = Array.from(cell.querySelectorAll('a'))[0];
        const text = cell.textContent.trim();
        return { accession: /^\d{10}-\d{2}-\d{6}$/.test(text) ? text : null, href: link ? link.getAttribute('href') : null };
      }),
    );
    const widths: RenderedReport['widths'] = [];
    for (const viewport of options.widths ?? []) {
      await page.setViewportSize({ width: viewport, height: 900 });
      const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      const box = await page.locator('#overview').boundingBox();
      widths.push({ viewport, scrollWidth, overviewWidth: box?.width ?? 0, screenshot: await page.locator('#overview').screenshot() });
    }
    return { errors, requests, sections, claims, title: await page.title(), overview, chartAxes, evidenceRows, widths };
  } finally {
    await browser.close();
  }
}
