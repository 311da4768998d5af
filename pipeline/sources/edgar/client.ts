/**
 * The EDGAR client: every request to the SEC goes through here, so the rules
 * of fair access and the retry policy hold in one place (nothing above retries
 * a request again). No request without a User-Agent naming a person and an
 * email, and none outside the configured SEC base URLs; every request takes a
 * slot from the fleet-wide limiter; gzip is accepted; the SEC's 403 "Request
 * Rate Threshold Exceeded" page pauses the whole fleet instead of provoking
 * more 403s; answers land in the raw cache.
 *
 * Faults (5xx, 429, resets, a body shorter than its Content-Length, an attempt
 * without a complete answer in time) are retried within a time budget per
 * request (minutes: long enough to outlast a burst), waiting as Retry-After asks
 * (up to a cap) or else an exponential backoff with full jitter. Waiting for a
 * slot of the rate limit or for a 403 pause takes nothing from that budget.
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
  | { type: 'retry'; url: string; status: number | null; waitMs: number; attempt: number; reason: string }
  | { type: 'pause'; pause: PauseState };

export interface EdgarClientOptions {
  bases: EdgarBases;
  userAgent: string | null;
  limiter: RateLimiter;
  cache: RawCache;
  /** Fleet-wide pause after the SEC's 403 rate page (default 10 minutes). */
  pauseMs: number;
  /**
   * The longest fleet-wide pause sat through inside a request. A worker sets a few seconds and gets
   * a {@link RateLimitedError} beyond it, so the job is delayed rather than held (no attempt spent);
   * `minerpivot run` waits as long as it takes. Retry-After and backoff waits are bounded by the
   * retry budget instead, and are always sat through.
   */
  maxWaitMs?: number;
  /**
   * How long one request keeps retrying faults, from its first attempt, not counting waits for a slot
   * or a 403 pause (default 5 minutes). A wait that would end past it ends the request instead.
   */
  retryBudgetMs?: number;
  /** A hard cap on attempts per request, on top of the budget (default none; tests set it). */
  maxAttempts?: number;
  /** First backoff step when no Retry-After is given (default 1 s, doubled per attempt, full jitter). */
  backoffBaseMs?: number;
  /** The longest backoff step (default 30 s). */
  backoffCapMs?: number;
  /** The longest Retry-After honoured; a longer one is waited for this long (default 2 minutes). */
  retryAfterCapMs?: number;
  /** One attempt without a complete answer (headers and body) within this long is a fault (default 60 s). */
  timeoutMs?: number;
  /** Consecutive 403 rate pages (each a fleet-wide pause) before the request fails (default 6). */
  maxPauses?: number;
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

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^attempt)]. */
export function backoffMs(attempt: number, baseMs: number, random = Math.random, capMs = 60_000): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/** Redirects followed per request, each hop in its own slot. */
const MAX_REDIRECTS = 5;

/**
 * A host that does not resolve or refuses connections is down or mistyped, not busy: a few tries, then
 * fail, rather than minutes of backoff for every request of a run without network.
 */
const UNREACHABLE_ATTEMPTS = 3;

/** One failed attempt: what went wrong, in words for the user, and whether the host is unreachable. */
interface Fault {
  status: number | null;
  reason: string;
  retryAfterMs: number | null;
  unreachable: boolean;
}

/** The words for a fetch that threw: DNS, refused, reset, timeout, or the cause's own message. */
export function networkReason(error: unknown, timeoutMs: number, url: string): { reason: string; unreachable: boolean; permanent?: boolean } {
  const e = error as Error & { cause?: { code?: string; message?: string }; code?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { reason: `no answer within ${timeoutMs / 1000} s (timeout)`, unreachable: false };
  const code = e?.cause?.code ?? e?.code;
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: `cannot resolve ${host} (DNS ${code}: no network, or a wrong SEC base URL)`, unreachable: true };
    case 'ECONNREFUSED':
      return { reason: `connection refused by ${host} (ECONNREFUSED)`, unreachable: true };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { reason: `no route to ${host} (${code})`, unreachable: true };
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return { reason: 'connection reset before an answer', unreachable: false };
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { reason: `no answer within ${timeoutMs / 1000} s (timeout)`, unreachable: false };
    default: {
      const message = e?.cause?.message ?? e?.message ?? String(error);
      // fetch refuses some URLs outright (ports it blocks, such as 1 or 6000): a configuration
      // mistake no retry mends.
      if (/bad port|invalid url/i.test(message)) return { reason: `cannot be requested (${message}): check SEC_DATA_URL and SEC_WWW_URL`, unreachable: true, permanent: true };
      return { reason: `network error: ${message}`, unreachable: false };
    }
  }
}

