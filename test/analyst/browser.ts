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
  sections: Array<{ issuer: string; charts: Array<{ width: number; height: number; marks: number }> }>;
  claims: number;
  title: string;
}

/** Opens `htmlPath` over file:// with the network off and collects what rendered. */
export async function renderReport(htmlPath: string): Promise<RenderedReport> {
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
          return { width: box.width, height: box.height, marks: svg.querySelectorAll('circle, polyline, text').length };
        }),
      })),
    );
    const claims = await page.locator('.claim .verdict').count();
    return { errors, requests, sections, claims, title: await page.title() };
  } finally {
    await browser.close();
  }
}
