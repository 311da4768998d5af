/**
 * The fault suite: the local EDGAR-shaped server answers a seeded 25% of requests
 * with a fault (503 with Retry-After, a connection reset, a body cut short of its
 * Content-Length, a stall past the client's timeout). `run --tickers` in-process
 * and `enqueue` + two worker processes end with the same filings, sentences and
 * scores as a clean run. And what the network or a user can cause ends in one
 * line per failure, never a stack trace.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { dbSnapshot } from '../queue/snapshot.ts';
import { FAULT_KINDS, startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';
import { fleetEnv, TEST_USER_AGENT } from '../support/fleet-env.ts';
import { spawnCli, type Spawned } from '../support/processes.ts';
import { deletePrefix, HAS_REDIS, uniquePrefix } from '../support/redis.ts';

const SELECT = ['--tickers', 'VGMC,NLCI', '--forms', '10-K,10-Q,8-K,40-F,6-K', '--since', '2024-01-01'];
const FAULTS = { rate: 0.25, seed: 15, retryAfter: '1', stallMs: 2500 } as const;

/** What a run needs to meet faults quickly: a 1 s attempt timeout, a short pause before the second pass. */
const FAST = { SEC_TIMEOUT_SECONDS: '1', SEC_RETRY_SECONDS: '120', MINERPIVOT_RETRY_PAUSE_SECONDS: '1', SEC_MAX_RPS: '10' };

/** No stack frame, no "unexpected error", no "(HTTP 200)" for a body cut short. */
function expectNoTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
  expect(output).not.toMatch(/unexpected error|TransientError|PermanentError/);
  expect(output).not.toMatch(/HTTP 200/);
}

let server: EdgarServer;
const tmp = tempDir('mp-faults-');
let clean: Record<string, unknown[]>;

