-- 005: scores per topic as rows, so a new topic is vocabulary and lexicon data with no change here; the form
-- family stored on each filing (written from the form table, pipeline/core/forms.ts, instead of a CASE in a view);
-- `filings.source` open to new sources (its CHECK listed the three of the time); and the evidence view naming
-- each sentence's filing on EDGAR (accession, CIK, a link to the document or to the filing's index page).
-- Existing databases move forward without loss: every per-topic column becomes a row, and the grid fact mass,
-- never stored before, is summed from the stored labels. db/open.ts runs migrations with foreign keys off, as SQLite's table rebuild needs,
-- and checks them before each commit. The analyst views keep every column they had, in the same order.

DROP VIEW issuer_latest;
DROP VIEW pivot_timeline;
DROP VIEW evidence;

-- One row per filing, scorer version and topic.
CREATE TABLE filing_topic_scores (
  filing_id      INTEGER NOT NULL,
  scorer_version TEXT NOT NULL,
  topic          TEXT NOT NULL,                -- a topic of pipeline/core/vocabulary.ts
  mass           REAL NOT NULL,                -- sum of sentence weights (section x modality)
  fact_mass      REAL NOT NULL,                -- the same over sentences stated as facts
  sentences      INTEGER NOT NULL,             -- labelled sentences of the topic
  density        REAL NOT NULL,                -- mass per 10,000 words, never below 0
  core_claims    INTEGER NOT NULL,             -- sentences claiming the topic is the core business
  PRIMARY KEY (filing_id, scorer_version, topic),
  FOREIGN KEY (filing_id, scorer_version) REFERENCES filing_scores (filing_id, scorer_version) ON DELETE CASCADE
);

INSERT INTO filing_topic_scores (filing_id, scorer_version, topic, mass, fact_mass, sentences, density, core_claims)
SELECT filing_id, scorer_version, 'mining', mining_mass, mining_fact_mass, mining_sentences, mining_density, core_mining FROM filing_scores
UNION ALL
SELECT filing_id, scorer_version, 'ai_hpc', ai_hpc_mass, ai_hpc_fact_mass, ai_hpc_sentences, ai_hpc_density, core_ai_hpc FROM filing_scores
UNION ALL
SELECT s.filing_id, s.scorer_version, 'grid', s.grid_mass,
       COALESCE((SELECT round(SUM(l.weight), 4) FROM sentence_labels l JOIN sentences se ON se.id = l.sentence_id
                   JOIN documents d ON d.id = se.document_id
                  WHERE d.filing_id = s.filing_id AND l.scorer_version = s.scorer_version AND l.modality = 'fact'
                    AND (',' || l.topics || ',') LIKE '%,grid,%'), 0),
       s.grid_sentences, s.grid_density, 0
  FROM filing_scores s;

ALTER TABLE filing_scores DROP COLUMN mining_mass;
ALTER TABLE filing_scores DROP COLUMN ai_hpc_mass;
ALTER TABLE filing_scores DROP COLUMN grid_mass;
ALTER TABLE filing_scores DROP COLUMN mining_fact_mass;
ALTER TABLE filing_scores DROP COLUMN ai_hpc_fact_mass;
ALTER TABLE filing_scores DROP COLUMN mining_sentences;
ALTER TABLE filing_scores DROP COLUMN ai_hpc_sentences;
ALTER TABLE filing_scores DROP COLUMN grid_sentences;
ALTER TABLE filing_scores DROP COLUMN core_mining;
ALTER TABLE filing_scores DROP COLUMN core_ai_hpc;
ALTER TABLE filing_scores DROP COLUMN mining_density;
ALTER TABLE filing_scores DROP COLUMN ai_hpc_density;
ALTER TABLE filing_scores DROP COLUMN grid_density;

-- One row per issuer, scorer version and topic: totals over the issuer's stored filings.
CREATE TABLE issuer_topic_scores (
  issuer_id      INTEGER NOT NULL,
  scorer_version TEXT NOT NULL,
  topic          TEXT NOT NULL,
  sentences      INTEGER NOT NULL,
  core_claims    INTEGER NOT NULL,
  PRIMARY KEY (issuer_id, scorer_version, topic),
  FOREIGN KEY (issuer_id, scorer_version) REFERENCES issuer_scores (issuer_id, scorer_version) ON DELETE CASCADE
);

