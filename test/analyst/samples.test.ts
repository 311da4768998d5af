/**
 * The analyst commands on the bundled samples (fictional issuers), as a user runs them: one database built
 * once, then show, search, sql, export and claims (md, json, html in chromium).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import type { ClaimsReport } from '../../pipeline/analysis/claims/index.ts';
import { HAS_CHROMIUM, renderReport } from './browser.ts';

describe('analyst commands on the samples', () => {
  const tmp = tempDir('minerpivot-analyst-');
  const db = join(tmp.dir, 'samples.db');
  afterAll(() => tmp.cleanup());
  beforeAll(async () => {
    const run = await cli(['run', '--samples', '--db', db]);
    expect(run.code).toBe(0);
  });

  it('every command has --help', async () => {
    for (const name of ['show', 'search', 'sql', 'export', 'claims']) {
      const { code, out } = await cli([name, '--help']);
      expect(code, name).toBe(0);
      expect(out, name).toMatch(new RegExp(`^minerpivot ${name}: `));
      expect(out, name).toMatch(/--db PATH/);
    }
  });

  it('show: the timeline and the strongest evidence per topic, by ticker or CIK', async () => {
    const { code, out } = await cli(['show', 'RDWX', '--db', db]);
    expect(code).toBe(0);
    expect(out).toMatch(/Redwater Digital Infrastructure/);
    expect(out).toMatch(/period\s+form\s+pivot/);
    expect(out).toMatch(/strongest ai_hpc evidence:/);
    const json = await cli(['show', '9990002', '--db', db, '--json']);
    const parsed = JSON.parse(json.out) as { issuer: { ticker: string }; timeline: unknown[]; evidence: Record<string, unknown[]> };
    expect(parsed.issuer.ticker).toBe('RDWX');
    expect(parsed.timeline.length).toBe(5);
    expect(parsed.evidence.ai_hpc!.length).toBeGreaterThan(0);
    const missing = await cli(['show', 'NOPE', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no issuer "NOPE"/);
  });

  it('search: ranked FTS5 hits with marked snippets and filters', async () => {
    const { code, out } = await cli(['search', 'HPC colocation', '--db', db, '--json']);
    expect(code).toBe(0);
    const hits = JSON.parse(out) as Array<{ ticker: string; snippet: string; rank: number; topics: string; prose: number; edgarUrl: string | null }>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.snippet).toMatch(/\[(HPC|colocation)\]/i);
    // Prose first (table rows and headings after it), best bm25 match first within each.
    expect(hits.map((h) => h.prose)).toEqual([...hits.map((h) => h.prose)].sort((a, b) => b - a));
    for (const prose of [1, 0]) {
      const ranks = hits.filter((h) => h.prose === prose).map((h) => h.rank);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
    const filtered = JSON.parse((await cli(['search', 'mining', '--ticker', 'GLHX', '--topic', 'mining', '--modality', 'fact', '--limit', '3', '--db', db, '--json'])).out) as Array<{ ticker: string; modality: string }>;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThanOrEqual(3);
    for (const hit of filtered) expect([hit.ticker, hit.modality]).toEqual(['GLHX', 'fact']);
    const table = await cli(['search', 'demand response', '--db', db]);
    expect(table.out).toMatch(/ticker\s+form\s+date/);
    // Words are words: punctuation is not FTS5 syntax unless --raw asks for it.
    expect((await cli(['search', 'AI-HPC', '--db', db])).code).toBe(0);
    expect((await cli(['search', '"AI-HPC"', '--db', db])).code).toBe(0);
    const bad = await cli(['search', 'AI-HPC', '--raw', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.err.split('\n')).toHaveLength(1);
    expect(bad.err).toMatch(/cannot read the FTS5 query "AI-HPC"/);
    expect((await cli(['search', 'x', '--topic', 'crypto', '--db', db])).err).toMatch(/expected one of mining, ai_hpc, grid/);
    expect((await cli(['search', 'x', '--since', '2025-13-01', '--db', db])).code).toBe(2);
  });

  it('sql: a SELECT as a table or JSON; writes are refused with one line and exit 2', async () => {
    const { code, out } = await cli(['sql', 'SELECT ticker, filings FROM issuer_latest ORDER BY ticker', '--db', db]);
    expect(code).toBe(0);
    expect(out).toMatch(/ticker\s+filings\n-+\s+-+\nBGHX\s+2/);
    const json = JSON.parse((await cli(['sql', 'SELECT COUNT(*) AS n FROM evidence', '--db', db, '--json'])).out) as Array<{ n: number }>;
    expect(json[0]!.n).toBeGreaterThan(0);
    for (const statement of [
      'DELETE FROM issuers',
      'UPDATE issuers SET name = 1',
      'DROP VIEW evidence',
      "ATTACH DATABASE 'x.db' AS x",
      'PRAGMA user_version = 7',
      'WITH x AS (SELECT 1) DELETE FROM issuers',
      'SELECT 1; DELETE FROM issuers',
      '/* hi */ INSERT INTO issuers (issuer_key, name) VALUES (1, 2)',
    ]) {
      const refused = await cli(['sql', statement, '--db', db]);
      expect(refused.code, statement).toBe(2);
      expect(refused.err.split('\n'), statement).toHaveLength(1);
    }
    const handle = openDb(db, { readonly: true });
    expect(handle.prepare('SELECT COUNT(*) FROM issuers').pluck().get()).toBe(3);
    handle.close();
    expect((await cli(['sql', 'SELECT * FROM nowhere', '--db', db])).err).toMatch(/no such table: nowhere/);
  });

  it('export: CSV (RFC 4180) and JSON of each view; unknown views are refused with the list', async () => {
    const csvPath = join(tmp.dir, 'out', 'latest.csv');
    expect((await cli(['export', '--format', 'csv', '--view', 'issuer_latest', '--out', csvPath, '--db', db])).code).toBe(0);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toMatch(/^scorer_version,issuer_id,issuer_key,ticker,/);
    // "Redwater Digital Infrastructure, Inc." holds a comma: quoted.
    expect(csv).toContain('"Redwater Digital Infrastructure, Inc."');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4);
    const json = await cli(['export', '--format', 'json', '--view', 'evidence', '--db', db]);
    const rows = JSON.parse(json.out) as Array<{ sentence_id: number; text: string }>;
    expect(rows.length).toBeGreaterThan(100);
    const timeline = JSON.parse((await cli(['export', '--format', 'json', '--view', 'pivot_timeline', '--db', db])).out) as unknown[];
    expect(timeline).toHaveLength(9);
    const bad = await cli(['export', '--format', 'csv', '--view', 'filings', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/expected one of issuer_latest, pivot_timeline, evidence/);
    expect((await cli(['export', '--format', 'xlsx', '--db', db])).code).toBe(2);
  });

  it('claims: four verdicts with numbers, and a citation for every supported verdict', async () => {
    const { code, out } = await cli(['claims', '--format', 'json', '--db', db]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as ClaimsReport;
    expect(report.claims.map((c) => c.id)).toEqual([1, 2, 3, 4]);
    expect(report.coverage.miners).toBe(3);
    for (const claim of report.claims) {
      expect(['supported', 'partly', 'not supported', 'not enough data']).toContain(claim.verdict);
      if (claim.verdict === 'supported') expect(claim.evidence.length, `claim ${claim.id}`).toBeGreaterThan(0);
      for (const cite of claim.evidence) {
        expect(cite.issuer).toBeTruthy();
        expect(cite.form).toBeTruthy();
        expect(cite.text.length).toBeGreaterThan(10);
      }
    }
    // Three fictional miners cannot show "dozens".
    expect(report.claims[1]!.verdict).toBe('not enough data');
    expect(report.claims[1]!.summary).toMatch(/too few to judge "dozens"/);
    // Glacier and Borealis stress mining; Redwater has pivoted.
    expect(report.claims[2]!.verdict).toBe('supported');
    const md = await cli(['claims', '--db', db]);
    expect(md.out).toMatch(/^# Do the filings support/);
    expect(md.out).toMatch(/\| 4 \| Miners sell grid balancing or demand response\. \| \*\*partly\*\* \|/);
    expect((await cli(['claims', '--format', 'pdf', '--db', db])).code).toBe(2);
  });

  it.skipIf(!HAS_CHROMIUM)('claims --format html renders in chromium: no console errors, two charts per issuer', async () => {
    const html = join(tmp.dir, 'report.html');
    const { code, err } = await cli(['claims', '--format', 'html', '--out', html, '--db', db]);
    expect(code).toBe(0);
    expect(err).toMatch(/wrote .*report\.html/);
    const text = readFileSync(html, 'utf8');
    expect(text).not.toMatch(/<script|<link rel="stylesheet"|src="http|href="http/);
    // Text from the filings is escaped.
    expect(text).toContain('Borealis Grid &amp; Hash Ltd.');
    const page = await renderReport(html, { widths: [1200, 600] });
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.claims).toBe(4);
    // The sector at a glance: a row per miner, dated quarter ticks, an axis title.
    expect(page.overview?.rows.sort()).toEqual(['BGHX', 'GLHX', 'RDWX']);
    expect(page.overview?.quarterTicks.length).toBeGreaterThan(1);
    for (const tick of page.overview!.quarterTicks) expect(tick).toMatch(/^20\d\d Q[1-4]$/);
    expect(page.overview?.axisTitles).toBeGreaterThan(0);
    // Every issuer chart has both axis titles.
    // Two charts per issuer, plus a revenue-mix chart per issuer with tagged revenue in its filings.
    const mixCharts = page.sections.flatMap((s) => s.charts).filter((c) => c.revenueMix).length;
    expect(page.sections.every((s) => s.charts.filter((c) => !c.revenueMix).length === 2)).toBe(true);
    expect(page.chartAxes.length).toBe(6 + mixCharts);
    for (const axes of page.chartAxes) expect(axes).toEqual({ x: true, y: true });
    // At a desktop and a phone width the overview fits the page: no sideways scrolling, a real picture.
    for (const w of page.widths) {
      expect(w.scrollWidth, `${w.viewport}px`).toBeLessThanOrEqual(w.viewport);
      expect(w.overviewWidth, `${w.viewport}px`).toBeLessThanOrEqual(w.viewport);
      expect(w.screenshot.length, `${w.viewport}px`).toBeGreaterThan(10_000);
      writeFileSync(join(tmp.dir, `overview-${w.viewport}.png`), w.screenshot);
    }
    expect(page.sections.map((s) => s.issuer).sort()).toEqual(['cik-0009990001', 'cik-0009990002', 'cik-0009990003']);
    for (const section of page.sections) {
      expect(section.charts.filter((c) => !c.revenueMix), section.issuer).toHaveLength(2);
      for (const chart of section.charts) {
        expect(chart.width).toBeGreaterThan(100);
        expect(chart.height).toBeGreaterThan(50);
        expect(chart.marks).toBeGreaterThan(3);
      }
    }
  }, 60_000);
});
