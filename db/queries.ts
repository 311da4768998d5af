/**
 * Read-only queries behind the CLI's tables. Analysts can run the same SQL
 * against the file directly (docs/SCHEMA.md).
 */
import type { Db } from './open.ts';
import type { ExtractedDoc, FilingRef } from '../pipeline/core/jobs.ts';

export interface IssuerRow {
  issuerKey: string;
  tickers: string;
  name: string;
  cik: string | null;
  filings: number;
  failed: number;
  latestDate: string | null;
  latestForm: string | null;
  latestPivotIndex: number | null;
  pivotChange: number | null;
  miningSentences: number;
  aiHpcSentences: number;
  gridSentences: number;
  coreMining: number;
  coreAiHpc: number;
  firstAiHpcFactDate: string | null;
  /** 1 a Bitcoin miner, 0 not, null not known yet; on the basis of `minerBasis`. */
  miner: number | null;
  minerBasis: string | null;
}

/** One row per issuer for a scorer version: miners first, then by latest pivot index, highest first. */
export function issuerRows(db: Db, scorerVersion: string): IssuerRow[] {
  return db
    .prepare(
      `SELECT i.issuer_key AS issuerKey, i.tickers, i.name, i.cik,
              (SELECT COUNT(*) FROM filings f WHERE f.issuer_id = i.id AND f.status = 'stored' AND f.duplicate_of IS NULL) AS filings,
              (SELECT COUNT(*) FROM filings f WHERE f.issuer_id = i.id AND f.status = 'failed') AS failed,
              s.latest_date AS latestDate, lf.form AS latestForm, s.latest_pivot_index AS latestPivotIndex,
              s.pivot_change AS pivotChange,
              COALESCE(tm.sentences, 0) AS miningSentences, COALESCE(ta.sentences, 0) AS aiHpcSentences,
              COALESCE(tg.sentences, 0) AS gridSentences, COALESCE(tm.core_claims, 0) AS coreMining,
              COALESCE(ta.core_claims, 0) AS coreAiHpc, s.first_ai_hpc_fact_date AS firstAiHpcFactDate,
              i.miner, i.miner_basis AS minerBasis
         FROM issuers i
         LEFT JOIN issuer_scores s ON s.issuer_id = i.id AND s.scorer_version = @version
         LEFT JOIN issuer_topic_scores tm ON tm.issuer_id = i.id AND tm.scorer_version = @version AND tm.topic = 'mining'
         LEFT JOIN issuer_topic_scores ta ON ta.issuer_id = i.id AND ta.scorer_version = @version AND ta.topic = 'ai_hpc'
         LEFT JOIN issuer_topic_scores tg ON tg.issuer_id = i.id AND tg.scorer_version = @version AND tg.topic = 'grid'
         LEFT JOIN filings lf ON lf.id = s.latest_filing_id
        ORDER BY i.miner IS NOT 1, s.latest_pivot_index IS NULL, s.latest_pivot_index DESC, i.name`,
    )
    .all({ version: scorerVersion }) as IssuerRow[];
}

