/**
 * Body of the child process `minerpivot sql` runs its statement in (sql-process.ts). SQLite cannot be
 * interrupted from JavaScript (better-sqlite3 has no interrupt, and a worker thread blocked in a query
 * cannot be ended), so an endless query is stopped by killing this process. Reads
 * `{ path, sql, maxRows }` as JSON on stdin, writes one JSON answer on stdout.
 */
import { openAnalystDb, runReadOnlySql } from '../../../db/analyst.ts';
import { UserError } from '../../core/errors.ts';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const { path, sql, maxRows } = JSON.parse(input) as { path: string; sql: string; maxRows: number };

function encode(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { $blob: value.toString('base64') };
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  return value;
}

let answer: unknown;
try {
  const db = openAnalystDb(path, { migrate: false });
  try {
    const result = runReadOnlySql(db, sql, maxRows);
    answer = { columns: result.columns, truncated: result.truncated, rows: result.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, encode(v)]))) };
  } finally {
    db.close();
  }
} catch (error) {
  if (!(error instanceof UserError)) throw error;
  answer = { userError: error.message };
}
process.stdout.write(JSON.stringify(answer));
