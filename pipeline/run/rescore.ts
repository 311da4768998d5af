/**
 * Rescoring from stored text: after a lexicon or rule change, every stored
 * filing goes through the same score and store stages again, without a
 * download or an extraction. Labels and scores of the older version stay.
 */
import { splitSentences } from '../../extractors/sentences.ts';
import type { Db } from '../../db/open.ts';
import { storedFilings } from '../../db/queries.ts';
import { FilingRepository } from '../../db/repository.ts';
import { runScore } from '../stages/score.ts';
import { runStore } from '../stages/store.ts';

export interface RescoreSummary {
  filings: number;
  documents: number;
}

export function rescore(db: Db, since: string | null, onFiling: (index: number, total: number, key: string) => void = () => {}): RescoreSummary {
  const repository = new FilingRepository(db);
  const filings = storedFilings(db, since);
  let documents = 0;
  filings.forEach((stored, i) => {
    const docs = stored.documents.map((d) => ({ ...d, sentences: splitSentences(d.text, d.sections, d.pages) }));
    documents += docs.length;
    const scored = runScore({ stage: 'score', filing: stored.filing, documents: docs });
    runStore({ stage: 'store', filing: scored.filing, outcome: { status: 'scored', documents: scored.documents, score: scored.score } }, { repository });
    onFiling(i + 1, filings.length, stored.filing.key);
  });
  return { filings: filings.length, documents };
}
