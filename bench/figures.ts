/**
 * What every benchmark reports: a figure beside its target, printed as a table for people or JSON for
 * scripts. A benchmark asserts nothing; the table says which targets are met.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Figure {
  /** Short stable key for scripts (`e2e.mbPerCpuS`). */
  key: string;
  label: string;
  value: number;
  unit: string;
  /** The target, as a bound; null for figures shown for context only. */
  target: { op: '>=' | '<='; value: number } | null;
  /** How the figure was obtained, when it is not a plain measurement (an extrapolation, a fallback). */
  note?: string;
}

export function met(f: Figure): boolean | null {
  if (!f.target) return null;
  return f.target.op === '>=' ? f.value >= f.target.value : f.value <= f.target.value;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1000 ? Math.round(v).toLocaleString('en-US') : a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const ok = met(f);
    return [f.label, `${fmt(f.value)} ${f.unit}`, f.target ? `${f.target.op} ${fmt(f.target.value)} ${f.unit}` : '', ok === null ? '' : ok ? 'met' : 'NOT MET', f.note ?? ''];
  });
  const head = ['figure', 'measured', 'target', '', 'how'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/minerpivot.js', import.meta.url));

/**
 * Preloaded into a measured child: at exit it writes its CPU time and peak RSS to stderr on a `BENCH` line,
 * and, with BENCH_RSS_EVERY_MS set, its RSS sampled at that period (for the flatness figure).
 */
const PROBE =
  'data:text/javascript,' +
  encodeURIComponent(`import { writeSync } from 'node:fs';
const every = Number(process.env.BENCH_RSS_EVERY_MS || 0);
const rss = [];
if (every > 0) setInterval(() => rss.push(process.memoryUsage().rss / 1048576), every).unref();
process.on('exit', () => {
  const u = process.resourceUsage();
  writeSync(2, '\\nBENCH ' + JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMb: u.maxRSS / 1024, rss }) + '\\n');
});`);

export interface Measured {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  rss: number[];
  run: SpawnSyncReturns<string>;
}

/** Runs `node [nodeArgs] script args` in a child and returns its wall time, CPU time and peak RSS. */
export function measureChild(nodeArgs: string[], args: string[], env: Record<string, string> = {}, timeoutMs = 10 * 60_000): Measured {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['--import', PROBE, ...nodeArgs, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: timeoutMs,
    env: { ...process.env, ...env },
  });
  const wallMs = performance.now() - t0;
  const line = run.stderr.split('\n').findLast((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`benchmark child ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const probe = JSON.parse(line.slice(6)) as { cpuMs: number; maxRssMb: number; rss: number[] };
  return { wallMs, ...probe, run };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
