/**
 * Every write of the pipeline. One transaction per filing; every write is an
 * upsert keyed by a natural key (issuer key, filing key, document name,
 * sentence offset, scorer version), so storing the same filing twice changes nothing.
 */
import type { Db } from './open.ts';
import type { FilingRef, FilingScore, IssuerRef, ScoredDoc, Stage } from '../pipeline/core/jobs.ts';
import { summarizeIssuer, type IssuerFilingPoint } from '../pipeline/scoring/issuer.ts';
import { filingTotals } from '../pipeline/scoring/score.ts';
import {
  sketchFromBytes,
  sketchToBytes,
  splitNearDuplicates,
  type Fingerprint,
  type StoredFingerprint,
} from '../pipeline/stages/fingerprint.ts';

/** What storing a filing came to: stored with its documents, or recorded as a near-duplicate of a kept filing. */
export interface StoreResult {
  filingId: number;
  /** Id of the kept filing when every document of this one was a near-duplicate; else null. */
  duplicateOf: number | null;
  /** Documents not stored because a stored document of the same issuer holds the same text. */
  duplicates: Array<{ name: string; keptDocumentId: number; keptFilingKey: string; similarity: number }>;
}

export class FilingRepository {
  constructor(private readonly db: Db) {}

  private upsertIssuer(issuer: IssuerRef): number {
    // A later, richer description (tickers, country) fills in; it never blanks what is known.
    const row = this.db
      .prepare(
        `INSERT INTO issuers (issuer_key, cik, name, tickers, country, sedar_profile, aliases)
         VALUES (@key, @cik, @name, @tickers, @country, @sedarProfile, @aliases)
         ON CONFLICT (issuer_key) DO UPDATE SET
           name = excluded.name,
           aliases = CASE WHEN excluded.aliases <> '[]' THEN excluded.aliases ELSE issuers.aliases END,
           cik = COALESCE(excluded.cik, issuers.cik),
           tickers = CASE WHEN excluded.tickers <> '' THEN excluded.tickers ELSE issuers.tickers END,
           country = COALESCE(excluded.country, issuers.country),
           sedar_profile = COALESCE(excluded.sedar_profile, issuers.sedar_profile)
         RETURNING id`,
      )
      .get({
        ...issuer,
        tickers: issuer.tickers.map((t) => t.toUpperCase()).join(','),
        aliases: JSON.stringify(issuer.aliases),
      }) as { id: number };
    return row.id;
  }

  private upsertFiling(
    filing: FilingRef,
    issuerId: number,
    status: 'stored' | 'failed',
    failure: { stage: Stage; reason: string } | null,
    extractorVersion: string | null,
    duplicateOf: number | null = null,
  ): number {
    const row = this.db
      .prepare(
        `INSERT INTO filings (filing_key, issuer_id, accession, form, filed_at, period_end, source, source_ref,
                              status, failed_stage, error_reason, extractor_version, duplicate_of)
         VALUES (@key, @issuerId, @accession, @form, @filedAt, @periodEnd, @source, @sourceRef,
                 @status, @failedStage, @reason, @extractorVersion, @duplicateOf)
         ON CONFLICT (filing_key) DO UPDATE SET
           issuer_id = excluded.issuer_id, accession = excluded.accession, form = excluded.form,
           filed_at = excluded.filed_at, period_end = excluded.period_end, source = excluded.source,
           source_ref = excluded.source_ref, status = excluded.status, failed_stage = excluded.failed_stage,
           error_reason = excluded.error_reason, duplicate_of = excluded.duplicate_of,
           extractor_version = COALESCE(excluded.extractor_version, filings.extractor_version)
         RETURNING id`,
      )
      .get({
        key: filing.key,
        issuerId,
        accession: filing.accession,
        form: filing.form,
        filedAt: filing.filedAt,
        periodEnd: filing.periodEnd,
        source: filing.source,
        sourceRef: filing.sourceRef,
        status,
        failedStage: failure?.stage ?? null,
        reason: failure?.reason ?? null,
        extractorVersion,
        duplicateOf,
      }) as { id: number };
    return row.id;
  }

