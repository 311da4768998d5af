/**
 * Real Redis for queue tests: a unique key prefix per test, every key under it
 * deleted afterwards. Tests skip with a message when no Redis answers.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** True when a Redis answers at {@link TEST_REDIS_URL} within a second. */
export async function redisAvailable(url = TEST_REDIS_URL): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export const HAS_REDIS = await redisAvailable();
if (!HAS_REDIS) console.warn(`[minerpivot tests] no Redis at ${TEST_REDIS_URL}: queue tests are skipped`);

/** A prefix no other test uses (BullMQ forbids ':' in it). */
export function uniquePrefix(label: string): string {
  return `mptest-${label}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under a prefix. */
export async function deletePrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
