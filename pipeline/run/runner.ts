/**
 * The in-process runner: drives filings through fetch -> extract -> score ->
 * store with the same handlers the BullMQ workers use, no Redis needed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FilingRef, JobPayload, PayloadOf, Stage } from '../core/jobs.ts';
import { runJob, type Handlers } from './handlers.ts';
import { PermanentError } from '../core/errors.ts';

export type RunEvent =
  | { type: 'stored'; filing: FilingRef; index: number; total: number; pass?: 2 }
  | { type: 'failed'; filing: FilingRef; stage: Stage; reason: string; index: number; total: number; unexpected: boolean; pass?: 2 };

export interface RunFailure {
  filing: FilingRef;
  stage: Stage;
  reason: string;
  /** Not a PermanentError: the network, a busy database, a crashed thread. Worth another try. */
  transient: boolean;
  job: PayloadOf<'fetch'>;
}

export interface RunSummary {
  total: number;
  stored: number;
  failed: RunFailure[];
  /** Filings that failed for a transient reason and were stored on the second pass. */
  recovered: number;
}

export interface RunOptions {
  /**
   * When set, filings that failed for a transient reason are tried once more after this pause, at the
   * end of the run (a burst of network faults is often over by then). Unset: one pass.
   */
  retryPauseMs?: number;
  /** Told before the second pass: how many filings, after what pause. */
  onRetry?: (filings: number, pauseMs: number) => void;
}

/** Runs one filing to completion; its failure, if any. */
async function runFiling(first: PayloadOf<'fetch'>, handlers: Handlers): Promise<{ stage: Stage; reason: string; unexpected: boolean } | null> {
  let job: JobPayload | null = first;
  let failure: { stage: Stage; reason: string; unexpected: boolean } | null = null;
  while (job !== null) {
    const { next, error } = await runJob(job, handlers);
    if (error && next?.stage === 'store' && next.outcome.status === 'failed') {
      failure = { stage: next.outcome.failedStage, reason: next.outcome.reason, unexpected: !(error instanceof PermanentError) };
    }
    job = next;
  }
  return failure;
}

/**
 * Runs each filing to completion, one after another; a failed filing is recorded and the run goes on.
 * With `retryPauseMs`, the transient failures get a second pass at the end.
 */
export async function runInProcess(
  jobs: ReadonlyArray<PayloadOf<'fetch'>>,
  handlers: Handlers,
  onEvent: (event: RunEvent) => void = () => {},
  options: RunOptions = {},
): Promise<RunSummary> {
  const summary: RunSummary = { total: jobs.length, stored: 0, failed: [], recovered: 0 };
  for (const [i, first] of jobs.entries()) {
    const failure = await runFiling(first, handlers);
    const event = { filing: first.filing, index: i + 1, total: jobs.length };
    if (failure) {
      summary.failed.push({ filing: first.filing, stage: failure.stage, reason: failure.reason, transient: failure.unexpected, job: first });
      onEvent({ type: 'failed', ...event, ...failure });
    } else {
      summary.stored++;
      onEvent({ type: 'stored', ...event });
    }
  }
  const again = summary.failed.filter((f) => f.transient);
  if (options.retryPauseMs === undefined || again.length === 0) return summary;

  options.onRetry?.(again.length, options.retryPauseMs);
  await sleep(options.retryPauseMs);
  summary.failed = summary.failed.filter((f) => !f.transient);
  for (const [i, previous] of again.entries()) {
    const failure = await runFiling(previous.job, handlers);
    const event = { filing: previous.filing, index: i + 1, total: again.length, pass: 2 as const };
    if (failure) {
      summary.failed.push({ ...previous, stage: failure.stage, reason: failure.reason, transient: failure.unexpected });
      onEvent({ type: 'failed', ...event, ...failure });
    } else {
      summary.stored++;
      summary.recovered++;
      onEvent({ type: 'stored', ...event });
    }
  }
  return summary;
}
