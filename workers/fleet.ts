/**
 * What every queue command opens: the Redis connection (checked), the stage
 * queues, the outcome record and the fleet-wide limiter, all under the
 * configured key prefix.
 */
import type { Redis } from 'ioredis';
import type { Config } from '../pipeline/core/config.ts';
import { RedisRateLimiter } from './redis-limiter.ts';
import { connectRedis, requireRedisUrl } from './connection.ts';
import { closeQueues, openQueues, Outcomes, type StageQueues } from './queues.ts';

export interface Fleet {
  redis: Redis;
  prefix: string;
  queues: StageQueues;
  outcomes: Outcomes;
  limiter: RedisRateLimiter;
  close(): Promise<void>;
}

export async function openFleet(config: Config, command: string): Promise<Fleet> {
  const redis = await connectRedis(requireRedisUrl(config, command));
  const queues = openQueues(redis, config.queuePrefix);
  return {
    redis,
    prefix: config.queuePrefix,
    queues,
    outcomes: new Outcomes(redis, config.queuePrefix),
    limiter: new RedisRateLimiter(redis, config.queuePrefix, config.secMaxRps),
    async close() {
      await closeQueues(queues);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
