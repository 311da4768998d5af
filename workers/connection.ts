/**
 * Redis for the queues: one place that connects, and says plainly when it cannot.
 */
import { Redis } from 'ioredis';
import type { Config } from '../pipeline/core/config.ts';
import { UserError } from '../pipeline/core/errors.ts';

/** REDIS_URL, or a one-line UserError saying how to set it. */
export function requireRedisUrl(config: Config, command: string): string {
  if (!config.redisUrl) {
    throw new UserError(
      `${command} needs Redis: REDIS_URL is not set (e.g. export REDIS_URL=redis://127.0.0.1:6379); ` +
        'to run without Redis, use minerpivot run',
    );
  }
  return config.redisUrl;
}

/**
 * Connects and pings once, failing fast with a one-line UserError when Redis is
 * unreachable; afterwards the connection retries forever, as BullMQ expects
 * (`maxRetriesPerRequest: null`), so a Redis restart does not kill a worker.
 */
export async function connectRedis(url: string, timeoutMs = 3000): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: timeoutMs, enableOfflineQueue: true });
  let lastError: Error | null = null;
  const onError = (error: Error) => {
    lastError = error;
  };
  redis.on('error', onError);
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref()),
    ]);
  } catch (error) {
    redis.disconnect();
    const reason = (lastError ?? (error as Error)).message || 'connection refused';
    throw new UserError(`cannot reach Redis at ${redactUrl(url)}: ${reason} (is it running? check REDIS_URL)`);
  }
  redis.off('error', onError);
  // Later hiccups are retried by ioredis; keep them out of the way of the one-line errors.
  redis.on('error', () => {});
  return redis;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
