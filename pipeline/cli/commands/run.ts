/** `minerpivot run`: the whole pipeline in this process, over a folder of filings. */
import { setTimeout as sleep } from 'node:timers/promises';
import { issuerRows, tableCounts } from '../../../db/queries.ts';
import { FilingRepository } from '../../../db/repository.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { createHandlers } from '../../run/handlers.ts';
import { localExtractDeps } from '../../stages/extract.ts';
import { planFromDirectory } from '../../sources/local/manifest.ts';
import { openSources } from '../../sources/registry.ts';
import { runInProcess, type RunEvent } from '../../run/runner.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { Command, Io } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { discoveryFailureLine, EDGAR_SOURCE_OPTIONS, edgarRunSource, wantsEdgar } from '../shared/edgar.ts';
import { wrapLine } from '../shared/format.ts';
import { printIssuerTable } from '../shared/issuer-table.ts';
import { DB_OPTION, flag, JSON_OPTION, outputWidth, stringOption } from '../shared/options.ts';
import { createProgress } from '../shared/progress.ts';
import { packagePath } from '../../core/package-root.ts';

/** What `run` reads of the environment: no Redis, queue prefix or lock (those are the workers'). */
const RUN_CONFIG = ['dbPath', 'cacheDir', 'secUserAgent', 'secDataUrl', 'secWwwUrl', 'secMaxRps', 'secPauseSeconds', 'secRetrySeconds', 'secTimeoutSeconds', 'retryPauseSeconds', 'maxDocumentMb', 'maxTextChars', 'documentSeconds'] as const;

/** The bundled sample filings, run by `npm start`. */
export const SAMPLES_DIR = packagePath('samples/');

function label(event: RunEvent): string {
  const f = event.filing;
  const date = f.periodEnd ?? f.filedAt ?? '';
  return `${f.issuer.tickers[0] ?? f.issuer.name} ${f.form} ${date}`.trim();
}

function progressLine(event: RunEvent): string {
  const counter = `[${event.pass === 2 ? 'retry ' : ''}${event.index}/${event.total}]`;
  if (event.type === 'stored') return `${counter} stored  ${label(event)}`;
  return `${counter} FAILED  ${label(event)} at ${event.stage}: ${event.reason}`;
}

