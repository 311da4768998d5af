/**
 * The compiled CLI (`prepare` -> bin/build.mjs -> dist/) in a copy of the package: it runs without tsx,
 * finds the files read at run time (migrations, samples, JSON data) from dist/, and a source edited after
 * the build makes bin/minerpivot.js run the sources instead of the stale build.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('compiled build', () => {
  const tmp = tempDir('minerpivot-build-');
  const pkg = join(tmp.dir, 'pkg');

  beforeAll(() => {
    mkdirSync(pkg);
    // Sources are copied (their mtimes matter); node_modules is shared.
    for (const entry of ['pipeline', 'workers', 'extractors', 'db', 'bin', 'samples', 'docs']) {
      cpSync(join(ROOT, entry), join(pkg, entry), { recursive: true });
    }
    for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(ROOT, file), join(pkg, file));
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const build = spawnSync(process.execPath, [join(pkg, 'bin/build.mjs')], { cwd: pkg, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  const cli = (args: string[]) =>
    spawnSync(process.execPath, [join(pkg, 'bin/minerpivot.js'), ...args], {
      cwd: tmp.dir,
      encoding: 'utf8',
      maxBuffer: 256 << 20,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_DEBUG: 'esm' },
    });

  it('runs the samples from dist/ without loading a TypeScript file', () => {
    expect(existsSync(join(pkg, 'dist/pipeline/cli/main.js'))).toBe(true);
    // The PDF page thread is plain JavaScript, copied rather than compiled: without it no PDF can be read.
    expect(existsSync(join(pkg, 'dist/pipeline/stages/pdf-pages-thread.mjs'))).toBe(true);
    const db = join(tmp.dir, 'compiled.db');
    const run = cli(['run', '--samples', '--db', db, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/9 of 9 filing\(s\) stored/);
    // NODE_DEBUG=esm names every module loaded: none is a .ts file, and tsx's loader is never registered.
    expect(run.stderr).toMatch(/dist\/pipeline\/cli\/main\.js/);
    expect(run.stderr).not.toMatch(/file:\/\/\S+\.ts\b/);
    const rows = new Database(db, { readonly: true }).prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get() as number;
    expect(rows).toBeGreaterThan(0);
    // `sql` runs its statement in a child process: the compiled child, not a .ts file that dist/ lacks.
    const sql = cli(['sql', 'SELECT COUNT(*) AS n FROM filings', '--db', db, '--json']);
    expect(sql.status, sql.stderr).toBe(0);
    expect(JSON.parse(sql.stdout)).toEqual([{ n: 9 }]);
    expect(sql.stderr).not.toMatch(/file:\/\/\S+\.ts\b/);
  });

  it('runs the sources when one was edited after the build', () => {
    const edited = join(pkg, 'pipeline/cli/main.ts');
    const later = new Date(Date.now() + 5_000);
    utimesSync(edited, later, later);
    const help = cli(['--version']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stderr).toMatch(/pipeline\/cli\/main\.ts/);
    expect(help.stderr).not.toMatch(/dist\/pipeline\/cli\/main\.js/);
  });
});
