/**
 * A batch run (`minerpivot batch`): per watched issuer, the filings on EDGAR
 * since its checkpoint that the database does not hold yet, processed by the
 * caller's means (this process, or a BullMQ flow), then the checkpoint moved
 * forward for each issuer whose taken filings all ended stored or failed.
 *
 * Nothing new means nothing fetched: discovery reads only the submissions JSON
 * (always fresh, never the cache), a filing the database holds (stored or
 * failed) is neither fetched nor processed again, and a batch that takes no
 * filing and moves no checkpoint writes no row.
 */
import { batchCheckpoints, filingStatuses, recordBatchRun, type Checkpoint } from '../../db/batch.ts';
import type { Db } from '../../db/open.ts';
import { describeError, UserError } from '../core/errors.ts';
import { isEdgarForm } from '../core/forms.ts';
import type { PayloadOf, Stage } from '../core/jobs.ts';
import { watchlistIssuerKey, type WatchlistEntry } from '../core/watchlist.ts';
import type { EdgarClient } from '../sources/edgar/client.ts';
import { discoverFilings } from '../sources/edgar/discover.ts';

/** Forms taken from an issuer whose watchlist entry names none. */
export const BATCH_DEFAULT_FORMS: ReadonlyArray<string> = ['10-K', '10-Q', '8-K', '20-F', '40-F', '6-K'];

/** How far back the first batch of an issuer goes without --since: January 1st, this many years ago. */
export const FIRST_BATCH_YEARS = 3;

export interface BatchRequest {
  watchlist: ReadonlyArray<WatchlistEntry>;
  /** --since: overrides the checkpoints (a backfill; what is stored is still not taken again). */
  since: string | null;
  /** --forms: overrides each entry's forms. */
  forms: string[] | null;
  /** Today (UTC, YYYY-MM-DD), for the default start of a first batch. */
  today: string;
}

export type FetchJob = PayloadOf<'fetch'>;

export interface IssuerPlan {
  entry: WatchlistEntry;
  issuerKey: string;
  forms: string[];
  /** First filing date asked for. */
  since: string;
  /** Where the window starts from: the issuer's checkpoint, --since, or the default first window. */
  sinceFrom: 'checkpoint' | 'option' | 'default';
  checkpoint: Checkpoint | null;
  /** Every matching filing on EDGAR in the window, newest first. */
  discovered: FetchJob[];
  /** Those the database does not hold: what the batch takes. */
  fresh: FetchJob[];
  /** Discovery failed: the reason (the issuer is left as it was). */
  error: string | null;
}

export interface BatchPlan {
  issuers: IssuerPlan[];
  /** Watched issuers without a CIK (SEDAR+ only): nothing to ask EDGAR. */
  withoutCik: WatchlistEntry[];
}

/** What became of one filing a batch took. */
export interface FilingResult {
  status: 'stored' | 'failed';
  stage?: Stage;
  reason?: string;
}

/** Processes the taken filings (in this process, or through the queues) and says what became of each. */
export type ProcessFilings = (jobs: FetchJob[]) => Promise<Map<string, FilingResult>>;

export interface BatchResult {
  startedAt: string;
  finishedAt: string;
  mode: 'in-process' | 'queue';
  plan: BatchPlan;
  /** The database's word on each taken filing after processing; absent: not finished (queue mode timed out). */
  results: Map<string, FilingResult>;
  /** Taken filings without an outcome. */
  pending: string[];
  /** Issuer keys whose checkpoint moved. */
  advanced: string[];
  /** The batch_runs row, or null when the batch wrote nothing. */
  runId: number | null;
}

/** January 1st, `years` years before `today`. */
export function defaultSince(today: string, years = FIRST_BATCH_YEARS): string {
  return `${Number(today.slice(0, 4)) - years}-01-01`;
}

function formsOf(entry: WatchlistEntry, override: string[] | null): string[] {
  const forms = override ?? (entry.forms && entry.forms.length > 0 ? entry.forms : [...BATCH_DEFAULT_FORMS]);
  return [...new Set(forms.map((f) => f.toUpperCase().replace(/\/A$/, '')))].sort();
}

/** Validates --forms of a batch; a mistake is one UserError. */
export function batchForms(list: string[] | undefined): string[] | null {
  if (list === undefined) return null;
  const forms = list.map((f) => f.toUpperCase());
  const bad = forms.filter((f) => !isEdgarForm(f));
  if (forms.length === 0 || bad.length > 0) throw new UserError(`--forms: unsupported form(s) ${bad.join(', ') || '(none given)'}`);
  return forms;
}

function isBug(error: unknown): boolean {
  return error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError || error instanceof SyntaxError;
}

