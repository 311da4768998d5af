/** Options shared by commands that open the database. */
import type { Config } from '../core/config.ts';
import { stringOption, type OptionSpec, type ParsedArgs } from './command.ts';

export const DB_OPTION: Record<string, OptionSpec> = {
  db: { type: 'string', value: 'PATH', description: 'SQLite file (default: $MINERPIVOT_DB or ./minerpivot.db)' },
};

export const JSON_OPTION: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print JSON for scripts instead of a table' },
};

/** The database path: --db wins over the configuration. */
export function dbPathOf(args: ParsedArgs, config: Config): string {
  return stringOption(args, 'db') ?? config.dbPath;
}
