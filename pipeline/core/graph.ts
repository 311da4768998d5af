/**
 * The pipeline graph: the one function that decides what runs after a stage.
 * Stages only return their results; neither the workers nor the in-process
 * runner chain stages by hand.
 */
import type { ExtractedDoc, FilingRef, FilingScore, JobPayload, RawDocument, ScoredDoc, Stage } from './jobs.ts';

/** What each stage returns. Extract may refine the filing (a full submission's SEC header knows its dates). */
export interface StageResults {
  fetch: { filing: FilingRef; documents: RawDocument[] };
  extract: { filing: FilingRef; documents: ExtractedDoc[] };
  score: { filing: FilingRef; documents: ScoredDoc[]; score: FilingScore };
  store: { filing: FilingRef };
}

/** The job that follows a finished stage; `null` when the filing is complete. */
export function nextJob<S extends Stage>(stage: S, result: StageResults[S]): JobPayload | null {
  switch (stage) {
    case 'fetch': {
      const r = result as StageResults['fetch'];
      return { stage: 'extract', filing: r.filing, documents: r.documents };
    }
    case 'extract': {
      const r = result as StageResults['extract'];
      return { stage: 'score', filing: r.filing, documents: r.documents };
    }
    case 'score': {
      const r = result as StageResults['score'];
      return { stage: 'store', filing: r.filing, outcome: { status: 'scored', documents: r.documents, score: r.score } };
    }
    case 'store':
      return null;
    default:
      throw new Error(`pipeline graph: unknown stage ${String(stage)}`);
  }
}

/**
 * A filing that failed for good at some stage still reaches the store stage, so
 * the failure and its reason are recorded on the filing row by the one writer.
 */
export function failureJob(filing: FilingRef, failedStage: Stage, reason: string): JobPayload {
  return { stage: 'store', filing, outcome: { status: 'failed', failedStage, reason } };
}