  /**
   * Stores a scored filing: issuer, filing, documents, sections, evidence, scores; then the issuer's summary.
   * A document whose text nearly duplicates a stored document of the same issuer (another filing; the same
   * MD&A on EDGAR and on SEDAR+) is not stored again: it is recorded in `duplicate_documents`, and the
   * filing's score counts only the documents stored. When every document is a duplicate, the filing row
   * points at the kept filing (`duplicate_of`) and holds no text, evidence or score of its own.
   */
  storeFiling(filing: FilingRef, documents: ScoredDoc[], score: FilingScore, extractorVersion: string): number {
    return this.storeFilingDeduplicated(filing, documents, score, extractorVersion).filingId;
  }

  /** {@link storeFiling}, saying whether the filing or some of its documents were near-duplicates. */
  storeFilingDeduplicated(filing: FilingRef, documents: ScoredDoc[], score: FilingScore, extractorVersion: string): StoreResult {
    return this.db.transaction((): StoreResult => {
      const issuerId = this.upsertIssuer(filing.issuer);
      const { keep, duplicates } = splitNearDuplicates(documents, this.storedFingerprints(issuerId, filing.key));
      const allDuplicates = documents.length > 0 && keep.length === 0;
      const duplicateOf = allDuplicates ? (duplicates[0]?.kept.filingId ?? null) : null;
      const filingId = this.upsertFiling(filing, issuerId, 'stored', null, extractorVersion, duplicateOf);

      this.db.prepare('DELETE FROM duplicate_documents WHERE filing_id = ?').run(filingId);
      const dropDocument = this.db.prepare('DELETE FROM documents WHERE filing_id = ? AND name = ?');
      const recordDuplicate = this.db.prepare(
        `INSERT INTO duplicate_documents (filing_id, name, sha256, origin, kept_document_id, similarity)
         VALUES (?, ?, ?, ?, ?, ?)`,
      );
      for (const d of duplicates) {
        dropDocument.run(filingId, d.document.name);
        recordDuplicate.run(filingId, d.document.name, d.document.sha256, d.document.origin, d.kept.documentId, d.similarity);
      }

      if (allDuplicates) {
        // Its text and evidence live on the kept filing; a score here would count them twice.
        this.db.prepare('DELETE FROM documents WHERE filing_id = ?').run(filingId);
        this.db.prepare('DELETE FROM filing_scores WHERE filing_id = ?').run(filingId);
      } else {
        for (const { document, fingerprint } of keep) this.storeDocument(filingId, document, score.scorerVersion, fingerprint);
        const stored = keep.map((k) => k.document);
        const filingScore =
          duplicates.length === 0
            ? score
            : {
                ...filingTotals(stored.map((d) => ({ evidence: d.evidence, words: d.wordCount, sentenceCount: d.sentenceCount }))),
                scorerVersion: score.scorerVersion,
              };
        this.storeFilingScore(filingId, filingScore);
      }
      this.refreshIssuer(issuerId, score.scorerVersion);
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
    })();
  }

  /** Fingerprints of the issuer's stored documents, except those of the filing `exceptFilingKey`. */
  private storedFingerprints(issuerId: number, exceptFilingKey: string): StoredFingerprint[] {
    const rows = this.db
      .prepare(
        `SELECT fp.document_id AS documentId, d.filing_id AS filingId, f.filing_key AS filingKey, d.name,
                fp.scheme, fp.shingles, fp.sketch
           FROM document_fingerprints fp
           JOIN documents d ON d.id = fp.document_id
           JOIN filings f ON f.id = d.filing_id
          WHERE f.issuer_id = ? AND f.filing_key <> ? AND f.status = 'stored' AND f.duplicate_of IS NULL
          ORDER BY f.id, d.id`,
      )
      .all(issuerId, exceptFilingKey) as Array<{
      documentId: number;
      filingId: number;
      filingKey: string;
      name: string;
      scheme: string;
      shingles: number;
      sketch: Buffer;
    }>;
    return rows.map((r) => ({
      documentId: r.documentId,
      filingId: r.filingId,
      filingKey: r.filingKey,
      name: r.name,
      fingerprint: { scheme: r.scheme, shingles: r.shingles, sketch: sketchFromBytes(r.sketch) },
    }));
  }

