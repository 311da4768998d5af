/**
 * The shape of a CLI subcommand: one file per command under `commands/`, its
 * options declared once (they feed both the parser and `--help`), output through
 * injected streams so tests run commands without a subprocess. A command's name
 * and summary live in the registry of `main.ts`, so `--help` loads no command.
 */
import { parseArgs } from 'node:util';
import { UserError } from '../../core/errors.ts';
import { closest } from './suggest.ts';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** True when stdout is a terminal (progress bars, colours). */
  isTty: boolean;
  /** Width of the terminal stdout writes to, when it is one. */
  columns?: number | null;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in --help; `VALUE` names the argument. */
  description: string;
  value?: string;
  multiple?: boolean;
}

/** A subcommand, as its module exports it by default. */
export interface Command {
  usage: string;
  options: Record<string, OptionSpec>;
  /** Extra lines for --help (examples, formats). */
  details?: string[];
  allowPositionals?: boolean;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

/** A registry entry: what `--help` shows, and how to load the command when it runs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<{ default: Command }>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Options every command accepts. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** Parses a command's arguments; a bad flag is a UserError naming it. */
export function parseCommandArgs(name: string, command: Command, argv: string[]): ParsedArgs {
  const options = { ...COMMON_OPTIONS, ...command.options };
  try {
    const parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([option, spec]) => [
          option,
          { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
        ]),
      ),
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const unknown = /^Unknown option '--?([^']+)'/.exec(message)?.[1];
    const suggestion = unknown ? closest(unknown, Object.keys(options)) : null;
    throw new UserError(`${message}${suggestion ? ` (did you mean --${suggestion}?)` : ''} (see minerpivot ${name} --help)`);
  }
}

/** The --help text of a command. */
export function commandHelp(entry: Pick<CommandEntry, 'name' | 'summary'>, command: Command): string {
  const options = { ...command.options, ...COMMON_OPTIONS };
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
    return `  ${flag.padEnd(30)} ${spec.description}`;
  });
  return [
    `minerpivot ${entry.name}: ${entry.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    'Options:',
    ...rows,
    ...(command.details ? ['', ...command.details] : []),
  ].join('\n');
}
