/**
 * The BullMQ shell on real Redis (a unique prefix per test) and a real local
 * EDGAR-shaped server: re-enqueue, permanent failures recorded on the filing,
 * the 403 pause without burnt attempts, a killed worker's job completed by
 * another, and the one-line errors of the queue commands.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDb } from '../../db/open.ts';
import { FilingRepository } from '../../db/repository.ts';
import { loadConfig } from '../../pipeline/core/config.ts';
import { createEdgarClient } from '../../pipeline/sources/edgar/index.ts';
import { openSources } from '../../pipeline/sources/registry.ts';
import { createHandlers } from '../../pipeline/run/handlers.ts';
import { jobId } from '../../pipeline/core/jobs.ts';
import { openFleet, type Fleet } from '../../workers/fleet.ts';
import { startStageWorkers, type RunningWorkers, type WorkerEvent } from '../../workers/stage-worker.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';
import { fleetEnv } from '../support/fleet-env.ts';
import { spawnCli } from '../support/processes.ts';
import { deletePrefix, HAS_REDIS, uniquePrefix } from '../support/redis.ts';

let server: EdgarServer;
beforeAll(async () => {
  server = await startEdgarServer();
});
afterAll(async () => {
  await server.close();
});

/** One test's fleet: unique prefix, temp folder, cleaned afterwards. */
function testFleet(label: string, extra: Record<string, string> = {}) {
  const prefix = uniquePrefix(label);
  const tmp = tempDir(`mp-${label}-`);
  const env = fleetEnv(server, prefix, tmp.dir, extra);
  return {
    prefix,
    env,
    dir: tmp.dir,
    async cleanup() {
      await deletePrefix(prefix);
      tmp.cleanup();
    },
  };
}

