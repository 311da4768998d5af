/**
 * The in-process runner: drives filings through fetch -> extract -> score ->
 * store with the same handlers the BullMQ workers use, no Redis needed.
 */
import type { FilingRef, JobPayload, PayloadOf, Stage } from '../core/jobs.ts';
import { runJob, type Handlers } from './handlers.ts';
import { PermanentError } from '../core/errors.ts';

export type RunEvent =
  | { type: 'stored'; filing: FilingRef; index: number; total: number }
  | { type: 'failed'; filing: FilingRef; stage: Stage; reason: string; index: number; total: number; unexpected: boolean };

export interface RunSummary {
  total: number;
  stored: number;
  failed: Array<{ filing: FilingRef; stage: Stage; reason: string }>;
}

/** Runs each filing to completion, one after another; a failed filing is recorded and the run goes on. */
export async function runInProcess(
  jobs: ReadonlyArray<PayloadOf<'fetch'>>,
  handlers: Handlers,
  onEvent: (event: RunEvent) => void = () => {},
): Promise<RunSummary> {
  const summary: RunSummary = { total: jobs.length, stored: 0, failed: [] };
  for (const [i, first] of jobs.entries()) {
    let job: JobPayload | null = first;
    let failure: { stage: Stage; reason: string; unexpected: boolean } | null = null;
    while (job !== null) {
      const { next, error } = await runJob(job, handlers);
      if (error && next?.stage === 'store' && next.outcome.status === 'failed') {
        failure = { stage: next.outcome.failedStage, reason: next.outcome.reason, unexpected: !(error instanceof PermanentError) };
      }
      job = next;
    }
    const event = { filing: first.filing, index: i + 1, total: jobs.length };
    if (failure) {
      summary.failed.push({ filing: first.filing, stage: failure.stage, reason: failure.reason });
      onEvent({ type: 'failed', ...event, ...failure });
    } else {
      summary.stored++;
      onEvent({ type: 'stored', ...event });
    }
  }
  return summary;
}
