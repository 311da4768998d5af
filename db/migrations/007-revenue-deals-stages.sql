-- 007: the pivot in numbers. Revenue facts of inline XBRL mapped to business lines, the revenue mix per
-- filing and period, AI/HPC deals found in labelled sentences (each mention kept), and the stage of the
-- pivot each filing shows, with the fact or sentence that set it.

-- Revenue (and credit) facts of a stored document's inline XBRL, one per concept, context and unit.
CREATE TABLE revenue_facts (
  id              INTEGER PRIMARY KEY,
  document_id     INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  concept         TEXT NOT NULL,                 -- us-gaap:Revenues, riot:PowerCurtailmentCredits
  kind            TEXT NOT NULL CHECK (kind IN ('revenue', 'credit')),
  context_id      TEXT NOT NULL,
  fact_id         TEXT,                          -- the ix:nonFraction id
  axis            TEXT,                          -- breakdown axis when the context has exactly one
  member          TEXT,                          -- its member
  dimensions      TEXT NOT NULL,                 -- JSON [{axis, member}] of every explicit member
  period_start    TEXT,
  period_end      TEXT,
  months          INTEGER,
  value           REAL NOT NULL,                 -- scaled and signed as tagged
  unit            TEXT NOT NULL,                 -- iso4217:USD
  displayed       TEXT NOT NULL,                 -- the number as shown in the document
  decimals        TEXT,
  scale           INTEGER NOT NULL,
  sign            TEXT,
  duplicates      INTEGER NOT NULL,              -- the same fact shown again in the document
  line            TEXT CHECK (line IN ('mining', 'ai_hpc', 'grid', 'other')),
  line_basis      TEXT,                          -- the words of the name that set the line
  mapping_version TEXT NOT NULL,
  UNIQUE (document_id, concept, context_id, unit)
);
CREATE INDEX revenue_facts_document ON revenue_facts(document_id);

-- Revenue by business line per filing and period (the year of a 10-K; the quarter and year to date of a 10-Q).
CREATE TABLE revenue_mix (
  filing_id       INTEGER NOT NULL REFERENCES filings(id) ON DELETE CASCADE,
  period_start    TEXT NOT NULL,
  period_end      TEXT NOT NULL,
  months          INTEGER NOT NULL,
  period_kind     TEXT NOT NULL,                 -- quarter, year to date, year, other
  line            TEXT NOT NULL CHECK (line IN ('mining', 'ai_hpc', 'grid', 'other')),
  kind            TEXT NOT NULL CHECK (kind IN ('revenue', 'credit')),
  amount          REAL NOT NULL,
  share           REAL,                          -- of total revenue; NULL for a credit
  total           REAL NOT NULL,                 -- the period's total revenue
  concept         TEXT NOT NULL,                 -- the breakdown's concept
  axis            TEXT NOT NULL,                 -- and axis
  unit            TEXT NOT NULL,
  reconciles      INTEGER NOT NULL,              -- 1 when the breakdown adds up to the total within rounding
  facts           TEXT NOT NULL,                 -- JSON [{concept, member, contextId, factId, value}]
  mapping_version TEXT NOT NULL,
  PRIMARY KEY (filing_id, period_start, period_end, line, kind)
);

-- What one labelled sentence says of a deal, for one scorer version.
CREATE TABLE deal_mentions (
  sentence_id        INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
  scorer_version     TEXT NOT NULL,
  deal_key           TEXT NOT NULL,              -- deals.deal_key of the issuer's deal it belongs to
  counterparty       TEXT NOT NULL,
  counterparty_basis TEXT NOT NULL,              -- named, organisation, nearby
  kind               TEXT NOT NULL,              -- lease, colocation, cloud services, merger, agreement
  mw                 REAL,
  mw_basis           TEXT,                       -- critical IT, gross
  value              REAL,
  currency           TEXT,
  value_text         TEXT,
  term_years         REAL,
  site               TEXT,
  stated_on          TEXT,
  signed             INTEGER NOT NULL,
  PRIMARY KEY (sentence_id, scorer_version)
);

