/**
 * Workers on machines that share no folder (issue 13): the fetch worker's raw cache is deleted before
 * any other worker starts, and the filings are still extracted, scored and stored, with the same rows
 * as an in-process run. The bytes travelled in the extract jobs (or, above the cap, the fetch worker
 * extracted the filing itself), and what Redis holds is compressed.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import { FilingRepository } from '../../db/repository.ts';
import { loadConfig } from '../../pipeline/core/config.ts';
import { createHandlers } from '../../pipeline/run/handlers.ts';
import { createEdgarClient } from '../../pipeline/sources/edgar/index.ts';
import { openSources } from '../../pipeline/sources/registry.ts';
import type { Stage } from '../../pipeline/core/jobs.ts';
import { openFleet, type Fleet } from '../../workers/fleet.ts';
import { startStageWorkers } from '../../workers/stage-worker.ts';
import { PACK_FORMAT, unpackJob } from '../../workers/transport.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';
import { fleetEnv } from '../support/fleet-env.ts';
import { spawnCli } from '../support/processes.ts';
import { deletePrefix, HAS_REDIS, uniquePrefix } from '../support/redis.ts';
import { dbSnapshot } from './snapshot.ts';

const SELECT = ['--tickers', 'VGMC,NLCI', '--forms', '10-K,10-Q,8-K,40-F,6-K', '--since', '2024-01-01'];

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function files(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];
}

/** The raw data of every job of a stage in Redis, in every state. */
async function jobsOf(fleet: Fleet, stage: Stage): Promise<Job[]> {
  return fleet.queues[stage].getJobs(['waiting', 'active', 'completed', 'delayed', 'failed']);
}

describe.skipIf(!HAS_REDIS)('workers that share no folder', () => {
  let server: EdgarServer;
  const tmp = tempDir('mp-noshare-');
  let reference: ReturnType<typeof dbSnapshot>;

  beforeAll(async () => {
    server = await startEdgarServer();
    const env = { ...fleetEnv(server, 'unused', tmp.dir), REDIS_URL: undefined, MINERPIVOT_CACHE: join(tmp.dir, 'run-cache') };
    const run = await cli(['run', ...SELECT, '--db', join(tmp.dir, 'run.db')], env);
    expect(run.out).toMatch(/6 of 6 filing\(s\) stored/);
    reference = dbSnapshot(join(tmp.dir, 'run.db'));
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  it('a fetch worker process sends the bytes with the extract jobs; its cache is gone before extraction', async () => {
    const prefix = uniquePrefix('noshare');
    const env = fleetEnv(server, prefix, tmp.dir, { MINERPIVOT_DB: join(tmp.dir, 'processes.db') });
    const fetchCache = join(tmp.dir, 'fetch-machine-cache');
    const otherCache = join(tmp.dir, 'other-machine-cache');
    const fleet = await openFleet(loadConfig(env), 'test');
    const fetcher = spawnCli(['worker', '--stages', 'fetch', '--concurrency', '2'], { ...env, MINERPIVOT_CACHE: fetchCache });
    try {
      await fetcher.waitFor(/worker \d+: stages fetch/);
      expect((await cli(['enqueue', ...SELECT], env)).out).toMatch(/queued 6 new filing\(s\)/);
      await until(async () => (await fleet.queues.extract.getJobCounts('waiting')).waiting === 6);
      expect(await fetcher.stop('SIGTERM')).toBe(0);

      // Another machine: the fetch worker's downloads are not there.
      expect(files(fetchCache).length).toBeGreaterThan(0);
      rmSync(fetchCache, { recursive: true, force: true });
      const extractJobs = await jobsOf(fleet, 'extract');
      expect(extractJobs).toHaveLength(6);
      for (const job of extractJobs) {
        expect(job.data.format).toBe(PACK_FORMAT);
        expect(Object.keys(job.data).sort()).toEqual(['filing', 'format', 'packed', 'stage']);
        const { payload, attachments } = unpackJob(job.data);
        const documents = (payload as { documents: Array<{ path: string; bytes: number }> }).documents;
        expect(documents.length).toBeGreaterThan(0);
        for (const d of documents) expect(attachments.get(d.path)?.byteLength).toBe(d.bytes);
      }

      const rest = spawnCli(['worker', '--stages', 'extract,score,store', '--concurrency', '2'], { ...env, MINERPIVOT_CACHE: otherCache });
      try {
        await rest.waitFor(/worker \d+: stages extract,score,store/);
        const waited = await cli(['enqueue', ...SELECT, '--wait'], env);
        expect(waited.out).toMatch(/6 of 6 filing\(s\) stored/);
      } finally {
        expect(await rest.stop('SIGTERM')).toBe(0);
      }
      expect(files(otherCache)).toEqual([]);
      expect(dbSnapshot(env.MINERPIVOT_DB!)).toEqual(reference);

      // The extracted text travelled compressed: the score jobs kept in Redis are a fraction of their JSON.
      const scoreJobs = await jobsOf(fleet, 'score');
      expect(scoreJobs.length).toBeGreaterThan(0);
      for (const job of scoreJobs) {
        const { payload } = unpackJob(job.data);
        const text = (payload as { documents: Array<{ text: string }> }).documents[0]!.text;
        expect(JSON.stringify(job.data)).not.toContain(text.slice(0, 200));
        expect(JSON.stringify(job.data).length).toBeLessThan(JSON.stringify(payload).length);
      }
    } finally {
      await fetcher.stop('SIGKILL');
      await fleet.close();
      await deletePrefix(prefix);
    }
  });

  it('above the byte cap, the fetch worker extracts the filing itself and hands on the score job', async () => {
    const prefix = uniquePrefix('noshare-cap');
    const env = fleetEnv(server, prefix, tmp.dir, { MINERPIVOT_DB: join(tmp.dir, 'cap.db'), MINERPIVOT_CACHE: join(tmp.dir, 'cap-fetch-cache') });
    const config = loadConfig(env);
    const fleet = await openFleet(config, 'test');
    const client = createEdgarClient(config, { limiter: fleet.limiter, maxWaitMs: 500 });
    const base = { connection: fleet.redis, prefix: fleet.prefix, concurrency: 2, lockMs: 2000, queues: fleet.queues };
    const fetcher = startStageWorkers({ ...base, stages: ['fetch'], attachCapBytes: 0, handlers: createHandlers({ sources: openSources({ config, edgar: { client } }) }) });
    const db = openDb(config.dbPath);
    try {
      expect((await cli(['enqueue', ...SELECT], env)).out).toMatch(/queued 6 new filing\(s\)/);
      await until(async () => (await fleet.queues.score.getJobCounts('waiting')).waiting === 6);
      await fetcher.close();
      rmSync(config.cacheDir, { recursive: true, force: true });
      expect(await jobsOf(fleet, 'extract')).toHaveLength(0);
      const rest = startStageWorkers({ ...base, stages: ['score', 'store'], handlers: createHandlers({ repository: new FilingRepository(db) }) });
      try {
        expect((await cli(['enqueue', ...SELECT, '--wait'], env)).out).toMatch(/6 of 6 filing\(s\) stored/);
      } finally {
        await rest.close();
      }
      expect(dbSnapshot(config.dbPath)).toEqual(reference);
    } finally {
      await fetcher.close(true);
      db.close();
      await fleet.close();
      await deletePrefix(prefix);
    }
  });
});
