/**
 * Score stage: label every sentence, keep the labelled ones as evidence, sum
 * the filing's masses and pivot index. CPU only; no I/O.
 */
import type { StageResults } from '../core/graph.ts';
import { issuerNames, knownIssuer } from '../core/issuers.ts';
import type { PayloadOf, ScoredDoc } from '../core/jobs.ts';
import { filingTotals, labelFiling } from '../scoring/score.ts';

export function runScore(payload: PayloadOf<'score'>): StageResults['score'] {
  const { filing } = payload;
  const names = issuerNames(filing.issuer);
  // One filing at a time: what the filing establishes (an AI/HPC business) gives its plain words their sense.
  const evidence = labelFiling(payload.documents, names, {
    knownNonMiner: knownIssuer(filing.issuer.cik, filing.issuer.key)?.miner === false,
  });
  const documents: ScoredDoc[] = payload.documents.map((doc, i) => {
    const { sentences, ...rest } = doc;
    return { ...rest, sentenceCount: sentences.length, evidence: evidence[i]! };
  });
  const score = filingTotals(documents.map((d) => ({ evidence: d.evidence, words: d.wordCount, sentenceCount: d.sentenceCount })));
  return { filing, documents, score };
}
