/**
 * Every write of the pipeline. One transaction per filing; every write is an
 * upsert keyed by a natural key (issuer key, filing key, document name,
 * sentence offset, scorer version), so storing the same filing twice changes nothing.
 */
import type { Db } from './open.ts';
import type { FilingRef, FilingScore, IssuerRef, ScoredDoc, Stage } from '../pipeline/jobs.ts';
import { summarizeIssuer, type IssuerFilingPoint } from '../pipeline/scoring/issuer.ts';

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
  ): number {
    const row = this.db
      .prepare(
        `INSERT INTO filings (filing_key, issuer_id, accession, form, filed_at, period_end, source, source_ref,
                              status, failed_stage, error_reason, extractor_version)
         VALUES (@key, @issuerId, @accession, @form, @filedAt, @periodEnd, @source, @sourceRef,
                 @status, @failedStage, @reason, @extractorVersion)
         ON CONFLICT (filing_key) DO UPDATE SET
           issuer_id = excluded.issuer_id, accession = excluded.accession, form = excluded.form,
           filed_at = excluded.filed_at, period_end = excluded.period_end, source = excluded.source,
           source_ref = excluded.source_ref, status = excluded.status, failed_stage = excluded.failed_stage,
           error_reason = excluded.error_reason,
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
      }) as { id: number };
    return row.id;
  }

  /** Stores a scored filing: issuer, filing, documents, sections, evidence, scores; then the issuer's summary. */
  storeFiling(filing: FilingRef, documents: ScoredDoc[], score: FilingScore, extractorVersion: string): number {
    return this.db.transaction(() => {
      const issuerId = this.upsertIssuer(filing.issuer);
      const filingId = this.upsertFiling(filing, issuerId, 'stored', null, extractorVersion);
      for (const doc of documents) this.storeDocument(filingId, doc, score.scorerVersion);
      this.storeFilingScore(filingId, score);
      this.refreshIssuer(issuerId, score.scorerVersion);
      return filingId;
    })();
  }

  private storeDocument(filingId: number, doc: ScoredDoc, scorerVersion: string): void {
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
