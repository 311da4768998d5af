/**
 * Read-only queries behind the CLI's tables. Analysts can run the same SQL
 * against the file directly (docs/SCHEMA.md).
 */
import type { Db } from './open.ts';

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
}

/** One row per issuer for a scorer version, highest latest pivot index first. */
export function issuerRows(db: Db, scorerVersion: string): IssuerRow[] {
  return db
    .prepare(
      `SELECT i.issuer_key AS issuerKey, i.tickers, i.name, i.cik,
              (SELECT COUNT(*) FROM filings f WHERE f.issuer_id = i.id AND f.status = 'stored') AS filings,
              (SELECT COUNT(*) FROM filings f WHERE f.issuer_id = i.id AND f.status = 'failed') AS failed,
              s.latest_date AS latestDate, lf.form AS latestForm, s.latest_pivot_index AS latestPivotIndex,
              s.pivot_change AS pivotChange,
              COALESCE(s.mining_sentences, 0) AS miningSentences, COALESCE(s.ai_hpc_sentences, 0) AS aiHpcSentences,
              COALESCE(s.grid_sentences, 0) AS gridSentences, COALESCE(s.core_mining, 0) AS coreMining,
              COALESCE(s.core_ai_hpc, 0) AS coreAiHpc, s.first_ai_hpc_fact_date AS firstAiHpcFactDate
         FROM issuers i
         LEFT JOIN issuer_scores s ON s.issuer_id = i.id AND s.scorer_version = ?
         LEFT JOIN filings lf ON lf.id = s.latest_filing_id
        ORDER BY s.latest_pivot_index IS NULL, s.latest_pivot_index DESC, i.name`,
    )
    .all(scorerVersion) as IssuerRow[];
}

/** Row counts of the main tables, for run summaries and idempotency checks. */
export function tableCounts(db: Db): Record<string, number> {
  const tables = ['issuers', 'filings', 'documents', 'sections', 'sentences', 'sentence_labels', 'filing_scores', 'issuer_scores'];
  return Object.fromEntries(
    tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

/** Failed filings with their reasons, newest first. */
export function failedFilings(db: Db): Array<{ filingKey: string; sourceRef: string; stage: string; reason: string }> {
  return db
    .prepare(
      `SELECT filing_key AS filingKey, source_ref AS sourceRef, failed_stage AS stage, error_reason AS reason
         FROM filings WHERE status = 'failed' ORDER BY id DESC`,
    )
    .all() as Array<{ filingKey: string; sourceRef: string; stage: string; reason: string }>;
}