INSERT INTO issuer_topic_scores (issuer_id, scorer_version, topic, sentences, core_claims)
SELECT issuer_id, scorer_version, 'mining', mining_sentences, core_mining FROM issuer_scores
UNION ALL
SELECT issuer_id, scorer_version, 'ai_hpc', ai_hpc_sentences, core_ai_hpc FROM issuer_scores
UNION ALL
SELECT issuer_id, scorer_version, 'grid', grid_sentences, 0 FROM issuer_scores;

ALTER TABLE issuer_scores DROP COLUMN mining_sentences;
ALTER TABLE issuer_scores DROP COLUMN ai_hpc_sentences;
ALTER TABLE issuer_scores DROP COLUMN grid_sentences;
ALTER TABLE issuer_scores DROP COLUMN core_mining;
ALTER TABLE issuer_scores DROP COLUMN core_ai_hpc;

-- filings, rebuilt (SQLite cannot drop a CHECK): `source` takes any source's name; `form_family` is new.
CREATE TABLE filings_new (
  id                INTEGER PRIMARY KEY,
  filing_key        TEXT NOT NULL UNIQUE,      -- accession number, or 'doc-<hash>' for a document without one
  issuer_id         INTEGER NOT NULL REFERENCES issuers(id),
  accession         TEXT,
  form              TEXT NOT NULL,
  form_family       TEXT NOT NULL DEFAULT 'other', -- annual | quarterly | current | other (pipeline/core/forms.ts)
  filed_at          TEXT,                      -- YYYY-MM-DD
  period_end        TEXT,                      -- YYYY-MM-DD
  source            TEXT NOT NULL,             -- edgar | sedar | local: the source that brought it
  source_ref        TEXT NOT NULL,             -- path or URL
  status            TEXT NOT NULL CHECK (status IN ('stored', 'failed')),
  failed_stage      TEXT,
  error_reason      TEXT,
  extractor_version TEXT,
  duplicate_of      INTEGER REFERENCES filings(id)
);

-- The families as the view of migration 003 computed them (the form table agrees on every form it listed).
INSERT INTO filings_new (id, filing_key, issuer_id, accession, form, form_family, filed_at, period_end, source, source_ref,
                         status, failed_stage, error_reason, extractor_version, duplicate_of)
SELECT id, filing_key, issuer_id, accession, form,
       CASE
         WHEN upper(CASE WHEN upper(form) LIKE '%/A' THEN substr(form, 1, length(form) - 2) ELSE form END)
              IN ('10-K', '10-KT', '20-F', '40-F', 'AIF', 'ANNUAL-REPORT', 'ANNUAL REPORT') THEN 'annual'
         WHEN upper(CASE WHEN upper(form) LIKE '%/A' THEN substr(form, 1, length(form) - 2) ELSE form END)
              IN ('10-Q', 'MD&A', 'INTERIM-REPORT', 'INTERIM REPORT') THEN 'quarterly'
         WHEN upper(CASE WHEN upper(form) LIKE '%/A' THEN substr(form, 1, length(form) - 2) ELSE form END)
              IN ('8-K', '6-K', 'PRESS-RELEASE', 'PRESS RELEASE')
           OR upper(form) LIKE 'EX-99%' THEN 'current'
         ELSE 'other'
       END,
       filed_at, period_end, source, source_ref, status, failed_stage, error_reason, extractor_version, duplicate_of
  FROM filings;

DROP TABLE filings;
ALTER TABLE filings_new RENAME TO filings;
CREATE INDEX filings_by_issuer ON filings (issuer_id, period_end, filed_at);

-- Whether an issuer is a Bitcoin miner, and on what basis: its miner flag in known-issuers.json, else its
-- own evidence (core/issuers.ts minerOf). NULL until the issuer's next store. Claims count miners by it.
ALTER TABLE issuers ADD COLUMN miner INTEGER CHECK (miner IN (0, 1));
ALTER TABLE issuers ADD COLUMN miner_basis TEXT;

-- The analyst views, with the columns they had (docs/SCHEMA.md); evidence gains three at its end,
-- issuer_latest two (miner, miner_basis).

