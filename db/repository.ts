/**
 * Every write of the pipeline, and the reads the store stage needs to decide
 * what to write. The decisions themselves (near-duplicates, filing totals,
 * issuer summaries) are the store stage's (pipeline/stages/store.ts); this file
 * only turns rows into SQL. Every write is an upsert keyed by a natural key
 * (issuer key, filing key, document name, sentence offset, scorer version,
 * topic), so storing the same filing twice changes nothing.
 */
import type { Db } from './open.ts';
import type { Statement } from 'better-sqlite3';
import { formFamily } from '../pipeline/core/forms.ts';
import type { IssuerFilingPoint, IssuerSummary } from '../pipeline/core/issuer-summary.ts';
import type { FilingRef, FilingScore, IssuerRef, RevenueFact, ScoredDoc, Stage } from '../pipeline/core/jobs.ts';
import { PIVOT_STAGES, type BusinessLine, type PivotStage } from '../pipeline/core/vocabulary.ts';
import { PIVOT, TOPICS, perTopic, type Topic } from '../pipeline/core/vocabulary.ts';
import type { DealTerms } from '../pipeline/core/deals.ts';

/** A document's text fingerprint (bottom-k MinHash, pipeline/stages/fingerprint.ts). */
export interface DocumentFingerprint {
  scheme: string;
  shingles: number;
  sketch: Uint32Array;
}

/** A stored document's fingerprint, as read back to find near-duplicates. */
export interface StoredFingerprintRow {
  documentId: number;
  filingId: number;
  filingKey: string;
  name: string;
  fingerprint: DocumentFingerprint;
  /** The stored filing's accession, form and period end, to tell renderings of one filing from other filings. */
  accession: string | null;
  form: string;
  periodEnd: string | null;
  filedAt: string | null;
}

/** Everything one scored filing writes, decided by the store stage. */
export interface FilingWrite {
  filing: FilingRef;
  issuerId: number;
  extractorVersion: string;
  scorerVersion: string;
  /** Documents to store, with their fingerprints. */
  documents: ReadonlyArray<{ document: ScoredDoc; fingerprint: DocumentFingerprint }>;
  /** Documents not stored because a stored document of the same issuer holds the same text. */
  duplicates: ReadonlyArray<{ document: ScoredDoc; keptDocumentId: number; similarity: number }>;
  /** The kept filing when every document is a duplicate: this filing then holds no text, evidence or score. */
  duplicateOf: number | null;
  /** The filing's score over the documents stored; null when it holds none. */
  score: FilingScore | null;
}

/** Sketch to bytes for the database (little-endian uint32s) and back. */
export function sketchToBytes(sketch: Uint32Array): Buffer {
  const out = Buffer.alloc(sketch.length * 4);
  sketch.forEach((v, i) => out.writeUInt32LE(v, i * 4));
  return out;
}

