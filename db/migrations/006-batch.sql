-- 006: weekly batch runs (minerpivot batch). A checkpoint per watched issuer, advanced only when every filing
-- of the issuer that the batch took is stored or recorded as failed, and one row per batch that took any
-- filing. A batch that finds nothing new writes nothing at all, so neither table changes then.

CREATE TABLE batch_runs (
  id           INTEGER PRIMARY KEY,
  started_at   TEXT NOT NULL,                  -- ISO 8601 UTC
  finished_at  TEXT NOT NULL,
  mode         TEXT NOT NULL CHECK (mode IN ('in-process', 'queue')),
  issuers      INTEGER NOT NULL,               -- watched issuers with a CIK that the batch asked EDGAR about
  new_filings  INTEGER NOT NULL,               -- filings taken: not stored or failed before
  stored       INTEGER NOT NULL,
  failed       INTEGER NOT NULL,
  digest       TEXT NOT NULL                   -- the digest as JSON (pipeline/analysis/digest)
);

CREATE TABLE batch_checkpoints (
  issuer_key     TEXT PRIMARY KEY,             -- 'cik-0001167419', as issuers.issuer_key
  cik            TEXT,
  forms          TEXT NOT NULL,                -- comma separated: the forms the checkpoint covers
  last_filed_at  TEXT NOT NULL,                -- filing date of the newest filing covered (YYYY-MM-DD)
  last_accession TEXT,                         -- accession number of that filing
  filings        INTEGER NOT NULL,             -- filings of the issuer the batch runs have stored or failed
  updated_at     TEXT NOT NULL,
  batch_run_id   INTEGER NOT NULL REFERENCES batch_runs(id)
);