beforeAll(async () => {
  server = await startEdgarServer();
  const env = { ...server.env(), SEC_USER_AGENT: TEST_USER_AGENT, ...FAST, MINERPIVOT_CACHE: join(tmp.dir, 'clean-cache') };
  const run = await cli(['run', ...SELECT, '--db', join(tmp.dir, 'clean.db')], env);
  expect(run.code, run.err).toBe(0);
  clean = dbSnapshot(join(tmp.dir, 'clean.db'));
  expect(clean.filings).toHaveLength(6);
  server.reset();
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('at a 25% fault rate', () => {
  it('run --tickers ends with the same rows as a clean run', async () => {
    server.faults(FAULTS);
    const env = { ...server.env(), SEC_USER_AGENT: TEST_USER_AGENT, ...FAST, MINERPIVOT_CACHE: join(tmp.dir, 'faulty-cache') };
    const db = join(tmp.dir, 'faulty.db');
    const run = await cli(['run', ...SELECT, '--db', db], env);
    const met = new Set(server.requests.flatMap((r) => (r.fault ? [r.fault] : [])));
    const faulty = server.requests.filter((r) => r.fault).length;
    server.reset();
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/6 of 6 filing\(s\) stored/);
    // Every kind of fault was met, and each retry said what it was.
    expect([...met].sort()).toEqual([...FAULT_KINDS].sort());
    expect(run.err).toMatch(/retrying \S+ in \d+ s \(HTTP 503\)/);
    expect(run.err).toMatch(/retrying \S+ in \d+ s \((connection reset|body cut short)/);
    expect(run.err).toMatch(/retrying \S+ in \d+ s \((body cut short after \d+ byte\(s\): stalled|no answer within 1 s)/);
    expectNoTrace(`${run.out}\n${run.err}`);
    // The User-Agent's email goes to the SEC, never into the log.
    expect(`${run.out}\n${run.err}`).not.toContain('tests@example.org');
    expect(dbSnapshot(db)).toEqual(clean);
    console.info(`[faults] run --tickers: ${faulty} faulty answers (${[...met].join(', ')}), same rows as clean`);
  });

  it.skipIf(!HAS_REDIS)('enqueue + two worker processes end with the same rows as a clean run', async () => {
    const prefix = uniquePrefix('faults');
    const env = { ...fleetEnv(server, prefix, tmp.dir), ...FAST, MINERPIVOT_DB: join(tmp.dir, 'queue.db') };
    const workers: Spawned[] = [];
    try {
      for (const name of ['a', 'b']) workers.push(spawnCli(['worker', '--concurrency', '3'], { ...env, MINERPIVOT_CACHE: join(tmp.dir, `queue-cache-${name}`) }));
      await Promise.all(workers.map((w) => w.waitFor(/worker \d+: stages fetch,extract,score,store/)));
      server.faults(FAULTS);
      const enqueued = await cli(['enqueue', ...SELECT, '--wait'], env);
      const faulty = server.requests.filter((r) => r.fault).length;
      expect(enqueued.code, enqueued.err).toBe(0);
      expect(enqueued.out).toMatch(/6 of 6 filing\(s\) stored/);
      expect(await Promise.all(workers.map((w) => w.stop('SIGTERM')))).toEqual([0, 0]);
      const logs = workers.map((w) => w.output()).join('\n');
      expect(logs).toMatch(/retry {3}\S+ in \d+ s \(/);
      expectNoTrace(`${enqueued.out}\n${enqueued.err}\n${logs}`);
      expect(logs).not.toContain('tests@example.org');
      expect(dbSnapshot(env.MINERPIVOT_DB!)).toEqual(clean);
      console.info(`[faults] enqueue + 2 workers: ${faulty} faulty answers, same rows as clean`);
    } finally {
      server.reset();
      await Promise.all(workers.map((w) => w.stop('SIGKILL')));
      await deletePrefix(prefix);
    }
  });
});

describe('failures stay local, in one line each', () => {
  it('an unknown ticker and an unknown CIK are named; the other filer is still run; exit 1', async () => {
    const env = { ...server.env(), SEC_USER_AGENT: TEST_USER_AGENT, ...FAST, MINERPIVOT_CACHE: join(tmp.dir, 'local-cache') };
    const db = join(tmp.dir, 'local.db');
    const run = await cli(['run', '--tickers', 'VGMC,NOPE', '--ciks', '99999999', '--forms', '10-K', '--since', '2024-01-01', '--db', db], env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^FAILED {2}ticker NOPE: unknown ticker NOPE: not in the SEC's company_tickers\.json/m);
    expect(run.err).toMatch(/^FAILED {2}CIK 0099999999: \S+CIK0099999999\.json: not found on EDGAR \(HTTP 404\)$/m);
    expect(run.out).toMatch(/1 of 1 filing\(s\) stored, 2 failed/);
    expect(run.out).toMatch(/still failed/);
    expectNoTrace(`${run.out}\n${run.err}`);
  });

  it('a filer whose discovery meets a burst of faults is asked again at the end of the run', async () => {
    // A Retry-After longer than the request's whole budget: the first pass gives up at once, the second gets the answer.
    server.rule({ match: /CIK0009990002\.json$/, status: 503, retryAfter: '2', times: 1 });
    const env = {
      ...server.env(),
      SEC_USER_AGENT: TEST_USER_AGENT,
      ...FAST,
      SEC_RETRY_SECONDS: '1',
      MINERPIVOT_CACHE: join(tmp.dir, 'burst-cache'),
    };
    const run = await cli(['run', '--tickers', 'VGMC,NLCI', '--forms', '10-K,40-F', '--since', '2024-01-01', '--db', join(tmp.dir, 'burst.db')], env);
    server.reset();
    expect(run.err).toMatch(/^FAILED {2}ticker NLCI \(CIK 0009990002\): \S+: HTTP 503; gave up after \d+ attempt\(s\) in \d+ s$/m);
    expect(run.err).toMatch(/asking EDGAR once more for ticker NLCI/);
    expect(run.code, run.err).toBe(0);
    expect(run.out).not.toMatch(/still failed/);
    expectNoTrace(`${run.out}\n${run.err}`);
  });

  it('no network at all: one line per filer and exit 1; --debug is taken anywhere on the line', async () => {
    const env = {
      SEC_DATA_URL: 'http://edgar.invalid/data',
      SEC_WWW_URL: 'http://edgar.invalid/www',
      SEC_USER_AGENT: TEST_USER_AGENT,
      ...FAST,
      MINERPIVOT_RETRY_PAUSE_SECONDS: '0',
      MINERPIVOT_CACHE: join(tmp.dir, 'offline-cache'),
    };
    const db = join(tmp.dir, 'offline.db');
    const run = await cli(['run', '--tickers', 'VGMC', '--debug', '--ciks', '1167419', '--db', db], env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^FAILED {2}ticker VGMC: \S+company_tickers\.json: cannot resolve edgar\.invalid \(DNS \w+/m);
    expect(run.err).toMatch(/^FAILED {2}CIK 0001167419: \S+CIK0001167419\.json: cannot resolve edgar\.invalid/m);
    expectNoTrace(`${run.out}\n${run.err}`);
  });
});
