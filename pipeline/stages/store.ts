/**
 * Store stage: the only writer of the SQLite file. It decides what one filing
 * writes (documents kept or recorded as near-duplicates of a stored one, the
 * score over what is kept, the issuer's refreshed summary) and hands the rows
 * to the repository, in one transaction per filing.
 */
import type { FilingRepository } from '../../db/repository.ts';
import { extractorVersion } from '../../extractors/index.ts';
import type { StageResults } from '../core/graph.ts';
import type { FilingRef, FilingScore, PayloadOf, ScoredDoc } from '../core/jobs.ts';
import { knownIssuer, minerOf } from '../core/issuers.ts';
import { summarizeIssuer } from '../scoring/issuer.ts';
import { filingTotals } from '../scoring/score.ts';
import { normaliseForm } from '../core/forms.ts';
import { NEAR_DUPLICATE_JACCARD, splitNearDuplicates } from './fingerprint.ts';
import { refreshDeals, storePivotNumbers } from './pivot-numbers.ts';

export interface StoreDeps {
  repository: FilingRepository;
}

/**
 * Renderings of one filing (the HTML and the PDF of a 10-Q: same issuer, form and period) differ more
 * than copies of a text do (page furniture, hyphenation): measured here 0.80 to 0.85 for the corpus's
 * PDF twins, against 0.61 to 0.66 for consecutive quarters of one issuer.
 */
export const RENDERING_JACCARD = 0.72;

/**
 * How similar a stored document must be for a new one to be a copy of it: never, between two filings
 * with different accession numbers, or of the same form filed on different days (however short, say
 * two cover-only 6-Ks, they are two filings); at RENDERING_JACCARD for the same issuer's same form and
 * period; else at the near-duplicate threshold (the same MD&A on EDGAR and on SEDAR+).
 */
export function copyThreshold(
  filing: FilingRef,
  kept: { accession: string | null; form: string; periodEnd: string | null; filedAt: string | null },
): number | null {
  if (filing.accession && kept.accession && filing.accession !== kept.accession) return null;
  const sameForm = normaliseForm(filing.form) === normaliseForm(kept.form) && filing.form.toUpperCase().endsWith('/A') === kept.form.toUpperCase().endsWith('/A');
  if (sameForm && filing.filedAt !== null && kept.filedAt !== null && filing.filedAt !== kept.filedAt) return null;
  if (sameForm && filing.periodEnd !== null && filing.periodEnd === kept.periodEnd) return RENDERING_JACCARD;
  return NEAR_DUPLICATE_JACCARD;
}

/** What storing a filing came to: stored with its documents, or recorded as a near-duplicate of a kept filing. */
export interface StoreResult {
  filingId: number;
  /** Id of the kept filing when every document of this one was a near-duplicate; else null. */
  duplicateOf: number | null;
  /** Documents not stored because a stored document of the same issuer holds the same text. */
  duplicates: Array<{ name: string; keptDocumentId: number; keptFilingKey: string; similarity: number }>;
}

export function runStore(payload: PayloadOf<'store'>, deps: StoreDeps): StageResults['store'] {
  const { filing, outcome } = payload;
  if (outcome.status === 'failed') {
    deps.repository.recordFailure(filing, outcome.failedStage, outcome.reason);
  } else {
    storeScoredFiling(deps.repository, filing, outcome.documents, outcome.score, extractorVersion);
  }
  return { filing };
}

/**
 * Stores a scored filing: issuer, filing, documents, sections, evidence, scores; then the issuer's summary.
 * A document whose text nearly duplicates a stored document of the same issuer (another filing; the same
 * MD&A on EDGAR and on SEDAR+) is not stored again: it is recorded in `duplicate_documents`, and the
 * filing's score counts only the documents stored. When every document is a duplicate, the filing row
 * points at the kept filing (`duplicate_of`) and holds no text, evidence or score of its own.
 */
export function storeScoredFiling(
  repository: FilingRepository,
  filing: FilingRef,
  documents: ScoredDoc[],
  score: FilingScore,
  version: string,
): StoreResult {
  return repository.transaction((): StoreResult => {
    const issuerId = repository.upsertIssuer(filing.issuer);
    const { keep, duplicates } = splitNearDuplicates(documents, repository.storedFingerprints(issuerId, filing.key), (kept) =>
      copyThreshold(filing, kept),
    );
    const allDuplicates = documents.length > 0 && keep.length === 0;
    const duplicateOf = allDuplicates ? (duplicates[0]?.kept.filingId ?? null) : null;
    const keptScore: FilingScore | null = allDuplicates
      ? null
      : duplicates.length === 0
        ? score
        : {
            ...filingTotals(keep.map(({ document: d }) => ({ evidence: d.evidence, words: d.wordCount, sentenceCount: d.sentenceCount }))),
            scorerVersion: score.scorerVersion,
          };
    const filingId = repository.writeFiling({
      filing,
      issuerId,
      extractorVersion: version,
      scorerVersion: score.scorerVersion,
      documents: keep,
      duplicates: duplicates.map((d) => ({ document: d.document, keptDocumentId: d.kept.documentId, similarity: d.similarity })),
      duplicateOf,
      score: keptScore,
    });
    if (keptScore) storePivotNumbers(repository, filing, filingId, issuerId, keep.map((k) => k.document), score.scorerVersion);
    else {
      repository.clearPivotNumbers(filingId);
      refreshDeals(repository, issuerId, score.scorerVersion);
    }
    refreshIssuer(repository, issuerId, score.scorerVersion);
    return {
      filingId,
      duplicateOf,
      duplicates: duplicates.map((d) => ({
        name: d.document.name,
        keptDocumentId: d.kept.documentId,
        keptFilingKey: d.kept.filingKey,
        similarity: d.similarity,
      })),
    };
  });
}

/** Recomputes an issuer's summary row for one scorer version from its stored filing scores, and its miner flag. */
export function refreshIssuer(repository: FilingRepository, issuerId: number, scorerVersion: string): void {
  repository.writeIssuerSummary(issuerId, scorerVersion, summarizeIssuer(repository.issuerFilingPoints(issuerId, scorerVersion)));
  const { cik, issuerKey } = repository.issuerKeys(issuerId);
  const { miner, basis } = minerOf(knownIssuer(cik, issuerKey), repository.issuerMiningFacts(issuerId, scorerVersion));
  repository.writeIssuerMiner(issuerId, miner, basis);
}
