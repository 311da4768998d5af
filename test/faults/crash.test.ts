/**
 * Crash safety. The in-process runner SIGKILLed mid-run and started again, and
 * stage workers SIGKILLed mid-fetch, mid-extract and mid-store, end with the same
 * rows in every table as a clean run (every filing exactly once) and an ok
 * integrity check. A Redis restarted mid-batch (a private redis-server on a free
 * port, never the shared one) is reconnected to and the batch completes.
 *
 * The 10-K of the fictional VGMC is served as a large generated document (a few
 * seconds of extraction), so that a kill lands inside a stage, not between two.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueues, closeQueues, type StageQueues } from '../../workers/queues.ts';
import type { Stage } from '../../pipeline/core/jobs.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { dbSnapshot } from '../queue/snapshot.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';
import { fleetEnv, TEST_USER_AGENT } from '../support/fleet-env.ts';
import { spawnCli, type Spawned } from '../support/processes.ts';
import { deletePrefix, HAS_REDIS, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

const SELECT = ['--tickers', 'VGMC,NLCI', '--forms', '10-K,10-Q,8-K,40-F,6-K', '--since', '2024-01-01'];
const BIG_PATH = '/Archives/edgar/data/9990001/000999000124000031/vgmc-20231231.htm';
const BIG_ACCESSION = /"0009990001-24-000031"/;
const QUICK = { SEC_MAX_RPS: '10', SEC_TIMEOUT_SECONDS: '10', MINERPIVOT_RETRY_PAUSE_SECONDS: '1' };

/** A fictional 10-K of about 700 kB: thousands of mining and hosting sentences. */
function bigTenK(): string {
  const paragraphs: string[] = ['<p>Item 1. Business.</p>'];
  for (let i = 0; i < 3000; i++) {
    paragraphs.push(`<p>During quarter ${i} we mined ${1000 + i} bitcoin at site ${i % 17} and operated approximately ${30000 + i} miners there.</p>`);
    paragraphs.push(`<p>We also signed hosting agreement ${i} for GPU clusters with an artificial intelligence customer, covering ${(i % 50) + 5} MW of capacity.</p>`);
    if (i % 10 === 0) paragraphs.push(`<p>Item 7. Management's Discussion and Analysis, part ${i}.</p>`);
  }
  return `<html><head><title>vgmc-20231231</title></head><body>${paragraphs.join('\n')}</body></html>`;
}

/** Every table minerpivot writes, counted, beside the row snapshot; and the integrity check. */
function state(path: string): { rows: Record<string, unknown[]>; counts: Record<string, number>; integrity: string } {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name")
      .pluck()
      .all() as string[];
    const counts = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number]));
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    return { rows: dbSnapshot(path), counts, integrity };
  } finally {
    db.close();
  }
}

let server: EdgarServer;
const tmp = tempDir('mp-crash-');
let clean: ReturnType<typeof state>;