-- One deal per issuer, counterparty, kind and site, over all its mentions (rebuilt with the issuer's mentions).
CREATE TABLE deals (
  issuer_id         INTEGER NOT NULL REFERENCES issuers(id) ON DELETE CASCADE,
  scorer_version    TEXT NOT NULL,
  deal_key          TEXT NOT NULL,               -- counterparty|kind group|site
  counterparty      TEXT NOT NULL,
  kind              TEXT NOT NULL,
  mw                REAL,
  mw_basis          TEXT,
  value             REAL,
  currency          TEXT,
  value_text        TEXT,
  term_years        REAL,
  site              TEXT,
  first_date        TEXT,
  signed            INTEGER NOT NULL,
  mentions          INTEGER NOT NULL,
  mw_sentence_id    INTEGER REFERENCES sentences(id) ON DELETE SET NULL,
  value_sentence_id INTEGER REFERENCES sentences(id) ON DELETE SET NULL,
  term_sentence_id  INTEGER REFERENCES sentences(id) ON DELETE SET NULL,
  PRIMARY KEY (issuer_id, scorer_version, deal_key)
);

-- The highest stage of the pivot one filing shows, for one scorer version, and what set it.
CREATE TABLE filing_pivot_stages (
  filing_id      INTEGER NOT NULL REFERENCES filings(id) ON DELETE CASCADE,
  scorer_version TEXT NOT NULL,
  stage          TEXT NOT NULL CHECK (stage IN ('evaluating', 'developing', 'contracted', 'revenue')),
  stage_rank     INTEGER NOT NULL,               -- 0 evaluating .. 3 revenue
  basis          TEXT NOT NULL CHECK (basis IN ('fact', 'deal', 'sentence')),
  sentence_id    INTEGER REFERENCES sentences(id) ON DELETE SET NULL,
  period_start   TEXT,                           -- basis fact: the revenue mix period
  period_end     TEXT,
  amount         REAL,                           -- basis fact: ai_hpc revenue
  share          REAL,
  reason         TEXT NOT NULL,
  PRIMARY KEY (filing_id, scorer_version)
);

-- Revenue mix with its filing and issuer, for analysts.
CREATE VIEW revenue_mix_timeline AS
SELECT i.id AS issuer_id, i.issuer_key, NULLIF(i.tickers, '') AS tickers, i.name AS issuer_name,
       f.filing_key, f.form, f.accession, f.period_end AS filing_period_end,
       m.period_start, m.period_end, m.months, m.period_kind, m.line, m.kind, m.amount, m.share, m.total,
       m.concept, m.axis, m.unit, m.reconciles, m.facts, m.mapping_version
  FROM revenue_mix m JOIN filings f ON f.id = m.filing_id JOIN issuers i ON i.id = f.issuer_id
 WHERE f.status = 'stored';

-- Every mention of a deal with its sentence and filing.
CREATE VIEW deal_evidence AS
SELECT d.issuer_id, i.issuer_key, NULLIF(i.tickers, '') AS tickers, d.scorer_version, d.deal_key, d.counterparty AS deal_counterparty,
       m.sentence_id, se.text, se.section, dc.name AS document_name, f.filing_key, f.form, f.accession,
       COALESCE(f.filed_at, f.period_end) AS date, m.counterparty_basis, m.kind, m.mw, m.mw_basis, m.value, m.currency,
       m.value_text, m.term_years, m.site, m.stated_on, m.signed
  FROM deals d
  JOIN issuers i ON i.id = d.issuer_id
  JOIN deal_mentions m ON m.deal_key = d.deal_key AND m.scorer_version = d.scorer_version
  JOIN sentences se ON se.id = m.sentence_id
  JOIN documents dc ON dc.id = se.document_id
  JOIN filings f ON f.id = dc.filing_id AND f.issuer_id = d.issuer_id
 WHERE f.status = 'stored';

-- Per issuer and filing date, the stage the filing shows and the highest stage reached by then.
CREATE VIEW pivot_stage_timeline AS
WITH s AS (
  SELECT f.issuer_id, p.scorer_version, f.id AS filing_id, f.filing_key, f.form, COALESCE(f.filed_at, f.period_end) AS date,
         p.stage, p.stage_rank, p.basis, p.sentence_id, p.period_start, p.period_end, p.amount, p.share, p.reason,
         MAX(p.stage_rank) OVER (PARTITION BY f.issuer_id, p.scorer_version ORDER BY COALESCE(f.filed_at, f.period_end), f.id
                                 ROWS UNBOUNDED PRECEDING) AS rank_as_of
    FROM filing_pivot_stages p JOIN filings f ON f.id = p.filing_id
   WHERE f.status = 'stored' AND f.duplicate_of IS NULL
)
SELECT s.*, CASE s.rank_as_of WHEN 0 THEN 'evaluating' WHEN 1 THEN 'developing' WHEN 2 THEN 'contracted' ELSE 'revenue' END AS stage_as_of
  FROM s;

-- Per issuer and scorer version: the highest stage reached, the first filing that showed it, and why.
CREATE VIEW issuer_pivot_stage AS
SELECT issuer_id, scorer_version, stage, date, filing_key, form, basis, sentence_id, period_start, period_end, amount, share, reason
  FROM (SELECT t.*, ROW_NUMBER() OVER (PARTITION BY issuer_id, scorer_version ORDER BY stage_rank DESC, date, filing_id) AS n
          FROM pivot_stage_timeline t)
 WHERE n = 1;
