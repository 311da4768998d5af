/**
 * The one way a command opens its database: `--db PATH`, else the configured
 * path, in one of three modes.
 */
import { existsSync } from 'node:fs';
import { openAnalystDb } from '../../../db/analyst.ts';
import { openDb, type Db } from '../../../db/open.ts';
import type { Config } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import type { ParsedArgs } from './command.ts';
import { dbPathOf } from './options.ts';

/**
 * - `create`: the commands that store filings (run, add, the store worker): made if absent, migrated.
 * - `update`: commands that rewrite stored data (rescore): the file must exist.
 * - `read`: the analyst commands: the file must exist and is opened read-only (migrated first if it is older).
 */
export type DbMode = 'create' | 'update' | 'read';

export function openCommandDb(args: ParsedArgs, config: Config, mode: DbMode): { db: Db; path: string } {
  const path = dbPathOf(args, config);
  if (mode === 'read') return { db: openAnalystDb(path), path };
  if (mode === 'update' && path !== ':memory:' && !existsSync(path)) {
    throw new UserError(`no database at ${path}: run "minerpivot run" first, or pass --db PATH`);
  }
  return { db: openDb(path), path };
}
