/**
 * The pivot in numbers, decided in the store stage for one stored filing: its revenue facts (mapped to
 * lines with the current mapping), its revenue mix, its deal mentions and the stage it shows; then the
 * issuer's deals over all its mentions. Everything is recomputed from what the filing carries (or, on a
 * rescore, from the stored facts and text), so storing or rescoring twice changes nothing.
 */
import type { FilingRepository } from '../../db/repository.ts';
import type { FilingRef, RevenueFact, ScoredDoc } from '../core/jobs.ts';
import { findDealMentions, groupDeals, type DealMention, type LocatedMention } from '../scoring/deals.ts';
import { filingStage, type StageSentence } from '../scoring/pivot-stage.ts';
import { lineOfMember, creditLineOf, revenueMappingVersion, revenueMix, type RevenueMix } from '../scoring/revenue.ts';

/** The line of a stored fact under the current mapping (the mapping may have changed since it was stored). */
function remap(f: RevenueFact): RevenueFact {
  const mapped = f.kind === 'credit' ? creditLineOf(f.concept) : f.member ? lineOfMember(f.member) : null;
  return { ...f, line: mapped?.line ?? null, lineBasis: mapped?.basis ?? null };
}

/**
 * Writes a stored filing's revenue facts and mix, deal mentions and stage (for `scorerVersion`), then
 * regroups the issuer's deals. `documents` are the documents kept (with their stored ids).
 */
export function storePivotNumbers(
  repository: FilingRepository,
  filing: FilingRef,
  filingId: number,
  issuerId: number,
  documents: readonly ScoredDoc[],
  scorerVersion: string,
): void {
  const ids = repository.documentIds(filingId);
  const names = [filing.issuer.name, ...filing.issuer.aliases];
  let mix: RevenueMix[] = [];
  const sentences: StageSentence[] = [];
  const mentions: Array<DealMention & { documentName: string; sentenceId: number }> = [];
  for (const doc of documents) {
    const documentId = ids.get(doc.name);
    if (documentId === undefined) continue;
    const facts = (doc.revenueFacts ?? repository.storedRevenueFacts(documentId)).map(remap);
    repository.writeRevenueFacts(documentId, facts, revenueMappingVersion);
    if (mix.length === 0) mix = revenueMix(facts, filing.periodEnd);

    const sentenceIds = repository.sentenceIds(documentId);
    for (const s of doc.evidence) sentences.push({ ...s, documentName: doc.name });
    for (const m of findDealMentions(doc.evidence, names)) {
      const sentenceId = sentenceIds.get(m.start);
      if (sentenceId !== undefined) mentions.push({ ...m, documentName: doc.name, sentenceId });
    }
  }
  repository.writeRevenueMix(filingId, mix, revenueMappingVersion);
  repository.writeDealMentions(filingId, scorerVersion, mentions.map((m) => ({ sentenceId: m.sentenceId, mention: m })));

  const finding = filingStage(sentences, mentions, mix);
  const sentenceId = finding?.sentence
    ? (repository.sentenceIds(ids.get(finding.sentence.documentName) ?? -1).get(finding.sentence.start) ?? null)
    : null;
  repository.writeFilingStage(filingId, scorerVersion, finding ? { ...finding, sentenceId } : null);
  refreshDeals(repository, issuerId, scorerVersion);
}

/** Regroups an issuer's deals from all its stored mentions. */
export function refreshDeals(repository: FilingRepository, issuerId: number, scorerVersion: string): void {
  const located: LocatedMention[] = repository.issuerDealMentions(issuerId, scorerVersion).map((m) => ({
    ...m,
    counterpartyBasis: m.counterpartyBasis as LocatedMention['counterpartyBasis'],
    kind: m.kind as LocatedMention['kind'],
    mwBasis: m.mwBasis as LocatedMention['mwBasis'],
  }));
  repository.writeDeals(issuerId, scorerVersion, groupDeals(located));
}
