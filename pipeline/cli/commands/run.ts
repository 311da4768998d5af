/** `minerpivot run`: the whole pipeline in this process, over a folder of filings. */
import { fileURLToPath } from 'node:url';
import { issuerRows, tableCounts } from '../../../db/queries.ts';
import { FilingRepository } from '../../../db/repository.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { createHandlers } from '../../run/handlers.ts';
import { planFromDirectory } from '../../sources/local/manifest.ts';
import { openSources } from '../../sources/registry.ts';
import { runInProcess, type RunEvent } from '../../run/runner.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { Command, Io } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { EDGAR_SOURCE_OPTIONS, edgarRunSource, wantsEdgar } from '../shared/edgar.ts';
import { wrapLine } from '../shared/format.ts';
import { printIssuerTable } from '../shared/issuer-table.ts';
import { DB_OPTION, flag, JSON_OPTION, outputWidth, stringOption } from '../shared/options.ts';
import { createProgress } from '../shared/progress.ts';

/** What `run` reads of the environment: no Redis, queue prefix or lock (those are the workers'). */
const RUN_CONFIG = ['dbPath', 'cacheDir', 'secUserAgent', 'secDataUrl', 'secWwwUrl', 'secMaxRps', 'secPauseSeconds', 'secRetrySeconds', 'secTimeoutSeconds', 'retryPauseSeconds'] as const;

/** The bundled sample filings, run by `npm start`. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../../samples/', import.meta.url));

function label(event: RunEvent): string {
  const f = event.filing;
  const date = f.periodEnd ?? f.filedAt ?? '';
  return `${f.issuer.tickers[0] ?? f.issuer.name} ${f.form} ${date}`.trim();
}

function progressLine(event: RunEvent): string {
  const counter = `[${event.index}/${event.total}]`;
  if (event.type === 'stored') return `${counter} stored  ${label(event)}`;
  return `${counter} FAILED  ${label(event)} at ${event.stage}: ${event.reason}`;
}

const command: Command = {
  usage: 'minerpivot run (--samples | --dir PATH | --tickers LIST | --ciks LIST) [--forms LIST] [--since DATE] [--db PATH] [--json]',
  options: {
    samples: { type: 'boolean', description: 'run over the bundled sample filings (what `npm start` does)' },
    dir: { type: 'string', value: 'PATH', description: 'run over a folder of filings described by its manifest.tsv' },
    ...EDGAR_SOURCE_OPTIONS,
    ...DB_OPTION,
    ...JSON_OPTION,
    quiet: { type: 'boolean', short: 'q', description: 'no per-filing progress lines' },
  },
  details: [
    'A folder needs a manifest.tsv (or MANIFEST.tsv): tab-separated, header line, columns',
    'path, issuer, form (required) and cik, ticker, filing_date, period_end, country, accession, notes.',
    'See README "Manifest format". Failures are recorded on the filing row and the run goes on.',
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
    const plan = source?.plan ?? planFromDirectory(samples ? SAMPLES_DIR : dir!);
    const json = flag(args, 'json');
    const quiet = flag(args, 'quiet') || json;
    if (plan.jobs.length === 0 && plan.problems.length === 0) {
      // Nothing to store is not a success, and no empty database is left behind.
      io.err(`minerpivot run: no filing matched in ${plan.origin}${plan.skipped ? ` (${plan.skipped} row(s) that are not filings left out)` : ''}`);
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
      const summary = await runInProcess(plan.jobs, createHandlers({ repository, sources: source?.sources ?? openSources({ config }) }), (event) => {
        if (event.type === 'failed') failedSoFar++;
        if (event.type === 'failed') progress.log(progressLine(event));
        else if (!quiet && !io.isTty) io.err(progressLine(event));
        progress.update(event.index, failedSoFar);
      });
      progress.finish();
      const rows = issuerRows(db, scorerVersion());
      const failed = summary.failed.length + plan.problems.length;
      if (json) {
        io.out(
          JSON.stringify(
            {
              db: dbPath,
              scorerVersion: scorerVersion(),
              filings: summary.total,
              stored: summary.stored,
              failed: summary.failed.map((f) => ({ filing: f.filing.key, source: f.filing.sourceRef, stage: f.stage, reason: f.reason })),
              manifestProblems: plan.problems.map((p) => ({ where: p.where, message: p.message })),
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
            `${summary.stored} of ${summary.total} filing(s) stored${failed ? `, ${failed} failed (see above)` : ''}; ` +
              `database ${dbPath}; scorer ${scorerVersion()}`,
            outputWidth(args, io),
          ),
        );
      }
      return summary.stored === 0 ? 1 : 0;
    } finally {
      db.close();
    }
  },
};

export default command;
