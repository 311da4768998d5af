-- 001: issuers, filings, documents, sections, evidence sentences and scores.
-- Append-only: never edit a migration that has landed; add a new numbered file.

CREATE TABLE issuers (
  id            INTEGER PRIMARY KEY,
  issuer_key    TEXT NOT NULL UNIQUE,          -- 'cik-0001167419', or 'name-<slug>' without a CIK
  cik           TEXT UNIQUE,                   -- 10 digits, zero padded
  name          TEXT NOT NULL,
  tickers       TEXT NOT NULL DEFAULT '',      -- comma separated, upper case
  country       TEXT,                          -- ISO 3166 alpha-2
  sedar_profile TEXT                           -- SEDAR+ profile number of Canadian issuers
);

CREATE TABLE filings (
  id                INTEGER PRIMARY KEY,
  filing_key        TEXT NOT NULL UNIQUE,      -- accession number, or 'doc-<hash>' for a document without one
  issuer_id         INTEGER NOT NULL REFERENCES issuers(id),
  accession         TEXT,
  form              TEXT NOT NULL,
  filed_at          TEXT,                      -- YYYY-MM-DD
  period_end        TEXT,                      -- YYYY-MM-DD
  source            TEXT NOT NULL CHECK (source IN ('local', 'edgar', 'sedar')),
  source_ref        TEXT NOT NULL,             -- path or URL
  status            TEXT NOT NULL CHECK (status IN ('stored', 'failed')),
  failed_stage      TEXT,
  error_reason      TEXT,
  extractor_version TEXT
);
CREATE INDEX filings_by_issuer ON filings (issuer_id, period_end, filed_at);

CREATE TABLE documents (
  id            INTEGER PRIMARY KEY,
  filing_id     INTEGER NOT NULL REFERENCES filings(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,                 -- file name inside the filing
  document_type TEXT,                          -- '10-K', 'EX-99.1', ...
  origin        TEXT NOT NULL,                 -- URL or path the bytes came from
  sha256        TEXT NOT NULL,
  content_kind  TEXT NOT NULL,                 -- html | text | pdf | sgml
  encoding      TEXT,
  bytes         INTEGER NOT NULL,
  words         INTEGER NOT NULL,
  text          TEXT NOT NULL,                 -- extracted text: rescoring never downloads again
  warnings      TEXT NOT NULL DEFAULT '[]',    -- JSON array
  UNIQUE (filing_id, name)
);

CREATE TABLE sections (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  title       TEXT NOT NULL,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  confidence  REAL NOT NULL,
  method      TEXT NOT NULL,
  flags       TEXT NOT NULL DEFAULT '',        -- comma separated
  UNIQUE (document_id, key, start)
);

-- Sentences kept as evidence: those that carry a label under some scorer version.
CREATE TABLE sentences (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  start       INTEGER NOT NULL,
  end         INTEGER NOT NULL,
  section     TEXT,
  page        INTEGER,
  text        TEXT NOT NULL,
  UNIQUE (document_id, start)
);

CREATE TABLE sentence_labels (
  sentence_id    INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  scorer_version TEXT NOT NULL,
  topics         TEXT NOT NULL,                -- comma separated: mining, ai_hpc, grid
  modality       TEXT CHECK (modality IN ('fact', 'plan', 'hypothetical', 'negated')),
  core_claim     TEXT NOT NULL CHECK (core_claim IN ('mining', 'ai_hpc', 'none')),
  terms          TEXT NOT NULL,                -- JSON array of matched lexicon terms
  weight         REAL NOT NULL,                -- section weight x modality weight
  PRIMARY KEY (sentence_id, scorer_version)
);

CREATE TABLE filing_scores (
  filing_id          INTEGER NOT NULL REFERENCES filings(id) ON DELETE CASCADE,
  scorer_version     TEXT NOT NULL,
  words              INTEGER NOT NULL,
  sentences          INTEGER NOT NULL,
  mining_mass        REAL NOT NULL,
  ai_hpc_mass        REAL NOT NULL,
  grid_mass          REAL NOT NULL,
  mining_fact_mass   REAL NOT NULL,
  ai_hpc_fact_mass   REAL NOT NULL,
  mining_sentences   INTEGER NOT NULL,
  ai_hpc_sentences   INTEGER NOT NULL,
  grid_sentences     INTEGER NOT NULL,
  core_mining        INTEGER NOT NULL,
  core_ai_hpc        INTEGER NOT NULL,
  mining_density     REAL NOT NULL,            -- weighted sentences per 10,000 words
  ai_hpc_density     REAL NOT NULL,
  grid_density       REAL NOT NULL,
  pivot_index        REAL NOT NULL CHECK (pivot_index BETWEEN -1 AND 1),
  fact_pivot_index   REAL NOT NULL CHECK (fact_pivot_index BETWEEN -1 AND 1),
  PRIMARY KEY (filing_id, scorer_version)
);

CREATE TABLE issuer_scores (
  issuer_id              INTEGER NOT NULL REFERENCES issuers(id) ON DELETE CASCADE,
  scorer_version         TEXT NOT NULL,
  filings                INTEGER NOT NULL,
  latest_filing_id       INTEGER REFERENCES filings(id),
  latest_date            TEXT,
  latest_pivot_index     REAL,
  previous_filing_id     INTEGER REFERENCES filings(id),
  pivot_change           REAL,                 -- latest minus previous comparable filing (same form family)
  first_ai_hpc_fact_date TEXT,
  first_ai_hpc_fact_sentence_id INTEGER REFERENCES sentences(id),
  mining_sentences       INTEGER NOT NULL,
  ai_hpc_sentences       INTEGER NOT NULL,
  grid_sentences         INTEGER NOT NULL,
  core_mining            INTEGER NOT NULL,
  core_ai_hpc            INTEGER NOT NULL,
  PRIMARY KEY (issuer_id, scorer_version)
);
