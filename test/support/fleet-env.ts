/** The environment of a test fleet: the local EDGAR server, a unique Redis prefix, temporary files. */
import { join } from 'node:path';
import type { EdgarServer } from './edgar-server.ts';
import { TEST_REDIS_URL } from './redis.ts';

export const TEST_USER_AGENT = 'Minerpivot Tests tests@example.org';

export function fleetEnv(server: EdgarServer, prefix: string, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...server.env(),
    SEC_USER_AGENT: TEST_USER_AGENT,
    SEC_MAX_RPS: '3',
    SEC_PAUSE_SECONDS: '2',
    REDIS_URL: TEST_REDIS_URL,
    MINERPIVOT_QUEUE_PREFIX: prefix,
    MINERPIVOT_DB: join(dir, 'queue.db'),
    MINERPIVOT_CACHE: join(dir, 'cache'),
    MINERPIVOT_LOCK_SECONDS: '2',
    ...extra,
  };
}
