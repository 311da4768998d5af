/**
 * The `minerpivot` command line: a thin shell over the pipeline's functions.
 * Commands load lazily: the registry below holds what `--help` shows, and a
 * command's module (and everything it imports) loads only when it runs.
 * User mistakes end in one line on stderr and a non-zero exit, never a stack trace.
 */
import { ENV_VARS } from '../core/config.ts';
import { describeError, PermanentError, TransientError, UserError } from '../core/errors.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { commandHelp, parseCommandArgs, type CommandEntry, type Io } from './shared/command.ts';
import { closest } from './shared/suggest.ts';

/** Every subcommand, in the order `--help` lists them. A new command is a file in commands/ and a line here. */
export const COMMANDS: ReadonlyArray<CommandEntry> = [
  { name: 'run', summary: 'run fetch -> extract -> score -> store in this process (no Redis needed)', load: () => import('./commands/run.ts') },
  { name: 'add', summary: 'add documents a researcher brings (SEDAR+ PDFs, local files, URLs): extract, score, store', load: () => import('./commands/add.ts') },
  { name: 'issuers', summary: 'list issuers with their latest pivot index and evidence counts', load: () => import('./commands/issuers.ts') },
  { name: 'show', summary: 'one issuer: its pivot index over time and the strongest evidence per topic', load: () => import('./commands/show.ts') },
  { name: 'facts', summary: 'the pivot in numbers: stage, revenue mix by business line, deals (MW, value, term), each with its source', load: () => import('./commands/facts.ts') },
  { name: 'search', summary: 'full-text search of the evidence sentences (FTS5, ranked, matches marked)', load: () => import('./commands/search.ts') },
  { name: 'sql', summary: 'run one read-only SELECT against the database (views: issuer_latest, pivot_timeline, evidence)', load: () => import('./commands/sql.ts') },
  { name: 'export', summary: 'export an analyst view (issuer_latest, pivot_timeline, evidence) as CSV or JSON', load: () => import('./commands/export.ts') },
  { name: 'claims', summary: "check the article's claims against the filings: verdicts, numbers, cited sentences", load: () => import('./commands/claims.ts') },
  { name: 'inspect', summary: 'extract one file and show its sections and every sentence with its labels (no database)', load: () => import('./commands/inspect.ts') },
  { name: 'retry', summary: 'run the failed filings of the database again (in this process, or queued when REDIS_URL is set)', load: () => import('./commands/retry.ts') },
  { name: 'rescore', summary: 'score stored filings again with the current scorer (after a lexicon change); no download', load: () => import('./commands/rescore.ts') },
  { name: 'enqueue', summary: 'queue EDGAR filings for the workers (Redis); re-queueing a filing is a no-op', load: () => import('./commands/enqueue.ts') },
  { name: 'worker', summary: 'process queued jobs (Redis); run one --stages store worker per database', load: () => import('./commands/worker.ts') },
  { name: 'batch', summary: 'bring every watched issuer up to date: only new filings, a checkpoint each, a digest', load: () => import('./commands/batch.ts') },
  { name: 'watchlist', summary: 'the watched issuers: list, add, remove, check against the SEC company_tickers.json', load: () => import('./commands/watchlist.ts') },
  { name: 'schedule', summary: 'run the batch on a schedule (a BullMQ job scheduler): --cron, --list, --remove, --worker', load: () => import('./commands/schedule.ts') },
  { name: 'dashboard', summary: 'the queue dashboard (Bull Board), on 127.0.0.1 unless --host is given', load: () => import('./commands/dashboard.ts') },
  { name: 'status', summary: 'per stage: waiting / active / delayed / completed / failed; last failures; SEC pause', load: () => import('./commands/status.ts') },
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const envWidth = Math.max(...ENV_VARS.map((e) => e.name.length));
  return [
    'minerpivot: how far listed Bitcoin miners pivot to AI/HPC hosting, measured from their filings',
    '',
    'Usage: minerpivot <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Environment:',
    ...ENV_VARS.map((v) => `  ${v.name.padEnd(envWidth)}  ${v.description}`),
    '',
    'Run "minerpivot <command> --help" for the options of a command; "minerpivot --version" for the version.',
    '',
    'Global option: --debug (or MINERPIVOT_DEBUG=1) prints the stack of network and EDGAR failures too.',
    '',
    'Exit codes: 0 everything asked for is stored; 1 something failed (a filing, a filer EDGAR does not know,',
    'the network; the reasons are printed, one line each) or nothing matched; 2 a usage or configuration',
    'mistake (one line); 70 an internal error (a bug: the message and stack are printed).',
  ].join('\n');
}

/** Runs the CLI with injected arguments and streams; returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  // `--debug` anywhere before a `--` is the global flag, not a command's option.
  const end = argv.indexOf('--') === -1 ? argv.length : argv.indexOf('--');
  const debug = argv.slice(0, end).includes('--debug') || Boolean(io.env['MINERPIVOT_DEBUG']);
  const [name, ...rest] = [...argv.slice(0, end).filter((a) => a !== '--debug'), ...argv.slice(end)];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(`minerpivot ${packageJson.version}`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    const suggestion = name.startsWith('-') ? null : closest(name, COMMANDS.map((c) => c.name));
    io.err(
      suggestion
        ? `minerpivot: unknown command "${name}"; did you mean "${suggestion}"? (see minerpivot --help)`
        : `minerpivot: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see minerpivot --help)`,
    );
    return 2;
  }
  const { default: command } = await entry.load();
  try {
    const args = parseCommandArgs(entry.name, command, rest);
    if (args.values.help === true) {
      io.out(commandHelp(entry, command));
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UserError) {
      io.err(`minerpivot ${entry.name}: ${error.message}`);
      return error.exitCode;
    }
    // A network failure or a filer EDGAR does not know is not a bug: one line naming what failed,
    // exit 1. --debug (or MINERPIVOT_DEBUG=1) adds the stack.
    if (error instanceof PermanentError || error instanceof TransientError) {
      io.err(`minerpivot ${entry.name}: ${describeError(error)}`);
      if (debug && error.stack) io.err(error.stack);
      return 1;
    }
    throw error;
  }
}

/** Standard streams and environment of this process. */
export function processIo(): Io {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    isTty: Boolean(process.stdout.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns : null,
  };
}
