/**
 * Reads of the pivot in numbers (migration 007): revenue mix per filing and period, deals with every
 * mention, the stage of the pivot per filing and per issuer. Each figure comes with what it traces to: the
 * XBRL facts (concept, member, context, fact id) of a mix line, the sentences of a deal's figures, the fact
 * or sentence that set a stage.
 */
import type { Db } from './open.ts';
import type { DealTerms } from '../pipeline/core/deals.ts';

export interface MixFactRef {
  concept: string;
  member: string | null;
  contextId: string;
  factId: string | null;
  value: number;
}

export interface RevenueMixRow {
  issuerId: number;
  tickers: string | null;
  issuerName: string;
  filingKey: string;
  form: string;
  accession: string | null;
  periodStart: string;
  periodEnd: string;
  months: number;
  periodKind: string;
  line: string;
  kind: 'revenue' | 'credit';
  amount: number;
  share: number | null;
  total: number;
  concept: string;
  axis: string;
  unit: string;
  reconciles: boolean;
  facts: MixFactRef[];
}

/** Revenue mix rows (every line of every period), oldest period first; of one issuer, or of all. */
export function revenueMixRows(db: Db, issuerId: number | null = null): RevenueMixRow[] {
  const rows = db
    .prepare(
      `SELECT issuer_id AS issuerId, tickers, issuer_name AS issuerName, filing_key AS filingKey, form, accession,
              period_start AS periodStart, period_end AS periodEnd, months, period_kind AS periodKind, line, kind, amount, share, total,
              concept, axis, unit, reconciles, facts
         FROM revenue_mix_timeline
        WHERE (@issuerId IS NULL OR issuer_id = @issuerId)
        ORDER BY issuer_name, period_end, months DESC, filing_key, kind DESC, line`,
    )
    .all({ issuerId }) as Array<Omit<RevenueMixRow, 'facts' | 'reconciles'> & { facts: string; reconciles: number }>;
  return rows.map((r) => ({ ...r, reconciles: r.reconciles === 1, facts: JSON.parse(r.facts) as MixFactRef[] }));
}

export interface DealMentionRow {
  sentenceId: number;
  text: string;
  section: string | null;
  documentName: string;
  filingKey: string;
  form: string;
  accession: string | null;
  date: string | null;
  counterpartyBasis: string;
  mw: number | null;
  value: number | null;
  termYears: number | null;
  site: string | null;
}

export interface DealRow extends DealTerms {
  issuerId: number;
  tickers: string | null;
  issuerName: string;
  dealKey: string;
  firstDate: string | null;
  /** The sentence each figure comes from. */
  sources: { mw: number | null; value: number | null; termYears: number | null };
  mentions: DealMentionRow[];
}

/** Deals of one scorer version with their mentions, oldest first; of one issuer, or of all. */
export function dealRows(db: Db, scorerVersion: string, issuerId: number | null = null): DealRow[] {
  const deals = db
    .prepare(
      `SELECT d.issuer_id AS issuerId, NULLIF(i.tickers, '') AS tickers, i.name AS issuerName, d.deal_key AS dealKey, d.counterparty, d.kind,
              d.mw, d.mw_basis AS mwBasis, d.value, d.currency, d.value_text AS valueText, d.term_years AS termYears, d.site,
              d.first_date AS firstDate, d.signed, d.mw_sentence_id AS mwSentence, d.value_sentence_id AS valueSentence,
              d.term_sentence_id AS termSentence
         FROM deals d JOIN issuers i ON i.id = d.issuer_id
        WHERE d.scorer_version = @scorerVersion AND (@issuerId IS NULL OR d.issuer_id = @issuerId)
        ORDER BY i.name, d.first_date, d.counterparty`,
    )
    .all({ scorerVersion, issuerId }) as Array<
    Omit<DealRow, 'signed' | 'sources' | 'mentions'> & { signed: number; mwSentence: number | null; valueSentence: number | null; termSentence: number | null }
  >;
  const mentions = db.prepare(
    `SELECT sentence_id AS sentenceId, text, section, document_name AS documentName, filing_key AS filingKey, form, accession, date,
            counterparty_basis AS counterpartyBasis, mw, value, term_years AS termYears, site
       FROM deal_evidence WHERE issuer_id = ? AND scorer_version = ? AND deal_key = ? ORDER BY date, sentence_id`,
  );
  return deals.map(({ mwSentence, valueSentence, termSentence, signed, ...d }) => ({
    ...d,
    signed: signed === 1,
    sources: { mw: mwSentence, value: valueSentence, termYears: termSentence },
    mentions: mentions.all(d.issuerId, scorerVersion, d.dealKey) as DealMentionRow[],
  }));
}

export interface StageRow {
  issuerId: number;
  filingKey: string;
  form: string;
  date: string | null;
  /** The stage this filing shows. */
  stage: string;
  /** The highest stage reached by this date. */
  stageAsOf: string;
  basis: 'fact' | 'deal' | 'sentence';
  sentenceId: number | null;
  sentence: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  amount: number | null;
  share: number | null;
  reason: string;
}

const STAGE_COLUMNS = `t.issuer_id AS issuerId, t.filing_key AS filingKey, t.form, t.date, t.stage, t.basis, t.sentence_id AS sentenceId,
       se.text AS sentence, t.period_start AS periodStart, t.period_end AS periodEnd, t.amount, t.share, t.reason`;

/** Per filing of one scorer version, the stage it shows and the stage reached by its date, oldest first. */
export function stageTimeline(db: Db, scorerVersion: string, issuerId: number | null = null): StageRow[] {
  return db
    .prepare(
      `SELECT ${STAGE_COLUMNS}, t.stage_as_of AS stageAsOf
         FROM pivot_stage_timeline t LEFT JOIN sentences se ON se.id = t.sentence_id
        WHERE t.scorer_version = @scorerVersion AND (@issuerId IS NULL OR t.issuer_id = @issuerId)
        ORDER BY t.issuer_id, t.date, t.filing_id`,
    )
    .all({ scorerVersion, issuerId }) as StageRow[];
}

/** Per issuer of one scorer version, the highest stage reached and the first filing that showed it. */
export function issuerStages(db: Db, scorerVersion: string, issuerId: number | null = null): StageRow[] {
  return db
    .prepare(
      `SELECT ${STAGE_COLUMNS}, t.stage AS stageAsOf
         FROM issuer_pivot_stage t LEFT JOIN sentences se ON se.id = t.sentence_id
        WHERE t.scorer_version = @scorerVersion AND (@issuerId IS NULL OR t.issuer_id = @issuerId)
        ORDER BY t.issuer_id`,
    )
    .all({ scorerVersion, issuerId }) as StageRow[];
}

/** The highest stage each issuer had reached on or before `date` (filings dated then or earlier), with what set it. */
export function stagesAsOf(db: Db, scorerVersion: string, date: string): StageRow[] {
  return db
    .prepare(
      `SELECT ${STAGE_COLUMNS}, t.stage AS stageAsOf
         FROM (SELECT p.*, ROW_NUMBER() OVER (PARTITION BY issuer_id ORDER BY stage_rank DESC, date, filing_id) AS n
                 FROM pivot_stage_timeline p WHERE p.scorer_version = @scorerVersion AND p.date <= @date) t
         LEFT JOIN sentences se ON se.id = t.sentence_id
        WHERE t.n = 1
        ORDER BY t.issuer_id`,
    )
    .all({ scorerVersion, date }) as StageRow[];
}