  private storeDocument(filingId: number, doc: ScoredDoc, scorerVersion: string, fingerprint: Fingerprint): void {
    const existing = this.db
      .prepare('SELECT id, sha256 FROM documents WHERE filing_id = ? AND name = ?')
      .get(filingId, doc.name) as { id: number; sha256: string } | undefined;
    // New bytes under the same name: the old offsets mean nothing any more.
    if (existing && existing.sha256 !== doc.sha256) this.db.prepare('DELETE FROM documents WHERE id = ?').run(existing.id);

    const { id: documentId } = this.db
      .prepare(
        `INSERT INTO documents (filing_id, name, document_type, origin, sha256, content_kind, encoding, bytes, words, text, warnings, pages)
         VALUES (@filingId, @name, @documentType, @origin, @sha256, @kind, @encoding, @bytes, @words, @text, @warnings, @pages)
         ON CONFLICT (filing_id, name) DO UPDATE SET
           document_type = excluded.document_type, origin = excluded.origin, sha256 = excluded.sha256,
           content_kind = excluded.content_kind, encoding = excluded.encoding, bytes = excluded.bytes,
           words = excluded.words, text = excluded.text, warnings = excluded.warnings, pages = excluded.pages
         RETURNING id`,
      )
      .get({
        filingId,
        name: doc.name,
        documentType: doc.documentType,
        origin: doc.origin,
        sha256: doc.sha256,
        kind: doc.kind,
        encoding: doc.encoding,
        bytes: doc.bytes,
        words: doc.wordCount,
        text: doc.text,
        warnings: JSON.stringify(doc.warnings),
        pages: JSON.stringify(doc.pages),
      }) as { id: number };

    this.db
      .prepare(
        `INSERT INTO document_fingerprints (document_id, scheme, shingles, sketch) VALUES (?, ?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET scheme = excluded.scheme, shingles = excluded.shingles, sketch = excluded.sketch`,
      )
      .run(documentId, fingerprint.scheme, fingerprint.shingles, sketchToBytes(fingerprint.sketch));

    const section = this.db.prepare(
      `INSERT INTO sections (document_id, key, title, start, end, confidence, method, flags)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (document_id, key, start) DO UPDATE SET
         title = excluded.title, end = excluded.end, confidence = excluded.confidence,
         method = excluded.method, flags = excluded.flags`,
    );
    this.db.prepare('DELETE FROM sections WHERE document_id = ?').run(documentId);
    for (const s of doc.sections) {
      section.run(documentId, s.key, s.title, s.start, s.end, s.confidence, s.method, s.flags.join(','));
    }

    // Labels of this scorer version are replaced whole; other versions' labels stay comparable.
    this.db
      .prepare(
        `DELETE FROM sentence_labels WHERE scorer_version = ?
           AND sentence_id IN (SELECT id FROM sentences WHERE document_id = ?)`,
      )
      .run(scorerVersion, documentId);
    const sentence = this.db.prepare(
      `INSERT INTO sentences (document_id, start, end, section, page, text) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (document_id, start) DO UPDATE SET end = excluded.end, section = excluded.section,
         page = excluded.page, text = excluded.text
       RETURNING id`,
    );
    const label = this.db.prepare(
      `INSERT INTO sentence_labels (sentence_id, scorer_version, topics, modality, core_claim, terms, weight)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const s of doc.evidence) {
      const { id } = sentence.get(documentId, s.start, s.end, s.section, s.page, s.text) as { id: number };
      label.run(id, scorerVersion, s.topics.join(','), s.modality, s.coreClaim, JSON.stringify(s.terms), s.weight);
    }
  }

  private storeFilingScore(filingId: number, score: FilingScore): void {
    this.db
      .prepare(
        `INSERT INTO filing_scores (filing_id, scorer_version, words, sentences, mining_mass, ai_hpc_mass, grid_mass,
           mining_fact_mass, ai_hpc_fact_mass, mining_sentences, ai_hpc_sentences, grid_sentences, core_mining,
           core_ai_hpc, mining_density, ai_hpc_density, grid_density, pivot_index, fact_pivot_index)
         VALUES (@filingId, @scorerVersion, @words, @sentences, @miningMass, @aiHpcMass, @gridMass,
           @miningFactMass, @aiHpcFactMass, @miningSentences, @aiHpcSentences, @gridSentences, @coreMining,
           @coreAiHpc, @miningDensity, @aiHpcDensity, @gridDensity, @pivotIndex, @factPivotIndex)
         ON CONFLICT (filing_id, scorer_version) DO UPDATE SET
           words = excluded.words, sentences = excluded.sentences, mining_mass = excluded.mining_mass,
           ai_hpc_mass = excluded.ai_hpc_mass, grid_mass = excluded.grid_mass,
           mining_fact_mass = excluded.mining_fact_mass, ai_hpc_fact_mass = excluded.ai_hpc_fact_mass,
           mining_sentences = excluded.mining_sentences, ai_hpc_sentences = excluded.ai_hpc_sentences,
           grid_sentences = excluded.grid_sentences, core_mining = excluded.core_mining,
           core_ai_hpc = excluded.core_ai_hpc, mining_density = excluded.mining_density,
           ai_hpc_density = excluded.ai_hpc_density, grid_density = excluded.grid_density,
           pivot_index = excluded.pivot_index, fact_pivot_index = excluded.fact_pivot_index`,
      )
      .run({ filingId, ...score });
  }

  /** Recomputes an issuer's summary row for one scorer version from its stored filing scores. */
  refreshIssuer(issuerId: number, scorerVersion: string): void {
    const points = this.db
      .prepare(
        `SELECT f.id AS filingId, f.form, COALESCE(f.period_end, f.filed_at) AS date,
                s.pivot_index AS pivotIndex, s.mining_mass AS miningMass, s.ai_hpc_mass AS aiHpcMass,
                s.mining_sentences AS miningSentences, s.ai_hpc_sentences AS aiHpcSentences,
                s.grid_sentences AS gridSentences, s.core_mining AS coreMining, s.core_ai_hpc AS coreAiHpc,
                (SELECT sl.sentence_id FROM sentence_labels sl JOIN sentences se ON se.id = sl.sentence_id
                   JOIN documents d ON d.id = se.document_id
                  WHERE d.filing_id = f.id AND sl.scorer_version = s.scorer_version
                    AND sl.modality = 'fact' AND (',' || sl.topics || ',') LIKE '%,ai_hpc,%' AND sl.weight > 0
                  ORDER BY sl.weight DESC, se.id LIMIT 1) AS aiHpcFactSentenceId,
                COALESCE(f.filed_at, f.period_end) AS reportedAt
           FROM filings f JOIN filing_scores s ON s.filing_id = f.id
          WHERE f.issuer_id = ? AND s.scorer_version = ? AND f.status = 'stored'`,
      )
      .all(issuerId, scorerVersion) as Array<Omit<IssuerFilingPoint, 'aiHpcFactDate'> & { reportedAt: string | null }>;
    const summary = summarizeIssuer(
      points.map((p) => ({ ...p, aiHpcFactDate: p.aiHpcFactSentenceId !== null ? p.reportedAt : null })),
    );
    this.db
      .prepare(
        `INSERT INTO issuer_scores (issuer_id, scorer_version, filings, latest_filing_id, latest_date, latest_pivot_index,
           previous_filing_id, pivot_change, first_ai_hpc_fact_date, first_ai_hpc_fact_sentence_id, mining_sentences,
           ai_hpc_sentences, grid_sentences, core_mining, core_ai_hpc)
         VALUES (@issuerId, @scorerVersion, @filings, @latestFilingId, @latestDate, @latestPivotIndex,
           @previousFilingId, @pivotChange, @firstAiHpcFactDate, @firstAiHpcFactSentenceId, @miningSentences,
           @aiHpcSentences, @gridSentences, @coreMining, @coreAiHpc)
         ON CONFLICT (issuer_id, scorer_version) DO UPDATE SET
           filings = excluded.filings, latest_filing_id = excluded.latest_filing_id, latest_date = excluded.latest_date,
           latest_pivot_index = excluded.latest_pivot_index, previous_filing_id = excluded.previous_filing_id,
           pivot_change = excluded.pivot_change, first_ai_hpc_fact_date = excluded.first_ai_hpc_fact_date,
           first_ai_hpc_fact_sentence_id = excluded.first_ai_hpc_fact_sentence_id,
           mining_sentences = excluded.mining_sentences, ai_hpc_sentences = excluded.ai_hpc_sentences,
           grid_sentences = excluded.grid_sentences, core_mining = excluded.core_mining, core_ai_hpc = excluded.core_ai_hpc`,
      )
      .run({ issuerId, scorerVersion, ...summary });
  }

  /** Records a filing that failed for good, with the stage and the reason, keeping anything stored before. */
  recordFailure(filing: FilingRef, stage: Stage, reason: string): number {
    return this.db.transaction(() => {
      const issuerId = this.upsertIssuer(filing.issuer);
      return this.upsertFiling(filing, issuerId, 'failed', { stage, reason }, null);
    })();
  }
}
