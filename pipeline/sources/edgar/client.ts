/**
 * The EDGAR client: every request to the SEC goes through here, so the rules
 * of fair access hold in one place. No request without a User-Agent naming a
 * person and an email; every request takes a slot from the fleet-wide limiter;
 * gzip is accepted; 429 and 503 honour Retry-After (else exponential backoff
 * with jitter); the SEC's 403 "Request Rate Threshold Exceeded" page pauses the
 * whole fleet instead of provoking more 403s; answers land in the raw cache.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PermanentError, TransientError, UserError } from '../../core/errors.ts';
import type { RawCache, CacheEntry } from '../cache.ts';
import { isImmutableArchive, type EdgarBases } from './paths.ts';
import { acquireSlot, RateLimitedError, type PauseState, type RateLimiter } from './rate-limit.ts';

/** What the SEC asks for, and how to give it. */
export const USER_AGENT_HELP =
  'SEC_USER_AGENT is not set: the SEC refuses anonymous requests and asks for a name and an email. ' +
  'Set it first, e.g.: export SEC_USER_AGENT="Jane Doe Research jane@example.org"';

/** Throws the {@link USER_AGENT_HELP} UserError unless a User-Agent is configured. */
export function requireUserAgent(userAgent: string | null): string {
  if (!userAgent) throw new UserError(USER_AGENT_HELP);
  return userAgent;
}

/** Something worth a log line: the client never logs by itself. */
export type ClientEvent =
  | { type: 'request'; url: string; status: number; ms: number }
  | { type: 'retry'; url: string; status: number | null; waitMs: number; attempt: number }
  | { type: 'pause'; pause: PauseState };

export interface EdgarClientOptions {
  bases: EdgarBases;
  userAgent: string | null;
  limiter: RateLimiter;
  cache: RawCache;
  /** Fleet-wide pause after the SEC's 403 rate page (default 10 minutes). */
  pauseMs: number;
  /**
   * The longest wait sat through inside a request (pauses, Retry-After). A worker sets a few
   * seconds and gets a {@link RateLimitedError} beyond it, so the job is delayed rather than held;
   * `minerpivot run` waits as long as it takes.
   */
  maxWaitMs?: number;
  /** Attempts per request for 429/503/5xx/network errors before a TransientError (default 5). */
  maxAttempts?: number;
  /** First backoff step when no Retry-After is given (default 1 s, doubled per attempt, full jitter). */
  backoffBaseMs?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  onEvent?: (event: ClientEvent) => void;
}

/** How long answers of the JSON APIs are reused. Archives documents are reused forever. */
export const TTL = {
  /** New filings appear in the submissions JSON within minutes of acceptance. */
  submissionsMs: 10 * 60_000,
  /** company_tickers.json changes daily at most. */
  tickersMs: 24 * 3600_000,
} as const;

/** A body, from the network or the cache, with where its bytes are on disk. */
export interface Fetched extends CacheEntry {
  fromCache: boolean;
}

// The SEC's rate page (an HTML page titled "SEC.gov | Request Rate Threshold Exceeded"); S3's
// own 403 "AccessDenied" XML, by contrast, is how the Archives say "no such file".
const RATE_PAGE = /Request Rate Threshold Exceeded|Undeclared Automated Tool/i;

/** Retry-After in ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait in [0, base * 2^attempt], capped at a minute. */
export function backoffMs(attempt: number, baseMs: number, random = Math.random): number {
  return Math.round(random() * Math.min(60_000, baseMs * 2 ** attempt));
}

