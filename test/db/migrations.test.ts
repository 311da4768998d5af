import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { listMigrations, migrate, openDb } from '../../db/open.ts';
import { tempDir } from '../helpers.ts';

describe('migrations', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('creates every table on a fresh file and records each migration once', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, 'nested', 'fresh.db');
    const db = openDb(path);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['issuers', 'filings', 'documents', 'sections', 'sentences', 'sentence_labels', 'filing_scores', 'issuer_scores', 'schema_migrations']),
    );
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(listMigrations().map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();

    // Reopening applies nothing new.
    const again = openDb(path);
    expect(migrate(again)).toEqual([]);
    again.close();
  });

  it('applies only the migrations that are missing, in order', () => {
    const db = openDb(':memory:');
    const extra = [...listMigrations(), { version: 999, name: '999-test', sql: 'CREATE TABLE extra (x INTEGER);' }];
    expect(migrate(db, extra)).toEqual([999]);
    expect(migrate(db, extra)).toEqual([]);
    db.close();
  });

  it('refuses a database written by a newer schema', () => {
    const db = openDb(':memory:');
    db.prepare("INSERT INTO schema_migrations VALUES (998, '998-future', 'now')").run();
    expect(() => migrate(db)).toThrow(/newer minerpivot/);
    db.close();
  });

  it('numbers migration files uniquely', () => {
    const versions = listMigrations().map((m) => m.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions[0]).toBe(1);
  });
});
