/**
 * Done when (issue 12), in this process without Redis, against the local EDGAR-shaped server:
 * a first batch over a two-issuer watchlist fills the database; a second batch right after makes no
 * archive request and writes no row; a filing added to the server later is fetched, alone, by the third
 * batch, and the digest names it; a batch with one filing failing for good exits 1 and names it, and the
 * next batch does not fetch the stored ones again.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../../db/queries.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';
import { addLaterFiling } from '../support/edgar-later.ts';
import { TEST_USER_AGENT } from '../support/fleet-env.ts';
import { LATER_10Q, LATER_6K, TWO_ISSUERS } from '../support/batch-fixtures.ts';

/** Counts of every table the batch touches, and SQLite's own change counter seen from another connection. */
function rowCounts(db: Database.Database): Record<string, number> {
  const counts = tableCounts(db);
  for (const t of ['batch_runs', 'batch_checkpoints']) counts[t] = (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  return counts;
}

describe('minerpivot batch, in this process', () => {
  let server: EdgarServer;
  const tmp = tempDir('mp-batch-');
  const dbPath = join(tmp.dir, 'batch.db');
  const watchlist = join(tmp.dir, 'watchlist.json');
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    server = await startEdgarServer();
    writeFileSync(watchlist, JSON.stringify(TWO_ISSUERS));
    env = { ...server.env(), SEC_USER_AGENT: TEST_USER_AGENT, SEC_MAX_RPS: '10', MINERPIVOT_CACHE: join(tmp.dir, 'cache'), REDIS_URL: undefined };
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  const batch = (...extra: string[]) => cli(['batch', '--watchlist', watchlist, '--db', dbPath, ...extra], env);
  const archiveRequests = () => server.requests.filter((r) => r.path.startsWith('/Archives/'));

  it('--dry-run lists what would be fetched, asks for submissions only and creates no database', async () => {
    server.reset();
    const dry = await batch('--since', '2023-01-01', '--dry-run', '--json');
    expect(dry.code, dry.err).toBe(0);
    const out = JSON.parse(dry.out) as { wouldFetch: Array<{ filing: string }> };
    expect(out.wouldFetch.map((f) => f.filing)).toContain('0009990002-24-000020');
    expect(server.requests.every((r) => r.path.startsWith('/submissions/'))).toBe(true);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('a first batch fills the database; a second right after asks only for submissions and writes no row', async () => {
    server.reset();
    const first = await batch('--since', '2023-01-01', '--digest', join(tmp.dir, 'd1', 'digest.json'), '--format', 'json');
    expect(first.code, first.err).toBe(0);
    const digest1 = JSON.parse(readFileSync(join(tmp.dir, 'd1', 'digest.json'), 'utf8'));
    // VGMC: 10-K 2023 and 2024, two 8-K, one 10-Q (the 10-K/A and the Form 4 are not asked for); NLCI: two 40-F, one 6-K.
    expect(digest1.newFilings).toHaveLength(8);
    expect(new Set(digest1.newFilings.map((f: { form: string }) => f.form))).toEqual(new Set(['10-K', '8-K', '10-Q', '40-F', '6-K']));
    expect(digest1.failures).toEqual([]);
    // Both issuers are new: their pivot index appears, and their first AI/HPC facts and core claims are named.
    expect(digest1.pivotMoves.map((m: { ticker: string; from: number | null }) => [m.ticker, m.from]).sort()).toEqual([['NLCI', null], ['VGMC', null]]);
    expect(digest1.firstAiHpcFacts.map((f: { ticker: string; filing: string }) => [f.ticker, f.filing]).sort()).toEqual([
      ['NLCI', '0009990002-24-000012'],
      ['VGMC', '0009990001-24-000052'],
    ]);
    expect(digest1.coreClaims.some((c: { claim: string; text: string }) => c.claim === 'mining' && /primary business is Bitcoin mining/.test(c.text))).toBe(true);
    expect(existsSync(join(tmp.dir, 'd1', 'claims.json'))).toBe(true);
    expect(archiveRequests().length).toBeGreaterThan(8);

    const watcher = new Database(dbPath, { readonly: true });
    try {
      const before = rowCounts(watcher);
      expect(before.filings).toBe(8);
      expect(before.batch_checkpoints).toBe(2);
      expect(before.batch_runs).toBe(1);
      const version = watcher.pragma('data_version', { simple: true });

      server.reset();
      const second = await batch();
      expect(second.code, second.err).toBe(0);
      expect(second.out).toMatch(/Nothing new/);
      expect(server.requests.length).toBe(2);
      expect(server.requests.map((r) => r.path).sort()).toEqual(['/submissions/CIK0009990001.json', '/submissions/CIK0009990002.json']);
      expect(archiveRequests()).toEqual([]);
      // No commit by any other connection since: not one row written, changed or deleted.
      expect(watcher.pragma('data_version', { simple: true })).toBe(version);
      expect(rowCounts(watcher)).toEqual(before);
    } finally {
      watcher.close();
    }
  });

  it('a filing added to the server later is fetched alone by the third batch, and the digest names it', async () => {
    addLaterFiling(server, tmp.dir, LATER_6K);
    server.reset();
    const digestPath = join(tmp.dir, 'd3', 'digest.md');
    const third = await batch('--digest', digestPath);
    expect(third.code, third.err).toBe(0);
    const folders = new Set(archiveRequests().map((r) => r.path.split('/').slice(0, 6).join('/')));
    expect([...folders]).toEqual(['/Archives/edgar/data/9990002/000999000224000031']);
    const digest = readFileSync(digestPath, 'utf8');
    expect(digest).toMatch(/0009990002-24-000031/);
    expect(digest).toMatch(/\| NLCI \| 6-K \| 2024-11-14 \|/);
    expect(third.out).toMatch(/1 new filing\(s\) from 2 issuer\(s\): 1 stored, 0 failed/);
    expect(existsSync(join(tmp.dir, 'd3', 'claims.md'))).toBe(true);
    expect(existsSync(join(tmp.dir, 'd3', 'claims.html'))).toBe(true);
  });

  it('a filing failing for good exits 1 and is named; the next batch fetches nothing stored again', async () => {
    // A 10-Q that moves Voltgrid's pivot index, and an 8-K listed in the submissions whose archive folder answers 404 everywhere.
    addLaterFiling(server, tmp.dir, LATER_10Q);
    addLaterFiling(server, tmp.dir, { cik: '9990001', accession: '0009990001-24-000099', form: '8-K', filingDate: '2024-12-02', documents: {} });
    server.reset();
    const failing = await batch('--digest', join(tmp.dir, 'd4', 'digest.json'), '--format', 'json');
    expect(failing.code).toBe(1);
    expect(failing.err).toMatch(/FAILED {2}VGMC 8-K 0009990001-24-000099 at fetch: .*not found on EDGAR/);
    const digest = JSON.parse(readFileSync(join(tmp.dir, 'd4', 'digest.json'), 'utf8'));
    expect(digest.failures).toEqual([
      expect.objectContaining({ filing: '0009990001-24-000099', ticker: 'VGMC', form: '8-K', stage: 'fetch', reason: expect.stringMatching(/not found on EDGAR/) }),
    ]);
    // The digest says whose pivot index moved, by how much and on which filing.
    expect(digest.pivotMoves).toEqual([expect.objectContaining({ ticker: 'VGMC', filing: '0009990001-24-000095', form: '10-Q' })]);
    expect(digest.pivotMoves[0].change).toBeGreaterThan(0);
    expect(digest.pivotMoves[0].to).toBeCloseTo(digest.pivotMoves[0].from + digest.pivotMoves[0].change, 3);
    const folders = new Set(archiveRequests().map((r) => r.path.split('/').slice(0, 6).join('/')));
    expect([...folders].sort()).toEqual(['/Archives/edgar/data/9990001/000999000124000095', '/Archives/edgar/data/9990001/000999000124000099']);

    const counts = rowCounts(new Database(dbPath, { readonly: true }));
    server.reset();
    const next = await batch();
    expect(next.code, next.err).toBe(0);
    expect(archiveRequests()).toEqual([]);
    const after = new Database(dbPath, { readonly: true });
    expect(rowCounts(after)).toEqual(counts);
    const failed = after.prepare(`SELECT status, failed_stage FROM filings WHERE filing_key = '0009990001-24-000099'`).get();
    expect(failed).toEqual({ status: 'failed', failed_stage: 'fetch' });
    const checkpoints = after.prepare('SELECT issuer_key, last_filed_at, filings FROM batch_checkpoints ORDER BY issuer_key').all();
    expect(checkpoints).toEqual([
      { issuer_key: 'cik-0009990001', last_filed_at: '2024-12-02', filings: 7 },
      { issuer_key: 'cik-0009990002', last_filed_at: '2024-11-14', filings: 4 },
    ]);
    after.close();
  });

  it('an issuer EDGAR does not know is a failure named in one line; the others are brought up to date', async () => {
    const file = join(tmp.dir, 'with-unknown.json');
    writeFileSync(file, JSON.stringify([TWO_ISSUERS[0], { ticker: 'NOPE', cik: '9990009', name: 'Nobody Mining Inc.' }]));
    const other = join(tmp.dir, 'unknown.db');
    const r = await cli(['batch', '--watchlist', file, '--db', other, '--since', '2024-01-01', '--digest', join(tmp.dir, 'd6', 'digest.md')], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/FAILED {2}NOPE \(discovery\) at discover: .*CIK0009990009\.json: not found on EDGAR \(HTTP 404\)/);
    const db = new Database(other, { readonly: true });
    expect(db.prepare('SELECT issuer_key FROM batch_checkpoints').pluck().all()).toEqual(['cik-0009990001']);
    expect(db.prepare(`SELECT COUNT(*) FROM filings WHERE status = 'stored'`).pluck().get()).toBeGreaterThan(0);
    db.close();
  });

  it('a bad watchlist is one line and exit 2', async () => {
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ ticker: 'X', cik: 'abc', name: 'X' }]));
    const r = await cli(['batch', '--watchlist', bad, '--db', dbPath], env);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([`minerpivot batch: ${bad}: [0].cik: expected a CIK of up to 10 digits`]);
  });
});
