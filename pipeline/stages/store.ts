/**
 * Store stage: the only writer of the SQLite file. One transaction per filing.
 */
import type { FilingRepository } from '../../db/repository.ts';
import { extractorVersion } from '../../extractors/index.ts';
import type { StageResults } from '../core/graph.ts';
import type { PayloadOf } from '../core/jobs.ts';

export interface StoreDeps {
  repository: FilingRepository;
}

export function runStore(payload: PayloadOf<'store'>, deps: StoreDeps): StageResults['store'] {
  const { filing, outcome } = payload;
  if (outcome.status === 'failed') {
    deps.repository.recordFailure(filing, outcome.failedStage, outcome.reason);
  } else {
    deps.repository.storeFiling(filing, outcome.documents, outcome.score, extractorVersion);
  }
  return { filing };
}