export function sketchFromBytes(bytes: Uint8Array): Uint32Array {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(Math.floor(buf.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = buf.readUInt32LE(i * 4);
  return out;
}

/** A filing's revenue by line for one period, as the store stage decided it (pipeline/scoring/revenue.ts). */
export interface RevenueMixWrite {
  periodStart: string;
  periodEnd: string;
  months: number;
  periodKind: string;
  concept: string;
  axis: string;
  unit: string;
  total: number;
  reconciles: boolean;
  lines: ReadonlyArray<{ line: BusinessLine; amount: number; share: number | null; kind: 'revenue' | 'credit'; facts: unknown[] }>;
}

/** What one sentence says of a deal (pipeline/scoring/deals.ts). */
export interface DealMentionWrite extends DealTerms {
  counterpartyBasis: string;
  statedOn: string | null;
}

/** A stored deal mention read back to group an issuer's deals. */
export interface StoredDealMention extends DealMentionWrite {
  sentenceId: number;
  start: number;
  text: string;
  date: string | null;
}

/** One deal of an issuer over its mentions (pipeline/scoring/deals.ts). */
export interface DealWrite extends DealTerms {
  key: string;
  firstDate: string | null;
  mentions: ReadonlyArray<{ sentenceId: number }>;
  sources: Partial<Record<'mw' | 'value' | 'termYears' | 'site' | 'firstDate', number>>;
}

/** The stage one filing shows and what set it (pipeline/scoring/pivot-stage.ts). */
export interface FilingStageWrite {
  stage: PivotStage;
  basis: 'fact' | 'deal' | 'sentence';
  sentenceId: number | null;
  fact: { periodStart: string; periodEnd: string; amount: number; share: number } | null;
  reason: string;
}

export class FilingRepository {
  /**
   * Statements prepared once per SQL text: the store stage runs the same few dozen statements for every
   * filing and sentence, and preparing one costs about as much as running it.
   */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `fn` in one transaction (nested calls join the outer one). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Upserts the issuer row; a later, richer description (tickers, country) fills in and never blanks what is known. */
  upsertIssuer(issuer: IssuerRef): number {
    const row = this
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
    const row = this
      .prepare(
        `INSERT INTO filings (filing_key, issuer_id, accession, form, form_family, filed_at, period_end, source, source_ref,
                              status, failed_stage, error_reason, extractor_version, duplicate_of)
         VALUES (@key, @issuerId, @accession, @form, @formFamily, @filedAt, @periodEnd, @source, @sourceRef,
                 @status, @failedStage, @reason, @extractorVersion, @duplicateOf)
         ON CONFLICT (filing_key) DO UPDATE SET
           issuer_id = excluded.issuer_id, accession = excluded.accession, form = excluded.form,
           form_family = excluded.form_family, filed_at = excluded.filed_at, period_end = excluded.period_end,
           source = excluded.source, source_ref = excluded.source_ref, status = excluded.status,
           failed_stage = excluded.failed_stage, error_reason = excluded.error_reason, duplicate_of = excluded.duplicate_of,
           extractor_version = COALESCE(excluded.extractor_version, filings.extractor_version)
         RETURNING id`,
      )
      .get({
        key: filing.key,
        issuerId,
        accession: filing.accession,
        form: filing.form,
        formFamily: formFamily(filing.form),
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

  /** Fingerprints of the issuer's stored documents, except those of the filing `exceptFilingKey`. */
  storedFingerprints(issuerId: number, exceptFilingKey: string): StoredFingerprintRow[] {
    const rows = this
      .prepare(
        `SELECT fp.document_id AS documentId, d.filing_id AS filingId, f.filing_key AS filingKey, d.name,
                fp.scheme, fp.shingles, fp.sketch, f.accession, f.form, f.period_end AS periodEnd, f.filed_at AS filedAt
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
      accession: string | null;
      form: string;
      periodEnd: string | null;
      filedAt: string | null;
    }>;
    return rows.map((r) => ({
      documentId: r.documentId,
      filingId: r.filingId,
      filingKey: r.filingKey,
      name: r.name,
      fingerprint: { scheme: r.scheme, shingles: r.shingles, sketch: sketchFromBytes(r.sketch) },
      accession: r.accession,
      form: r.form,
      periodEnd: r.periodEnd,
      filedAt: r.filedAt,
    }));
  }

  /**
   * Writes a scored filing: its row, the documents kept (text, sections, fingerprint, evidence of this scorer
   * version), the duplicates it holds instead of text, and its score. Returns the filing's id.
   */
  writeFiling(write: FilingWrite): number {
    const filingId = this.upsertFiling(write.filing, write.issuerId, 'stored', null, write.extractorVersion, write.duplicateOf);

    this.prepare('DELETE FROM duplicate_documents WHERE filing_id = ?').run(filingId);
    const dropDocument = this.prepare('DELETE FROM documents WHERE filing_id = ? AND name = ?');
    const recordDuplicate = this.prepare(
      `INSERT INTO duplicate_documents (filing_id, name, sha256, origin, kept_document_id, similarity)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const d of write.duplicates) {
      dropDocument.run(filingId, d.document.name);
      recordDuplicate.run(filingId, d.document.name, d.document.sha256, d.document.origin, d.keptDocumentId, d.similarity);
    }

    if (write.score === null) {
      // Its text and evidence live on the kept filing; a score here would count them twice.
      this.prepare('DELETE FROM documents WHERE filing_id = ?').run(filingId);
      this.prepare('DELETE FROM filing_scores WHERE filing_id = ?').run(filingId);
    } else {
      for (const { document, fingerprint } of write.documents) this.storeDocument(filingId, document, write.scorerVersion, fingerprint);
      this.storeFilingScore(filingId, write.score);
    }
    return filingId;
  }

  private storeDocument(filingId: number, doc: ScoredDoc, scorerVersion: string, fingerprint: DocumentFingerprint): void {
    const existing = this
      .prepare('SELECT id, sha256 FROM documents WHERE filing_id = ? AND name = ?')
      .get(filingId, doc.name) as { id: number; sha256: string } | undefined;
    // New bytes under the same name: the old offsets mean nothing any more.
    if (existing && existing.sha256 !== doc.sha256) this.prepare('DELETE FROM documents WHERE id = ?').run(existing.id);

    const { id: documentId } = this
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

    this
      .prepare(
        `INSERT INTO document_fingerprints (document_id, scheme, shingles, sketch) VALUES (?, ?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET scheme = excluded.scheme, shingles = excluded.shingles, sketch = excluded.sketch`,
      )
      .run(documentId, fingerprint.scheme, fingerprint.shingles, sketchToBytes(fingerprint.sketch));

    const section = this.prepare(
      `INSERT INTO sections (document_id, key, title, start, end, confidence, method, flags)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (document_id, key, start) DO UPDATE SET
         title = excluded.title, end = excluded.end, confidence = excluded.confidence,
         method = excluded.method, flags = excluded.flags`,
    );
    this.prepare('DELETE FROM sections WHERE document_id = ?').run(documentId);
    for (const s of doc.sections) {
      section.run(documentId, s.key, s.title, s.start, s.end, s.confidence, s.method, s.flags.join(','));
    }

    // Labels of this scorer version are replaced whole; other versions' labels stay comparable.
    this
      .prepare(
        `DELETE FROM sentence_labels WHERE scorer_version = ?
           AND sentence_id IN (SELECT id FROM sentences WHERE document_id = ?)`,
      )
      .run(scorerVersion, documentId);
    const sentence = this.prepare(
      `INSERT INTO sentences (document_id, start, end, section, page, text) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (document_id, start) DO UPDATE SET end = excluded.end, section = excluded.section,
         page = excluded.page, text = excluded.text
       RETURNING id`,
    );
    const label = this.prepare(
      `INSERT INTO sentence_labels (sentence_id, scorer_version, topics, modality, core_claim, terms, weight)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const s of doc.evidence) {
      const { id } = sentence.get(documentId, s.start, s.end, s.section, s.page, s.text) as { id: number };
      label.run(id, scorerVersion, s.topics.join(','), s.modality, s.coreClaim, JSON.stringify(s.terms), s.weight);
    }
  }

  private storeFilingScore(filingId: number, score: FilingScore): void {
    this
      .prepare(
        `INSERT INTO filing_scores (filing_id, scorer_version, words, sentences, pivot_index, fact_pivot_index)
         VALUES (@filingId, @scorerVersion, @words, @sentences, @pivotIndex, @factPivotIndex)
         ON CONFLICT (filing_id, scorer_version) DO UPDATE SET
           words = excluded.words, sentences = excluded.sentences,
           pivot_index = excluded.pivot_index, fact_pivot_index = excluded.fact_pivot_index`,
      )
      .run({ filingId, ...score });
    const topic = this.prepare(
      `INSERT INTO filing_topic_scores (filing_id, scorer_version, topic, mass, fact_mass, sentences, density, core_claims)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (filing_id, scorer_version, topic) DO UPDATE SET
         mass = excluded.mass, fact_mass = excluded.fact_mass, sentences = excluded.sentences,
         density = excluded.density, core_claims = excluded.core_claims`,
    );
    for (const t of TOPICS) {
      const s = score.topics[t];
      topic.run(filingId, score.scorerVersion, t, s.mass, s.factMass, s.sentences, s.density, s.coreClaims);
    }
  }

  /** The issuer's stored filings with their scores under one scorer version, for its summary. */
  issuerFilingPoints(issuerId: number, scorerVersion: string): IssuerFilingPoint[] {
    const filings = this
      .prepare(
        `SELECT f.id AS filingId, f.form, COALESCE(f.period_end, f.filed_at) AS date, s.pivot_index AS pivotIndex,
                (SELECT sl.sentence_id FROM sentence_labels sl JOIN sentences se ON se.id = sl.sentence_id
                   JOIN documents d ON d.id = se.document_id
                  WHERE d.filing_id = f.id AND sl.scorer_version = s.scorer_version
                    AND sl.modality = 'fact' AND (',' || sl.topics || ',') LIKE '%,' || @factTopic || ',%' AND sl.weight > 0
                  ORDER BY sl.weight DESC, se.id LIMIT 1) AS aiHpcFactSentenceId,
                COALESCE(f.filed_at, f.period_end) AS reportedAt
           FROM filings f JOIN filing_scores s ON s.filing_id = f.id
          WHERE f.issuer_id = @issuerId AND s.scorer_version = @scorerVersion AND f.status = 'stored'`,
      )
      .all({ issuerId, scorerVersion, factTopic: PIVOT.to }) as Array<{
      filingId: number;
      form: string;
      date: string | null;
      pivotIndex: number;
      aiHpcFactSentenceId: number | null;
      reportedAt: string | null;
    }>;
    const topicRows = this.prepare(
      `SELECT topic, mass, sentences, core_claims AS coreClaims FROM filing_topic_scores WHERE filing_id = ? AND scorer_version = ?`,
    );
    return filings.map(({ reportedAt, ...f }) => {
      const rows = topicRows.all(f.filingId, scorerVersion) as Array<{ topic: Topic; mass: number; sentences: number; coreClaims: number }>;
      const byTopic = new Map(rows.map((r) => [r.topic, r]));
      return {
        ...f,
        topics: perTopic((t) => {
          const r = byTopic.get(t);
          return { mass: r?.mass ?? 0, sentences: r?.sentences ?? 0, coreClaims: r?.coreClaims ?? 0 };
        }),
        aiHpcFactDate: f.aiHpcFactSentenceId !== null ? reportedAt : null,
      };
    });
  }

  /** Writes an issuer's summary row for one scorer version. */
  writeIssuerSummary(issuerId: number, scorerVersion: string, summary: IssuerSummary): void {
    const { topics, ...row } = summary;
    this
      .prepare(
        `INSERT INTO issuer_scores (issuer_id, scorer_version, filings, latest_filing_id, latest_date, latest_pivot_index,
           previous_filing_id, pivot_change, first_ai_hpc_fact_date, first_ai_hpc_fact_sentence_id)
         VALUES (@issuerId, @scorerVersion, @filings, @latestFilingId, @latestDate, @latestPivotIndex,
           @previousFilingId, @pivotChange, @firstAiHpcFactDate, @firstAiHpcFactSentenceId)
         ON CONFLICT (issuer_id, scorer_version) DO UPDATE SET
           filings = excluded.filings, latest_filing_id = excluded.latest_filing_id, latest_date = excluded.latest_date,
           latest_pivot_index = excluded.latest_pivot_index, previous_filing_id = excluded.previous_filing_id,
           pivot_change = excluded.pivot_change, first_ai_hpc_fact_date = excluded.first_ai_hpc_fact_date,
           first_ai_hpc_fact_sentence_id = excluded.first_ai_hpc_fact_sentence_id`,
      )
      .run({ issuerId, scorerVersion, ...row });
    const topic = this.prepare(
      `INSERT INTO issuer_topic_scores (issuer_id, scorer_version, topic, sentences, core_claims) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (issuer_id, scorer_version, topic) DO UPDATE SET sentences = excluded.sentences, core_claims = excluded.core_claims`,
    );
    for (const t of TOPICS) topic.run(issuerId, scorerVersion, t, topics[t].sentences, topics[t].coreClaims);
  }

  /** Positive mining facts over the issuer's stored filings, for one scorer version. */
  issuerMiningFacts(issuerId: number, scorerVersion: string): number {
    return this
      .prepare(
        `SELECT COUNT(*) FROM sentence_labels l JOIN sentences se ON se.id = l.sentence_id
           JOIN documents d ON d.id = se.document_id JOIN filings f ON f.id = d.filing_id
          WHERE f.issuer_id = ? AND f.status = 'stored' AND l.scorer_version = ? AND l.modality = 'fact' AND l.weight > 0
            AND (',' || l.topics || ',') LIKE '%,mining,%'`,
      )
      .pluck()
      .get(issuerId, scorerVersion) as number;
  }

  /** Writes whether the issuer is a miner, and on what basis. */
  writeIssuerMiner(issuerId: number, miner: boolean, basis: string): void {
    this.prepare('UPDATE issuers SET miner = ?, miner_basis = ? WHERE id = ?').run(miner ? 1 : 0, basis, issuerId);
  }

  /** The issuer's CIK and key, as stored. */
  issuerKeys(issuerId: number): { cik: string | null; issuerKey: string } {
    return this.prepare('SELECT cik, issuer_key AS issuerKey FROM issuers WHERE id = ?').get(issuerId) as { cik: string | null; issuerKey: string };
  }

  /** Stored document ids of a filing by name. */
  documentIds(filingId: number): Map<string, number> {
    const rows = this.db.prepare('SELECT id, name FROM documents WHERE filing_id = ?').all(filingId) as Array<{ id: number; name: string }>;
    return new Map(rows.map((r) => [r.name, r.id]));
  }

  /** Stored sentence ids of a document by start offset. */
  sentenceIds(documentId: number): Map<number, number> {
    const rows = this.db.prepare('SELECT id, start FROM sentences WHERE document_id = ?').all(documentId) as Array<{ id: number; start: number }>;
    return new Map(rows.map((r) => [r.start, r.id]));
  }

  /** Replaces a document's revenue facts. */
  writeRevenueFacts(documentId: number, facts: readonly RevenueFact[], mappingVersion: string): void {
    this.db.prepare('DELETE FROM revenue_facts WHERE document_id = ?').run(documentId);
    const insert = this.db.prepare(
      `INSERT INTO revenue_facts (document_id, concept, kind, context_id, fact_id, axis, member, dimensions, period_start, period_end, months,
                                  value, unit, displayed, decimals, scale, sign, duplicates, line, line_basis, mapping_version)
       VALUES (@documentId, @concept, @kind, @contextId, @factId, @axis, @member, @dimensions, @periodStart, @periodEnd, @months,
               @value, @unit, @displayed, @decimals, @scale, @sign, @duplicates, @line, @lineBasis, @mappingVersion)
       ON CONFLICT (document_id, concept, context_id, unit) DO NOTHING`,
    );
    for (const f of facts) insert.run({ ...f, documentId, dimensions: JSON.stringify(f.dimensions), mappingVersion });
  }

  /** A document's stored revenue facts, as extraction gave them. */
  storedRevenueFacts(documentId: number): RevenueFact[] {
    const rows = this.db
      .prepare(
        `SELECT concept, kind, context_id AS contextId, fact_id AS factId, axis, member, dimensions, period_start AS periodStart,
                period_end AS periodEnd, months, value, unit, displayed, decimals, scale, sign, duplicates, line, line_basis AS lineBasis
           FROM revenue_facts WHERE document_id = ? ORDER BY id`,
      )
      .all(documentId) as Array<Omit<RevenueFact, 'dimensions'> & { dimensions: string }>;
    return rows.map((r) => ({ ...r, dimensions: JSON.parse(r.dimensions) as RevenueFact['dimensions'] }));
  }

  /** Replaces a filing's revenue mix. */
  writeRevenueMix(filingId: number, mix: readonly RevenueMixWrite[], mappingVersion: string): void {
    this.db.prepare('DELETE FROM revenue_mix WHERE filing_id = ?').run(filingId);
    const insert = this.db.prepare(
      `INSERT INTO revenue_mix (filing_id, period_start, period_end, months, period_kind, line, kind, amount, share, total, concept, axis, unit,
                                reconciles, facts, mapping_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const m of mix) {
      for (const l of m.lines) {
        insert.run(filingId, m.periodStart, m.periodEnd, m.months, m.periodKind, l.line, l.kind, l.amount, l.share, m.total, m.concept, m.axis,
          m.unit, m.reconciles ? 1 : 0, JSON.stringify(l.facts), mappingVersion);
      }
    }
  }

  /** Replaces the deal mentions of a filing's sentences for one scorer version. */
  writeDealMentions(filingId: number, scorerVersion: string, mentions: ReadonlyArray<{ sentenceId: number; mention: DealMentionWrite }>): void {
    this.db
      .prepare(
        `DELETE FROM deal_mentions WHERE scorer_version = ? AND sentence_id IN
           (SELECT se.id FROM sentences se JOIN documents d ON d.id = se.document_id WHERE d.filing_id = ?)`,
      )
      .run(scorerVersion, filingId);
    const insert = this.db.prepare(
      `INSERT INTO deal_mentions (sentence_id, scorer_version, deal_key, counterparty, counterparty_basis, kind, mw, mw_basis, value, currency,
                                  value_text, term_years, site, stated_on, signed)
       VALUES (@sentenceId, @scorerVersion, '', @counterparty, @counterpartyBasis, @kind, @mw, @mwBasis, @value, @currency,
               @valueText, @termYears, @site, @statedOn, @signed)
       ON CONFLICT (sentence_id, scorer_version) DO NOTHING`,
    );
    for (const { sentenceId, mention } of mentions) insert.run({ ...mention, sentenceId, scorerVersion, signed: mention.signed ? 1 : 0 });
  }

  /** The deal mentions of an issuer's stored filings for one scorer version, with their filing's date. */
  issuerDealMentions(issuerId: number, scorerVersion: string): StoredDealMention[] {
    const rows = this.db
      .prepare(
        `SELECT m.sentence_id AS sentenceId, se.start, se.text, COALESCE(f.filed_at, f.period_end) AS date,
                m.counterparty, m.counterparty_basis AS counterpartyBasis, m.kind, m.mw, m.mw_basis AS mwBasis, m.value, m.currency,
                m.value_text AS valueText, m.term_years AS termYears, m.site, m.stated_on AS statedOn, m.signed
           FROM deal_mentions m JOIN sentences se ON se.id = m.sentence_id JOIN documents d ON d.id = se.document_id
           JOIN filings f ON f.id = d.filing_id
          WHERE f.issuer_id = ? AND m.scorer_version = ? AND f.status = 'stored' AND f.duplicate_of IS NULL
          ORDER BY date, m.sentence_id`,
      )
      .all(issuerId, scorerVersion) as Array<Omit<StoredDealMention, 'signed'> & { signed: number }>;
    return rows.map((r) => ({ ...r, signed: r.signed === 1 }));
  }

  /** Replaces an issuer's deals for one scorer version, and points each mention at its deal. */
  writeDeals(issuerId: number, scorerVersion: string, deals: readonly DealWrite[]): void {
    this.db.prepare('DELETE FROM deals WHERE issuer_id = ? AND scorer_version = ?').run(issuerId, scorerVersion);
    const insert = this.db.prepare(
      `INSERT INTO deals (issuer_id, scorer_version, deal_key, counterparty, kind, mw, mw_basis, value, currency, value_text, term_years, site,
                          first_date, signed, mentions, mw_sentence_id, value_sentence_id, term_sentence_id)
       VALUES (@issuerId, @scorerVersion, @key, @counterparty, @kind, @mw, @mwBasis, @value, @currency, @valueText, @termYears, @site,
               @firstDate, @signed, @mentionCount, @mwSentence, @valueSentence, @termSentence)`,
    );
    const point = this.db.prepare('UPDATE deal_mentions SET deal_key = ? WHERE sentence_id = ? AND scorer_version = ?');
    for (const d of deals) {
      insert.run({
        issuerId, scorerVersion, key: d.key, counterparty: d.counterparty, kind: d.kind, mw: d.mw, mwBasis: d.mwBasis, value: d.value,
        currency: d.currency, valueText: d.valueText, termYears: d.termYears, site: d.site, firstDate: d.firstDate, signed: d.signed ? 1 : 0,
        mentionCount: d.mentions.length, mwSentence: d.sources.mw ?? null, valueSentence: d.sources.value ?? null,
        termSentence: d.sources.termYears ?? null,
      });
      for (const m of d.mentions) point.run(d.key, m.sentenceId, scorerVersion);
    }
  }

  /** Replaces the stage a filing shows for one scorer version (none: no row). */
  writeFilingStage(filingId: number, scorerVersion: string, stage: FilingStageWrite | null): void {
    this.db.prepare('DELETE FROM filing_pivot_stages WHERE filing_id = ? AND scorer_version = ?').run(filingId, scorerVersion);
    if (!stage) return;
    this.db
      .prepare(
        `INSERT INTO filing_pivot_stages (filing_id, scorer_version, stage, stage_rank, basis, sentence_id, period_start, period_end, amount, share, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(filingId, scorerVersion, stage.stage, PIVOT_STAGES.indexOf(stage.stage), stage.basis, stage.sentenceId,
        stage.fact?.periodStart ?? null, stage.fact?.periodEnd ?? null, stage.fact?.amount ?? null, stage.fact?.share ?? null, stage.reason);
  }

  /** Drops a filing's revenue mix and stages (a filing whose documents are all duplicates of a kept one). */
  clearPivotNumbers(filingId: number): void {
    this.db.prepare('DELETE FROM revenue_mix WHERE filing_id = ?').run(filingId);
    this.db.prepare('DELETE FROM filing_pivot_stages WHERE filing_id = ?').run(filingId);
  }

  /** Records a filing that failed for good, with the stage and the reason, keeping anything stored before. */
  recordFailure(filing: FilingRef, stage: Stage, reason: string): number {
    return this.transaction(() => {
      const issuerId = this.upsertIssuer(filing.issuer);
      return this.upsertFiling(filing, issuerId, 'failed', { stage, reason }, null);
    });
  }
}