const command: Command = {
  usage: 'minerpivot run (--samples | --dir PATH | --tickers LIST | --ciks LIST) [--forms LIST] [--since DATE] [--db PATH] [--json]',
  options: {
    samples: { type: 'boolean', description: 'run over the bundled sample filings (what `npm start` does)' },
    dir: { type: 'string', value: 'PATH', description: 'run over a folder of filings described by its manifest.tsv' },
    'allow-outside': { type: 'boolean', description: "with --dir: let manifest lines name files outside the manifest's folder" },
    ...EDGAR_SOURCE_OPTIONS,
    ...DB_OPTION,
    ...JSON_OPTION,
    quiet: { type: 'boolean', short: 'q', description: 'no per-filing progress lines' },
  },
  details: [
    'A folder needs a manifest.tsv (or MANIFEST.tsv): tab-separated, header line, columns',
    'path, issuer, form (required) and cik, ticker, filing_date, period_end, country, accession, notes.',
    'See README "Manifest format". Failures are recorded on the filing row and the run goes on; what',
    'failed for a transient reason (the network) is tried once more at the end, after',
    'MINERPIVOT_RETRY_PAUSE_SECONDS. Exit 0 when everything is stored, 1 when anything failed.',
    '`minerpivot retry` runs the failed filings again later.',
    '',
    'Examples:',
    '  minerpivot run --samples',
    '  minerpivot run --dir ../shared/corpus --db corpus.db',
    '  minerpivot run --tickers RIOT,MARA,CLSK --forms 10-K,10-Q,8-K --since 2023-01-01   (needs SEC_USER_AGENT)',
  ],
  async run(args, io: Io) {
    const config = loadConfig(io.env, RUN_CONFIG);
    const dir = stringOption(args, 'dir');
    const samples = flag(args, 'samples');
    const edgar = wantsEdgar(args);
    if (Number(samples) + Number(dir !== undefined) + Number(edgar) !== 1) {
      throw new UserError('give exactly one of --samples, --dir PATH or --tickers/--ciks LIST');
    }
    const source = edgar ? await edgarRunSource(args, config, io) : null;
    const plan = source?.plan ?? planFromDirectory(samples ? SAMPLES_DIR : dir!, { allowOutside: flag(args, 'allow-outside') });
    const json = flag(args, 'json');
    const quiet = flag(args, 'quiet') || json;
    let discoveryFailed = source?.failed ?? [];
    const retryPauseMs = config.retryPauseSeconds * 1000;
    let askedAgain = false;
    if (source && plan.jobs.length === 0 && discoveryFailed.some((f) => f.transient)) {
      // Nothing discovered yet, only for transient reasons: ask once more before opening the database.
      const askAgain = discoveryFailed.filter((f) => f.transient);
      io.err(`asking EDGAR once more for ${askAgain.map((f) => f.filer).join(', ')} in ${Math.round(retryPauseMs / 1000)} s`);
      await sleep(retryPauseMs);
      const again = await source.rediscover(askAgain);
      discoveryFailed = [...discoveryFailed.filter((f) => !f.transient), ...again.failed];
      plan.jobs.push(...again.jobs);
      askedAgain = true;
    }
    if (plan.jobs.length === 0 && plan.problems.length === 0) {
      // Nothing to store is not a success, and no empty database is left behind.
      if (discoveryFailed.length === 0) {
        io.err(`minerpivot run: no filing matched in ${plan.origin}${plan.skipped ? ` (${plan.skipped} row(s) that are not filings left out)` : ''}`);
      } else {
        io.err(`minerpivot run: nothing to run: discovery failed for ${discoveryFailed.map((f) => f.filer).join(', ')}`);
      }
      return 1;
    }

    const { db, path: dbPath } = openCommandDb(args, config, 'create');
    try {
      const repository = new FilingRepository(db);
      for (const problem of plan.problems) {
        io.err(`${problem.where}: ${problem.message}`);
        if (problem.filing) repository.recordFailure(problem.filing, 'fetch', `${problem.where}: ${problem.message}`);
      }
      if (!quiet) io.err(`running ${plan.jobs.length} filing(s) from ${plan.origin} into ${dbPath}`);
      // On a terminal a bar replaces the per-filing lines; failures are printed either way.
      const progress = createProgress(io, plan.jobs.length, { label: 'run', quiet });
      let failedSoFar = 0;
      const onEvent = (event: RunEvent) => {
        if (event.type === 'failed') failedSoFar++;
        if (event.type === 'failed') progress.log(progressLine(event));
        else if (!quiet && !io.isTty) io.err(progressLine(event));
        if (event.pass !== 2) progress.update(event.index, failedSoFar);
      };
      const handlers = createHandlers({
        repository,
        sources: source?.sources ?? openSources({ config }),
        extract: { ...localExtractDeps, budgetMs: config.documentSeconds * 1000, maxTextChars: config.maxTextChars },
      });
      // Failed transient work gets one more pass at the end, after a pause: a burst of faults is often over by then.
      let paused = false;
      const summary = await runInProcess(plan.jobs, handlers, onEvent, {
        retryPauseMs,
        onRetry: (filings, pauseMs) => {
          paused = true;
          progress.log(`trying ${filings} filing(s) that failed for a transient reason once more in ${Math.round(pauseMs / 1000)} s`);
        },
      });
      const askAgain = askedAgain ? [] : discoveryFailed.filter((f) => f.transient);
      if (source && askAgain.length > 0) {
        progress.log(`asking EDGAR once more for ${askAgain.map((f) => f.filer).join(', ')}${paused ? '' : ` in ${Math.round(retryPauseMs / 1000)} s`}`);
        if (!paused) await sleep(retryPauseMs);
        const again = await source.rediscover(askAgain);
        discoveryFailed = [...discoveryFailed.filter((f) => !f.transient), ...again.failed];
        const known = new Set(plan.jobs.map((j) => j.filing.key));
        const late = await runInProcess(
          again.jobs.filter((j) => !known.has(j.filing.key)),
          handlers,
          (event) => onEvent({ ...event, pass: 2 }),
        );
        summary.total += late.total;
        summary.stored += late.stored;
        summary.failed.push(...late.failed);
      }
      progress.finish();
      const rows = issuerRows(db, scorerVersion());
      const failed = summary.failed.length + plan.problems.length + discoveryFailed.length;
      if (json) {
        io.out(
          JSON.stringify(
            {
              db: dbPath,
              scorerVersion: scorerVersion(),
              filings: summary.total,
              stored: summary.stored,
              failed: summary.failed.map((f) => ({ filing: f.filing.key, source: f.filing.sourceRef, stage: f.stage, reason: f.reason })),
              recovered: summary.recovered,
              manifestProblems: plan.problems.map((p) => ({ where: p.where, message: p.message })),
              discoveryFailed: discoveryFailed.map((f) => ({ filer: f.filer, reason: f.reason, transient: f.transient })),
              counts: tableCounts(db),
              issuers: rows,
            },
            null,
            2,
          ),
        );
      } else {
        printIssuerTable(rows, io, outputWidth(args, io));
        io.out('');
        io.out(
          wrapLine(
            `${summary.stored} of ${summary.total} filing(s) stored${failed ? `, ${failed} failed` : ''}` +
              `${summary.recovered ? ` (${summary.recovered} on the second try)` : ''}; ` +
              `database ${dbPath}; scorer ${scorerVersion()}`,
            outputWidth(args, io),
          ),
        );
        // What still failed, once more at the end where it is read: one line each.
        const stillFailed = [
          ...discoveryFailed.map(discoveryFailureLine),
          ...plan.problems.map((p) => `FAILED  ${p.where}: ${p.message}`),
          ...summary.failed.map((f) => `FAILED  ${f.filing.issuer.tickers[0] ?? f.filing.issuer.name} ${f.filing.form} ${f.filing.key} at ${f.stage}: ${f.reason}`),
        ];
        if (stillFailed.length > 0) {
          io.out('still failed (minerpivot retry runs the filings again):');
          for (const line of stillFailed) io.out(`  ${line}`);
        }
      }
      // 0 only when everything asked for is stored; 1 when anything failed (the lines above say what).
      return failed > 0 ? 1 : 0;
    } finally {
      db.close();
    }
  },
};

export default command;