export class EdgarClient {
  readonly bases: EdgarBases;
  private readonly maxWaitMs: number;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: EdgarClientOptions) {
    this.bases = options.bases;
    this.maxWaitMs = options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  get cache(): RawCache {
    return this.options.cache;
  }

  /**
   * The body of `url`, from the cache when fresh enough: Archives documents always,
   * other answers while younger than `maxAgeMs`.
   *
   * @throws UserError without SEC_USER_AGENT (before any request); PermanentError on 404 or
   *   S3's 403 (no such file) and other 4xx; TransientError when retries are spent;
   *   RateLimitedError when a pause or Retry-After outlasts `maxWaitMs`.
   */
  async get(url: string, maxAgeMs = 0): Promise<Fetched> {
    const userAgent = requireUserAgent(this.options.userAgent);
    const ttl = isImmutableArchive(url) ? Number.POSITIVE_INFINITY : maxAgeMs;
    const cached = ttl > 0 ? await this.cache.lookup(url, ttl) : null;
    if (cached) return { ...cached, fromCache: true };
    const bytes = await this.download(url, userAgent);
    return { ...(await this.cache.store(url, bytes)), fromCache: false };
  }

  /** {@link get} parsed as JSON; an unreadable body is permanent (the SEC served something else). */
  async getJson(url: string, maxAgeMs = 0): Promise<unknown> {
    const fetched = await this.get(url, maxAgeMs);
    const text = new TextDecoder().decode(await this.cache.read(fetched));
    try {
      return JSON.parse(text);
    } catch {
      throw new PermanentError(`${url}: not JSON (${text.slice(0, 60).replace(/\s+/g, ' ')}...)`);
    }
  }

  /** {@link get} decoded as text (index pages are ASCII/UTF-8). */
  async getText(url: string, maxAgeMs = 0): Promise<string> {
    return new TextDecoder().decode(await this.cache.read(await this.get(url, maxAgeMs)));
  }

  private async download(original: string, userAgent: string): Promise<Uint8Array> {
    let url = original;
    for (let attempt = 0; ; attempt++) {
      const release = await acquireSlot(this.options.limiter, {
        maxWaitMs: this.maxWaitMs,
        onPause: (pause) => this.options.onEvent?.({ type: 'pause', pause }),
      });
      const started = Date.now();
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { 'User-Agent': userAgent, 'Accept-Encoding': 'gzip, deflate' },
          signal: AbortSignal.timeout(this.timeoutMs),
          // Redirects are followed by hand below, so each hop takes its own slot.
          redirect: 'manual',
        });
      } catch (error) {
        await release();
        await this.retryOrThrow(url, null, attempt, null, `network error: ${(error as Error).cause ?? (error as Error).message}`);
        continue;
      }
      // The SEC has seen the request by now: its slot starts its last second in the window.
      await release();
      this.options.onEvent?.({ type: 'request', url, status: response.status, ms: Date.now() - started });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && attempt + 1 < this.maxAttempts) {
        await response.body?.cancel();
        url = new URL(location, url).toString();
        continue;
      }
      if (response.ok) {
        try {
          return new Uint8Array(await response.arrayBuffer());
        } catch (error) {
          await this.retryOrThrow(url, response.status, attempt, null, `body cut short: ${(error as Error).message}`);
          continue;
        }
      }

      const body = await response.text().catch(() => '');
      if (response.status === 403 && RATE_PAGE.test(body)) {
        // Past the threshold the SEC blocks the address for about ten minutes; every request
        // sent meanwhile prolongs it. Stop the whole fleet, then try this one again.
        await this.options.limiter.pause(this.options.pauseMs, `SEC 403 Request Rate Threshold Exceeded on ${new URL(url).pathname}`);
        if (attempt + 1 >= this.maxAttempts) throw new TransientError(`${url}: still refused after ${attempt + 1} pauses (403 rate page)`);
        continue;
      }
      if (response.status === 429 || response.status === 503) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        await this.retryOrThrow(url, response.status, attempt, retryAfter, `HTTP ${response.status}`);
        continue;
      }
      if (response.status >= 500) {
        await this.retryOrThrow(url, response.status, attempt, null, `HTTP ${response.status}`);
        continue;
      }
      if (response.status === 404 || response.status === 403) {
        throw new PermanentError(`${url}: not found on EDGAR (HTTP ${response.status})`);
      }
      throw new PermanentError(`${url}: HTTP ${response.status} ${response.statusText}`.trim());
    }
  }

  private async retryOrThrow(url: string, status: number | null, attempt: number, retryAfterMs: number | null, what: string): Promise<void> {
    if (attempt + 1 >= this.maxAttempts) throw new TransientError(`${url}: ${what} after ${attempt + 1} attempts`);
    const waitMs = retryAfterMs ?? backoffMs(attempt, this.backoffBaseMs);
    // A server asking for a long rest: a worker hands the job back rather than hold it.
    if (waitMs > this.maxWaitMs) throw new RateLimitedError(waitMs, `${what} from ${new URL(url).pathname} (Retry-After)`);
    this.options.onEvent?.({ type: 'retry', url, status, waitMs, attempt: attempt + 1 });
    await sleep(waitMs);
  }
}
