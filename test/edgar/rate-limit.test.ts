/** The limiter itself: the window, slots held while in flight, and the Redis script shared by two connections. */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { acquireSlot, IN_FLIGHT_POLL_MS, LocalRateLimiter, RateLimitedError, windowFor } from '../../pipeline/sources/edgar/rate-limit.ts';
import { RedisRateLimiter } from '../../workers/redis-limiter.ts';
import { maxInWindow } from '../support/edgar-server.ts';
import { deletePrefix, HAS_REDIS, TEST_REDIS_URL, uniquePrefix } from '../support/redis.ts';

describe('windowFor', () => {
  it('floors fractional budgets and stretches the window below one per second', () => {
    expect(windowFor(8)).toMatchObject({ limit: 8 });
    expect(windowFor(2.5)).toMatchObject({ limit: 2 });
    expect(windowFor(0.5).windowMs).toBeGreaterThanOrEqual(2000);
    expect(() => windowFor(0)).toThrow();
  });
});

describe('LocalRateLimiter', () => {
  it('grants the budget, holds slots in flight, and frees them one window after release', async () => {
    let now = 1_000_000;
    const limiter = new LocalRateLimiter(2, () => now);
    const a = await limiter.tryAcquire();
    const b = await limiter.tryAcquire();
    expect(a.granted && b.granted).toBe(true);
    // Both in flight: poll shortly, whatever time passes.
    now += 5000;
    expect(await limiter.tryAcquire()).toEqual({ granted: false, waitMs: IN_FLIGHT_POLL_MS, pause: null });
    if (a.granted) await a.release();
    now += 400;
    const wait = await limiter.tryAcquire();
    expect(wait.granted).toBe(false);
    if (!wait.granted) expect(wait.waitMs).toBeGreaterThan(500);
    now += 700;
    expect((await limiter.tryAcquire()).granted).toBe(true);
  });

  it('a pause longer than the caller waits throws RateLimitedError with the time left', async () => {
    const limiter = new LocalRateLimiter(5);
    await limiter.pause(30_000, 'test pause');
    const error = await acquireSlot(limiter, { maxWaitMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).waitMs).toBeGreaterThan(29_000);
  });
});

describe.skipIf(!HAS_REDIS)('RedisRateLimiter', () => {
  it('two connections share one budget: no one-second window holds more than it', async () => {
    const prefix = uniquePrefix('limiter');
    const connections = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
    try {
      const limiters = connections.map((c) => new RedisRateLimiter(c, prefix, 4));
      const sent: number[] = [];
      // 12 "requests" from each of 2 clients, 3 at a time each, as two workers would.
      await Promise.all(
        limiters.flatMap((limiter) =>
          [0, 1, 2].map(async () => {
            for (let i = 0; i < 4; i++) {
              const release = await acquireSlot(limiter);
              sent.push(Date.now());
              await new Promise((r) => setTimeout(r, 20));
              await release();
            }
          }),
        ),
      );
      expect(sent).toHaveLength(24);
      expect(maxInWindow(sent, 1000)).toBeLessThanOrEqual(4);
      expect(maxInWindow(sent, 1000)).toBeGreaterThanOrEqual(3);
    } finally {
      connections.forEach((c) => c.disconnect());
      await deletePrefix(prefix);
    }
  });
});
