/**
 * `minerpivot sql` on untrusted statements and files: read-only and never migrating, a time
 * limit that stops even a statement returning no row, a row cap, one line for each refusal.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';

describe('sql limits', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const db = join(tmp.dir, 'mp.db');
  openDb(db).close();

  it('stops an endless recursive CTE that returns no row after --timeout, in one line', async () => {
    const r = await cli(['sql', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c', '--db', db, '--timeout', '2']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('minerpivot sql: query stopped after 2 s (--timeout SECONDS allows longer; an endless WITH RECURSIVE needs a LIMIT)');
  });

  it('reads at most --max-rows rows of an endless one and says so', async () => {
    const r = await cli(['sql', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c', '--db', db, '--max-rows', '5', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([1, 2, 3, 4, 5].map((x) => ({ x })));
    expect(r.err).toBe('minerpivot sql: only the first 5 rows were read (--max-rows N for more, or add a LIMIT)');
  });

  it('never migrates: an older minerpivot database stays as it is, a foreign SQLite file is refused untouched', async () => {
    const older = join(tmp.dir, 'older.db');
    openDb(older).close();
    const raw = new Database(older);
    const latest = raw.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number;
    raw.prepare('DELETE FROM schema_migrations WHERE version = ?').run(latest);
    raw.close();
    const r = await cli(['sql', 'SELECT COUNT(*) AS n FROM schema_migrations', '--db', older, '--json']);
    expect(r.code).toBe(0);
    const check = new Database(older, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) FROM schema_migrations WHERE version = ?').pluck().get(latest)).toBe(0);
    check.close();

    const foreign = join(tmp.dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE notes (x TEXT)');
    f.close();
    const refused = await cli(['sql', 'SELECT 1', '--db', foreign]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^minerpivot sql: .*foreign\.db is not a minerpivot database/);
    expect(refused.err.split('\n')).toHaveLength(1);
    const after = new Database(foreign, { readonly: true });
    expect(after.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get()).toBe(1);
    after.close();
  });

  it('refuses parameters and writes in one line', async () => {
    for (const sql of ['SELECT ?', "DELETE FROM issuers", "ATTACH 'x.db' AS x"]) {
      const r = await cli(['sql', sql, '--db', db]);
      expect(r.code, sql).toBe(2);
      expect(r.err.split('\n'), sql).toHaveLength(1);
      expect(r.err, sql).not.toMatch(/\n\s+at /);
    }
  });
});
