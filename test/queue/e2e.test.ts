/**
 * Done when: against a local EDGAR-shaped server, `minerpivot run --tickers ...`
 * in-process and `enqueue` plus two `worker` processes end with the same rows
 * in SQLite; the server never sees more than SEC_MAX_RPS requests in any
 * one-second window, nor a request without the User-Agent.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';
import { fleetEnv, TEST_USER_AGENT } from '../support/fleet-env.ts';
import { spawnCli, type Spawned } from '../support/processes.ts';
import { deletePrefix, HAS_REDIS, uniquePrefix } from '../support/redis.ts';
import { dbSnapshot } from './snapshot.ts';

const SELECT = ['--tickers', 'VGMC,NLCI', '--forms', '10-K,10-Q,8-K,40-F,6-K', '--since', '2024-01-01'];
const MAX_RPS = 3;

describe.skipIf(!HAS_REDIS)('run in-process and enqueue + two worker processes', () => {
  let server: EdgarServer;
  const prefix = uniquePrefix('e2e');
  const tmp = tempDir('mp-e2e-');
  const workers: Spawned[] = [];

  beforeAll(async () => {
    server = await startEdgarServer();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await server.close();
    await deletePrefix(prefix);
    tmp.cleanup();
  });

  it('end with the same rows in SQLite, and the SEC budget holds across processes', async () => {
    // 1. In-process, no Redis: the local limiter at the same budget.
    const runDb = join(tmp.dir, 'run.db');
    const runEnv = { ...fleetEnv(server, prefix, tmp.dir), REDIS_URL: undefined, MINERPIVOT_CACHE: join(tmp.dir, 'run-cache'), SEC_MAX_RPS: String(MAX_RPS) };
    const started = Date.now();
    const run = await cli(['run', ...SELECT, '--db', runDb], runEnv);
    expect(run.err).not.toMatch(/FAILED/);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/6 of 6 filing\(s\) stored/);
    const runRequests = server.requests.length;
    const runMaxPerSecond = server.maxInWindow(1000);
    expect(runMaxPerSecond).toBeLessThanOrEqual(MAX_RPS);
    const runMs = Date.now() - started;
    server.reset();

    // 2. Distributed: two worker processes on one Redis prefix, each with every stage, own cache.
    const env = fleetEnv(server, prefix, tmp.dir, { SEC_MAX_RPS: String(MAX_RPS) });
    const queueDb = env.MINERPIVOT_DB!;
    for (const name of ['a', 'b']) {
      const w = spawnCli(['worker', '--concurrency', '3'], { ...env, MINERPIVOT_CACHE: join(tmp.dir, `cache-${name}`) });
      workers.push(w);
    }
    await Promise.all(workers.map((w) => w.waitFor(/worker \d+: stages fetch,extract,score,store/)));
    const queuedAt = Date.now();
    const enqueued = await cli(['enqueue', ...SELECT, '--wait'], env);
    expect(enqueued.code).toBe(0);
    expect(enqueued.out).toMatch(/queued 6 new filing\(s\)/);
    expect(enqueued.out).toMatch(/6 of 6 filing\(s\) stored/);
    const queueMs = Date.now() - queuedAt;

    // Graceful stop on SIGTERM: both exit 0.
    expect(await Promise.all(workers.map((w) => w.stop('SIGTERM')))).toEqual([0, 0]);
    expect(workers.map((w) => w.output()).join('\n')).toMatch(/done {4}fetch/);

    const queueMaxPerSecond = server.maxInWindow(1000);
    expect(queueMaxPerSecond).toBeLessThanOrEqual(MAX_RPS);
    expect(server.requests.every((r) => r.userAgent === TEST_USER_AGENT)).toBe(true);
    // Both workers fetched: the budget was shared, not the work of one process.
    expect(workers.every((w) => /done {4}fetch/.test(w.output()))).toBe(true);

    const a = dbSnapshot(runDb);
    const b = dbSnapshot(queueDb);
    expect(a.filings).toHaveLength(6);
    expect(b).toEqual(a);

    console.info(
      `[e2e] run: ${runRequests} requests in ${runMs} ms, max ${runMaxPerSecond}/s; ` +
        `enqueue+2 workers: ${server.requests.length} requests in ${queueMs} ms, max ${queueMaxPerSecond}/s (budget ${MAX_RPS}/s)`,
    );
  });
});
