/**
 * The fleet-wide limiter, shared through Redis by every worker on every machine.
 *
 * One Lua script takes a slot atomically: a sliding window log in a sorted set,
 * timed by Redis's own clock (`TIME`), so machines with skewed clocks still
 * share one window. The pause is a key with a TTL: while it exists nobody asks
 * the SEC anything.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { IN_FLIGHT_MS, IN_FLIGHT_POLL_MS, windowFor, type PauseState, type RateLimiter, type SlotAttempt } from '../pipeline/sources/edgar/rate-limit.ts';

// KEYS: rate log, pause key. ARGV: limit, window ms, unique member, in-flight ms, poll ms.
// Returns {0} granted, {1, waitMs} budget spent, {2, pttl, reason} paused.
// A granted slot is scored "now + in-flight ms" until RELEASE_SLOT rescores it
// with the time its response started: it leaves the window one window later.
const TAKE_SLOT = `
local pttl = redis.call('PTTL', KEYS[2])
if pttl > 0 then
  return {2, pttl, redis.call('GET', KEYS[2]) or ''}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
local inflight = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + inflight, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window + inflight)
  return {0}
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
if oldest > now then
  return {1, tonumber(ARGV[5])}
end
return {1, oldest + window - now}
`;

// KEYS: rate log. ARGV: member. XX: a slot already expired stays gone.
const RELEASE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 1
`;

// KEYS: pause key. ARGV: ms, reason. A shorter pause never cuts a longer one short.
const PAUSE = `
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
end
return 1
`;

/** Redis keys of the limiter under a deployment's prefix (the BullMQ prefix). */
export function limiterKeys(prefix: string): { rate: string; pause: string } {
  return { rate: `${prefix}:edgar:rate`, pause: `${prefix}:edgar:pause` };
}

export class RedisRateLimiter implements RateLimiter {
  private readonly keys: { rate: string; pause: string };
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    rps: number,
  ) {
    this.keys = limiterKeys(prefix);
    ({ limit: this.limit, windowMs: this.windowMs } = windowFor(rps));
  }

  async tryAcquire(): Promise<SlotAttempt> {
    const member = randomUUID();
    const reply = (await this.redis.eval(
      TAKE_SLOT,
      2,
      this.keys.rate,
      this.keys.pause,
      this.limit,
      this.windowMs,
      member,
      IN_FLIGHT_MS,
      IN_FLIGHT_POLL_MS,
    )) as [number, number?, string?];
    if (reply[0] === 0) {
      return {
        granted: true,
        release: async () => {
          await this.redis.eval(RELEASE_SLOT, 1, this.keys.rate, member);
        },
      };
    }
    const waitMs = Math.max(1, Number(reply[1] ?? 1));
    if (reply[0] === 2) return { granted: false, waitMs, pause: { until: Date.now() + waitMs, reason: reply[2] ?? '' } };
    return { granted: false, waitMs, pause: null };
  }

  async pause(ms: number, reason: string): Promise<void> {
    await this.redis.eval(PAUSE, 1, this.keys.pause, Math.ceil(ms), reason);
  }

  async pauseState(): Promise<PauseState | null> {
    const [reason, pttl] = await Promise.all([this.redis.get(this.keys.pause), this.redis.pttl(this.keys.pause)]);
    return pttl > 0 ? { until: Date.now() + pttl, reason: reason ?? '' } : null;
  }
}
