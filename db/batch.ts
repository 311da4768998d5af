/**
 * The SQL of `minerpivot batch` (migration 006): checkpoints per issuer, the
 * record of batch runs, and the reads the digest compares before and after a
 * batch. Rows in, rows out: what a checkpoint should say is the batch's decision.
 */
import type { Db } from './open.ts';

export interface Checkpoint {
  issuerKey: string;
  cik: string | null;
  /** Forms the checkpoint covers. */
  forms: string[];
  lastFiledAt: string;
  lastAccession: string | null;
  filings: number;
  updatedAt: string;
}

export interface BatchRunRow {
  startedAt: string;
  finishedAt: string;
  mode: 'in-process' | 'queue';
  issuers: number;
  newFilings: number;
  stored: number;
  failed: number;
  /** The digest, as JSON. */
  digest: string;
}

/** Every checkpoint, by issuer key. */
export function batchCheckpoints(db: Db): Map<string, Checkpoint> {
  const rows = db
    .prepare(
      `SELECT issuer_key AS issuerKey, cik, forms, last_filed_at AS lastFiledAt, last_accession AS lastAccession,
              filings, updated_at AS updatedAt
         FROM batch_checkpoints`,
    )
    .all() as Array<Omit<Checkpoint, 'forms'> & { forms: string }>;
  return new Map(rows.map((r) => [r.issuerKey, { ...r, forms: r.forms.split(',').filter(Boolean) }]));
}

/** Status of the filings already in the database among `filingKeys` (stored or failed); absent keys are new. */
export function filingStatuses(db: Db, filingKeys: ReadonlyArray<string>): Map<string, 'stored' | 'failed'> {
  const statement = db.prepare('SELECT status FROM filings WHERE filing_key = ?').pluck();
  const result = new Map<string, 'stored' | 'failed'>();
  for (const key of filingKeys) {
    const status = statement.get(key) as 'stored' | 'failed' | undefined;
    if (status) result.set(key, status);
  }
  return result;
}

/** Records one batch run and the checkpoints it advanced, in one transaction; returns the run's id. */
export function recordBatchRun(db: Db, run: BatchRunRow, checkpoints: ReadonlyArray<Omit<Checkpoint, 'updatedAt'>>): number {
  const insertRun = db.prepare(
    `INSERT INTO batch_runs (started_at, finished_at, mode, issuers, new_filings, stored, failed, digest)
     VALUES (@startedAt, @finishedAt, @mode, @issuers, @newFilings, @stored, @failed, @digest)`,
  );
  const upsert = db.prepare(
    `INSERT INTO batch_checkpoints (issuer_key, cik, forms, last_filed_at, last_accession, filings, updated_at, batch_run_id)
     VALUES (@issuerKey, @cik, @forms, @lastFiledAt, @lastAccession, @filings, @updatedAt, @runId)
     ON CONFLICT (issuer_key) DO UPDATE SET cik = excluded.cik, forms = excluded.forms, last_filed_at = excluded.last_filed_at,
       last_accession = excluded.last_accession, filings = excluded.filings, updated_at = excluded.updated_at,
       batch_run_id = excluded.batch_run_id`,
  );
  return db.transaction(() => {
    const runId = Number(insertRun.run(run).lastInsertRowid);
    for (const c of checkpoints) upsert.run({ ...c, forms: c.forms.join(','), updatedAt: run.finishedAt, runId });
    return runId;
  })();
}

/** Where an issuer stood, for the digest: its latest pivot index and its first AI/HPC fact. */
export interface IssuerStanding {
  issuerKey: string;
  ticker: string | null;
  name: string;
  latestPivotIndex: number | null;
  latestFilingKey: string | null;
  latestForm: string | null;
  latestDate: string | null;
  firstAiHpcFactSentenceId: number | null;
  firstAiHpcFactText: string | null;
  firstAiHpcFactDate: string | null;
  firstAiHpcFactFilingKey: string | null;
}

