/**
 * Done when (issue 12), the BullMQ side, on real Redis and the local EDGAR-shaped server: a batch with
 * REDIS_URL set runs as one flow whose parent job completes when all its filings are done; the
 * scheduler is visible in Redis and triggers a batch through `schedule --worker` with a short
 * interval; the dashboard answers on 127.0.0.1 and not on another address of this machine.
 */
import { writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import { FilingRepository } from '../../db/repository.ts';
import { loadConfig } from '../../pipeline/core/config.ts';
import { createHandlers } from '../../pipeline/run/handlers.ts';
import { createEdgarClient } from '../../pipeline/sources/edgar/index.ts';
import { openSources } from '../../pipeline/sources/registry.ts';
import { BATCH_QUEUE, SCHEDULE_QUEUE } from '../../workers/batch-flow.ts';
import { startDashboard } from '../../workers/dashboard.ts';
import { openFleet } from '../../workers/fleet.ts';
import { startStageWorkers } from '../../workers/stage-worker.ts';
import { TWO_ISSUERS } from '../support/batch-fixtures.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';
import { fleetEnv } from '../support/fleet-env.ts';
import { spawnCli, type Spawned } from '../support/processes.ts';
import { deletePrefix, HAS_REDIS, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

let server: EdgarServer;
beforeAll(async () => {
  server = await startEdgarServer();
});
afterAll(async () => {
  await server.close();
});

describe.skipIf(!HAS_REDIS)('batch through the queues', () => {
  const prefix = uniquePrefix('batch');
  const tmp = tempDir('mp-qbatch-');
  const watchlist = join(tmp.dir, 'watchlist.json');
  afterAll(async () => {
    await deletePrefix(prefix);
    tmp.cleanup();
  });

  it('runs as one flow; its parent completes when every filing is stored or failed; a second batch takes nothing', async () => {
    writeFileSync(watchlist, JSON.stringify(TWO_ISSUERS));
    const env = fleetEnv(server, prefix, tmp.dir, { SEC_MAX_RPS: '10' });
    // The stage workers of a fleet, in this process, writing the same database file as the batch reads.
    const config = loadConfig(env);
    const fleet = await openFleet(config, 'test');
    const storeDb = openDb(config.dbPath);
    const running = startStageWorkers({
      connection: fleet.redis,
      prefix,
      stages: ['fetch', 'extract', 'score', 'store'],
      concurrency: 2,
      lockMs: 5000,
      handlers: createHandlers({
        repository: new FilingRepository(storeDb),
        sources: openSources({ config, edgar: { client: createEdgarClient(config, { limiter: fleet.limiter, maxWaitMs: 500 }) } }),
      }),
      queues: fleet.queues,
      cpuInThreads: false,
    });
    try {
      // One filing fails for good (its archive folder answers 404): the parent still completes.
      server.rule({ match: /^\/Archives\/edgar\/data\/9990002\/000999000224000020\//, status: 404 });
      const first = await cli(['batch', '--watchlist', watchlist, '--since', '2023-01-01', '--digest', join(tmp.dir, 'q1.json'), '--json'], env);
      expect(first.code, first.err).toBe(1);
      expect(first.err).toMatch(/FAILED {2}NLCI 6-K 0009990002-24-000020 at fetch: .*not found on EDGAR/);
      const out = JSON.parse(first.out) as { digest: { mode: string; newFilings: Array<{ status: string }> } };
      expect(out.digest.mode).toBe('queue');
      expect(out.digest.newFilings.map((f) => f.status).sort()).toEqual(['failed', ...Array(7).fill('stored')]);

      const batchQueue = new Queue(BATCH_QUEUE, { connection: fleet.redis, prefix });
      const parents = await batchQueue.getJobs(['completed']);
      expect(parents).toHaveLength(1);
      const parent = parents[0]!;
      expect(Object.keys(parent.returnvalue as object)).toHaveLength(8);
      expect((parent.returnvalue as Record<string, { status: string }>)['0009990002-24-000020']!.status).toBe('failed');
      // Its children are the fetch jobs: seven processed, the failed one kept as an ignored failure.
      const deps = await parent.getDependenciesCount();
      expect(deps.processed).toBe(7);
      expect(Object.keys(await parent.getIgnoredChildrenFailures())).toHaveLength(1);
      await batchQueue.close();

      const db = new Database(config.dbPath, { readonly: true });
      expect(db.prepare(`SELECT status, COUNT(*) AS n FROM filings GROUP BY status ORDER BY status`).all()).toEqual([
        { status: 'failed', n: 1 },
        { status: 'stored', n: 7 },
      ]);
      expect(db.prepare('SELECT mode, new_filings, stored, failed FROM batch_runs').all()).toEqual([{ mode: 'queue', new_filings: 8, stored: 7, failed: 1 }]);
      const version = db.pragma('data_version', { simple: true });

      server.reset();
      const second = await cli(['batch', '--watchlist', watchlist, '--digest', join(tmp.dir, 'q2.md')], env);
      expect(second.code, second.err).toBe(0);
      expect(server.requests.every((r) => r.path.startsWith('/submissions/'))).toBe(true);
      expect(db.pragma('data_version', { simple: true })).toBe(version);
      db.close();
    } finally {
      server.reset(); // the 404 rule too
      await running.close();
      await fleet.close();
      storeDb.close();
    }
  });
});

describe.skipIf(!HAS_REDIS)('schedule', () => {
  const prefix = uniquePrefix('sched');
  const tmp = tempDir('mp-sched-');
  let worker: Spawned | null = null;
  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await deletePrefix(prefix);
    tmp.cleanup();
  });

  it('registers a job scheduler visible in Redis, which triggers a batch through the schedule worker', async () => {
    const watchlist = join(tmp.dir, 'watchlist.json');
    writeFileSync(watchlist, JSON.stringify(TWO_ISSUERS.slice(1)));
    const env = fleetEnv(server, prefix, tmp.dir, { SEC_MAX_RPS: '10' });

    const weekly = await cli(['schedule', '--cron', '0 6 * * 1', '--tz', 'UTC'], env);
    expect(weekly.code, weekly.err).toBe(0);
    expect(weekly.out).toMatch(/scheduled weekly-batch: "0 6 \* \* 1" \(UTC\), next run \d{4}-\d\d-\d\dT06:00:00.000Z/);
    const fast = await cli(['schedule', '--every', '1500', '--name', 'test-batch', '--watchlist', watchlist, '--in-process'], env);
    expect(fast.code, fast.err).toBe(0);

    // In Redis itself: BullMQ keeps job schedulers in the queue's `repeat` sorted set, each with a hash.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      expect((await redis.zrange(`${prefix}:${SCHEDULE_QUEUE}:repeat`, '0', '-1')).sort()).toEqual(['test-batch', 'weekly-batch']);
      expect(await redis.hget(`${prefix}:${SCHEDULE_QUEUE}:repeat:weekly-batch`, 'pattern')).toBe('0 6 * * 1');
      expect(await redis.hget(`${prefix}:${SCHEDULE_QUEUE}:repeat:test-batch`, 'every')).toBe('1500');
    } finally {
      redis.disconnect();
    }
    const listed = JSON.parse((await cli(['schedule', '--list', '--json'], env)).out) as { schedulers: Array<{ name: string; every: number | null; batch: { watchlist: string } }> };
    expect(listed.schedulers.find((s) => s.name === 'test-batch')).toMatchObject({ every: 1500, batch: { watchlist } });

    worker = spawnCli(['schedule', '--worker'], env);
    await worker.waitFor(/batch \S+: 3 new filing\(s\), 3 stored, 0 failed; digest \S+digest-/, 180_000);
    // The next run of the interval finds nothing new.
    await worker.waitFor(/batch \S+: 3 new filing[\s\S]*batch \S+: 0 new filing\(s\), 0 stored, 0 failed/, 120_000);
    expect(await worker.stop('SIGTERM')).toBe(0);
    const db = new Database(env.MINERPIVOT_DB!, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM filings').pluck().get()).toBe(3);
    expect(db.prepare('SELECT mode, new_filings FROM batch_runs').all()).toEqual([{ mode: 'in-process', new_filings: 3 }]);
    db.close();

    expect((await cli(['schedule', '--remove', '--name', 'test-batch'], env)).code).toBe(0);
    expect((await cli(['schedule', '--remove', '--name', 'test-batch'], env)).code).toBe(2);
    const after = JSON.parse((await cli(['schedule', '--list', '--json'], env)).out) as { schedulers: Array<{ name: string }> };
    expect(after.schedulers.map((s) => s.name)).toEqual(['weekly-batch']);
  });

  it('a bad pattern or time zone is one line and exit 2', async () => {
    const env = fleetEnv(server, prefix, tmp.dir);
    const cron = await cli(['schedule', '--cron', 'every monday'], env);
    expect(cron.code).toBe(2);
    expect(cron.err.trim().split('\n')).toHaveLength(1);
    const tz = await cli(['schedule', '--cron', '0 6 * * 1', '--tz', 'Mars/Olympus'], env);
    expect(tz.err).toMatch(/--tz Mars\/Olympus: not a time zone/);
  });
});

describe.skipIf(!HAS_REDIS)('dashboard', () => {
  it('answers on 127.0.0.1 and not on another address of this machine', async () => {
    const prefix = uniquePrefix('dash');
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const dashboard = await startDashboard({ connection: redis, prefix, host: '127.0.0.1', port: 0 });
    try {
      expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(dashboard.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/bull/i);
      const api = await fetch(new URL('api/queues', dashboard.url));
      expect(api.status).toBe(200);
      const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
      expect(names).toEqual(['batch', 'batch-schedule', 'extract', 'fetch', 'score', 'store']);

      const port = new URL(dashboard.url).port;
      const other = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      if (!other) {
        console.warn('[minerpivot tests] no non-loopback IPv4 address on this machine: the "not on another address" half is skipped');
        return;
      }
      await expect(fetch(`http://${other}:${port}/`, { signal: AbortSignal.timeout(3000) })).rejects.toThrow();
      // The same address does reach a dashboard told to listen on every address: the refusal above is the binding's.
      const open = await startDashboard({ connection: redis, prefix, host: '0.0.0.0', port: 0 });
      try {
        expect((await fetch(`http://${other}:${new URL(open.url).port}/`, { signal: AbortSignal.timeout(3000) })).status).toBe(200);
      } finally {
        await open.close();
      }
    } finally {
      await dashboard.close();
      redis.disconnect();
      await deletePrefix(prefix);
    }
  });

  it('the command is bound to 127.0.0.1 by default and says where it listens', async () => {
    const prefix = uniquePrefix('dashcli');
    const child = spawnCli(['dashboard', '--port', '0'], { REDIS_URL: TEST_REDIS_URL, MINERPIVOT_QUEUE_PREFIX: prefix });
    try {
      await child.waitFor(/dashboard \d+: http:\/\/127\.0\.0\.1:\d+\//, 90_000);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(child.output())![1]!;
      expect((await fetch(url)).status).toBe(200);
      expect(await child.stop('SIGTERM')).toBe(0);
    } finally {
      await child.stop('SIGKILL');
      await deletePrefix(prefix);
    }
  });
});
