/**
 * `minerpivot retry`: filings that failed (here: the network, for longer than a
 * request's retry budget and the end-of-run second pass) are run again from their
 * rows, in process or through the queues, and end as a clean run would have.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { dbSnapshot } from '../queue/snapshot.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';
import { fleetEnv, TEST_USER_AGENT } from '../support/fleet-env.ts';
import { spawnCli } from '../support/processes.ts';
import { deletePrefix, HAS_REDIS, uniquePrefix } from '../support/redis.ts';

const SELECT = ['--tickers', 'VGMC', '--forms', '10-K,8-K', '--since', '2024-01-01'];
const BROKEN = /vgmc-ex99_1\.htm$/;
const FAST = { SEC_TIMEOUT_SECONDS: '1', SEC_RETRY_SECONDS: '1', MINERPIVOT_RETRY_PAUSE_SECONDS: '0', SEC_MAX_RPS: '10' };

let server: EdgarServer;
const tmp = tempDir('mp-retry-');
let clean: Record<string, unknown[]>;

function failedRows(path: string): Array<{ filing_key: string; failed_stage: string; error_reason: string }> {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT filing_key, failed_stage, error_reason FROM filings WHERE status = 'failed'").all() as never;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startEdgarServer();
  const run = await cli(['run', ...SELECT, '--db', join(tmp.dir, 'clean.db')], {
    ...server.env(),
    SEC_USER_AGENT: TEST_USER_AGENT,
    ...FAST,
    MINERPIVOT_CACHE: join(tmp.dir, 'clean-cache'),
  });
  expect(run.code, run.err).toBe(0);
  clean = dbSnapshot(join(tmp.dir, 'clean.db'));
  server.reset();
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('minerpivot retry', () => {
  it('in process: the failed filing is fetched again and stored; the database ends as a clean run', async () => {
    const env = { ...server.env(), SEC_USER_AGENT: TEST_USER_AGENT, ...FAST, MINERPIVOT_CACHE: join(tmp.dir, 'cache') };
    const db = join(tmp.dir, 'retry.db');
    server.rule({ match: BROKEN, status: 500 });
    const run = await cli(['run', ...SELECT, '--db', db], env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/trying 1 filing\(s\) that failed for a transient reason once more in 0 s/);
    expect(run.out).toMatch(/still failed/);
    const failed = failedRows(db);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ filing_key: '0009990001-24-000052', failed_stage: 'fetch' });
    expect(failed[0]!.error_reason).toMatch(/vgmc-ex99_1\.htm: HTTP 500; gave up after \d+ attempt\(s\) in \d+ s$/);
    expect((await cli(['retry', '--stage', 'extract', '--db', db], env)).out).toMatch(/no failed filing at extract/);

    server.reset();
    const retried = await cli(['retry', '--stage', 'fetch', '--db', db], env);
    expect(retried.code, retried.err).toBe(0);
    expect(retried.out).toMatch(/1 of 1 failed filing\(s\) stored/);
    expect(failedRows(db)).toEqual([]);
    expect(dbSnapshot(db)).toEqual(clean);
    expect((await cli(['retry', '--db', db], env)).out).toMatch(/no failed filing in/);
  });

  it.skipIf(!HAS_REDIS)('with REDIS_URL: the failed filing is queued again (old jobs removed) and a worker stores it', async () => {
    const prefix = uniquePrefix('retry');
    const env = { ...fleetEnv(server, prefix, tmp.dir), ...FAST, MINERPIVOT_DB: join(tmp.dir, 'queue.db') };
    const worker = spawnCli(['worker'], { ...env, MINERPIVOT_CACHE: join(tmp.dir, 'queue-cache') });
    try {
      await worker.waitFor(/worker \d+: stages/);
      server.rule({ match: BROKEN, status: 500 });
      const first = await cli(['enqueue', ...SELECT, '--wait'], env);
      expect(first.code).toBe(1);
      expect(first.out).toMatch(/2 of 3 filing\(s\) stored, 1 failed/);
      expect(failedRows(env.MINERPIVOT_DB!)).toHaveLength(1);

      server.reset();
      const retried = await cli(['retry', '--db', env.MINERPIVOT_DB!], env);
      expect(retried.code, retried.err).toBe(0);
      expect(retried.out).toMatch(/queued 1 failed filing\(s\) again/);
      const waited = await cli(['enqueue', ...SELECT, '--wait'], env);
      expect(waited.out).toMatch(/3 of 3 filing\(s\) stored/);
      expect(await worker.stop('SIGTERM')).toBe(0);
      expect(failedRows(env.MINERPIVOT_DB!)).toEqual([]);
      expect(dbSnapshot(env.MINERPIVOT_DB!)).toEqual(clean);
    } finally {
      await worker.stop('SIGKILL');
      await deletePrefix(prefix);
    }
  });
});
