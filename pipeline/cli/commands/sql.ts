/** `minerpivot sql "SELECT ..."`: one read-only query against the database, as a table or JSON. */
import { openAnalystDb, SQL_MAX_ROWS } from '../../../db/analyst.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import type { Command } from '../shared/command.ts';
import { runSqlWithLimits } from '../shared/sql-process.ts';
import { renderTable } from '../shared/format.ts';
import { countOption, DB_OPTION, dbPathOf, flag, JSON_OPTION } from '../shared/options.ts';

/** A cell for people: numbers as they are, text on one line and cut at `width` characters. */
function cellText(value: unknown, width: number): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return `<blob ${value.length} bytes>`;
  const text = String(value).replace(/\s+/g, ' ');
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

const DEFAULT_TIMEOUT_SECONDS = 30;

const command: Command = {
  usage: 'minerpivot sql "SELECT ..." [--db PATH] [--json] [--width N] [--timeout SECONDS] [--max-rows N]',
  allowPositionals: true,
  options: {
    width: { type: 'string', value: 'N', description: 'cut table cells at N characters (default 60; --json is never cut)' },
    timeout: { type: 'string', value: 'SECONDS', description: `stop the query after this long (default ${DEFAULT_TIMEOUT_SECONDS})` },
    'max-rows': { type: 'string', value: 'N', description: `show at most N rows (default ${SQL_MAX_ROWS}); the rest are not read` },
    ...DB_OPTION,
    ...JSON_OPTION,
  },
  details: [
    'The database is opened read-only, never migrated, and only a single SELECT (or WITH ... SELECT) runs:',
    'DELETE, UPDATE, DROP, ATTACH, PRAGMA and the like are refused; parameters (?) are not supported. The query',
    `runs in a child process stopped after --timeout (default ${DEFAULT_TIMEOUT_SECONDS} s), and at most --max-rows rows are read.`,
    'A file that is not a minerpivot database is refused. Columns of a view: SELECT * FROM pragma_table_info(\'evidence\').',
    'Examples:',
    '  minerpivot sql "SELECT ticker, latest_pivot_index FROM issuer_latest WHERE scorer_version = (SELECT MAX(scorer_version) FROM issuer_latest)"',
    '  minerpivot sql "SELECT ticker, period, pivot_index FROM pivot_timeline WHERE ticker = \'RIOT\' ORDER BY period" --json',
    'The schema, with more examples: docs/SCHEMA.md.',
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) {
      throw new UserError('expected one SQL statement in quotes, e.g. minerpivot sql "SELECT * FROM issuer_latest"');
    }
    const width = countOption(args, 'width', 60, { min: 4 });
    const timeoutSeconds = countOption(args, 'timeout', DEFAULT_TIMEOUT_SECONDS, { min: 1, max: 86_400 });
    const maxRows = countOption(args, 'max-rows', SQL_MAX_ROWS, { min: 1, max: 10_000_000 });
    const path = dbPathOf(args, loadConfig(io.env, ['dbPath']));
    // Refuses a missing file or one that is not ours in this process, at once, with the same message.
    openAnalystDb(path, { migrate: false }).close();
    const { columns, rows, truncated } = await runSqlWithLimits(path, args.positionals[0]!, { timeoutMs: timeoutSeconds * 1000, maxRows });
    if (flag(args, 'json')) {
      io.out(JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('base64') : v), 2));
    } else {
      io.out(renderTable(rows, columns.map((name) => ({ header: name, value: (r: Record<string, unknown>) => cellText(r[name], width), align: typeof rows[0]?.[name] === 'number' ? ('right' as const) : ('left' as const) }))));
      io.out(`(${rows.length} row${rows.length === 1 ? '' : 's'}${truncated ? ', more not read' : ''})`);
    }
    if (truncated) io.err(`minerpivot sql: only the first ${maxRows} rows were read (--max-rows N for more, or add a LIMIT)`);
    return 0;
  },
};

export default command;
