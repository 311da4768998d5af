/**
 * Read-only queries of the analyst commands (show, search, sql, export, claims), all over the views of
 * migration 003 (docs/SCHEMA.md), so the CLI reads exactly what an analyst reads in sqlite3 or pandas.
 * Every function takes the scorer version to read: older versions' rows stay in the tables beside it.
 */
import { existsSync } from 'node:fs';
import { UserError } from '../pipeline/core/errors.ts';
import { TOPICS, type CoreClaim, type Modality, type Topic } from '../pipeline/core/vocabulary.ts';
import { listMigrations, openDb, type Db } from './open.ts';

/** The views of the analyst schema, in the order docs/SCHEMA.md describes them. */
export const ANALYST_VIEWS = ['issuer_latest', 'pivot_timeline', 'evidence'] as const;
export type AnalystView = (typeof ANALYST_VIEWS)[number];


/** `snake_case` view columns to `camelCase` fields. */
function camel<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = value;
  return out as T;
}

/** Migrations shipped with the code that the database at `path` has not recorded yet (all of them when it has none). */
function pendingMigrations(db: Db): number[] {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  const applied = new Set(hasTable ? (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : []);
  return listMigrations()
    .map((m) => m.version)
    .filter((v) => !applied.has(v));
}

/**
 * Opens an existing database on a read-only connection for the analyst commands. A database written before
 * the analyst views existed is migrated first, on a separate read-write connection that is closed again; the
 * connection returned can never write (`sql` relies on that).
 */
export function openAnalystDb(path: string, options: { migrate?: boolean } = {}): Db {
  if (path !== ':memory:' && !existsSync(path)) {
    throw new UserError(`no database at ${path}: run "minerpivot run" first, or pass --db PATH`);
  }
  let db = openDb(path, { readonly: true });
  let pending: number[];
  try {
    // A read must never write a file that is not ours: without minerpivot's migration table it is refused,
    // not migrated into one.
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get()) {
      throw new UserError(`${path} is not a minerpivot database (no schema_migrations table); pass the file "minerpivot run" wrote`);
    }
    pending = pendingMigrations(db);
  } catch (error) {
    db.close();
    if (error instanceof UserError) throw error;
    throw new UserError(`${path} is not a minerpivot database: ${(error as Error).message}`);
  }
  // `sql` never writes, not even a migration: it reads the file as it is (missing views are SQL errors).
  if (pending.length === 0 || options.migrate === false) return db;
  db.close();
  try {
    openDb(path).close();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${path} needs schema migration ${pending.join(', ')} but cannot be written: ${(error as Error).message}`);
  }
  db = openDb(path, { readonly: true });
  return db;
}

/** A row of the `issuer_latest` view. */
export interface IssuerLatestRow {
  /** 1 a Bitcoin miner, 0 not, null not known yet (issuers.miner). */
  miner: number | null;
  /** `known-issuers.json` or `evidence`. */
  minerBasis: string | null;
  issuerId: number;
  issuerKey: string;
  ticker: string | null;
  tickers: string;
  issuerName: string;
  cik: string | null;
  country: string | null;
  filings: number;
  latestFilingId: number | null;
  latestForm: string | null;
  latestDate: string | null;
  latestPivotIndex: number | null;
  latestFactPivotIndex: number | null;
  latestMiningDensity: number | null;
  latestAiHpcDensity: number | null;
  latestGridDensity: number | null;
  latestMiningMass: number | null;
  latestAiHpcMass: number | null;
  latestCoreMining: number | null;
  latestCoreAiHpc: number | null;
  previousFilingId: number | null;
  previousDate: string | null;
  pivotChange: number | null;
  firstAiHpcFactDate: string | null;
  firstAiHpcFactSentenceId: number | null;
  firstAiHpcFactText: string | null;
  miningSentences: number;
  aiHpcSentences: number;
  gridSentences: number;
  miningFactSentences: number;
  aiHpcFactSentences: number;
  gridFactSentences: number;
  coreMining: number;
  coreAiHpc: number;
}

/** A row of the `pivot_timeline` view. */
export interface TimelineRow {
  issuerId: number;
  issuerKey: string;
  ticker: string | null;
  issuerName: string;
  filingId: number;
  filingKey: string;
  form: string;
  formFamily: 'annual' | 'quarterly' | 'current' | 'other';
  period: string | null;
  periodEnd: string | null;
  filedAt: string | null;
  pivotIndex: number;
  factPivotIndex: number;
  miningMass: number;
  aiHpcMass: number;
  gridMass: number;
  miningFactMass: number;
  aiHpcFactMass: number;
  aiHpcShare: number | null;
  miningDensity: number;
  aiHpcDensity: number;
  gridDensity: number;
  miningSentences: number;
  aiHpcSentences: number;
  gridSentences: number;
  coreMining: number;
  coreAiHpc: number;
  words: number;
  source: string;
  sourceRef: string;
}

/** A row of the `evidence` view (the fields the commands use). */
export interface EvidenceRow {
  sentenceId: number;
  issuerId: number;
  issuerKey: string;
  ticker: string | null;
  issuerName: string;
  filingId: number;
  filingKey: string;
  form: string;
  date: string | null;
  documentName: string;
  section: string | null;
  sectionTitle: string | null;
  page: number | null;
  text: string;
  topics: string;
  /** JSON array of the lexicon terms matched. */
  terms: string;
  modality: Modality | null;
  coreClaim: CoreClaim;
  weight: number;
  source: string;
  sourceRef: string;
  documentOrigin: string;
  accession: string | null;
  cik: string | null;
  /** The document (or, for a local copy, the filing's index page) on sec.gov; null without accession and CIK. */
  edgarUrl: string | null;
}

/** Every issuer with scores of `scorerVersion`, highest latest pivot index first. */
export function issuerLatest(db: Db, scorerVersion: string): IssuerLatestRow[] {
  return db
    .prepare(
      `SELECT * FROM issuer_latest WHERE scorer_version = ?
        ORDER BY latest_pivot_index IS NULL, latest_pivot_index DESC, issuer_name`,
    )
    .all(scorerVersion)
    .map((r) => camel<IssuerLatestRow>(r as Record<string, unknown>));
}

/** An issuer row of the `issuers` table, as `show` resolves a TICKER, CIK or issuer key. */
export interface IssuerRef {
  id: number;
  issuerKey: string;
  name: string;
  tickers: string;
  cik: string | null;
}

/**
 * The issuers a user's reference names: a ticker (any of the issuer's), a CIK (with or without zero padding),
 * an issuer key, or else a case-insensitive part of the name. Several matches are returned for the caller to
 * report; an exact ticker, CIK or key wins over name parts.
 */
export function resolveIssuer(db: Db, ref: string): IssuerRef[] {
  const all = db.prepare('SELECT id, issuer_key AS issuerKey, name, tickers, cik FROM issuers ORDER BY name').all() as IssuerRef[];
  const wanted = ref.trim();
  const upper = wanted.toUpperCase();
  const cik = /^\d{1,10}$/.test(wanted) ? wanted.padStart(10, '0') : null;
  const exact = all.filter(
    (i) =>
      i.tickers.split(',').includes(upper) ||
      (cik !== null && i.cik === cik) ||
      i.issuerKey.toLowerCase() === wanted.toLowerCase(),
  );
  if (exact.length > 0) return exact;
  const lower = wanted.toLowerCase();
  return lower.length >= 3 ? all.filter((i) => i.name.toLowerCase().includes(lower)) : [];
}

/** The `issuer_latest` row of one issuer, or null when it has no scores of this version. */
export function issuerLatestOf(db: Db, scorerVersion: string, issuerId: number): IssuerLatestRow | null {
  const row = db.prepare('SELECT * FROM issuer_latest WHERE scorer_version = ? AND issuer_id = ?').get(scorerVersion, issuerId);
  return row ? camel<IssuerLatestRow>(row as Record<string, unknown>) : null;
}

/** The pivot timeline of one issuer (or of all), oldest period first. */
export function pivotTimeline(db: Db, scorerVersion: string, issuerId: number | null = null): TimelineRow[] {
  return db
    .prepare(
      `SELECT * FROM pivot_timeline WHERE scorer_version = @v AND (@issuer IS NULL OR issuer_id = @issuer)
        ORDER BY issuer_name, issuer_id, period IS NULL, period, filing_id`,
    )
    .all({ v: scorerVersion, issuer: issuerId })
    .map((r) => camel<TimelineRow>(r as Record<string, unknown>));
}

export interface EvidenceFilter {
  topic?: Topic;
  modality?: Modality;
  /** 'mining' or 'ai_hpc': only core-business claims of that kind. */
  coreClaim?: Exclude<CoreClaim, 'none'>;
  /** Only sentences of positive weight (not negated, not forward-looking boilerplate). */
  positive?: boolean;
  issuerId?: number;
  /** At most this many sentences per issuer. */
  perIssuer: number;
  /** Order the copies and the sentences by date first (newest) instead of weight first. */
  newestFirst?: boolean;
}

/**
 * The strongest evidence per issuer: highest weight (section x modality), then a quotable length (at most
 * 400 characters), then most lexicon terms matched (a sentence naming a lease, MW and a tenant says more than
 * one naming "AI"), then newest. The same sentence
 * repeated in several filings (a 10-K paragraph restated in each 10-Q) counts once, in its newest filing.
 */
export function topEvidence(db: Db, scorerVersion: string, filter: EvidenceFilter): EvidenceRow[] {
  const conditions = ['e.scorer_version = @v'];
  if (filter.topic) conditions.push(`e.is_${filter.topic} = 1`);
  if (filter.modality) conditions.push('e.modality = @modality');
  if (filter.coreClaim) conditions.push('e.core_claim = @coreClaim');
  if (filter.positive) conditions.push('e.weight > 0');
  if (filter.issuerId !== undefined) conditions.push('e.issuer_id = @issuerId');
  // A quotable sentence (up to about 60 words) before a long table row or legal paragraph.
  const order = filter.newestFirst
    ? 'date DESC, weight DESC, length(text) <= 400 DESC, json_array_length(terms) DESC'
    : 'weight DESC, length(text) <= 400 DESC, json_array_length(terms) DESC, date DESC';
  return db
    .prepare(
      `WITH pool AS (
         SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.issuer_id, e.text ORDER BY e.date DESC, e.weight DESC, e.sentence_id DESC) AS copy
           FROM evidence e WHERE ${conditions.join(' AND ')}
       ), ranked AS (
         SELECT *, ROW_NUMBER() OVER (PARTITION BY issuer_id ORDER BY ${order}, sentence_id DESC) AS n FROM pool WHERE copy = 1
       )
       SELECT * FROM ranked WHERE n <= @per ORDER BY issuer_id, n`,
    )
    .all({
      v: scorerVersion,
      modality: filter.modality ?? null,
      coreClaim: filter.coreClaim ?? null,
      issuerId: filter.issuerId ?? null,
      per: filter.perIssuer,
    })
    .map((r) => camel<EvidenceRow>(r as Record<string, unknown>));
}

/** Evidence rows by sentence id (for a scorer version), in the order asked. */
export function evidenceByIds(db: Db, scorerVersion: string, ids: ReadonlyArray<number>): EvidenceRow[] {
  const get = db.prepare('SELECT * FROM evidence WHERE scorer_version = ? AND sentence_id = ?');
  return ids.flatMap((id) => {
    const row = get.get(scorerVersion, id);
    return row ? [camel<EvidenceRow>(row as Record<string, unknown>)] : [];
  });
}

export interface SearchOptions {
  topic?: Topic;
  modality?: Modality;
  /** Issuer ids to keep (from resolveIssuer). */
  issuerIds?: number[];
  /** Only filings dated on or after (YYYY-MM-DD). */
  since?: string;
  limit: number;
  /** Keep every copy of a sentence repeated across filings (default: the newest copy only). */
  allCopies?: boolean;
  /** Markers around matched terms in the snippet. */
  mark?: [string, string];
  /** The query is FTS5 syntax as it stands (column filters, NEAR, ^); by default every word is quoted. */
  raw?: boolean;
}

export interface SearchHit extends EvidenceRow {
  /** bm25 score: lower is a better match. */
  rank: number;
  snippet: string;
  /** Filings of the same issuer holding the same sentence. */
  copies: number;
}

/**
 * Full-text search of the evidence (FTS5 over `sentences.text`, porter stemming), best bm25 match first,
 * with the matched terms marked in a snippet. A malformed FTS5 query is a UserError with one line.
 */
/**
 * A plain search as an FTS5 query: every word is quoted, so "AI-HPC", "10-K" or "co-location" are words,
 * not column filters or operators; "quoted phrases" stay phrases; OR, AND and NOT (upper case, between
 * two terms) stay operators; a trailing `*` stays a prefix search.
 */
export function ftsQuery(input: string): string {
  const parts: Array<{ text: string; operator: boolean }> = [];
  for (const m of input.matchAll(/"([^"]*)"?|(\S+)/g)) {
    if (m[1] !== undefined) {
      if (m[1].trim()) parts.push({ text: `"${m[1]}"`, operator: false });
      continue;
    }
    const word = m[2]!;
    if (/^(OR|AND|NOT)$/.test(word)) {
      parts.push({ text: word, operator: true });
      continue;
    }
    const prefix = /\*$/.test(word);
    const core = word.replace(/\*+$/, '').replace(/"/g, '');
    if (core) parts.push({ text: `"${core}"${prefix ? '*' : ''}`, operator: false });
  }
  // An operator needs a term on each side; anywhere else it is the word itself.
  return parts
    .map((p, i) => (p.operator && (i === 0 || i === parts.length - 1 || parts[i - 1]!.operator) ? `"${p.text}"` : p.text))
    .join(' ');
}

export function searchEvidence(db: Db, scorerVersion: string, query: string, options: SearchOptions): SearchHit[] {
  const [open, close] = options.mark ?? ['[', ']'];
  const conditions = ['e.scorer_version = @v'];
  if (options.topic) conditions.push(`e.is_${options.topic} = 1`);
  if (options.modality) conditions.push('e.modality = @modality');
  if (options.since) conditions.push('e.date >= @since');
  if (options.issuerIds) conditions.push(`e.issuer_id IN (${options.issuerIds.map((id) => Number(id)).join(',') || 'NULL'})`);
  const sql = `
    WITH hits AS (
      SELECT rowid AS sentence_id, bm25(evidence_fts) AS rank,
             snippet(evidence_fts, 0, @open, @close, '…', 24) AS snippet
        FROM evidence_fts WHERE evidence_fts MATCH @query
    ), matched AS (
      SELECT e.*, h.rank, h.snippet,
             -- Sentences of prose before table rows, headings and boilerplate (weight 0): a statement ends
             -- with its punctuation, a table row or a heading does not.
             (e.weight <> 0 AND (rtrim(e.text) GLOB '*[.!?;:]' OR rtrim(e.text) GLOB '*[.!?;:][")”’]')) AS prose,
             COUNT(*) OVER (PARTITION BY e.issuer_id, e.text) AS copies,
             ROW_NUMBER() OVER (PARTITION BY e.issuer_id, e.text ORDER BY e.date DESC, e.sentence_id DESC) AS copy
        FROM hits h JOIN evidence e ON e.sentence_id = h.sentence_id
       WHERE ${conditions.join(' AND ')}
    )
    SELECT * FROM matched WHERE (@all = 1 OR copy = 1) ORDER BY prose DESC, rank, date DESC, sentence_id LIMIT @limit`;
  try {
    return db
      .prepare(sql)
      .all({
        v: scorerVersion,
        query: options.raw ? query : ftsQuery(query),
        open,
        close,
        modality: options.modality ?? null,
        since: options.since ?? null,
        all: options.allCopies ? 1 : 0,
        limit: options.limit,
      })
      .map((r) => camel<SearchHit>(r as Record<string, unknown>));
  } catch (error) {
    const message = (error as Error).message;
    if ((error as { code?: string }).code?.startsWith('SQLITE_ERROR') && /fts5|syntax|no such column|unterminated|unknown special query/i.test(message)) {
      const reason = message.replace(/^fts5: /, '');
      throw new UserError(`cannot read the FTS5 query ${JSON.stringify(query)} (${reason}); without --raw, words are searched as they are`);
    }
    throw error;
  }
}

export interface SqlResult {
  columns: string[];
  rows: Array<Record<string, unknown>>;
  /** True when the statement had more rows than `maxRows`: only the first ones are in `rows`. */
  truncated: boolean;
}

/** Default row cap of {@link runReadOnlySql}: an endless recursive CTE must not fill memory. */
export const SQL_MAX_ROWS = 10_000;

/**
 * Runs one analyst statement. Only a single SELECT (or WITH ... SELECT) that SQLite itself reports as
 * read-only is run; everything else is refused before it touches the database. The connection should be
 * read-only as well ({@link openAnalystDb}): two locks, so a clever statement cannot slip past one.
 */
/** Statements other than a query: refused by name before SQLite is asked. */
const SQL_STATEMENTS = new Set(
  'INSERT UPDATE DELETE REPLACE UPSERT MERGE DROP CREATE ALTER ATTACH DETACH PRAGMA VACUUM REINDEX ANALYZE BEGIN COMMIT END ROLLBACK SAVEPOINT RELEASE EXPLAIN'.split(' '),
);

export function runReadOnlySql(db: Db, sql: string, maxRows = SQL_MAX_ROWS): SqlResult {
  const text = sql.replace(/^(\s|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, '');
  const keyword = /^[A-Za-z]+/.exec(text)?.[0]?.toUpperCase() ?? '';
  const refused = `only SELECT statements run here (the database is opened read-only); refused ${keyword || 'an empty statement'}`;
  if (keyword === '' || SQL_STATEMENTS.has(keyword)) throw new UserError(refused);
  let stmt;
  try {
    stmt = db.prepare(sql);
  } catch (error) {
    const message = (error as Error).message;
    // "SELEC ...", "SELECT FROM": a typo is a syntax error, not a refused write.
    if (/syntax error|incomplete input|unrecognized token/i.test(message)) throw new UserError(`SQL syntax error: ${message}`);
    throw new UserError(`SQL error: ${message}`);
  }
  if (keyword !== 'SELECT' && keyword !== 'WITH' && keyword !== 'VALUES') throw new UserError(refused);
  if (!stmt.readonly || !stmt.reader) {
    throw new UserError('only SELECT statements run here (the database is opened read-only); this statement would write');
  }
  try {
    const columns = stmt.columns().map((c) => c.name);
    // Rows are read one at a time and only up to the cap: `.all()` would buffer an endless CTE.
    const rows: Array<Record<string, unknown>> = [];
    let truncated = false;
    const iterator = stmt.iterate() as IterableIterator<Record<string, unknown>>;
    for (const row of iterator) {
      if (rows.length >= maxRows) {
        truncated = true;
        iterator.return?.();
        break;
      }
      rows.push(row);
    }
    return { columns, rows, truncated };
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_')) throw new UserError(`SQL error: ${(error as Error).message}`);
    // "SELECT ?": better-sqlite3 asks for values the command line cannot give.
    if (error instanceof RangeError) throw new UserError('parameters (?, :name) are not supported: write the values into the statement');
    throw error;
  }
}

/** The columns of a view, in their declared order. */
export function viewColumns(db: Db, view: AnalystView): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(view) as string[]);
}

/** Rows of an analyst view, for one scorer version or (null) all of them, in a stable order. */
export function viewRows(db: Db, view: AnalystView, scorerVersion: string | null): IterableIterator<Record<string, unknown>> {
  const order: Record<AnalystView, string> = {
    issuer_latest: 'scorer_version, issuer_name, issuer_id',
    pivot_timeline: 'scorer_version, issuer_name, issuer_id, period, filing_id',
    evidence: 'scorer_version, issuer_name, issuer_id, date, sentence_id',
  };
  return db
    .prepare(`SELECT * FROM ${view} WHERE (@v IS NULL OR scorer_version = @v) ORDER BY ${order[view]}`)
    .iterate({ v: scorerVersion }) as IterableIterator<Record<string, unknown>>;
}

/** Everything the claim checks (pipeline/analysis/claims/) read, for one scorer version. */
export interface ClaimData {
  scorerVersion: string;
  issuers: IssuerLatestRow[];
  timeline: TimelineRow[];
  /**
   * Candidate citations: per issuer the strongest positive facts of each topic, every core-business claim
   * (newest first), and the first ai_hpc fact. Deduplicated by sentence id.
   */
  evidence: EvidenceRow[];
}

/** How many candidate sentences per issuer and topic the claim checks may cite. */
const CITATIONS_PER_ISSUER = 5;

export function claimData(db: Db, scorerVersion: string): ClaimData {
  const issuers = issuerLatest(db, scorerVersion);
  const timeline = pivotTimeline(db, scorerVersion);
  const rows: EvidenceRow[] = [];
  for (const topic of TOPICS) {
    rows.push(...topEvidence(db, scorerVersion, { topic, modality: 'fact', positive: true, perIssuer: CITATIONS_PER_ISSUER }));
  }
  rows.push(...topEvidence(db, scorerVersion, { coreClaim: 'mining', positive: true, perIssuer: 50, newestFirst: true }));
  rows.push(...topEvidence(db, scorerVersion, { coreClaim: 'ai_hpc', positive: true, perIssuer: 50, newestFirst: true }));
  rows.push(
    ...evidenceByIds(
      db,
      scorerVersion,
      issuers.flatMap((i) => (i.firstAiHpcFactSentenceId !== null ? [i.firstAiHpcFactSentenceId] : [])),
    ),
  );
  const seen = new Set<number>();
  const evidence = rows.filter((r) => (seen.has(r.sentenceId) ? false : (seen.add(r.sentenceId), true)));
  return { scorerVersion, issuers, timeline, evidence };
}
