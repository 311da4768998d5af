/**
 * One batch from start to digest, shared by `minerpivot batch` and the
 * scheduler's worker (`minerpivot schedule --worker`): the standings before,
 * the batch itself (in this process, or through a BullMQ flow), the digest
 * (Markdown and JSON) written to a file, and the claims report refreshed beside it.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { batchFilings, coreClaimsIn, issuerStandings } from '../../../db/batch.ts';
import { claimData } from '../../../db/analyst.ts';
import type { Db } from '../../../db/open.ts';
import { FilingRepository } from '../../../db/repository.ts';
import { processThroughFlow } from '../../../workers/batch-flow.ts';
import type { Fleet } from '../../../workers/fleet.ts';
import { buildDigest, type Digest } from '../../analysis/digest/digest.ts';
import { renderDigestMarkdown } from '../../analysis/digest/markdown.ts';
import { evaluateClaims } from '../../analysis/claims/index.ts';
import { renderHtmlReport } from '../../analysis/report/html.ts';
import { renderMarkdownReport } from '../../analysis/report/markdown.ts';
import { writeOutput } from '../../analysis/report/write.ts';
import type { Config } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { DEFAULT_WATCHLIST, parseWatchlist, type WatchlistEntry } from '../../core/watchlist.ts';
import { runBatch, type BatchPlan, type BatchRequest, type BatchResult, type FilingResult, type ProcessFilings } from '../../run/batch.ts';
import { createHandlers } from '../../run/handlers.ts';
import { runInProcess } from '../../run/runner.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { EdgarClient } from '../../sources/edgar/client.ts';
import { openSources } from '../../sources/registry.ts';
import type { Io } from './command.ts';

export const DIGEST_FORMATS = ['md', 'json'] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

/** The watchlist of a file (a JSON array of {ticker, cik, name}), else the default one. */
export function loadWatchlist(path: string | undefined): WatchlistEntry[] {
  if (path === undefined) return [...DEFAULT_WATCHLIST];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read watchlist ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path}: not JSON (${(error as Error).message})`);
  }
  return parseWatchlist(json, path);
}

/** Where a digest goes without --digest: `digests/digest-<UTC time>.<ext>` beside the database. */
export function defaultDigestPath(dbPath: string, format: DigestFormat, at: Date): string {
  const stamp = at.toISOString().slice(0, 19).replace(/:/g, '-');
  const dir = dbPath === ':memory:' ? process.cwd() : dirname(resolve(dbPath));
  return join(dir, 'digests', `digest-${stamp}Z.${format}`);
}

export function filingLabel(job: { filing: { issuer: { tickers: string[]; name: string }; form: string; filedAt: string | null; key: string } }): string {
  const f = job.filing;
  return `${f.issuer.tickers[0] ?? f.issuer.name} ${f.form} ${f.filedAt ?? ''} ${f.key}`.replace(/\s+/g, ' ').trim();
}

/** The in-process way: the runner over the same handlers the workers run. */
export function inProcess(db: Db, config: Config, client: EdgarClient, io: Io, quiet: boolean): ProcessFilings {
  return async (jobs) => {
    const handlers = createHandlers({ repository: new FilingRepository(db), sources: openSources({ config, edgar: { client } }) });
    const summary = await runInProcess(jobs, handlers, (event) => {
      const counter = `[${event.index}/${event.total}]`;
      if (event.type === 'failed') io.err(`${counter} FAILED  ${filingLabel(event)} at ${event.stage}: ${event.reason}`);
      else if (!quiet) io.err(`${counter} stored  ${filingLabel(event)}`);
    });
    const results = new Map<string, FilingResult>(jobs.map((j) => [j.filing.key, { status: 'stored' }]));
    for (const f of summary.failed) results.set(f.filing.key, { status: 'failed', stage: f.stage, reason: f.reason });
    return results;
  };
}

/** The BullMQ way: one flow whose parent completes when every filing is stored or failed. */
export function throughQueues(fleet: Fleet, io: Io, quiet: boolean, waitMs: number): ProcessFilings {
  return (jobs) =>
    processThroughFlow(fleet, jobs, {
      waitMs,
      onQueued: (flow) => {
        if (!quiet) io.err(`queued batch flow ${flow.parentId}: ${flow.children} filing(s) (prefix ${fleet.prefix}); waiting for the workers`);
      },
    });
}

export interface BatchRunOptions {
  db: Db;
  dbPath: string;
  client: EdgarClient;
  mode: 'in-process' | 'queue';
  process: ProcessFilings;
  request: BatchRequest;
  plan?: BatchPlan;
  digestPath: string | undefined;
  format: DigestFormat;
}

export interface BatchOutcome {
  result: BatchResult;
  digest: Digest;
  digestPath: string;
  /** The digest as written (Markdown or JSON). */
  text: string;
  exitCode: 0 | 1;
}

function digestFrom(db: Db, result: Omit<BatchResult, 'runId'>, before: ReturnType<typeof issuerStandings>, claimsReport: string[]): Digest {
  const version = scorerVersion();
  const taken = result.plan.issuers.flatMap((i) => i.fresh);
  const keys = taken.map((j) => j.filing.key);
  const rows = new Map(batchFilings(db, version, keys).map((r) => [r.filingKey, r]));
  return buildDigest({
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    mode: result.mode,
    scorerVersion: version,
    issuers: result.plan.issuers.length,
    before,
    after: issuerStandings(db, version),
    taken: taken.map((j) => ({
      filingKey: j.filing.key,
      ticker: j.filing.issuer.tickers[0] ?? null,
      issuer: j.filing.issuer.name,
      form: j.filing.form,
      filedAt: j.filing.filedAt,
      periodEnd: j.filing.periodEnd,
      url: j.filing.sourceRef,
      row: result.results.has(j.filing.key) ? (rows.get(j.filing.key) ?? null) : null,
    })),
    coreClaims: coreClaimsIn(db, version, keys),
    issuerErrors: result.plan.issuers.flatMap((i) => (i.error ? [{ ticker: i.entry.ticker, issuer: i.entry.name, reason: i.error }] : [])),
    sedarOnly: result.plan.withoutCik.map((e) => ({ ticker: e.ticker, name: e.name })),
    claimsReport,
  });
}

/** Writes the claims report (Markdown and HTML, or JSON) beside the digest; returns the paths. */
function refreshClaimsReport(db: Db, digestPath: string, format: DigestFormat): string[] {
  const data = claimData(db, scorerVersion());
  const report = evaluateClaims(data);
  const dir = dirname(digestPath);
  if (format === 'json') {
    const path = join(dir, 'claims.json');
    writeOutput(path, `${JSON.stringify(report, null, 2)}\n`);
    return [path];
  }
  const mdPath = join(dir, 'claims.md');
  const htmlPath = join(dir, 'claims.html');
  writeOutput(mdPath, renderMarkdownReport(report));
  writeOutput(htmlPath, renderHtmlReport({ report, issuers: data.issuers, timeline: data.timeline, relativeTo: dir }));
  return [mdPath, htmlPath];
}

/** Runs one batch and writes its digest and the claims report; prints nothing (the caller does). */
export async function executeBatch(options: BatchRunOptions): Promise<BatchOutcome> {
  const { db } = options;
  const before = issuerStandings(db, scorerVersion());
  const result = await runBatch(
    {
      db,
      client: options.client,
      mode: options.mode,
      process: options.process,
      digestOf: (partial) => JSON.stringify(digestFrom(db, partial, before, [])),
    },
    options.request,
    options.plan,
  );
  const digestPath = options.digestPath ?? defaultDigestPath(options.dbPath, options.format, new Date(result.finishedAt));
  const claimsReport = refreshClaimsReport(db, digestPath, options.format);
  const digest = digestFrom(db, result, before, claimsReport.map((p) => basename(p)));
  const text = options.format === 'json' ? `${JSON.stringify(digest, null, 2)}\n` : renderDigestMarkdown(digest);
  writeOutput(digestPath, text);
  return { result, digest, digestPath, text, exitCode: digest.failures.length > 0 ? 1 : 0 };
}

/** The lines naming each failure, for standard error. */
export function failureLines(digest: Digest): string[] {
  return digest.failures.map((f) =>
    `FAILED  ${[f.ticker ?? f.issuer, f.form, f.filing ?? '(discovery)'].filter(Boolean).join(' ')} at ${f.stage}: ${f.reason}`,
  );
}

