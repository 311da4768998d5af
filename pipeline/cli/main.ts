/**
 * The `minerpivot` command line: a thin shell over the pipeline's functions.
 * User mistakes end in one line on stderr and a non-zero exit, never a stack trace.
 */
import { ENV_VARS } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { addCommand } from './add.ts';
import { commandHelp, parseCommandArgs, type Command, type Io } from './command.ts';
import { inspectCommand } from './inspect.ts';
import { issuersCommand } from './issuers.ts';
import { rescoreCommand } from './rescore.ts';
import { runCommand } from './run.ts';
import { enqueueCommand } from './enqueue.ts';
import { statusCommand } from './status.ts';
import { workerCommand } from './worker.ts';
import { showCommand } from './show.ts';
import { searchCommand } from './search.ts';
import { sqlCommand } from './sql.ts';
import { exportCommand } from './export.ts';
import { claimsCommand } from './claims.ts';

export const COMMANDS: ReadonlyArray<Command> = [
  runCommand,
  addCommand,
  issuersCommand,
  showCommand,
  searchCommand,
  sqlCommand,
  exportCommand,
  claimsCommand,
  inspectCommand,
  rescoreCommand,
  enqueueCommand,
  workerCommand,
  statusCommand,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'minerpivot: how far listed Bitcoin miners pivot to AI/HPC hosting, measured from their filings',
    '',
    'Usage: minerpivot <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Environment:',
    ...ENV_VARS.map((v) => `  ${v.name.padEnd(Math.max(...ENV_VARS.map((e) => e.name.length)))}  ${v.description}`),
    '',
    'Run "minerpivot <command> --help" for the options of a command.',
  ].join('\n');
}

/** Runs the CLI with injected arguments and streams; returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`minerpivot: unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see minerpivot --help)`);
    return 2;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help === true) {
      io.out(commandHelp(command));
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UserError) {
      io.err(`minerpivot ${command.name}: ${error.message}`);
      return error.exitCode;
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
  };
}
