/**
 * Typed option helpers: each reads one option of the parsed arguments and
 * either returns a value of the right type or throws a one-line UserError that
 * names the option and what it expects. Commands use these instead of parsing
 * numbers, dates and lists themselves.
 */
import type { Config } from '../../core/config.ts';
import { isIsoDate } from '../../core/dates.ts';
import { UserError } from '../../core/errors.ts';
import type { Io, OptionSpec, ParsedArgs } from './command.ts';

export const DB_OPTION: Record<string, OptionSpec> = {
  db: { type: 'string', value: 'PATH', description: 'SQLite file (default: $MINERPIVOT_DB or ./minerpivot.db)' },
};

export const JSON_OPTION: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print JSON for scripts instead of a table' },
};

/** Options of the commands whose tables fit the terminal. */
export const WIDTH_OPTIONS: Record<string, OptionSpec> = {
  width: { type: 'string', value: 'N', description: 'fit lines in N columns (default: the terminal, else $COLUMNS, else 100)' },
  full: { type: 'boolean', description: 'show long sentences whole, wrapped, instead of shortened' },
};

/** Columns when nothing says otherwise (not a terminal, no $COLUMNS). */
export const DEFAULT_WIDTH = 100;

/** The width to fit output in: --width, else the terminal's, else $COLUMNS, else {@link DEFAULT_WIDTH}. */
export function outputWidth(args: ParsedArgs, io: Io): number {
  if (stringOption(args, 'width') !== undefined) return countOption(args, 'width', DEFAULT_WIDTH, { min: 40, max: 1000 });
  if (io.columns && io.columns > 0) return io.columns;
  const env = Number(io.env['COLUMNS']);
  return Number.isInteger(env) && env >= 20 ? env : DEFAULT_WIDTH;
}

/** A string option, or undefined when not given. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A boolean flag. */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A `YYYY-MM-DD` date option, or null when not given. */
export function dateOption(args: ParsedArgs, name: string): string | null {
  const value = stringOption(args, name);
  if (value === undefined) return null;
  if (!isIsoDate(value)) throw new UserError(`--${name} ${value}: expected a date YYYY-MM-DD`);
  return value;
}

/** A whole number in [min, max], or `fallback` when not given. */
export function countOption(args: ParsedArgs, name: string, fallback: number, { min = 1, max = 10_000 } = {}): number {
  const value = stringOption(args, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`--${name} ${value}: expected a whole number from ${min} to ${max}`);
  return n;
}

/** One of a closed list of values, or undefined when not given. */
export function oneOfOption<T extends string>(args: ParsedArgs, name: string, allowed: ReadonlyArray<T>): T | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UserError(`--${name} ${value}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

/** A comma (or space) separated list, or undefined when not given. */
export function listOption(args: ParsedArgs, name: string): string[] | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  return value
    .split(/[,\s]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** The database path: --db wins over the configuration. */
export function dbPathOf(args: ParsedArgs, config: Config): string {
  return stringOption(args, 'db') ?? config.dbPath;
}
