/**
 * Score stage: label every sentence, keep the labelled ones as evidence, sum
 * the filing's masses and pivot index. CPU only; no I/O.
 */
import type { StageResults } from '../core/graph.ts';
import type { PayloadOf, ScoredDoc } from '../core/jobs.ts';
import { filingTotals, labelDocument } from '../scoring/score.ts';

export function runScore(payload: PayloadOf<'score'>): StageResults['score'] {
  const { filing } = payload;
  const names = [filing.issuer.name, ...filing.issuer.aliases];
  const documents: ScoredDoc[] = payload.documents.map((doc) => {
    const { sentences, ...rest } = doc;
    const evidence = labelDocument(doc, names);
    return { ...rest, sentenceCount: sentences.length, evidence };
  });
  const score = filingTotals(documents.map((d) => ({ evidence: d.evidence, words: d.wordCount, sentenceCount: d.sentenceCount })));
  return { filing, documents, score };
}
