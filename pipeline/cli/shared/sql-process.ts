/**
 * Runs `minerpivot sql`'s statement in a child process with a time limit: the only way to stop a
 * statement such as an aggregate over an endless recursive CTE, which returns no row to stop at.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SqlResult } from '../../../db/analyst.ts';
import { UserError } from '../../core/errors.ts';

// The child is this module's sibling in the same form: sql-child.ts through tsx when the sources run,
// sql-child.js of dist/ when the compiled build does (no TypeScript file exists there).
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const CHILD = fileURLToPath(new URL(FROM_SOURCES ? './sql-child.ts' : './sql-child.js', import.meta.url));
const CHILD_ARGS = FROM_SOURCES ? ['--import', import.meta.resolve('tsx'), CHILD] : [CHILD];

function decode(value: unknown): unknown {
  if (value && typeof value === 'object') {
    const v = value as { $blob?: string; $bigint?: string };
    if (typeof v.$blob === 'string') return Buffer.from(v.$blob, 'base64');
    if (typeof v.$bigint === 'string') return BigInt(v.$bigint);
  }
  return value;
}

/**
 * The statement's columns and first `maxRows` rows.
 * @throws UserError for a refused or wrong statement, a file that is not a minerpivot database,
 *   or a statement still running after `timeoutMs`
 */
export function runSqlWithLimits(path: string, sql: string, options: { timeoutMs: number; maxRows: number }): Promise<SqlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, CHILD_ARGS, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (err.length < 20_000) err += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        return reject(new UserError(`query stopped after ${Math.round(options.timeoutMs / 1000)} s (--timeout SECONDS allows longer; an endless WITH RECURSIVE needs a LIMIT)`, 1));
      }
      let answer: { userError?: string; columns?: string[]; rows?: Array<Record<string, unknown>>; truncated?: boolean };
      try {
        answer = JSON.parse(out) as typeof answer;
      } catch {
        return reject(new Error(`sql child process failed (exit ${code}): ${err.trim().split('\n').slice(0, 20).join('\n')}`));
      }
      if (answer.userError !== undefined) return reject(new UserError(answer.userError));
      const rows = (answer.rows ?? []).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, decode(v)])));
      resolve({ columns: answer.columns ?? [], rows, truncated: answer.truncated ?? false });
    });
    child.stdin.end(JSON.stringify({ path, sql, maxRows: options.maxRows }));
  });
}
