/**
 * Several processes opening one new database file at once (a run and its store workers) migrate it
 * once between them: no "table already exists", every migration recorded once.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listMigrations, openDb } from '../../db/open.ts';
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

/** A process that writes to `path` in rollback mode (BEGIN IMMEDIATE) and holds the write lock for `ms`. */
function holdWriteLock(path: string, ms: number): Promise<{ child: ReturnType<typeof spawn>; done: Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    ['-e', `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('CREATE TABLE IF NOT EXISTS w (x)'); db.exec('BEGIN IMMEDIATE'); db.exec('INSERT INTO w VALUES (1)'); console.log('locked'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`, path],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve({ child, done })));
}

describe('opening a new database from several processes at once', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('waits for a writer of a file not yet in WAL instead of failing with SQLITE_BUSY', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, 'busy.db');
    const writer = await holdWriteLock(path, 400);
    // SQLite refuses the switch to WAL at once while another connection holds the write lock (no busy timeout there).
    const db = openDb(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(listMigrations().map((m) => m.version));
    db.close();
    expect(await writer.done).toBe(0);
  });

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
