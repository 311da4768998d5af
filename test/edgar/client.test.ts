/** The EDGAR client against a real local server: User-Agent, gzip, retries, the 403 pause, the cache. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { PermanentError, TransientError, UserError } from '../../pipeline/core/errors.ts';
import { RawCache } from '../../pipeline/sources/cache.ts';
import { backoffMs, EdgarClient, parseRetryAfter, type ClientEvent, type EdgarClientOptions } from '../../pipeline/sources/edgar/client.ts';
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
  return new EdgarClient({ ...clientOptions(), ...overrides });
}

/** A port nothing listens on (just closed). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function clientOptions(): EdgarClientOptions {
  const { dir, cleanup } = tempDir('mp-edgar-');
  temps.push(cleanup);
  return {
    bases: { dataUrl: server.dataUrl, wwwUrl: server.wwwUrl },
    userAgent: UA,
    limiter: new LocalRateLimiter(10),
    cache: new RawCache(dir),
    pauseMs: 1000,
    backoffBaseMs: 50,
  };
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

  it('honours Retry-After only up to its cap, and never throws it at a worker as a pause', async () => {
    server.rule({ match: /vgmc-ex99_1/, status: 429, retryAfter: '3600', times: 1 });
    const started = Date.now();
    await client({ retryAfterCapMs: 300, maxWaitMs: 100 }).get(`${server.wwwUrl}${DOC}`);
    expect(server.hits(/vgmc-ex99_1/).map((h) => h.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a body shorter than its Content-Length is retried, and the retry says so (not "HTTP 200")', async () => {
    server.rule({ match: /vgmc-ex99_1/, truncate: true, times: 1 });
    const events: ClientEvent[] = [];
    const text = await client({ onEvent: (e) => events.push(e) }).getText(`${server.wwwUrl}${DOC}`);
    expect(text).toContain('Colocation Lease');
    const retry = events.find((e) => e.type === 'retry');
    expect(retry?.type === 'retry' && retry.reason).toMatch(/^body cut short after \d+ of \d+ \(Content-Length\) byte\(s\): connection closed mid-body$/);
    expect(server.hits(/vgmc-ex99_1/)).toHaveLength(2);
  });

  it('a connection reset and a stalled body are retried', async () => {
    server.rule({ match: /vgmc-ex99_1/, reset: true, times: 1 });
    server.faults({ rate: 1, seed: 1, kinds: ['stall'], stallMs: 1500, match: /vgmc-ex99_1/ });
    const events: ClientEvent[] = [];
    const c = client({ timeoutMs: 500, maxAttempts: 3, onEvent: (e) => events.push(e) });
    await expect(c.get(`${server.wwwUrl}${DOC}`)).rejects.toThrow(/stalled, no complete answer within 0\.5 s; gave up after 3 attempt\(s\)/);
    const reasons = events.flatMap((e) => (e.type === 'retry' ? [e.reason] : []));
    expect(reasons[0]).toMatch(/connection reset|closed|socket/i);
    expect(reasons[1]).toMatch(/stalled/);
  });

  it('gives up when the retry budget is spent, in one line naming the URL, the fault and the attempts', async () => {
    server.rule({ match: /vgmc-ex99_1/, status: 500 });
    const error = (await client({ retryBudgetMs: 400, backoffBaseMs: 100 }).get(`${server.wwwUrl}${DOC}`).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(new RegExp(`^${server.wwwUrl}${DOC}: HTTP 500; gave up after \\d+ attempt\\(s\\) in \\d+ s$`));
    expect(server.hits(/vgmc-ex99_1/).length).toBeGreaterThan(1);
  });

  it('a refused port and a host that does not resolve: a few tries, then one plain line', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const refused = new EdgarClient({ ...clientOptions(), retryBudgetMs: 10_000, bases: { dataUrl: `${origin}/data`, wwwUrl: `${origin}/www` } });
    const e1 = (await refused.get(`${origin}/www/files/company_tickers.json`).catch((e: unknown) => e)) as Error;
    expect(e1).toBeInstanceOf(TransientError);
    expect(e1.message).toBe(`${origin}/www/files/company_tickers.json: connection refused by 127.0.0.1:${port} (ECONNREFUSED); gave up after 3 attempt(s) in 0 s`);
    // .invalid never resolves (RFC 6761): the message a machine without network gets.
    const nowhere = new EdgarClient({ ...clientOptions(), retryBudgetMs: 10_000, bases: { dataUrl: 'http://edgar.invalid/data', wwwUrl: 'http://edgar.invalid/www' } });
    const e2 = (await nowhere.get('http://edgar.invalid/www/files/company_tickers.json').catch((e: unknown) => e)) as Error;
    expect(e2).toBeInstanceOf(TransientError);
    expect(e2.message).toMatch(/cannot resolve edgar\.invalid \(DNS (ENOTFOUND|EAI_AGAIN)/);
    // A port fetch refuses outright (1): a configuration mistake, not retried.
    const blocked = new EdgarClient({ ...clientOptions(), bases: { dataUrl: 'http://127.0.0.1:1/data', wwwUrl: 'http://127.0.0.1:1/www' } });
    const e3 = (await blocked.get('http://127.0.0.1:1/www/files/company_tickers.json').catch((e: unknown) => e)) as Error;
    expect(e3).toBeInstanceOf(PermanentError);
    expect(e3.message).toMatch(/cannot be requested \(bad port\): check SEC_DATA_URL and SEC_WWW_URL$/);
  });

  it('requests only the configured SEC bases: another URL, or a redirect elsewhere, is refused', async () => {
    await expect(client().get('http://127.0.0.1:9/elsewhere.htm')).rejects.toThrow(/refused, not under the configured SEC base URLs/);
    expect(server.requests).toHaveLength(0);
    server.rule({ match: /vgmc-ex99_1/, redirectTo: 'http://127.0.0.1:9/metadata', times: 1 });
    await expect(client().get(`${server.wwwUrl}${DOC}`)).rejects.toThrow(/redirected to http:\/\/127\.0\.0\.1:9\/metadata, outside the configured SEC base URLs/);
    // A redirect within the bases is followed, in its own slot.
    server.rule({ match: /moved\.htm$/, redirectTo: `${server.wwwUrl}${DOC}`, times: 1 });
    expect(await client().getText(`${server.wwwUrl}/Archives/edgar/data/9990001/000999000124000052/moved.htm`)).toContain('Colocation Lease');
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

  it('a pause takes no attempt: with one attempt allowed, a 403 page then an answer still succeeds', async () => {
    server.rule({ match: /vgmc-ex99_1/, status: 403, times: 2 });
    const text = await client({ limiter: new LocalRateLimiter(10), pauseMs: 300, maxAttempts: 1 }).getText(`${server.wwwUrl}${DOC}`);
    expect(text).toContain('Colocation Lease');
    expect(server.hits(/vgmc-ex99_1/).map((h) => h.status)).toEqual([403, 403, 200]);
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
