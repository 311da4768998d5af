/**
 * Several processes opening one new database file at once (a run and its store workers) migrate it
 * once between them: no "table already exists", every migration recorded once.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listMigrations } from '../../db/open.ts';
import { tempDir } from '../helpers.ts';

const OPEN = fileURLToPath(new URL('../../db/open.ts', import.meta.url));

function openInChild(path: string): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `const { openDb } = await import(${JSON.stringify(OPEN)}); openDb(process.argv[1]).close();`, path], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, err }));
  });
}

describe('opening a new database from several processes at once', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('applies every migration exactly once', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, 'shared.db');
    const results = await Promise.all(Array.from({ length: 4 }, () => openInChild(path)));
    for (const r of results) expect(r.err).toBe('');
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(listMigrations().map((m) => m.version));
    db.close();
  });
});
