/**
 * The stage handlers, wired to their I/O. Both the in-process runner and the
 * BullMQ workers run exactly these functions; startup refuses a catalogue
 * stage without a handler.
 */
import type { FilingRepository } from '../../db/repository.ts';
import { openSources, type Sources } from '../sources/registry.ts';
import { describeError, PermanentError, TransientError } from '../core/errors.ts';
import { failureJob, nextJob, type StageResults } from '../core/graph.ts';
import { STAGES, type JobPayload, type PayloadOf, type Stage } from '../core/jobs.ts';
import { localExtractDeps, runExtract, type ExtractDeps } from '../stages/extract.ts';
import { runFetch } from '../stages/fetch.ts';
import { runScore } from '../stages/score.ts';
import { runStore } from '../stages/store.ts';

export type Handlers = { [S in Stage]: (payload: PayloadOf<S>) => Promise<StageResults[S]> };

export interface HandlerDeps {
  /** Needed by the store stage only; workers of other stages run without a database. */
  repository?: FilingRepository;
  /** The sources the fetch stage reads from; by default every registered source on the default configuration. */
  sources?: Sources;
  extract?: ExtractDeps;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  let sources = deps.sources ?? null;
  const handlers: Handlers = {
    fetch: (p) => runFetch(p, (sources ??= openSources())),
    extract: (p) => runExtract(p, deps.extract ?? localExtractDeps),
    score: async (p) => runScore(p),
    store: async (p) => {
      if (!deps.repository) throw new Error('the store stage needs a database (only the store worker opens it)');
      return runStore(p, { repository: deps.repository });
    },
  };
  for (const stage of STAGES) {
    if (typeof handlers[stage] !== 'function') throw new Error(`no handler for stage ${stage}`);
  }
  return handlers;
}

/** Runs one job and returns what comes next: the graph's next job, or a failure record for the store stage. */
export async function runJob(payload: JobPayload, handlers: Handlers): Promise<{ next: JobPayload | null; error: Error | null }> {
  try {
    const result = await (handlers[payload.stage] as (p: JobPayload) => Promise<StageResults[Stage]>)(payload);
    return { next: nextJob(payload.stage, result), error: null };
  } catch (error) {
    if (payload.stage === 'store') throw error; // nowhere left to record it: the caller reports it
    const err = error instanceof Error ? error : new Error(String(error));
    // A permanent or transient failure names its cause already; anything else may be a bug, and says so.
    const reason = err instanceof PermanentError || err instanceof TransientError ? describeError(err) : `unexpected error: ${describeError(err)}`;
    return { next: failureJob(payload.filing, payload.stage, reason), error: err };
  }
}