/** True when `url` lies under one of the configured SEC bases. */
export function underBases(url: string, bases: EdgarBases): boolean {
  return [bases.dataUrl, bases.wwwUrl].some((base) => url.startsWith(`${base}/`));
}

export class EdgarClient {
  readonly bases: EdgarBases;
  private readonly maxWaitMs: number;
  private readonly retryBudgetMs: number;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly backoffCapMs: number;
  private readonly retryAfterCapMs: number;
  private readonly timeoutMs: number;
  private readonly maxPauses: number;

  constructor(private readonly options: EdgarClientOptions) {
    this.bases = options.bases;
    this.maxWaitMs = options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    this.retryBudgetMs = options.retryBudgetMs ?? 300_000;
    this.maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
    this.backoffBaseMs = options.backoffBaseMs ?? 1000;
    this.backoffCapMs = options.backoffCapMs ?? 30_000;
    this.retryAfterCapMs = options.retryAfterCapMs ?? 120_000;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxPauses = options.maxPauses ?? 6;
  }

  get cache(): RawCache {
    return this.options.cache;
  }

  /**
   * The body of `url`, from the cache when fresh enough: Archives documents always,
   * other answers while younger than `maxAgeMs`.
   *
   * @throws UserError without SEC_USER_AGENT (before any request); PermanentError on 404 or
   *   S3's 403 (no such file) and other 4xx, and for a URL (or redirect) outside the SEC bases;
   *   TransientError when the retry budget is spent; RateLimitedError when a pause outlasts `maxWaitMs`.
   */
  async get(url: string, maxAgeMs = 0): Promise<Fetched> {
    const userAgent = requireUserAgent(this.options.userAgent);
    if (!underBases(url, this.bases)) throw new PermanentError(`${url}: refused, not under the configured SEC base URLs (SEC_DATA_URL, SEC_WWW_URL)`);
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
    const started = Date.now();
    /** Time spent waiting for a slot or a pause: not taken from the retry budget. */
    let waitedMs = 0;
    let attempts = 0;
    let pauses = 0;
    let redirects = 0;
    for (;;) {
      const asked = Date.now();
      const release = await acquireSlot(this.options.limiter, {
        maxWaitMs: this.maxWaitMs,
        onPause: (pause) => this.options.onEvent?.({ type: 'pause', pause }),
      });
      waitedMs += Date.now() - asked;
      const outcome = await this.attempt(url, userAgent, release);
      if (outcome.kind === 'body') return outcome.bytes;
      if (outcome.kind === 'redirect') {
        const next = new URL(outcome.location, url).toString();
        if (!underBases(next, this.bases)) throw new PermanentError(`${url}: redirected to ${next}, outside the configured SEC base URLs`);
        if (++redirects > MAX_REDIRECTS) throw new PermanentError(`${original}: more than ${MAX_REDIRECTS} redirects`);
        url = next;
        continue;
      }
      if (outcome.kind === 'rate-page') {
        // Past the threshold the SEC blocks the address for about ten minutes; every request
        // sent meanwhile prolongs it. Stop the whole fleet, then try this one again: the wait
        // is the limiter's (the next slot), and takes no attempt.
        if (++pauses > this.maxPauses) throw new TransientError(`${url}: still refused after ${this.maxPauses} pauses (SEC 403 rate page)`);
        await this.options.limiter.pause(this.options.pauseMs, `SEC 403 Request Rate Threshold Exceeded on ${new URL(url).pathname}`);
        continue;
      }
      pauses = 0;
      attempts++;
      const fault = outcome.fault;
      const elapsedMs = Date.now() - started - waitedMs;
      const waitMs =
        fault.retryAfterMs !== null ? Math.min(fault.retryAfterMs, this.retryAfterCapMs) : backoffMs(attempts - 1, this.backoffBaseMs, Math.random, this.backoffCapMs);
      const spent =
        attempts >= this.maxAttempts || (fault.unreachable && attempts >= UNREACHABLE_ATTEMPTS) || elapsedMs + waitMs > this.retryBudgetMs;
      if (spent) {
        throw new TransientError(`${url}: ${fault.reason}; gave up after ${attempts} attempt(s) in ${Math.round(elapsedMs / 1000)} s`);
      }
      this.options.onEvent?.({ type: 'retry', url, status: fault.status, waitMs, attempt: attempts, reason: fault.reason });
      await sleep(waitMs);
    }
  }