CREATE VIEW pivot_timeline AS
SELECT s.scorer_version,
       i.id                                    AS issuer_id,
       i.issuer_key,
       CASE WHEN instr(i.tickers, ',') > 0 THEN substr(i.tickers, 1, instr(i.tickers, ',') - 1)
            ELSE NULLIF(i.tickers, '') END     AS ticker,
       i.name                                  AS issuer_name,
       f.id                                    AS filing_id,
       f.filing_key,
       f.form,
       f.form_family,
       COALESCE(f.period_end, f.filed_at)      AS period,
       f.period_end,
       f.filed_at,
       s.pivot_index,
       s.fact_pivot_index,
       COALESCE(m.mass, 0)                     AS mining_mass,
       COALESCE(a.mass, 0)                     AS ai_hpc_mass,
       COALESCE(g.mass, 0)                     AS grid_mass,
       COALESCE(m.fact_mass, 0)                AS mining_fact_mass,
       COALESCE(a.fact_mass, 0)                AS ai_hpc_fact_mass,
       CASE WHEN max(COALESCE(a.mass, 0), 0) + max(COALESCE(m.mass, 0), 0) > 0
            THEN max(COALESCE(a.mass, 0), 0) / (max(COALESCE(a.mass, 0), 0) + max(COALESCE(m.mass, 0), 0)) END AS ai_hpc_share,
       COALESCE(m.density, 0)                  AS mining_density,
       COALESCE(a.density, 0)                  AS ai_hpc_density,
       COALESCE(g.density, 0)                  AS grid_density,
       COALESCE(m.sentences, 0)                AS mining_sentences,
       COALESCE(a.sentences, 0)                AS ai_hpc_sentences,
       COALESCE(g.sentences, 0)                AS grid_sentences,
       COALESCE(m.core_claims, 0)              AS core_mining,
       COALESCE(a.core_claims, 0)              AS core_ai_hpc,
       s.words,
       f.source,
       f.source_ref
  FROM filing_scores s
  JOIN filings f ON f.id = s.filing_id
  JOIN issuers i ON i.id = f.issuer_id
  LEFT JOIN filing_topic_scores m ON m.filing_id = s.filing_id AND m.scorer_version = s.scorer_version AND m.topic = 'mining'
  LEFT JOIN filing_topic_scores a ON a.filing_id = s.filing_id AND a.scorer_version = s.scorer_version AND a.topic = 'ai_hpc'
  LEFT JOIN filing_topic_scores g ON g.filing_id = s.filing_id AND g.scorer_version = s.scorer_version AND g.topic = 'grid'
 WHERE f.status = 'stored';

CREATE VIEW evidence AS
SELECT l.scorer_version,
       se.id                                   AS sentence_id,
       i.id                                    AS issuer_id,
       i.issuer_key,
       CASE WHEN instr(i.tickers, ',') > 0 THEN substr(i.tickers, 1, instr(i.tickers, ',') - 1)
            ELSE NULLIF(i.tickers, '') END     AS ticker,
       i.name                                  AS issuer_name,
       f.id                                    AS filing_id,
       f.filing_key,
       f.form,
       COALESCE(f.filed_at, f.period_end)      AS date,
       f.filed_at,
       f.period_end,
       d.id                                    AS document_id,
       d.name                                  AS document_name,
       d.document_type,
       se.section,
       (SELECT sc.title FROM sections sc
         WHERE sc.document_id = se.document_id AND sc.key = se.section AND sc.start <= se.start
         ORDER BY sc.start DESC LIMIT 1)       AS section_title,
       se.page,
       se.start,
       se.end,
       se.text,
       l.topics,
       (',' || l.topics || ',') LIKE '%,mining,%' AS is_mining,
       (',' || l.topics || ',') LIKE '%,ai_hpc,%' AS is_ai_hpc,
       (',' || l.topics || ',') LIKE '%,grid,%'   AS is_grid,
       l.modality,
       l.core_claim,
       l.terms,
       l.weight,
       f.source,
       f.source_ref,
       d.origin                                AS document_origin,
       f.accession,
       i.cik,
       -- The filing on EDGAR: the document itself when it came from EDGAR, else the filing's index page.
       CASE
         WHEN f.accession IS NULL OR i.cik IS NULL THEN NULL
         WHEN f.source = 'edgar' AND d.name <> 'full-submission.txt' THEN 'https://www.sec.gov/Archives/edgar/data/' || CAST(i.cik AS INTEGER) || '/'
              || replace(f.accession, '-', '') || '/' || d.name
         ELSE 'https://www.sec.gov/Archives/edgar/data/' || CAST(i.cik AS INTEGER) || '/'
              || replace(f.accession, '-', '') || '/' || f.accession || '-index.htm'
       END                                     AS edgar_url
  FROM sentence_labels l
  JOIN sentences se ON se.id = l.sentence_id
  JOIN documents d ON d.id = se.document_id
  JOIN filings f ON f.id = d.filing_id
  JOIN issuers i ON i.id = f.issuer_id
 WHERE f.status = 'stored';

