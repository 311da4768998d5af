/**
 * Fetch-stage figure: N fetch workers, each with its own EdgarClient, sharing the fleet's rate limiter
 * (the Redis one when Redis answers at 127.0.0.1:6379, else one in-process limiter), download from the
 * local EDGAR-shaped server (test/support/edgar-server.ts) answering after `latencyMs`. Reports the
 * sustained request rate and the most requests the server saw in any one-second window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RawCache } from '../pipeline/sources/cache.ts';
import { EdgarClient } from '../pipeline/sources/edgar/client.ts';
import { LocalRateLimiter, type RateLimiter } from '../pipeline/sources/edgar/rate-limit.ts';
import { startEdgarServer } from '../test/support/edgar-server.ts';
import { RedisRateLimiter } from '../workers/redis-limiter.ts';

export interface FetchFigures {
  rps: number;
  workers: number;
  latencyMs: number;
  seconds: number;
  requests: number;
  /** Requests per second between the first and the last request. */
  sustainedRps: number;
  maxInAnySecond: number;
  limiter: 'redis' | 'local';
}

async function redisOrNull(): Promise<Redis | null> {
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch {
    redis.disconnect();
    return null;
  }
}

export async function measureFetch(options: { rps?: number; workers?: number; latencyMs?: number; seconds?: number } = {}): Promise<FetchFigures> {
  const rps = options.rps ?? 10;
  const workers = options.workers ?? 4;
  const latencyMs = options.latencyMs ?? 20;
  const seconds = options.seconds ?? 8;
  const server = await startEdgarServer(undefined, { latencyMs });
  const cacheDir = mkdtempSync(join(tmpdir(), 'minerpivot-bench-fetch-'));
  const redis = await redisOrNull();
  const prefix = `mpbench-${process.pid}-${Date.now()}`;
  const limiter: RateLimiter = redis ? new RedisRateLimiter(redis, prefix, rps) : new LocalRateLimiter(rps);
  try {
    const bases = { dataUrl: server.dataUrl, wwwUrl: server.wwwUrl };
    // The submissions JSON with no reuse: every get is a request (Archives documents would come from the cache).
    const url = `${server.dataUrl}/submissions/CIK0009990001.json`;
    const stopAt = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        const client = new EdgarClient({ bases, userAgent: 'minerpivot bench bench@example.org', limiter, cache: new RawCache(cacheDir), pauseMs: 600_000 });
        while (Date.now() < stopAt) await client.get(url, 0);
      }),
    );
    const times = server.requests.map((r) => r.at).sort((a, b) => a - b);
    const span = (times.at(-1)! - times[0]!) / 1000;
    return {
      rps,
      workers,
      latencyMs,
      seconds,
      requests: times.length,
      sustainedRps: span > 0 ? (times.length - 1) / span : 0,
      maxInAnySecond: server.maxInWindow(1000),
      limiter: redis ? 'redis' : 'local',
    };
  } finally {
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
    await server.close();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