  /** One request: its body, a redirect, the SEC's rate page, or a fault worth retrying. Throws what is permanent. */
  private async attempt(
    url: string,
    userAgent: string,
    release: () => Promise<void>,
  ): Promise<{ kind: 'body'; bytes: Uint8Array } | { kind: 'redirect'; location: string } | { kind: 'rate-page' } | { kind: 'fault'; fault: Fault }> {
    const started = Date.now();
    // One deadline for headers and body: a server that stalls mid-body is a fault like one that never answers.
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { 'User-Agent': userAgent, 'Accept-Encoding': 'gzip, deflate' },
        signal,
        // Redirects are followed by hand, so each hop takes its own slot and stays under the SEC bases.
        redirect: 'manual',
      });
    } catch (error) {
      await release();
      const { reason, unreachable, permanent } = networkReason(error, this.timeoutMs, url);
      if (permanent) throw new PermanentError(`${url}: ${reason}`);
      return { kind: 'fault', fault: { status: null, reason, retryAfterMs: null, unreachable } };
    }
    // The SEC has seen the request by now: its slot starts its last second in the window.
    await release();
    this.options.onEvent?.({ type: 'request', url, status: response.status, ms: Date.now() - started });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel().catch(() => {});
      return { kind: 'redirect', location };
    }
    if (response.ok) return this.readBody(response);

    const body = await response.text().catch(() => '');
    if (response.status === 403 && RATE_PAGE.test(body)) return { kind: 'rate-page' };
    if (response.status === 429 || response.status >= 500) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return { kind: 'fault', fault: { status: response.status, reason: `HTTP ${response.status}`, retryAfterMs, unreachable: false } };
    }
    if (response.status === 404 || response.status === 403) {
      throw new PermanentError(`${url}: not found on EDGAR (HTTP ${response.status})`);
    }
    throw new PermanentError(`${url}: HTTP ${response.status} ${response.statusText}`.trim());
  }

  /**
   * The whole body, or a fault when it is cut short: the connection closed or stalled mid-body, or
   * (without content coding, where the two are comparable) fewer bytes came than Content-Length says.
   */
  private async readBody(response: Response): Promise<{ kind: 'body'; bytes: Uint8Array } | { kind: 'fault'; fault: Fault }> {
    const coding = (response.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
    const declared = coding === 'identity' ? Number(response.headers.get('content-length') ?? NaN) : NaN;
    const expected = Number.isFinite(declared) ? ` of ${declared} (Content-Length)` : '';
    const chunks: Uint8Array[] = [];
    let received = 0;
    const cut = (why: string) => ({
      kind: 'fault' as const,
      fault: { status: response.status, reason: `body cut short after ${received}${expected} byte(s): ${why}`, retryAfterMs: null, unreachable: false },
    });
    try {
      const reader = response.body?.getReader();
      if (reader) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          received += value.byteLength;
        }
      }
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return cut(`stalled, no complete answer within ${this.timeoutMs / 1000} s`);
      return cut(e.cause?.code === 'UND_ERR_SOCKET' || /terminated/i.test(e.message) ? 'connection closed mid-body' : (e.cause?.message ?? e.message));
    }
    if (Number.isFinite(declared) && received < declared) return cut('connection closed mid-body');
    const bytes = new Uint8Array(received);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return { kind: 'body', bytes };
  }
}