/** Asks EDGAR, per watched issuer, for the filings in its window and sets aside those the database holds. */
export async function planBatch(db: Db, client: EdgarClient, request: BatchRequest): Promise<BatchPlan> {
  const checkpoints = batchCheckpoints(db);
  const plan: BatchPlan = { issuers: [], withoutCik: [] };
  for (const entry of request.watchlist) {
    if (entry.cik === null) {
      plan.withoutCik.push(entry);
      continue;
    }
    const issuerKey = watchlistIssuerKey(entry);
    const forms = formsOf(entry, request.forms);
    const checkpoint = checkpoints.get(issuerKey) ?? null;
    // A checkpoint covers the forms it was made for: a batch asking for more starts from the default window.
    const usable = checkpoint !== null && forms.every((f) => checkpoint.forms.includes(f));
    // The checkpoint's own day is asked again: a filing accepted later that day is still new.
    const [since, sinceFrom] = request.since
      ? [request.since, 'option' as const]
      : usable
        ? [checkpoint.lastFiledAt, 'checkpoint' as const]
        : [defaultSince(request.today), 'default' as const];
    const issuer: IssuerPlan = { entry, issuerKey, forms, since, sinceFrom, checkpoint, discovered: [], fresh: [], error: null };
    try {
      const { jobs, failed } = await discoverFilings(client, {
        tickers: [],
        ciks: [entry.cik],
        forms,
        since,
        until: null,
        amendments: false,
        submissionsMaxAgeMs: 0,
      });
      // Discovery reports a failure of its filer (a 404 for the CIK, the network after the client's retries)
      // rather than throwing it: that is this issuer's failure, and the others go on.
      if (failed.length > 0) {
        issuer.error = failed.map((f) => f.reason).join('; ');
        plan.issuers.push(issuer);
        continue;
      }
      issuer.discovered = jobs;
      const known = filingStatuses(db, jobs.map((j) => j.filing.key));
      issuer.fresh = jobs.filter((j) => !known.has(j.filing.key)).reverse(); // oldest first
    } catch (error) {
      // A user mistake (SEC_USER_AGENT) stops the batch; a bug is a bug. Anything else is this issuer's
      // failure: a 404 for its CIK, a network fault after the client's retries, an answer not in EDGAR's shape.
      if (error instanceof UserError || isBug(error)) throw error;
      issuer.error = describeError(error);
    }
    plan.issuers.push(issuer);
  }
  return plan;
}

/** The checkpoint an issuer moves to after its filings ended, or null when it stays as it is. */
export function nextCheckpoint(issuer: IssuerPlan, statuses: Map<string, unknown>): Omit<Checkpoint, 'updatedAt'> | null {
  if (issuer.error !== null || issuer.discovered.length === 0) return null;
  if (!issuer.fresh.every((j) => statuses.has(j.filing.key))) return null;
  const newest = issuer.discovered.reduce((a, b) => ((b.filing.filedAt ?? '') > (a.filing.filedAt ?? '') ? b : a));
  const next = {
    issuerKey: issuer.issuerKey,
    cik: issuer.entry.cik,
    forms: issuer.forms,
    lastFiledAt: newest.filing.filedAt ?? issuer.since,
    lastAccession: newest.filing.accession,
    filings: (issuer.checkpoint?.filings ?? 0) + issuer.fresh.length,
  };
  const c = issuer.checkpoint;
  const same =
    c !== null && c.forms.join(',') === next.forms.join(',') && c.lastFiledAt >= next.lastFiledAt && issuer.fresh.length === 0;
  return same ? null : next;
}

export interface BatchDeps {
  db: Db;
  client: EdgarClient;
  mode: 'in-process' | 'queue';
  process: ProcessFilings;
  /** The digest of the finished batch as JSON, kept on its batch_runs row. */
  digestOf: (result: Omit<BatchResult, 'runId' | 'advanced'> & { advanced: string[] }) => string;
  now?: () => Date;
}

/** Plans, processes and records one batch. Writes nothing when nothing was taken and no checkpoint moves. */
export async function runBatch(deps: BatchDeps, request: BatchRequest, plan?: BatchPlan): Promise<BatchResult> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const batchPlan = plan ?? (await planBatch(deps.db, deps.client, request));
  const jobs = batchPlan.issuers.flatMap((i) => i.fresh);
  const processed = jobs.length > 0 ? await deps.process(jobs) : new Map<string, FilingResult>();

  // The database is the judge of what ended: the store stage wrote a row for every stored or failed filing.
  const statuses = filingStatuses(deps.db, jobs.map((j) => j.filing.key));
  const results = new Map<string, FilingResult>();
  for (const job of jobs) {
    const status = statuses.get(job.filing.key);
    if (!status) continue;
    const reported = processed.get(job.filing.key);
    results.set(job.filing.key, reported && reported.status === status ? reported : { status });
  }
  const pending = jobs.filter((j) => !results.has(j.filing.key)).map((j) => j.filing.key);
  const checkpoints = batchPlan.issuers.flatMap((i) => nextCheckpoint(i, statuses) ?? []);
  const finishedAt = now().toISOString();
  const partial = { startedAt, finishedAt, mode: deps.mode, plan: batchPlan, results, pending, advanced: checkpoints.map((c) => c.issuerKey) };

  let runId: number | null = null;
  if (jobs.length > 0 || checkpoints.length > 0) {
    const stored = [...results.values()].filter((r) => r.status === 'stored').length;
    runId = recordBatchRun(
      deps.db,
      {
        startedAt,
        finishedAt,
        mode: deps.mode,
        issuers: batchPlan.issuers.length,
        newFilings: jobs.length,
        stored,
        failed: results.size - stored,
        digest: deps.digestOf(partial),
      },
      checkpoints,
    );
  }
  return { ...partial, runId };
}
