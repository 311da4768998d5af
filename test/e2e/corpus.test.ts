/**
 * The real filings of ../shared/corpus through the whole pipeline: nothing
 * crashes, every miner gets a pivot index, and the orderings the filings
 * clearly support hold. Skipped with a message when the corpus is absent.
 */
import { MIN_LATEST_EVIDENCE } from '../../pipeline/scoring/issuer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { scorerVersion } from '../../pipeline/scoring/classify.ts';
import { cli } from '../cli.ts';
import { CORPUS_DIR, HAS_CORPUS, tempDir } from '../helpers.ts';

describe.skipIf(!HAS_CORPUS)('minerpivot run --dir ../shared/corpus', () => {
  const tmp = tempDir();
  const db = join(tmp.dir, 'corpus.db');
  let run: Awaited<ReturnType<typeof cli>>;
  afterAll(() => tmp.cleanup());
  beforeAll(async () => {
    run = await cli(['run', '--dir', CORPUS_DIR, '--db', db, '--quiet']);
  }, 600_000);

  it('processes the corpus without crashing', () => {
    // Exit 1 means some filing failed; the only ones allowed are documents without text to read
    // (a scanned press-release PDF of the corpus), each named in one line.
    const failed = run.err.split('\n').filter((l) => /FAILED/.test(l));
    expect(run.code).toBe(failed.length > 0 ? 1 : 0);
    for (const line of failed) expect(line).toMatch(/no usable text layer/);
    expect(run.err).not.toMatch(/unexpected error/);
  });

  it('lists every miner with a pivot index', async () => {
    const { out } = await cli(['issuers', '--db', db, '--json']);
    const rows = JSON.parse(out) as Array<{ tickers: string; name: string; latestPivotIndex: number | null }>;
    for (const ticker of ['RIOT', 'BTBT', 'CLSK', 'CORZ', 'MARA', 'BTDR', 'FUFU']) {
      const row = rows.find((r) => r.tickers.split(',').includes(ticker));
      expect(row, ticker).toBeDefined();
      expect(row!.latestPivotIndex, ticker).not.toBeNull();
    }
  });

  it('flags NVIDIA, Apple and BTCS as non-miners, hidden from issuers unless --all, and counts miners in SQL', async () => {
    const miners = JSON.parse((await cli(['issuers', '--db', db, '--json'])).out) as Array<{ tickers: string; miner: boolean }>;
    const everyone = JSON.parse((await cli(['issuers', '--all', '--db', db, '--json'])).out) as Array<{ tickers: string; miner: boolean | null; minerBasis: string }>;
    for (const ticker of ['NVDA', 'AAPL', 'BTCS']) {
      expect(miners.some((r) => r.tickers.split(',').includes(ticker)), ticker).toBe(false);
      expect(everyone.find((r) => r.tickers.split(',').includes(ticker))?.miner, ticker).toBe(false);
    }
    expect(miners.every((r) => r.miner)).toBe(true);
    // A Form 4 filer and the 1995 filer are not miners by their own evidence.
    expect(everyone.filter((r) => r.minerBasis === 'evidence').every((r) => r.miner === false)).toBe(true);
    const { out } = await cli(['sql', 'SELECT COUNT(*) AS n FROM issuer_latest WHERE scorer_version = (SELECT MAX(scorer_version) FROM issuer_latest) AND miner = 1', '--db', db, '--json']);
    const claims = JSON.parse((await cli(['claims', '--format', 'json', '--db', db])).out) as { coverage: { miners: number } };
    expect((JSON.parse(out) as Array<{ n: number }>)[0]!.n).toBe(claims.coverage.miners);
  });

  it('stores a filing once whatever its renderings, and never merges two filings', async () => {
    for (const ticker of ['RIOT', 'BTBT', 'CLSK']) {
      const shown = JSON.parse((await cli(['show', ticker, '--db', db, '--json'])).out) as { timeline: Array<{ form: string; period: string; formFamily: string }> };
      const periodic = shown.timeline.filter((t) => t.formFamily === 'annual' || t.formFamily === 'quarterly').map((t) => `${t.form} ${t.period}`);
      expect(new Set(periodic).size, ticker).toBe(periodic.length);
    }
    const handle = openDb(db);
    const merged = handle
      .prepare('SELECT f.source_ref AS copy, k.source_ref AS kept FROM filings f JOIN filings k ON k.id = f.duplicate_of')
      .all() as Array<{ copy: string; kept: string }>;
    handle.close();
    // The PDF renderings of the 10-Qs and the 10-K are copies of the HTML filed first.
    for (const pdf of ['riot-platforms_10-Q_2025-09-30.pdf', 'bit-digital_10-Q_2025-09-30.pdf', 'cleanspark_10-Q_2025-06-30.pdf']) {
      expect(merged.some((m) => m.copy.endsWith(pdf) && m.kept.endsWith('.htm')), pdf).toBe(true);
    }
    // Two cover-only 6-Ks filed on different days stay two filings.
    expect(merged.some((m) => m.copy.includes('bitfufu/'))).toBe(false);
  });

  it('gives a pivot index per quarter with its interval, and "no data" where a quarter has no evidence', async () => {
    const shown = JSON.parse((await cli(['show', 'CLSK', '--db', db, '--json'])).out) as {
      quarters: Array<{ quarter: string; pivot: number | null; low?: number; high?: number; noData?: boolean }>;
    };
    expect(shown.quarters.length).toBeGreaterThan(3);
    expect(shown.quarters.some((q) => q.noData && q.pivot === null)).toBe(true);
    for (const q of shown.quarters.filter((q) => q.pivot !== null)) {
      expect(q.low!, q.quarter).toBeLessThanOrEqual(q.pivot!);
      expect(q.high!, q.quarter).toBeGreaterThanOrEqual(q.pivot!);
    }
  });

  it("rests no miner's latest on a filing with almost no evidence", async () => {
    const { out } = await cli([
      'sql',
      `SELECT l.ticker, l.latest_form, COALESCE(l.latest_mining_mass, 0) + COALESCE(l.latest_ai_hpc_mass, 0) AS latest_evidence,
              (SELECT MAX(MAX(t.mining_mass, 0) + MAX(t.ai_hpc_mass, 0)) FROM pivot_timeline t
                WHERE t.issuer_id = l.issuer_id AND t.scorer_version = l.scorer_version) AS most
         FROM issuer_latest l WHERE l.miner = 1`,
      '--db',
      db,
      '--json',
    ]);
    const rows = JSON.parse(out) as Array<{ ticker: string; latest_form: string; latest_evidence: number; most: number }>;
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const r of rows) if (r.most >= MIN_LATEST_EVIDENCE) expect(r.latest_evidence, `${r.ticker} ${r.latest_form}`).toBeGreaterThanOrEqual(MIN_LATEST_EVIDENCE);
  });

  it('orders the filings as the filings support', () => {
    const handle = openDb(db);
    const pivot = (path: string) =>
      (handle
        .prepare('SELECT s.pivot_index FROM filings f JOIN filing_scores s ON s.filing_id = f.id WHERE f.source_ref LIKE ? AND s.scorer_version = ?')
        .pluck()
        .get(`%${path}`, scorerVersion()) as number | undefined) ?? NaN;
    const cleansparkQs = ['cleanspark/10-Q_2024-03-31.htm', 'cleanspark/10-Q_2024-06-30.htm', 'cleanspark/10-Q_2024-12-31.htm', 'cleanspark/10-Q_2025-06-30.htm'].map(pivot);
    const bitDigital = pivot('bit-digital/10-K_2024-12-31.htm');
    expect(bitDigital).toBeGreaterThan(Math.max(...cleansparkQs) + 0.3);
    expect(pivot('riot-platforms/10-K_2024-12-31.htm')).toBeGreaterThan(pivot('riot-platforms/10-K_2023-12-31.htm'));

    const mass = (like: string) =>
      handle
        .prepare(
          `SELECT SUM(mining_mass) AS mining, SUM(ai_hpc_mass) AS ai, SUM(words) AS words FROM pivot_timeline
            WHERE source_ref LIKE ? AND scorer_version = ?`,
        )
        .get(like, scorerVersion()) as { mining: number; ai: number; words: number };
    const riot = mass('%riot-platforms/10-K_2024-12-31.htm');
    const btcs = mass('%btcs-inc/%');
    const nvidia = mass('%nvidia/%');
    // Mining density (per 10,000 words) of the non-miners is a small fraction of a miner's.
    const density = (m: { mining: number; words: number }) => (m.mining * 10_000) / m.words;
    expect(density(btcs)).toBeLessThan(density(riot) / 4);
    expect(density(nvidia)).toBeLessThan(density(riot) / 10);
    // NVIDIA sells GPUs; that is not AI/HPC hosting.
    expect((nvidia.ai * 10_000) / nvidia.words).toBeLessThan(2);
    handle.close();
  });
});