/** Every issuer's standing under a scorer version, by issuer key (issuers without scores have nulls). */
export function issuerStandings(db: Db, scorerVersion: string): Map<string, IssuerStanding> {
  const rows = db
    .prepare(
      `SELECT i.issuer_key AS issuerKey,
              CASE WHEN instr(i.tickers, ',') > 0 THEN substr(i.tickers, 1, instr(i.tickers, ',') - 1) ELSE NULLIF(i.tickers, '') END AS ticker,
              i.name, s.latest_pivot_index AS latestPivotIndex, lf.filing_key AS latestFilingKey, lf.form AS latestForm,
              s.latest_date AS latestDate, s.first_ai_hpc_fact_sentence_id AS firstAiHpcFactSentenceId,
              fs.text AS firstAiHpcFactText, s.first_ai_hpc_fact_date AS firstAiHpcFactDate, ff.filing_key AS firstAiHpcFactFilingKey
         FROM issuers i
         LEFT JOIN issuer_scores s ON s.issuer_id = i.id AND s.scorer_version = ?
         LEFT JOIN filings lf ON lf.id = s.latest_filing_id
         LEFT JOIN sentences fs ON fs.id = s.first_ai_hpc_fact_sentence_id
         LEFT JOIN documents fd ON fd.id = fs.document_id
         LEFT JOIN filings ff ON ff.id = fd.filing_id`,
    )
    .all(scorerVersion) as IssuerStanding[];
  return new Map(rows.map((r) => [r.issuerKey, r]));
}

/** A filing a batch took, as the database has it afterwards. */
export interface BatchFilingRow {
  filingKey: string;
  issuerKey: string;
  ticker: string | null;
  issuerName: string;
  form: string;
  filedAt: string | null;
  periodEnd: string | null;
  status: 'stored' | 'failed';
  failedStage: string | null;
  errorReason: string | null;
  duplicateOfKey: string | null;
  pivotIndex: number | null;
  sourceRef: string;
}

/** The rows of these filings (those the database has), in the order given. */
export function batchFilings(db: Db, scorerVersion: string, filingKeys: ReadonlyArray<string>): BatchFilingRow[] {
  const statement = db.prepare(
    `SELECT f.filing_key AS filingKey, i.issuer_key AS issuerKey,
            CASE WHEN instr(i.tickers, ',') > 0 THEN substr(i.tickers, 1, instr(i.tickers, ',') - 1) ELSE NULLIF(i.tickers, '') END AS ticker,
            i.name AS issuerName, f.form, f.filed_at AS filedAt, f.period_end AS periodEnd, f.status, f.failed_stage AS failedStage,
            f.error_reason AS errorReason, k.filing_key AS duplicateOfKey, s.pivot_index AS pivotIndex, f.source_ref AS sourceRef
       FROM filings f JOIN issuers i ON i.id = f.issuer_id
       LEFT JOIN filings k ON k.id = f.duplicate_of
       LEFT JOIN filing_scores s ON s.filing_id = f.id AND s.scorer_version = ?
      WHERE f.filing_key = ?`,
  );
  return filingKeys.flatMap((key) => {
    const row = statement.get(scorerVersion, key) as BatchFilingRow | undefined;
    return row ? [row] : [];
  });
}

/** A sentence of a batch's filings that claims a core business. */
export interface CoreClaimRow {
  filingKey: string;
  issuerKey: string;
  ticker: string | null;
  form: string;
  date: string | null;
  coreClaim: string;
  text: string;
  edgarUrl: string | null;
}

/** Core-business claims (core_claim other than 'none', positive weight) in these filings, per filing in text order. */
export function coreClaimsIn(db: Db, scorerVersion: string, filingKeys: ReadonlyArray<string>): CoreClaimRow[] {
  const statement = db.prepare(
    `SELECT filing_key AS filingKey, issuer_key AS issuerKey, ticker, form, date, core_claim AS coreClaim, text, edgar_url AS edgarUrl
       FROM evidence
      WHERE scorer_version = ? AND filing_key = ? AND core_claim <> 'none' AND weight > 0
      ORDER BY document_id, start`,
  );
  return filingKeys.flatMap((key) => statement.all(scorerVersion, key) as CoreClaimRow[]);
}
