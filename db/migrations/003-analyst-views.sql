-- 003: the analyst schema (docs/SCHEMA.md): stable views over the tables, and a full-text index over the
-- evidence sentences. Views carry `scorer_version`: labels and scores of every version stay side by side, so
-- analysts filter on it (the CLI passes the current version). Only filings with status 'stored' count, as in
-- issuer_scores. Near-duplicate filings hold no evidence or scores of their own, so they drop out by themselves.

-- One row per filing and scorer version: the pivot index over time.
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
       -- Mirrors formFamily() in pipeline/scoring/issuer.ts (test/analyst/views.test.ts keeps them equal).
       CASE
         WHEN upper(CASE WHEN upper(f.form) LIKE '%/A' THEN substr(f.form, 1, length(f.form) - 2) ELSE f.form END)
              IN ('10-K', '10-KT', '20-F', '40-F', 'AIF', 'ANNUAL-REPORT', 'ANNUAL REPORT') THEN 'annual'
         WHEN upper(CASE WHEN upper(f.form) LIKE '%/A' THEN substr(f.form, 1, length(f.form) - 2) ELSE f.form END)
              IN ('10-Q', 'MD&A', 'INTERIM-REPORT') THEN 'quarterly'
         WHEN upper(CASE WHEN upper(f.form) LIKE '%/A' THEN substr(f.form, 1, length(f.form) - 2) ELSE f.form END)
              IN ('8-K', '6-K', 'PRESS-RELEASE', 'PRESS RELEASE')
           OR upper(f.form) LIKE 'EX-99%' THEN 'current'
         ELSE 'other'
       END                                     AS form_family,
       COALESCE(f.period_end, f.filed_at)      AS period,
       f.period_end,
       f.filed_at,
       s.pivot_index,
       s.fact_pivot_index,
       s.mining_mass,
       s.ai_hpc_mass,
       s.grid_mass,
       s.mining_fact_mass,
       s.ai_hpc_fact_mass,
       CASE WHEN max(s.ai_hpc_mass, 0) + max(s.mining_mass, 0) > 0
            THEN max(s.ai_hpc_mass, 0) / (max(s.ai_hpc_mass, 0) + max(s.mining_mass, 0)) END AS ai_hpc_share,
       s.mining_density,
       s.ai_hpc_density,
       s.grid_density,
       s.mining_sentences,
       s.ai_hpc_sentences,
       s.grid_sentences,
       s.core_mining,
       s.core_ai_hpc,
       s.words,
       f.source,
       f.source_ref
  FROM filing_scores s
  JOIN filings f ON f.id = s.filing_id
  JOIN issuers i ON i.id = f.issuer_id
 WHERE f.status = 'stored';

-- One row per labelled sentence and scorer version, with where it comes from.
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
       d.origin                                AS document_origin
  FROM sentence_labels l
  JOIN sentences se ON se.id = l.sentence_id
  JOIN documents d ON d.id = se.document_id
  JOIN filings f ON f.id = d.filing_id
  JOIN issuers i ON i.id = f.issuer_id
 WHERE f.status = 'stored';

-- One row per issuer and scorer version: where the issuer stands now.
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
       ls.mining_density                       AS latest_mining_density,
       ls.ai_hpc_density                       AS latest_ai_hpc_density,
       ls.grid_density                         AS latest_grid_density,
       ls.mining_mass                          AS latest_mining_mass,
       ls.ai_hpc_mass                          AS latest_ai_hpc_mass,
       ls.core_mining                          AS latest_core_mining,
       ls.core_ai_hpc                          AS latest_core_ai_hpc,
       s.previous_filing_id,
       COALESCE(pf.period_end, pf.filed_at)    AS previous_date,
       s.pivot_change,
       s.first_ai_hpc_fact_date,
       s.first_ai_hpc_fact_sentence_id,
       fs.text                                 AS first_ai_hpc_fact_text,
       s.mining_sentences,
       s.ai_hpc_sentences,
       s.grid_sentences,
       COALESCE(fc.mining_facts, 0)            AS mining_fact_sentences,
       COALESCE(fc.ai_hpc_facts, 0)            AS ai_hpc_fact_sentences,
       COALESCE(fc.grid_facts, 0)              AS grid_fact_sentences,
       s.core_mining,
       s.core_ai_hpc
  FROM issuer_scores s
  JOIN issuers i ON i.id = s.issuer_id
  LEFT JOIN filings lf ON lf.id = s.latest_filing_id
  LEFT JOIN filing_scores ls ON ls.filing_id = s.latest_filing_id AND ls.scorer_version = s.scorer_version
  LEFT JOIN filings pf ON pf.id = s.previous_filing_id
  LEFT JOIN sentences fs ON fs.id = s.first_ai_hpc_fact_sentence_id
  LEFT JOIN facts fc ON fc.issuer_id = s.issuer_id AND fc.scorer_version = s.scorer_version;

-- Full-text index over the evidence sentences (every stored sentence is evidence: only labelled ones are kept).
-- External content: the text lives once, in `sentences`; the triggers below keep the index in step with it,
-- including rows removed by ON DELETE CASCADE when a document is replaced. Porter stemming lets "lease" find
-- "leases" and "leasing". Query it with `evidence_fts MATCH ...`, join `evidence` on sentence_id = rowid.
CREATE VIRTUAL TABLE evidence_fts USING fts5(
  text,
  content = 'sentences',
  content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
  INSERT INTO evidence_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
  INSERT INTO evidence_fts (evidence_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER sentences_fts_update AFTER UPDATE OF text ON sentences BEGIN
  INSERT INTO evidence_fts (evidence_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO evidence_fts (rowid, text) VALUES (new.id, new.text);
END;

-- Backfill the sentences stored before this migration.
INSERT INTO evidence_fts (evidence_fts) VALUES ('rebuild');
