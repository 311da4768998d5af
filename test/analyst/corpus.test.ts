/**
 * The analyst commands on the real filings of ../shared/corpus, built once for this file (about 50 s):
 * the claims with their verdicts and citations, search finding Riot's and Bit Digital's HPC evidence, sql
 * refusing a DELETE, and the HTML report in chromium with a chart for every issuer. Skipped with a message
 * when the corpus is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli } from '../cli.ts';
import { CORPUS_DIR, HAS_CORPUS, tempDir } from '../helpers.ts';
import type { ClaimsReport } from '../../pipeline/analysis/claims/index.ts';
import { HAS_CHROMIUM, renderReport } from './browser.ts';

describe.skipIf(!HAS_CORPUS)('analyst commands on ../shared/corpus', () => {
  const tmp = tempDir('minerpivot-analyst-corpus-');
  const db = join(tmp.dir, 'corpus.db');
  afterAll(() => tmp.cleanup());
  beforeAll(async () => {
    const run = await cli(['run', '--dir', CORPUS_DIR, '--db', db, '--quiet']);
    // Exit 1 only for documents without text to read (a scanned PDF of the corpus), named one per line.
    const failed = run.err.split('\n').filter((l) => /FAILED/.test(l));
    expect(run.code).toBe(failed.length > 0 ? 1 : 0);
    for (const line of failed) expect(line).toMatch(/no usable text layer/);
  }, 600_000);

  it('claims --format json: four claims, verdicts, a cited sentence for each supported one', async () => {
    const { code, out } = await cli(['claims', '--format', 'json', '--db', db]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as ClaimsReport;
    expect(report.claims).toHaveLength(4);
    const miners = report.miners.filter((m) => m.miner).map((m) => m.ticker);
    for (const ticker of ['RIOT', 'MARA', 'CLSK', 'BTBT']) expect(miners).toContain(ticker);
    for (const control of ['NVDA', 'BTCS', 'AAPL']) expect(miners).not.toContain(control);
    for (const claim of report.claims) {
      expect(['supported', 'partly', 'not supported', 'not enough data'], `claim ${claim.id}`).toContain(claim.verdict);
      expect(claim.summary.length).toBeGreaterThan(20);
      if (claim.verdict === 'supported') {
        expect(claim.evidence.length, `claim ${claim.id}`).toBeGreaterThan(0);
        for (const cite of claim.evidence) {
          expect(cite.issuer && cite.form && cite.text, `claim ${claim.id}`).toBeTruthy();
          expect(cite).toHaveProperty('section');
          expect(cite).toHaveProperty('date');
        }
      }
    }
    // A handful of miners cannot show "dozens"; the verdict says so.
    expect(report.claims[1]!.verdict).toBe('not enough data');
    expect(report.claims[1]!.summary).toMatch(/too few to judge "dozens"/);
    // Riot's and Marathon's filings call mining their core business.
    const core = report.claims[2]!;
    for (const ticker of ['RIOT', 'MARA']) expect(core.issuers.find((i) => i.ticker === ticker)?.meets, ticker).toBe(true);
    // Riot reports power curtailment credits as facts.
    expect(report.claims[3]!.issuers.find((i) => i.ticker === 'RIOT')?.meets).toBe(true);
  });

  it("search finds Riot's and Bit Digital's HPC evidence", async () => {
    for (const [ticker, query] of [
      ['RIOT', 'HPC OR "data center"'],
      ['BTBT', 'HPC'],
    ] as const) {
      const { code, out } = await cli(['search', query, '--ticker', ticker, '--topic', 'ai_hpc', '--db', db, '--json']);
      expect(code, ticker).toBe(0);
      const hits = JSON.parse(out) as Array<{ ticker: string; snippet: string; topics: string }>;
      expect(hits.length, ticker).toBeGreaterThan(0);
      for (const hit of hits) expect(hit.ticker).toBe(ticker);
      expect(hits[0]!.snippet).toMatch(/\[[^\]]+\]/);
    }
    const both = JSON.parse((await cli(['search', 'HPC', '--topic', 'ai_hpc', '--modality', 'fact', '--limit', '200', '--db', db, '--json'])).out) as Array<{ ticker: string }>;
    const tickers = new Set(both.map((h) => h.ticker));
    expect(tickers.has('RIOT')).toBe(true);
    expect(tickers.has('BTBT')).toBe(true);
  });

  it('sql refuses DELETE and keeps the rows', async () => {
    const before = (await cli(['sql', 'SELECT COUNT(*) AS n FROM sentences', '--db', db, '--json'])).out;
    const refused = await cli(['sql', 'DELETE FROM sentences', '--db', db]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^minerpivot sql: only SELECT statements run here/);
    expect((await cli(['sql', 'SELECT COUNT(*) AS n FROM sentences', '--db', db, '--json'])).out).toBe(before);
  });

  it.skipIf(!HAS_CHROMIUM)('the HTML report renders in chromium with a chart for every issuer', async () => {
    const html = join(tmp.dir, 'report.html');
    expect((await cli(['claims', '--format', 'html', '--out', html, '--db', db])).code).toBe(0);
    const issuers = JSON.parse((await cli(['sql', 'SELECT DISTINCT issuer_key FROM issuer_latest', '--db', db, '--json'])).out) as Array<{ issuer_key: string }>;
    const page = await renderReport(html);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.sections.map((s) => s.issuer).sort()).toEqual(issuers.map((i) => i.issuer_key).sort());
    // The overview has a row for every miner of the claims, and quarter ticks.
    const report = JSON.parse((await cli(['claims', '--format', 'json', '--db', db])).out) as ClaimsReport;
    const miners = report.miners.filter((m) => m.miner).map((m) => m.ticker ?? m.issuer).sort();
    expect(page.overview?.rows.sort()).toEqual(miners);
    expect(page.overview?.quarterTicks.every((t) => /^20\d\d Q[1-4]$/.test(t))).toBe(true);
    // Every cited row of a filing with an accession links to it on sec.gov; the others show a path.
    expect(page.evidenceRows.length).toBeGreaterThan(0);
    const withAccession = report.claims.flatMap((c) => c.evidence).filter((x) => x.accession !== null);
    expect(page.evidenceRows.filter((r) => r.href !== null)).toHaveLength(withAccession.length);
    for (const row of page.evidenceRows.filter((r) => r.href !== null)) {
      expect(row.href).toMatch(/^https:\/\/www\.sec\.gov\/Archives\/edgar\/data\/\d+\/\d{18}\//);
      expect(row.href).toContain(row.accession!.replace(/-/g, ''));
    }
    // Two charts per issuer (pivot index, densities), and a revenue-mix chart for those with tagged revenue (Bit Digital, Riot).
    const withMix = new Set(page.sections.filter((s) => s.charts.some((c) => c.revenueMix)).map((s) => s.issuer));
    expect(withMix).toContain('cik-0001710350');
    for (const section of page.sections) {
      expect(section.charts.filter((c) => !c.revenueMix), section.issuer).toHaveLength(2);
      expect(section.charts.filter((c) => c.revenueMix).length, section.issuer).toBeLessThanOrEqual(1);
      for (const chart of section.charts) expect(chart.width * chart.height, section.issuer).toBeGreaterThan(5000);
    }
  }, 60_000);
});