CREATE VIEW issuer_latest AS
WITH facts AS (
  SELECT f.issuer_id,
         l.scorer_version,
         SUM((',' || l.topics || ',') LIKE '%,mining,%') AS mining_facts,
         SUM((',' || l.topics || ',') LIKE '%,ai_hpc,%') AS ai_hpc_facts,
         SUM((',' || l.topics || ',') LIKE '%,grid,%')   AS grid_facts
    FROM sentence_labels l
    JOIN sentences se ON se.id = l.sentence_id
    JOIN documents d ON d.id = se.document_id
    JOIN filings f ON f.id = d.filing_id
   WHERE l.modality = 'fact' AND l.weight > 0 AND f.status = 'stored'
   GROUP BY f.issuer_id, l.scorer_version
)
SELECT s.scorer_version,
       i.id                                    AS issuer_id,
       i.issuer_key,
       CASE WHEN instr(i.tickers, ',') > 0 THEN substr(i.tickers, 1, instr(i.tickers, ',') - 1)
            ELSE NULLIF(i.tickers, '') END     AS ticker,
       i.tickers,
       i.name                                  AS issuer_name,
       i.cik,
       i.country,
       s.filings,
       s.latest_filing_id,
       lf.form                                 AS latest_form,
       s.latest_date,
       s.latest_pivot_index,
       ls.fact_pivot_index                     AS latest_fact_pivot_index,
       lm.density                              AS latest_mining_density,
       la.density                              AS latest_ai_hpc_density,
       lg.density                              AS latest_grid_density,
       lm.mass                                 AS latest_mining_mass,
       la.mass                                 AS latest_ai_hpc_mass,
       lm.core_claims                          AS latest_core_mining,
       la.core_claims                          AS latest_core_ai_hpc,
       s.previous_filing_id,
       COALESCE(pf.period_end, pf.filed_at)    AS previous_date,
       s.pivot_change,
       s.first_ai_hpc_fact_date,
       s.first_ai_hpc_fact_sentence_id,
       fs.text                                 AS first_ai_hpc_fact_text,
       COALESCE(tm.sentences, 0)               AS mining_sentences,
       COALESCE(ta.sentences, 0)               AS ai_hpc_sentences,
       COALESCE(tg.sentences, 0)               AS grid_sentences,
       COALESCE(fc.mining_facts, 0)            AS mining_fact_sentences,
       COALESCE(fc.ai_hpc_facts, 0)            AS ai_hpc_fact_sentences,
       COALESCE(fc.grid_facts, 0)              AS grid_fact_sentences,
       COALESCE(tm.core_claims, 0)             AS core_mining,
       COALESCE(ta.core_claims, 0)             AS core_ai_hpc,
       i.miner,
       i.miner_basis
  FROM issuer_scores s
  JOIN issuers i ON i.id = s.issuer_id
  LEFT JOIN filings lf ON lf.id = s.latest_filing_id
  LEFT JOIN filing_scores ls ON ls.filing_id = s.latest_filing_id AND ls.scorer_version = s.scorer_version
  LEFT JOIN filing_topic_scores lm ON lm.filing_id = s.latest_filing_id AND lm.scorer_version = s.scorer_version AND lm.topic = 'mining'
  LEFT JOIN filing_topic_scores la ON la.filing_id = s.latest_filing_id AND la.scorer_version = s.scorer_version AND la.topic = 'ai_hpc'
  LEFT JOIN filing_topic_scores lg ON lg.filing_id = s.latest_filing_id AND lg.scorer_version = s.scorer_version AND lg.topic = 'grid'
  LEFT JOIN issuer_topic_scores tm ON tm.issuer_id = s.issuer_id AND tm.scorer_version = s.scorer_version AND tm.topic = 'mining'
  LEFT JOIN issuer_topic_scores ta ON ta.issuer_id = s.issuer_id AND ta.scorer_version = s.scorer_version AND ta.topic = 'ai_hpc'
  LEFT JOIN issuer_topic_scores tg ON tg.issuer_id = s.issuer_id AND tg.scorer_version = s.scorer_version AND tg.topic = 'grid'
  LEFT JOIN filings pf ON pf.id = s.previous_filing_id
  LEFT JOIN sentences fs ON fs.id = s.first_ai_hpc_fact_sentence_id
  LEFT JOIN facts fc ON fc.issuer_id = s.issuer_id AND fc.scorer_version = s.scorer_version;