/** Row counts of the main tables, for run summaries and idempotency checks. */
export function tableCounts(db: Db): Record<string, number> {
  const tables = [
    'issuers', 'filings', 'documents', 'sections', 'sentences', 'sentence_labels',
    'filing_scores', 'filing_topic_scores', 'issuer_scores', 'issuer_topic_scores',
  ];
  return Object.fromEntries(
    tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

/** A stored filing read back for rescoring: the filing as the pipeline knows it and its documents' text. */
export interface StoredFiling {
  filingId: number;
  filing: FilingRef;
  extractorVersion: string | null;
  documents: Array<Omit<ExtractedDoc, 'sentences'>>;
}

/** Stored filings (status stored, not near-duplicates of another), optionally only those dated on or after `since`, oldest first. */
export function storedFilings(db: Db, since: string | null): StoredFiling[] {
  const filings = db
    .prepare(
      `SELECT f.id, f.filing_key, f.accession, f.form, f.filed_at, f.period_end, f.source, f.source_ref, f.extractor_version,
              i.issuer_key, i.name, i.aliases, i.cik, i.tickers, i.country, i.sedar_profile
         FROM filings f JOIN issuers i ON i.id = f.issuer_id
        WHERE f.status = 'stored' AND f.duplicate_of IS NULL AND (? IS NULL OR COALESCE(f.filed_at, f.period_end) >= ?)
        ORDER BY COALESCE(f.filed_at, f.period_end), f.id`,
    )
    .all(since, since) as Array<Record<string, string | number | null>>;
  const documents = db.prepare('SELECT * FROM documents WHERE filing_id = ? ORDER BY id');
  const sections = db.prepare('SELECT key, title, start, end, confidence, method, flags FROM sections WHERE document_id = ? ORDER BY start');
  return filings.map((f) => ({
    filingId: f.id as number,
    extractorVersion: f.extractor_version as string | null,
    filing: {
      key: f.filing_key as string,
      issuer: {
        key: f.issuer_key as string,
        name: f.name as string,
        aliases: JSON.parse(f.aliases as string) as string[],
        cik: f.cik as string | null,
        tickers: String(f.tickers ?? '').split(',').filter(Boolean),
        country: f.country as string | null,
        sedarProfile: f.sedar_profile as string | null,
      },
      accession: f.accession as string | null,
      form: f.form as string,
      filedAt: f.filed_at as string | null,
      periodEnd: f.period_end as string | null,
      source: f.source as FilingRef['source'],
      sourceRef: f.source_ref as string,
    },
    documents: (documents.all(f.id) as Array<Record<string, string | number | null>>).map((d) => ({
      name: d.name as string,
      path: d.origin as string,
      sha256: d.sha256 as string,
      bytes: d.bytes as number,
      origin: d.origin as string,
      documentType: d.document_type as string | null,
      kind: d.content_kind as ExtractedDoc['kind'],
      encoding: (d.encoding as string | null) ?? 'utf-8',
      text: d.text as string,
      wordCount: d.words as number,
      sections: (sections.all(d.id) as Array<Record<string, string | number>>).map((s) => ({
        key: s.key as string,
        title: s.title as string,
        start: s.start as number,
        end: s.end as number,
        confidence: s.confidence as number,
        method: s.method as string,
        flags: String(s.flags).split(',').filter(Boolean),
      })),
      pages: JSON.parse(d.pages as string) as ExtractedDoc['pages'],
      warnings: JSON.parse(d.warnings as string) as string[],
    })),
  }));
}

/** What became of one filing: stored, failed, or a near-duplicate of a kept filing (whole or some documents). */
export interface FilingOutcome {
  filingKey: string;
  issuerKey: string;
  source: string;
  status: 'stored' | 'failed';
  reason: string | null;
  documents: number;
  /** The kept filing when this whole filing is a near-duplicate of it. */
  duplicateOf: { filingKey: string; source: string; sourceRef: string; form: string; date: string | null } | null;
  /** Documents of this filing not stored because they nearly duplicate a stored document. */
  duplicateDocuments: Array<{ name: string; keptFilingKey: string; keptDocument: string; similarity: number }>;
}

/** The outcome of the filing `filingKey`, or null when no such filing is stored. */
export function filingOutcome(db: Db, filingKey: string): FilingOutcome | null {
  const row = db
    .prepare(
      `SELECT f.id, f.filing_key AS filingKey, i.issuer_key AS issuerKey, f.source, f.status, f.error_reason AS reason,
              (SELECT COUNT(*) FROM documents d WHERE d.filing_id = f.id) AS documents,
              k.filing_key AS keptKey, k.source AS keptSource, k.source_ref AS keptRef, k.form AS keptForm,
              COALESCE(k.filed_at, k.period_end) AS keptDate
         FROM filings f JOIN issuers i ON i.id = f.issuer_id LEFT JOIN filings k ON k.id = f.duplicate_of
        WHERE f.filing_key = ?`,
    )
    .get(filingKey) as
    | { id: number; filingKey: string; issuerKey: string; source: string; status: 'stored' | 'failed'; reason: string | null;
        documents: number; keptKey: string | null; keptSource: string; keptRef: string; keptForm: string; keptDate: string | null }
    | undefined;
  if (!row) return null;
  const duplicateDocuments = db
    .prepare(
      `SELECT dd.name, kf.filing_key AS keptFilingKey, kd.name AS keptDocument, dd.similarity
         FROM duplicate_documents dd JOIN documents kd ON kd.id = dd.kept_document_id JOIN filings kf ON kf.id = kd.filing_id
        WHERE dd.filing_id = ? ORDER BY dd.name`,
    )
    .all(row.id) as FilingOutcome['duplicateDocuments'];
  return {
    filingKey: row.filingKey,
    issuerKey: row.issuerKey,
    source: row.source,
    status: row.status,
    reason: row.reason,
    documents: row.documents,
    duplicateOf: row.keptKey
      ? { filingKey: row.keptKey, source: row.keptSource, sourceRef: row.keptRef, form: row.keptForm, date: row.keptDate }
      : null,
    duplicateDocuments,
  };
}

/** A filing whose row says it failed, as the pipeline knows it, with where and why it failed. */
export interface FailedFiling {
  filing: FilingRef;
  failedStage: string | null;
  reason: string | null;
}

/** Filings with status failed, optionally only those that failed at `stage`, oldest first. */
export function failedFilings(db: Db, stage: string | null): FailedFiling[] {
  const rows = db
    .prepare(
      `SELECT f.filing_key, f.accession, f.form, f.filed_at, f.period_end, f.source, f.source_ref, f.failed_stage, f.error_reason,
              i.issuer_key, i.name, i.aliases, i.cik, i.tickers, i.country, i.sedar_profile
         FROM filings f JOIN issuers i ON i.id = f.issuer_id
        WHERE f.status = 'failed' AND (? IS NULL OR f.failed_stage = ?)
        ORDER BY COALESCE(f.filed_at, f.period_end), f.id`,
    )
    .all(stage, stage) as Array<Record<string, string | null>>;
  return rows.map((f) => ({
    failedStage: f.failed_stage ?? null,
    reason: f.error_reason ?? null,
    filing: {
      key: f.filing_key!,
      issuer: {
        key: f.issuer_key!,
        name: f.name!,
        aliases: JSON.parse(f.aliases ?? '[]') as string[],
        cik: f.cik ?? null,
        tickers: String(f.tickers ?? '').split(',').filter(Boolean),
        country: f.country ?? null,
        sedarProfile: f.sedar_profile ?? null,
      },
      accession: f.accession ?? null,
      form: f.form!,
      filedAt: f.filed_at ?? null,
      periodEnd: f.period_end ?? null,
      source: f.source!,
      sourceRef: f.source_ref!,
    },
  }));
}
