-- 006: the evidence view names each sentence's filing on EDGAR: its accession, the filer's CIK, and a link
-- to the document (filings fetched from EDGAR) or to the filing's index page (local copies of EDGAR filings).
-- Columns are only added at the end, so queries written for 005 still read the same columns.
DROP VIEW evidence;

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
