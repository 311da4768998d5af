/** The EDGAR client against a real local server: User-Agent, gzip, retries, the 403 pause, the cache. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { PermanentError, TransientError, UserError } from '../../pipeline/core/errors.ts';
import { RawCache } from '../../pipeline/sources/cache.ts';
import { backoffMs, EdgarClient, parseRetryAfter, type EdgarClientOptions } from '../../pipeline/sources/edgar/client.ts';
import { createEdgarClient } from '../../pipeline/sources/edgar/index.ts';
import { LocalRateLimiter, RateLimitedError } from '../../pipeline/sources/edgar/rate-limit.ts';
import { RedisRateLimiter } from '../../workers/redis-limiter.ts';
import { loadConfig } from '../../pipeline/core/config.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';
import { deletePrefix, HAS_REDIS, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

const UA = 'Minerpivot Tests tests@example.org';
const DOC = '/Archives/edgar/data/9990001/000999000124000052/vgmc-ex99_1.htm';

let server: EdgarServer;
const temps: Array<() => void> = [];

beforeAll(async () => {
  server = await startEdgarServer();
});
afterAll(async () => {
  await server.close();
  for (const cleanup of temps) cleanup();
});
afterEach(() => server.reset());

function client(overrides: Partial<EdgarClientOptions> = {}): EdgarClient {
  const { dir, cleanup } = tempDir('mp-edgar-');
  temps.push(cleanup);
  return new EdgarClient({
    bases: { dataUrl: server.dataUrl, wwwUrl: server.wwwUrl },
    userAgent: UA,
    limiter: new LocalRateLimiter(10),
    cache: new RawCache(dir),
    pauseMs: 1000,
    backoffBaseMs: 50,
    ...overrides,
  });
}

describe('User-Agent', () => {
  it('refuses to make any request without SEC_USER_AGENT, saying how to set it', async () => {
    const c = client({ userAgent: null });
    const error = await c.get(`${server.wwwUrl}${DOC}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain('export SEC_USER_AGENT="');
    expect(() => createEdgarClient(loadConfig({}))).toThrow(/SEC_USER_AGENT is not set/);
    expect(server.requests).toHaveLength(0);
  });

  it('run --tickers without SEC_USER_AGENT fails in one line and sends nothing', async () => {
    const { dir, cleanup } = tempDir();
    temps.push(cleanup);
    const result = await cli(['run', '--tickers', 'VGMC', '--forms', '10-K', '--db', `${dir}/x.db`], { ...server.env(), MINERPIVOT_CACHE: dir });
    expect(result.code).toBe(2);
    expect(result.err.split('\n')).toHaveLength(1);
    expect(result.err).toMatch(/SEC_USER_AGENT is not set.*export SEC_USER_AGENT=/);
    expect(server.requests).toHaveLength(0);
  });

  it('sends the User-Agent on every request and accepts gzip', async () => {
    const c = client();
    const text = await c.getText(`${server.wwwUrl}${DOC}`);
    expect(text).toContain('Colocation Lease');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.userAgent).toBe(UA);
    expect(server.requests[0]!.acceptEncoding).toMatch(/gzip/);
  });
});

describe('errors and retries', () => {
  it('honours Retry-After on 429', async () => {
    server.rule({ match: /vgmc-ex99_1/, status: 429, retryAfter: '1', times: 1 });
    const started = Date.now();
    await client().get(`${server.wwwUrl}${DOC}`);
    const hits = server.hits(/vgmc-ex99_1/);
    expect(hits.map((h) => h.status)).toEqual([429, 200]);
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('backs off on 503 without Retry-After, then gives up with a TransientError', async () => {
    server.rule({ match: /vgmc-ex99_1/, status: 503, times: 2 });
    await client().get(`${server.wwwUrl}${DOC}`);
    expect(server.hits(/vgmc-ex99_1/).map((h) => h.status)).toEqual([503, 503, 200]);

    server.reset();
    server.rule({ match: /vgmc-ex99_1/, status: 503 });
    await expect(client({ maxAttempts: 3 }).get(`${server.wwwUrl}${DOC}`)).rejects.toBeInstanceOf(TransientError);
    expect(server.hits(/vgmc-ex99_1/)).toHaveLength(3);
  });

  it('a Retry-After longer than a worker sits through becomes a RateLimitedError', async () => {
    server.rule({ match: /vgmc-ex99_1/, status: 429, retryAfter: '120' });
    const error = await client({ maxWaitMs: 5000 }).get(`${server.wwwUrl}${DOC}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).waitMs).toBe(120_000);
  });

  it('404 and S3 AccessDenied are permanent', async () => {
    await expect(client().get(`${server.wwwUrl}/Archives/edgar/data/1/000000000000000000/nope.htm`)).rejects.toBeInstanceOf(PermanentError);
    server.rule({ match: /nope2/, status: 403, body: '<Error><Code>AccessDenied</Code></Error>' });
    await expect(client().get(`${server.wwwUrl}/Archives/edgar/data/1/000000000000000000/nope2.htm`)).rejects.toBeInstanceOf(PermanentError);
  });

  it('reads Retry-After as seconds or an HTTP date; backoff is jittered and capped', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(backoffMs(3, 1000, () => 1)).toBe(8000);
    expect(backoffMs(20, 1000, () => 1)).toBe(60_000);
    expect(backoffMs(3, 1000, () => 0)).toBe(0);
  });
});

describe('the 403 rate page', () => {
  it('pauses every request for the configured time, then tries again', async () => {
    server.rule({ match: /vgmc-ex99_1/, status: 403, times: 1 });
    const limiter = new LocalRateLimiter(10);
    const c = client({ limiter, pauseMs: 1500 });
    await c.get(`${server.wwwUrl}${DOC}`);
    const hits = server.hits(/vgmc-ex99_1/);
    expect(hits.map((h) => h.status)).toEqual([403, 200]);
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(1400);
  });

  it('a worker that will not wait gets a RateLimitedError and sends nothing more', async () => {
    server.rule({ match: /vgmc-ex99_1/, status: 403 });
    const limiter = new LocalRateLimiter(10);
    const c = client({ limiter, pauseMs: 60_000, maxWaitMs: 1000 });
    await expect(c.get(`${server.wwwUrl}${DOC}`)).rejects.toBeInstanceOf(RateLimitedError);
    await expect(c.get(`${server.wwwUrl}/Archives/edgar/data/9990001/000999000124000060/vgmc-20240630.htm`)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    expect(server.requests).toHaveLength(1);
    expect((await limiter.pauseState())?.reason).toMatch(/Request Rate Threshold Exceeded/);
  });

  it.skipIf(!HAS_REDIS)('the pause is fleet-wide: stored in Redis, seen by another limiter', async () => {
    const prefix = uniquePrefix('pause');
    const a = new Redis(TEST_REDIS_URL);
    const b = new Redis(TEST_REDIS_URL);
    try {
      server.rule({ match: /vgmc-ex99_1/, status: 403, times: 1 });
      const first = client({ limiter: new RedisRateLimiter(a, prefix, 10), pauseMs: 30_000, maxWaitMs: 500 });
      await expect(first.get(`${server.wwwUrl}${DOC}`)).rejects.toBeInstanceOf(RateLimitedError);
      const other = new RedisRateLimiter(b, prefix, 10);
      const pause = await other.pauseState();
      expect(pause?.reason).toMatch(/403/);
      expect(pause!.until - Date.now()).toBeGreaterThan(25_000);
      const second = client({ limiter: other, maxWaitMs: 500 });
      await expect(second.get(`${server.wwwUrl}${DOC}`)).rejects.toBeInstanceOf(RateLimitedError);
      expect(server.requests).toHaveLength(1);
    } finally {
      a.disconnect();
      b.disconnect();
      await deletePrefix(prefix);
    }
  });
});

describe('raw cache', () => {
  it('never downloads an Archives document twice; JSON APIs only after their TTL', async () => {
    const c = client();
    const first = await c.get(`${server.wwwUrl}${DOC}`);
    const again = await c.get(`${server.wwwUrl}${DOC}`);
    expect(first.fromCache).toBe(false);
    expect(again.fromCache).toBe(true);
    expect(again.sha256).toBe(first.sha256);
    expect(again.path).toMatch(new RegExp(`objects/${first.sha256.slice(0, 2)}/${first.sha256}$`));

    const json = `${server.dataUrl}/submissions/CIK0009990001.json`;
    await c.get(json, 60_000);
    await c.get(json, 60_000);
    await c.get(json, 0);
    expect(server.hits(/vgmc-ex99_1/)).toHaveLength(1);
    expect(server.hits(/CIK0009990001\.json/)).toHaveLength(2);
  });
});
