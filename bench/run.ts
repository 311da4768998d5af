/**
 * `npm run bench`: every performance figure of issue 13 beside its target, as a table, or as JSON with
 * `--json`. Asserts nothing (targets live here, never in unit tests) and exits 0 whatever it measures.
 * The machine may be shared: CPU-time figures (MB per CPU second) are steadier than wall times.
 *
 *   npm run bench                       # the table (about 3 minutes)
 *   npm run --silent bench -- --json    # one JSON object: { figures: [...], context: {...} }
 *
 * Needs ../shared/corpus for the corpus figures (they are left out, with a line saying so, without it),
 * and Redis at 127.0.0.1:6379 for the fleet limiter of the fetch figure (else an in-process limiter).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, measureChild, median, table, type Figure } from './figures.ts';
import { measureFetch } from './fetch.ts';
import { measure as measureMemory, syntheticFiling } from './memory.ts';
import { measureRiotScoring } from './score-riot.ts';
import { measureStore } from './store.ts';
import { measureTransport } from './transport.ts';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const json = process.argv.includes('--json');
const log = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};
const figures: Figure[] = [];
const context: Record<string, unknown> = {};
const scratch = mkdtempSync(join(tmpdir(), 'minerpivot-bench-'));
const TSX = ['--import', 'tsx'];

/** The issue's 16 files: the 10-K/10-Q HTML of Riot, Bit Digital and CleanSpark, in a folder with their manifest. */
function corpus16(): { dir: string; paths: string[]; bytes: number } | null {
  const manifest = join(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return null;
  const [header, ...lines] = readFileSync(manifest, 'utf8').split('\n');
  const cols = header!.split('\t');
  const at = (cells: string[], name: string) => cells[cols.indexOf(name)] ?? '';
  const rows = lines.map((l) => l.split('\t')).filter((c) => at(c, 'kind') === 'html' && /^10-[KQ]$/.test(at(c, 'form')) && /Riot|Bit Digital|CleanSpark/.test(at(c, 'issuer')));
  const dir = join(scratch, 'corpus16');
  mkdirSync(dir);
  writeFileSync(join(dir, 'manifest.tsv'), [header, ...rows.map((c) => c.join('\t'))].join('\n') + '\n');
  for (const top of new Set(rows.map((c) => at(c, 'path').split('/')[0]!))) symlinkSync(join(CORPUS, top), join(dir, top));
  const paths = rows.map((c) => join(CORPUS, at(c, 'path')));
  return { dir, paths, bytes: paths.reduce((n, p) => n + statSync(p).size, 0) };
}

/** `minerpivot ...` as a user runs it (the compiled build when it is fresh), measured. */
function cli(args: string[], env: Record<string, string> = {}) {
  const m = measureChild([], [BIN, ...args], env);
  if (m.run.status !== 0 && m.run.status !== 1) throw new Error(`minerpivot ${args.join(' ')} exited ${m.run.status}: ${m.run.stderr.slice(-400)}`);
  return m;
}

function endToEnd(): void {
  const c = corpus16();
  if (!c) {
    log('../shared/corpus absent: the end-to-end and corpus memory figures are left out');
    return;
  }
  const mb = c.bytes / 1e6;
  log(`end to end: run --dir over ${c.paths.length} files, ${mb.toFixed(1)} MB ...`);
  // The folder's manifest names the corpus's files through symbolic links to ../shared/corpus, which
  // `run --dir` refuses unless told (a manifest path may not leave its folder).
  const pipeline = cli(['run', '--dir', c.dir, '--allow-outside', '--db', join(scratch, 'e2e.db'), '--quiet']);
  const stored = /(\d+) of (\d+) filing\(s\) stored/.exec(pipeline.run.stdout);
  if (!stored || stored[1] !== String(c.paths.length)) log(`end to end: not every file was stored (${stored?.[0] ?? pipeline.run.stderr.slice(-300)}): the figure is not comparable`);
  context.e2e = { files: c.paths.length, mb, wallS: pipeline.wallMs / 1000, cpuS: pipeline.cpuMs / 1000, maxRssMb: pipeline.maxRssMb, stored: stored?.[0] ?? pipeline.run.stdout.slice(-200) };
  const perCore = mb / (pipeline.cpuMs / 1000);
  figures.push({ key: 'e2e.mbPerCpuS', label: `end to end, ${c.paths.length} 10-K/10-Q (${mb.toFixed(1)} MB), run --dir`, value: perCore, unit: 'MB/s/core', target: { op: '>=', value: 15 }, note: `${(pipeline.cpuMs / 1000).toFixed(1)} s CPU incl. start, ${(pipeline.wallMs / 1000).toFixed(1)} s wall, ${stored?.[1] ?? '?'}/${stored?.[2] ?? '?'} stored` });

  const list = join(scratch, 'files.txt');
  writeFileSync(list, c.paths.join('\n'));
  log('baseline 1: cheerio default load + body text ...');
  const naive = measureChild(TSX, ['bench/baselines.ts', 'naive', list]);
  figures.push({ key: 'e2e.naiveMbPerCpuS', label: 'baseline 1: cheerio load (parse5) + body text', value: mb / (naive.cpuMs / 1000), unit: 'MB/s/core', target: null, note: `${(naive.cpuMs / 1000).toFixed(1)} s CPU` });
  figures.push({ key: 'e2e.ratioNaive', label: 'pipeline speed / baseline 1', value: naive.cpuMs / pipeline.cpuMs, unit: 'x', target: { op: '>=', value: 3 } });

  const every = 20;
  log(`baseline 2: baseline 1 + compromise on every sentence (timed on 1 in ${every}, extrapolated) ...`);
  const nlp = measureChild(TSX, ['bench/baselines.ts', 'compromise', list, String(every)]);
  const out = JSON.parse(nlp.run.stdout.trim().split('\n').at(-1)!) as { sentences: number; sampled: number; nlpMs: number };
  const nlpAllMs = (out.nlpMs / out.sampled) * out.sentences;
  const baseline2Ms = naive.cpuMs + nlpAllMs;
  figures.push({ key: 'e2e.compromiseMbPerCpuS', label: 'baseline 2: baseline 1 + compromise per sentence', value: mb / (baseline2Ms / 1000), unit: 'MB/s/core', target: null, note: `${(baseline2Ms / 1000).toFixed(0)} s CPU: ${out.sentences} sentences at ${(out.nlpMs / out.sampled).toFixed(2)} ms (mean of ${out.sampled})` });
  figures.push({ key: 'e2e.ratioCompromise', label: 'pipeline speed / baseline 2', value: baseline2Ms / pipeline.cpuMs, unit: 'x', target: { op: '>=', value: 20 } });

  log('memory: run --dir ../shared/corpus ...');
  const whole = cli(['run', '--dir', CORPUS, '--db', join(scratch, 'corpus.db'), '--quiet']);
  const wholeStored = /(\d+) of (\d+) filing\(s\) stored/.exec(whole.run.stdout);
  figures.push({ key: 'memory.corpusPeakMb', label: 'peak RSS, run --dir ../shared/corpus', value: whole.maxRssMb, unit: 'MB', target: { op: '<=', value: 400 }, note: `${wholeStored?.[1] ?? '?'}/${wholeStored?.[2] ?? '?'} stored, ${(whole.cpuMs / 1000).toFixed(0)} s CPU` });
}

function nearestCorpusHtml(bytes: number): string | null {
  const manifest = join(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return null;
  const paths = readFileSync(manifest, 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0]!).filter((p) => /\.html?$/.test(p));
  const sized = paths.map((p) => ({ p: join(CORPUS, p), d: Math.abs(statSync(join(CORPUS, p)).size - bytes) })).sort((a, b) => a.d - b.d);
  return sized[0]?.p ?? null;
}

/** Issue 10: the Riot FY2023 10-K through the score stage, once warm (bench/score-riot.ts). */
function riotScoring(): void {
  log('scoring: the Riot FY2023 10-K, 5 runs ...');
  const r = measureRiotScoring(CORPUS.replace(/\/$/, ''), 5);
  if (!r) {
    log('../shared/corpus absent: the Riot scoring figure is left out');
    return;
  }
  context.riotScoring = r;
  figures.push({ key: 'score.riot10kCpuS', label: `score stage, ${r.file} (${r.sentences} sentences), CPU once warm (median of ${r.cpuMs.length})`, value: r.medianMs / 1000, unit: 's', target: { op: '<=', value: 0.5 }, note: `min ${(r.minMs / 1000).toFixed(2)} s;${r.mainThreadMedianMs === null ? '' : ` main thread ${(r.mainThreadMedianMs / 1000).toFixed(2)} s (the rest V8's compiler and collector);`} warm on the corpus's ${r.warmUp.length} 10-Ks of other filers; ${r.nlpCalls} compromise parses` });
}

function startup(): void {
  log('start: minerpivot --help, inspect of a 100 KB filing ...');
  const helps = [0, 1, 2, 3, 4].map(() => cli(['--help']));
  figures.push({ key: 'start.helpWallS', label: 'minerpivot --help, wall (median of 5)', value: median(helps.map((h) => h.wallMs)) / 1000, unit: 's', target: { op: '<=', value: 0.3 } });
  figures.push({ key: 'start.helpRssMb', label: 'minerpivot --help, peak RSS', value: Math.max(...helps.map((h) => h.maxRssMb)), unit: 'MB', target: { op: '<=', value: 100 } });
  // The corpus's HTML filing nearest 100 KB; without the corpus, 100 KB of the synthetic filing (all candidate sentences: slower).
  let file = nearestCorpusHtml(100_000);
  if (!file) {
    file = join(scratch, 'filing-100kb.htm');
    writeFileSync(file, syntheticFiling(0.1));
  }
  const kb = statSync(file).size / 1000;
  const inspects = [0, 1, 2].map(() => cli(['inspect', file]));
  figures.push({ key: 'start.inspectWallS', label: `minerpivot inspect, ${kb.toFixed(0)} KB filing, wall (median of 3)`, value: median(inspects.map((h) => h.wallMs)) / 1000, unit: 's', target: { op: '<=', value: 1 }, note: `${(median(inspects.map((h) => h.cpuMs)) / 1000).toFixed(2)} s CPU; ${file.replace(CORPUS, '')}` });
  context.startup = { build: existsSync(join(BIN, '../../dist/.built')) ? 'dist/ (compiled)' : 'TypeScript through tsx (no build)' };
}

function memory(): void {
  log('memory: the 50 MB synthetic filing ...');
  const f = measureMemory(50);
  context.synthetic50 = f;
  figures.push({ key: 'memory.synthetic50PeakMb', label: 'peak RSS, 50 MB synthetic filing (extract, sentences, labels)', value: f.maxRssMb, unit: 'MB', target: { op: '<=', value: 300 }, note: `${f.sentences} sentences, ${f.evidence} labelled; extract ${f.extractS.toFixed(1)} s, score ${f.scoreS.toFixed(1)} s` });
}

/** 1,000 small synthetic filings through run --dir, RSS sampled: the last quarter against the first. */
function flatness(): void {
  const n = 1000;
  log(`memory: ${n} synthetic documents through run --dir ...`);
  const dir = join(scratch, 'batch');
  mkdirSync(dir);
  const body = syntheticFiling(0.01);
  const lines = ['path\tissuer\tform\tcik\taccession\tfiling_date'];
  for (let i = 0; i < n; i++) {
    const name = `f${i}.htm`;
    // Each filing its own text (a number in every paragraph), its own accession; 25 issuers.
    writeFileSync(join(dir, name), body.replaceAll('(', `(${i}.`));
    const cik = String(9990200 + (i % 25)).padStart(10, '0');
    lines.push(`${name}\tBatch Miner ${i % 25} Inc.\t10-Q\t${cik}\t0009990200-24-${String(i).padStart(6, '0')}\t2024-${String((i % 12) + 1).padStart(2, '0')}-10`);
  }
  writeFileSync(join(dir, 'manifest.tsv'), lines.join('\n') + '\n');
  const m = cli(['run', '--dir', dir, '--db', join(scratch, 'batch.db'), '--quiet'], { BENCH_RSS_EVERY_MS: '100' });
  const q = Math.floor(m.rss.length / 4);
  const quarter = (i: number) => Math.max(...m.rss.slice(i * q, (i + 1) * q));
  const first = quarter(0);
  const last = Math.max(...m.rss.slice(-q));
  const second = quarter(1);
  figures.push({ key: 'memory.batchGrowthPct', label: `RSS growth, ${n}-document batch (max of last quarter vs first)`, value: ((last - first) / first) * 100, unit: '%', target: { op: '<=', value: 10 }, note: `${first.toFixed(0)} -> ${last.toFixed(0)} MB (second quarter ${second.toFixed(0)} MB: ${(((last - second) / second) * 100).toFixed(1)} % after it), peak ${m.maxRssMb.toFixed(0)} MB, ${(m.wallMs / 1000).toFixed(0)} s` });
}

async function fetchStage(): Promise<void> {
  log('fetch: 4 workers against the local EDGAR server, 20 ms latency ...');
  const f = await measureFetch({ rps: 10, workers: 4, latencyMs: 20, seconds: 8 });
  context.fetch = f;
  figures.push({ key: 'fetch.sustainedRps', label: `fetch, ${f.workers} workers, ${f.latencyMs} ms latency, SEC_MAX_RPS=${f.rps} (${f.limiter} limiter)`, value: f.sustainedRps, unit: 'req/s', target: { op: '>=', value: f.rps * 0.95 }, note: `${f.requests} requests in ${f.seconds} s` });
  figures.push({ key: 'fetch.maxInAnySecond', label: 'fetch, most requests in any one-second window', value: f.maxInAnySecond, unit: 'req', target: { op: '<=', value: f.rps } });
}

function storeStage(): void {
  log('store: evidence rows into SQLite ...');
  const s = measureStore(20, 2000);
  figures.push({ key: 'store.rowsPerS', label: 'store stage, evidence rows into SQLite', value: s.rowsPerS, unit: 'rows/s', target: { op: '>=', value: 5000 }, note: `${s.rows} rows in ${s.seconds.toFixed(1)} s (20 filings, with text, sections, fingerprints, summaries)` });
}

async function transport(): Promise<void> {
  const t = await measureTransport(CORPUS);
  if (!t) return;
  context.transport = t;
  figures.push({ key: 'transport.compression', label: `extracted text through Redis, ${t.name}`, value: t.jsonMb / t.packedMb, unit: 'x smaller', target: null, note: `${t.jsonMb.toFixed(1)} MB JSON -> ${t.packedMb.toFixed(2)} MB packed` });
}

const t0 = performance.now();
try {
  startup();
  endToEnd();
  riotScoring();
  memory();
  flatness();
  await fetchStage();
  storeStage();
  await transport();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
context.benchS = (performance.now() - t0) / 1000;
figures.push({ key: 'bench.wallS', label: 'npm run bench, wall', value: (performance.now() - t0) / 1000, unit: 's', target: { op: '<=', value: 300 } });
if (json) process.stdout.write(`${JSON.stringify({ figures, context }, null, 2)}\n`);
else process.stdout.write(`\n${table(figures)}\n\nMachine load (1, 5, 15 min): ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(', ')}\n`);
