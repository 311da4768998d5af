/**
 * `npm run hostile`: generates the full-size hostile document set (test/support/
 * hostile-documents.ts) into a temporary folder, runs `minerpivot inspect` on each
 * document in its own process, then `minerpivot run --dir` over the whole folder,
 * and reports for each the wall time, the peak RSS and how it ended.
 *
 * A document passes when it ends within the time and memory limits (60 s, 500 MB)
 * with a clean extraction (exit 0) or a one-line error (exit 1 or 2, no stack
 * trace). The run over the folder passes when it ends and records every filing.
 *
 *   npm run hostile [-- --scale small] [--only NAME] [--keep] [--limit-seconds 60] [--limit-mb 500]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { generateHostileSet, type HostileScale } from '../support/hostile-documents.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/minerpivot.js');
const PRELOAD = join(ROOT, 'test/hostile/report-rss.mjs');

export interface Measured {
  code: number | null;
  seconds: number;
  rssMb: number | null;
  stderr: string;
  killed: boolean;
}

/** Runs the CLI in a child process with a wall-clock limit, measuring its peak RSS. */
export function measureCli(args: string[], limitSeconds: number, env: Record<string, string> = {}): Promise<Measured> {
  const report = join(tmpdir(), `minerpivot-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', PRELOAD, BIN, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env, MINERPIVOT_RSS_REPORT: report },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 100_000) stderr += d;
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitSeconds * 1000 + 5000);
    child.on('close', (code) => {
      clearTimeout(timer);
      let rssMb: number | null = null;
      if (existsSync(report)) {
        rssMb = Number(readFileSync(report, 'utf8')) / 1024;
        rmSync(report, { force: true });
      }
      resolve({ code, seconds: (performance.now() - started) / 1000, rssMb, stderr: stderr.trimEnd(), killed });
    });
  });
}

/** A clean ending: exit 0, or exit 1/2 with one line and no stack trace; within the limits. */
export function verdict(m: Measured, limitSeconds: number, limitMb: number): string | null {
  if (m.killed) return `did not finish within ${limitSeconds} s`;
  if (m.seconds > limitSeconds) return `took ${m.seconds.toFixed(1)} s`;
  if (m.rssMb !== null && m.rssMb > limitMb) return `peak RSS ${Math.round(m.rssMb)} MB`;
  if (/\n\s+at |unexpected error/.test(m.stderr)) return 'stack trace or unexpected error';
  if (m.code === 0) return null;
  if ((m.code === 1 || m.code === 2) && m.stderr.split('\n').length === 1) return null;
  return `exit ${m.code}: ${m.stderr.split('\n').slice(0, 3).join(' | ')}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'full' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'limit-seconds': { type: 'string', default: '60' },
      'limit-mb': { type: 'string', default: '500' },
      'skip-run': { type: 'boolean', default: false },
    },
  });
  const scale = values.scale as HostileScale;
  const limitSeconds = Number(values['limit-seconds']);
  const limitMb = Number(values['limit-mb']);
  const dir = mkdtempSync(join(tmpdir(), 'minerpivot-hostile-'));
  try {
    console.log(`generating the ${scale} hostile set in ${dir} ...`);
    const docs = (await generateHostileSet(dir, scale)).filter((d) => !values.only || d.file.includes(values.only));
    let failures = 0;
    console.log(`${'document'.padEnd(26)} ${'seconds'.padStart(7)} ${'RSS MB'.padStart(7)}  exit  ending`);
    for (const doc of docs) {
      if (doc.file.startsWith('/') || doc.file.startsWith('..')) continue; // manifest-only cases: see the run below
      const m = await measureCli(['inspect', join(dir, doc.file), '--form', doc.form], limitSeconds);
      const bad = verdict(m, limitSeconds, limitMb);
      if (bad) failures++;
      const ending = m.code === 0 ? 'extracted' : (m.stderr.split('\n')[0] ?? '').slice(0, 110);
      console.log(
        `${doc.file.padEnd(26)} ${m.seconds.toFixed(1).padStart(7)} ${(m.rssMb === null ? '-' : Math.round(m.rssMb).toString()).padStart(7)}  ${String(m.code).padStart(4)}  ${bad ? `FAIL (${bad}) ` : ''}${ending}`,
      );
    }
    if (!values['skip-run'] && !values.only) {
      const db = join(dir, 'hostile.db');
      const m = await measureCli(['run', '--dir', dir, '--db', db, '--quiet'], limitSeconds * docs.length);
      const sqlite = existsSync(db) ? new Database(db, { readonly: true }) : null;
      const rows = sqlite
        ? (sqlite.prepare("SELECT status, count(*) AS n FROM filings GROUP BY status").all() as Array<{ status: string; n: number }>)
        : [];
      sqlite?.close();
      const recorded = rows.reduce((n, r) => n + r.n, 0);
      const stackTrace = /\n\s+at |unexpected error/.test(m.stderr);
      const ok = !m.killed && m.code !== 70 && !stackTrace && recorded === docs.length;
      if (!ok) failures++;
      console.log(
        `\nrun --dir over ${docs.length} documents: ${m.seconds.toFixed(1)} s, peak RSS ${m.rssMb === null ? '-' : Math.round(m.rssMb)} MB, exit ${m.code}, ` +
          `filings recorded ${recorded} (${rows.map((r) => `${r.n} ${r.status}`).join(', ')})${ok ? '' : '  FAIL'}`,
      );
      if (!ok) console.log(m.stderr.split('\n').slice(-20).join('\n'));
    }
    console.log(failures === 0 ? '\nevery hostile document ended cleanly' : `\n${failures} failure(s)`);
    return failures === 0 ? 0 : 1;
  } finally {
    if (values.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
