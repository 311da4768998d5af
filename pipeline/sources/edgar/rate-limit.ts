/**
 * The fleet-wide budget of requests to the SEC, and its pause.
 *
 * The SEC allows 10 requests per second per user, across all of that user's
 * machines; past it, it answers a 403 "Request Rate Threshold Exceeded" page
 * and may block the address for ten minutes. So every request of every worker
 * takes a slot from one limiter: {@link RedisRateLimiter} shares it through
 * Redis, {@link LocalRateLimiter} keeps it in memory for `minerpivot run`. Both
 * are the same sliding window log, so in-process mode obeys the same limit.
 *
 * A slot is held from its grant until the response starts, then stays in the
 * window for one more second: the SEC sees a request somewhere between the two
 * (a first TLS handshake, or a busy event loop, can delay it by hundreds of ms),
 * so any one-second window at the SEC holds at most the budget, whatever the delays.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** A fleet-wide pause in force. */
export interface PauseState {
  /** Epoch ms when requests may resume. */
  until: number;
  reason: string;
}

/** Outcome of one attempt at taking a slot. */
export type SlotAttempt = { granted: true; release: () => Promise<void> } | { granted: false; waitMs: number; pause: PauseState | null };

/** What the EDGAR client needs from a limiter; the local and Redis ones share it. */
export interface RateLimiter {
  /**
   * Takes a request slot now, or says how long to wait (and whether a pause is the cause).
   * Call `release` once the response has started (or the request failed).
   */
  tryAcquire(): Promise<SlotAttempt>;
  /** Stops every request of the fleet for `ms` (never shortens a longer pause already in force). */
  pause(ms: number, reason: string): Promise<void>;
  pauseState(): Promise<PauseState | null>;
}

/**
 * Waiting for the budget is not a failure: thrown only when the wait is longer
 * than the caller will sit through (a worker then delays the job without
 * spending one of its attempts; see workers/stage-worker.ts).
 */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    /** How long to wait before trying again. */
    readonly waitMs: number,
    readonly reason: string,
  ) {
    super(`rate limited for ${Math.ceil(waitMs / 1000)} s: ${reason}`);
  }
}

/** Clock granularity (Redis TIME in ms, the server's clock): a hair of slack on top of the second. */
export const WINDOW_MARGIN_MS = 20;

/** A slot whose request never reports back (its process died) frees itself after this long. */
export const IN_FLIGHT_MS = 120_000;

/** While every slot is held by a request in flight, ask again after this long. */
export const IN_FLIGHT_POLL_MS = 25;

/** The sliding window for a budget of `rps` requests per second: `limit` requests per `windowMs`. */
export function windowFor(rps: number): { limit: number; windowMs: number } {
  if (!(rps > 0)) throw new Error(`bad request budget: ${rps}`);
  // A fractional budget above 1 is floored: 2.5/s must not allow 3 in one second.
  if (rps >= 1) return { limit: Math.floor(rps), windowMs: 1000 + WINDOW_MARGIN_MS };
  return { limit: 1, windowMs: Math.ceil(1000 / rps) + WINDOW_MARGIN_MS };
}

/**
 * Waits until the limiter grants a slot. Short waits (the per-second budget) are
 * slept through; a wait longer than `maxWaitMs` (a fleet-wide pause) throws
 * {@link RateLimitedError} so a worker can give its slot back instead of holding a job.
 */
export async function acquireSlot(
  limiter: RateLimiter,
  options: { maxWaitMs: number; onPause?: (pause: PauseState) => void; signal?: AbortSignal } = { maxWaitMs: Number.POSITIVE_INFINITY },
): Promise<() => Promise<void>> {
  let announced = 0;
  for (;;) {
    const attempt = await limiter.tryAcquire();
    if (attempt.granted) return attempt.release;
    if (attempt.pause) {
      if (attempt.waitMs > options.maxWaitMs) throw new RateLimitedError(attempt.waitMs, attempt.pause.reason);
      if (announced !== attempt.pause.until) options.onPause?.(attempt.pause);
      announced = attempt.pause.until;
    }
    await sleep(Math.max(1, attempt.waitMs), undefined, options.signal ? { signal: options.signal } : undefined);
  }
}

/** How long until the oldest slot leaves the window; a short poll while all are in flight. */
function waitFor(oldest: number, windowMs: number, now: number): number {
  return oldest > now ? IN_FLIGHT_POLL_MS : Math.max(1, oldest + windowMs - now);
}

/** The in-memory limiter of one process (`minerpivot run`). */
export class LocalRateLimiter implements RateLimiter {
  /** Per slot: grant time + IN_FLIGHT_MS while in flight, then the time its response started. */
  private readonly slots = new Map<number, number>();
  private nextSlot = 1;
  private paused: PauseState | null = null;
  private readonly limit: number;
  private readonly windowMs: number;

  constructor(
    rps: number,
    private readonly now: () => number = Date.now,
  ) {
    ({ limit: this.limit, windowMs: this.windowMs } = windowFor(rps));
  }

  async tryAcquire(): Promise<SlotAttempt> {
    const now = this.now();
    if (this.paused && this.paused.until > now) return { granted: false, waitMs: this.paused.until - now, pause: this.paused };
    this.paused = null;
    for (const [slot, at] of this.slots) if (at <= now - this.windowMs) this.slots.delete(slot);
    if (this.slots.size < this.limit) {
      const slot = this.nextSlot++;
      this.slots.set(slot, now + IN_FLIGHT_MS);
      return {
        granted: true,
        release: async () => {
          if (this.slots.has(slot)) this.slots.set(slot, this.now());
        },
      };
    }
    return { granted: false, waitMs: waitFor(Math.min(...this.slots.values()), this.windowMs, now), pause: null };
  }

  async pause(ms: number, reason: string): Promise<void> {
    const until = this.now() + ms;
    if (!this.paused || this.paused.until < until) this.paused = { until, reason };
  }

  async pauseState(): Promise<PauseState | null> {
    return this.paused && this.paused.until > this.now() ? this.paused : null;
  }
}