beforeAll(async () => {
  server = await startEdgarServer();
  const big = join(tmp.dir, 'big-10k.htm');
  writeFileSync(big, bigTenK());
  server.serveFile('www', BIG_PATH, big);
  const run = await cli(['run', ...SELECT, '--db', join(tmp.dir, 'clean.db')], {
    ...server.env(),
    SEC_USER_AGENT: TEST_USER_AGENT,
    ...QUICK,
    MINERPIVOT_CACHE: join(tmp.dir, 'clean-cache'),
  });
  expect(run.code, run.err).toBe(0);
  clean = state(join(tmp.dir, 'clean.db'));
  expect(clean.rows.filings).toHaveLength(6);
  expect(clean.integrity).toBe('ok');
}, 120_000);
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('crash safety', () => {
  it('the in-process runner SIGKILLed mid-run, three times, then run again: the rows of a clean run', async () => {
    const db = join(tmp.dir, 'killed.db');
    const env = { ...server.env(), SEC_USER_AGENT: TEST_USER_AGENT, ...QUICK, MINERPIVOT_CACHE: join(tmp.dir, 'killed-cache') };
    // Mid-fetch and extract of the first filings; right after a filing's store; a little later.
    const kills: Array<{ after: RegExp; waitMs: number }> = [
      { after: /running 6 filing/, waitMs: 700 },
      { after: /\[1\/6\] stored/, waitMs: 0 },
      { after: /\[3\/6\] stored/, waitMs: 40 },
    ];
    for (const kill of kills) {
      const run = spawnCli(['run', ...SELECT, '--db', db], env);
      await run.waitFor(kill.after, 90_000);
      await sleep(kill.waitMs);
      expect(await run.stop('SIGKILL'), run.output()).toBe('SIGKILL');
      expect(state(db).integrity).toBe('ok');
    }
    const rerun = await cli(['run', ...SELECT, '--db', db], env);
    expect(rerun.code, rerun.err).toBe(0);
    const after = state(db);
    expect(after.integrity).toBe('ok');
    expect(after.counts).toEqual(clean.counts);
    expect(after.rows).toEqual(clean.rows);
  }, 240_000);

  it.skipIf(!HAS_REDIS)('stage workers SIGKILLed mid-fetch, mid-extract and mid-store: every filing completes exactly once', async () => {
    const prefix = uniquePrefix('crash');
    const env = { ...fleetEnv(server, prefix, tmp.dir), ...QUICK, MINERPIVOT_DB: join(tmp.dir, 'workers.db'), MINERPIVOT_CACHE: join(tmp.dir, 'workers-cache') };
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queues = openQueues(redis, prefix);
    const running = new Map<Stage, Spawned>();
    const start = async (stage: Stage) => {
      const w = spawnCli(['worker', '--stages', stage === 'extract' ? 'extract,score' : stage], env);
      running.set(stage, w);
      await w.waitFor(/worker \d+: stages/);
    };
    server.reset();
    try {
      // The big 10-K's download is held, so the fetch worker is killed with a request in flight.
      server.rule({ match: /vgmc-20231231\.htm$/, delayMs: 5000, times: 1 });
      await Promise.all((['fetch', 'extract', 'store'] as const).map(start));
      const enqueued = cli(['enqueue', ...SELECT, '--wait'], env);

      const killedMid: Record<string, boolean> = {};
      for (const stage of ['fetch', 'extract', 'store'] as const) {
        // fetch: the job whose request the server holds; extract and store: the big 10-K's job (by its
        // accession: the documents of a payload travel compressed).
        killedMid[stage] = await killWhileActive(queues, stage, running.get(stage)!, stage === 'fetch' ? /vgmc-20231231/ : null, stage === 'fetch' ? null : BIG_ACCESSION);
        await start(stage);
      }
      const waited = await enqueued;
      expect(waited.code, `${waited.out}\n${waited.err}`).toBe(0);
      expect(waited.out).toMatch(/6 of 6 filing\(s\) stored/);
      expect(killedMid).toEqual({ fetch: true, extract: true, store: true });
      for (const w of running.values()) expect(await w.stop('SIGTERM')).toBe(0);

      const after = state(env.MINERPIVOT_DB);
      expect(after.integrity).toBe('ok');
      expect(after.counts).toEqual(clean.counts);
      expect(after.rows).toEqual(clean.rows);
      // The killed fetch was asked for again once, by the worker that took the job over.
      expect(server.hits(/vgmc-20231231\.htm$/)).toHaveLength(2);
    } finally {
      server.reset();
      await Promise.all([...running.values()].map((w) => w.stop('SIGKILL')));
      await closeQueues(queues);
      redis.disconnect();
      await deletePrefix(prefix);
    }
  }, 240_000);

  it.skipIf(!hasRedisServer())('a Redis restarted mid-batch: the workers reconnect and the batch completes', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const dataDir = join(tmp.dir, 'redis');
    spawnSync('mkdir', ['-p', dataDir]);
    // Never the shared Redis on 6379: a private one, whose queues survive its restart (append-only file).
    const startRedis = () =>
      spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dataDir], {
        stdio: 'ignore',
      });
    let redisServer: ChildProcess = startRedis();
    const prefix = uniquePrefix('restart');
    const env = { ...fleetEnv(server, prefix, tmp.dir), ...QUICK, REDIS_URL: url, MINERPIVOT_DB: join(tmp.dir, 'restart.db'), MINERPIVOT_CACHE: join(tmp.dir, 'restart-cache') };
    const workers: Spawned[] = [];
    try {
      await waitForRedis(url);
      for (const name of ['a', 'b']) workers.push(spawnCli(['worker'], env));
      await Promise.all(workers.map((w) => w.waitFor(/worker \d+: stages/)));
      // Hold one document so the batch is surely not done when Redis goes away.
      server.rule({ match: /vgmc-20231231\.htm$/, delayMs: 3000, times: 1 });
      const queued = await cli(['enqueue', ...SELECT], env);
      expect(queued.out).toMatch(/queued 6 new filing\(s\)/);
      await Promise.any(workers.map((w) => w.waitFor(/done {4}fetch/, 60_000)));

      redisServer.kill('SIGTERM');
      await new Promise((resolve) => redisServer.once('exit', resolve));
      await sleep(1500);
      redisServer = startRedis();
      await waitForRedis(url);

      const waited = await cli(['enqueue', ...SELECT, '--wait'], env);
      expect(waited.code, `${waited.out}\n${waited.err}`).toBe(0);
      expect(waited.out).toMatch(/6 of 6 filing\(s\) stored/);
      for (const w of workers) expect(await w.stop('SIGTERM')).toBe(0);
      const after = state(env.MINERPIVOT_DB);
      expect(after.integrity).toBe('ok');
      expect(after.counts).toEqual(clean.counts);
      expect(after.rows).toEqual(clean.rows);
    } finally {
      server.reset();
      await Promise.all(workers.map((w) => w.stop('SIGKILL')));
      redisServer.kill('SIGKILL');
    }
  }, 240_000);
});

/**
 * Waits until a job of `stage` (one whose data matches `jobOf`, when given) is active (and, for fetch, the server has the
 * held request), then SIGKILLs the worker at once. True when the job was still active at the kill: the
 * kill landed inside the stage, not after it. The big 10-K's job is the one waited for: a small filing's
 * extract or store takes a few milliseconds, and on a fast machine it ended before the kill arrived.
 */
async function killWhileActive(queues: StageQueues, stage: Stage, worker: Spawned, requested: RegExp | null, jobOf: RegExp | null): Promise<boolean> {
  const end = Date.now() + 90_000;
  while (Date.now() < end) {
    const job = (await queues[stage].getActive()).find((j) => jobOf === null || jobOf.test(JSON.stringify(j.data)));
    const held = requested === null || server.hits(requested).length > 0;
    if (job && held) {
      await worker.stop('SIGKILL');
      return (await job.getState()) === 'active' && !job.finishedOn;
    }
    await sleep(5);
  }
  throw new Error(`no ${stage} job became active`);
}

function hasRedisServer(): boolean {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!found) console.warn('[minerpivot tests] redis-server is not on PATH: the Redis restart test is skipped');
  return found;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function waitForRedis(url: string): Promise<void> {
  const end = Date.now() + 15_000;
  for (;;) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
    redis.on('error', () => {});
    try {
      await redis.connect();
      if ((await redis.ping()) === 'PONG') return;
    } catch {
      if (Date.now() > end) throw new Error(`no Redis at ${url}`);
      await sleep(100);
    } finally {
      redis.disconnect();
    }
  }
}

