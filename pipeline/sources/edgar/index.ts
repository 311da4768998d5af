/**
 * The EDGAR client wired from the configuration: base URLs, User-Agent, the
 * rate limiter (in memory, or the fleet's Redis one) and the raw cache.
 */
import type { Config } from '../../core/config.ts';
import { RawCache } from '../cache.ts';
import { EdgarClient, requireUserAgent, type ClientEvent } from './client.ts';
import { LocalRateLimiter, type RateLimiter } from './rate-limit.ts';

export { EdgarClient, requireUserAgent, USER_AGENT_HELP, TTL } from './client.ts';
export { RawCache } from '../cache.ts';
export { LocalRateLimiter, RateLimitedError, acquireSlot, type RateLimiter, type PauseState } from './rate-limit.ts';
export { discoverFilings } from './discover.ts';

export interface EdgarWiring {
  /** Defaults to an in-memory limiter (one process); workers pass the Redis one. */
  limiter?: RateLimiter;
  /** See EdgarClientOptions.maxWaitMs. */
  maxWaitMs?: number;
  onEvent?: (event: ClientEvent) => void;
}

/** The client for this configuration. Throws the SEC_USER_AGENT UserError before anything else. */
export function createEdgarClient(config: Config, wiring: EdgarWiring = {}): EdgarClient {
  return new EdgarClient({
    bases: { dataUrl: config.secDataUrl, wwwUrl: config.secWwwUrl },
    userAgent: requireUserAgent(config.secUserAgent),
    limiter: wiring.limiter ?? new LocalRateLimiter(config.secMaxRps),
    cache: new RawCache(config.cacheDir),
    pauseMs: config.secPauseSeconds * 1000,
    retryBudgetMs: config.secRetrySeconds * 1000,
    timeoutMs: config.secTimeoutSeconds * 1000,
    ...(wiring.maxWaitMs !== undefined ? { maxWaitMs: wiring.maxWaitMs } : {}),
    ...(wiring.onEvent ? { onEvent: wiring.onEvent } : {}),
  });
}
