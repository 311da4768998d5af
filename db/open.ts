/**
 * The one way to open the database: explicit pragmas, then every pending
 * migration. Tests use the same function on a temporary file or `:memory:`.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../pipeline/core/errors.ts';
import { packagePath } from '../pipeline/core/package-root.ts';

export type Db = Database.Database;

const MIGRATIONS_DIR = packagePath('db/migrations/');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Migrations shipped with the code, in order. File names are `NNN-name.sql`. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    }));
}

/** Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction. */
export function migrate(db: Db, migrations = listMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new UserError(
      `the database was written by a newer minerpivot (schema ${newest}, this version knows ${known}); upgrade minerpivot`,
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const done: number[] = [];
  // A migration may rebuild a table (SQLite cannot drop a CHECK): with foreign keys on, dropping the old
  // table would cascade-delete every row that refers to it. So keys are off while migrating, as SQLite's
  // documented procedure says, and each migration's references are checked before it commits.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      // IMMEDIATE takes the write lock first and the version is checked again under it: two processes
      // opening a new file at once (a run and a store worker) apply each migration once between them.
      const ran = db.transaction((): boolean => {
        if (isApplied.get(migration.version)) return false;
        db.exec(migration.sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${migration.name} leaves ${broken.length} broken reference(s)`);
        record.run(migration.version, migration.name, new Date().toISOString());
        return true;
      }).immediate();
      if (!ran) continue;
      done.push(migration.version);
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return done;
}

export interface OpenOptions {
  readonly?: boolean;
}

/** How long {@link useWal} tries again while another connection writes to a file that is not yet in WAL. */
const WAL_SWITCH_WAIT_MS = 10_000;

/**
 * Puts the database in WAL mode. Switching needs the file to itself, and while another process writes to a
 * new file still in rollback mode (a run and a worker starting together, one migrating) SQLite answers
 * SQLITE_BUSY at once, without the busy timeout (waiting there could deadlock): so it waits and tries
 * again. A file already in WAL needs nothing.
 */
function useWal(db: Db): void {
  const deadline = Date.now() + WAL_SWITCH_WAIT_MS;
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/**
 * Opens (creating if needed) and migrates the database at `path`.
 * WAL lets analysts read while the store worker writes; the busy timeout
 * rides out a concurrent writer instead of failing with SQLITE_BUSY.
 */
export function openDb(path: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(`cannot open database ${path}: ${reason}`);
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (!options.readonly) {
    if (path !== ':memory:') useWal(db);
    db.pragma('synchronous = NORMAL');
    // A writer appends filings and reads back little (an issuer's fingerprints and summaries): 4 MB of page
    // cache instead of better-sqlite3's 16 MB, which a long batch fills page by page (RSS +14 % over the
    // 1,000-document batch of npm run bench, against +6 %; no difference in the time of the 16-file run).
    // The analysts' read-only connections (db/analyst.ts) keep the default.
    db.pragma('cache_size = -4000');
    migrate(db);
  }
  return db;
}