/** Workers of every stage in this process (CPU stages still in threads), on a temp database. */
async function inProcessWorkers(env: Record<string, string>, events: WorkerEvent[]): Promise<{ fleet: Fleet; running: RunningWorkers; close(): Promise<void> }> {
  const config = loadConfig(env);
  const fleet = await openFleet(config, 'test');
  const db = openDb(config.dbPath);
  const client = createEdgarClient(config, { limiter: fleet.limiter, maxWaitMs: 500 });
  const running = startStageWorkers({
    connection: fleet.redis,
    prefix: fleet.prefix,
    stages: ['fetch', 'extract', 'score', 'store'],
    concurrency: 2,
    lockMs: config.lockSeconds * 1000,
    handlers: createHandlers({ repository: new FilingRepository(db), sources: openSources({ config, edgar: { client } }) }),
    queues: fleet.queues,
    onEvent: (e) => events.push(e),
  });
  return {
    fleet,
    running,
    async close() {
      await running.close();
      await fleet.close();
      db.close();
    },
  };
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

afterEach(() => server.reset());

describe('queue commands: one-line user errors', () => {
  it('says plainly when REDIS_URL is unset or Redis unreachable, and when SEC_USER_AGENT is missing', async () => {
    const noRedis = await cli(['status'], {});
    expect(noRedis.code).toBe(2);
    expect(noRedis.err).toMatch(/^minerpivot status: status needs Redis: REDIS_URL is not set \(e\.g\. export REDIS_URL=/);
    const down = await cli(['status'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(down.code).toBe(2);
    expect(down.err.split('\n')).toHaveLength(1);
    expect(down.err).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    const noAgent = await cli(['worker'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(noAgent.err).toMatch(/SEC_USER_AGENT is not set/);
    const enqueueNoAgent = await cli(['enqueue', '--tickers', 'VGMC'], { ...server.env(), REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(enqueueNoAgent.err).toMatch(/SEC_USER_AGENT is not set/);
    expect((await cli(['worker', '--stages', 'fetch,bake'], {})).err).toMatch(/unknown stage\(s\) bake/);
    expect((await cli(['enqueue', '--tickers', 'VGMC', '--forms', '4'], {})).err).toMatch(/unsupported form\(s\) 4/);
    expect((await cli(['enqueue', '--tickers', 'VGMC', '--since', '2024-13-01'], {})).err).toMatch(/--since 2024-13-01: expected a date/);
    expect(server.requests).toHaveLength(0);
    for (const name of ['enqueue', 'worker', 'status']) expect((await cli([name, '--help'])).out).toMatch(new RegExp(`^minerpivot ${name}:`));
  });
});

describe.skipIf(!HAS_REDIS)('BullMQ workers', () => {
  it('re-enqueueing the same filings is a no-op', async () => {
    const f = testFleet('reenqueue');
    try {
      const args = ['enqueue', '--tickers', 'VGMC', '--forms', '10-K,8-K', '--since', '2024-01-01', '--json'];
      const first = JSON.parse((await cli(args, f.env)).out) as { added: number; existing: number };
      const second = JSON.parse((await cli(args, f.env)).out) as { added: number; existing: number };
      expect(first).toMatchObject({ added: 3, existing: 0 });
      expect(second).toMatchObject({ added: 0, existing: 3 });
      const status = JSON.parse((await cli(['status', '--json'], f.env)).out) as { stages: Array<{ stage: string; waiting: number }> };
      expect(status.stages.find((s) => s.stage === 'fetch')?.waiting).toBe(3);
    } finally {
      await f.cleanup();
    }
  });

  it('a permanent failure is not retried and is recorded on the filing row with its reason', async () => {
    const f = testFleet('permanent');
    const events: WorkerEvent[] = [];
    // The filing is listed, but its folder is gone from the Archives.
    server.rule({ match: /\/000999000124000060\//, status: 404 });
    const w = await inProcessWorkers(f.env, events);
    try {
      await cli(['enqueue', '--tickers', 'VGMC', '--forms', '10-Q', '--since', '2024-01-01'], f.env);
      await until(async () => (await w.fleet.outcomes.get(['0009990001-24-000060']))[0] !== null);
      const fetchJob = await w.fleet.queues.fetch.getJob(jobId('fetch', '0009990001-24-000060'));
      expect(await fetchJob?.getState()).toBe('failed');
      expect(fetchJob?.attemptsMade).toBe(1);
      await w.close();
      const db = new Database(f.env.MINERPIVOT_DB!, { readonly: true });
      const row = db.prepare('SELECT status, failed_stage, error_reason FROM filings WHERE filing_key = ?').get('0009990001-24-000060');
      db.close();
      expect(row).toMatchObject({ status: 'failed', failed_stage: 'fetch' });
      expect((row as { error_reason: string }).error_reason).toMatch(/not found on EDGAR \(HTTP 404\)/);
      expect(events.filter((e) => e.type === 'failed')).toHaveLength(1);
    } finally {
      await w.close().catch(() => {});
      await f.cleanup();
    }
  });

  it('the 403 rate page pauses the fleet: the job waits in delayed without burning an attempt', async () => {
    const f = testFleet('pause', { SEC_PAUSE_SECONDS: '2' });
    const events: WorkerEvent[] = [];
    server.rule({ match: /0009990001-24-000031-index\.html$/, status: 403, times: 1 });
    const w = await inProcessWorkers(f.env, events);
    try {
      await cli(['enqueue', '--tickers', 'VGMC', '--forms', '10-K', '--since', '2024-01-01'], f.env);
      await until(() => events.some((e) => e.type === 'delayed'));
      const status = JSON.parse((await cli(['status', '--json'], f.env)).out) as { pause: { reason: string } | null; stages: Array<{ stage: string; delayed: number }> };
      expect(status.pause?.reason).toMatch(/403 Request Rate Threshold Exceeded/);
      expect(status.stages.find((s) => s.stage === 'fetch')?.delayed).toBe(1);
      expect((await cli(['status'], f.env)).out).toMatch(/SEC pause: ACTIVE until/);

      await until(async () => (await w.fleet.outcomes.get(['0009990001-24-000031']))[0]?.status === 'stored');
      const hits = server.hits(/0009990001-24-000031-index\.html$/);
      expect(hits.map((h) => h.status)).toEqual([403, 200]);
      // Nothing was asked of the SEC during the pause.
      const during = server.requests.filter((r) => r.at > hits[0]!.at && r.at < hits[0]!.at + 1900);
      expect(during).toHaveLength(0);
      const job = await w.fleet.queues.fetch.getJob(jobId('fetch', '0009990001-24-000031'));
      expect(job?.attemptsMade).toBe(1);
      expect(events.some((e) => e.type === 'failed')).toBe(false);
    } finally {
      await w.close();
      await f.cleanup();
    }
  });

  it('a worker killed mid-job: another worker completes it, with no duplicate rows', async () => {
    const f = testFleet('kill');
    // Hold the 10-K's document long enough to kill the worker while it waits for it.
    server.rule({ match: /vgmc-20231231\.htm$/, delayMs: 6000, times: 1 });
    const first = spawnCli(['worker', '--stages', 'fetch,extract,score,store'], f.env);
    try {
      await first.waitFor(/worker \d+: stages/);
      await cli(['enqueue', '--tickers', 'VGMC', '--forms', '10-K', '--since', '2024-01-01'], f.env);
      await until(() => server.hits(/vgmc-20231231\.htm$/).length === 1);
      expect(await first.stop('SIGKILL')).toBe('SIGKILL');

      const second = spawnCli(['worker'], f.env);
      try {
        const waited = await cli(['enqueue', '--tickers', 'VGMC', '--forms', '10-K', '--since', '2024-01-01', '--wait'], f.env);
        expect(waited.out).toMatch(/queued 0 new filing\(s\), 1 already queued/);
        expect(waited.out).toMatch(/1 of 1 filing\(s\) stored/);
        expect(await second.stop('SIGTERM')).toBe(0);
      } finally {
        await second.stop('SIGKILL');
      }
      expect(server.hits(/vgmc-20231231\.htm$/)).toHaveLength(2);
      const db = new Database(f.env.MINERPIVOT_DB!, { readonly: true });
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM filings')).toBe(1);
      expect(count('SELECT count(*) AS n FROM documents')).toBe(1);
      expect(count('SELECT count(*) AS n FROM filing_scores')).toBe(1);
      expect(count('SELECT count(*) - count(DISTINCT document_id || \':\' || start) AS n FROM sentences')).toBe(0);
      db.close();
    } finally {
      await first.stop('SIGKILL');
      await f.cleanup();
    }
  });
});
