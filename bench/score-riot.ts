/**
 * Issue 10's scoring figure: the score stage (`runScore`: all four labelling passes and the filing's totals)
 * on the 3.3 MB Riot FY2023 10-K, in CPU time of the whole process (the main thread and V8's background
 * threads), once warm on the corpus's 10-Ks of the other filers. Each run is a child of its
 * own (bench/score-riot-child.mjs over the compiled build when it is fresh, else the sources through tsx),
 * so no run finds the sentences of the one before in the scorer's memos; the machine may be shared, so the
 * figure is the median of several runs, with their minimum beside it.
 *
 *   node --import tsx bench/score-riot.ts [--runs 5]   # the runs, one JSON line each, then min and median
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: plain JavaScript without declarations (it runs before any TypeScript can).
import { buildIsFresh } from '../bin/build-state.mjs';
import { measureChild, median } from './figures.ts';

export interface RiotScoring {
  file: string;
  warmUp: string[];
  /** CPU of each run's scoring, in ms. */
  cpuMs: number[];
  /** Of it, the main thread's (median over the runs; null off Linux); the rest is V8's compiler and collector. */
  mainThreadMedianMs: number | null;
  minMs: number;
  medianMs: number;
  sentences: number;
  evidence: number;
  nlpCalls: number;
  build: 'dist' | 'sources';
  load: number[];
}

const CHILD = fileURLToPath(new URL('./score-riot-child.mjs', import.meta.url));

/** Runs the child `runs` times; null without the corpus file. */
export function measureRiotScoring(corpus: string, runs = 5, onRun: (line: string) => void = () => {}): RiotScoring | null {
  if (!existsSync(`${corpus}/riot-platforms/10-K_2023-12-31.htm`)) return null;
  const build = (buildIsFresh() as boolean) ? 'dist' : 'sources';
  const nodeArgs = ['--expose-gc', ...(build === 'sources' ? ['--import', 'tsx'] : [])];
  const outs: Array<Omit<RiotScoring, 'cpuMs' | 'minMs' | 'medianMs' | 'mainThreadMedianMs' | 'build' | 'load'> & { scoreCpuMs: number; mainThreadCpuMs: number | null }> = [];
  for (let i = 0; i < runs; i++) {
    const m = measureChild(nodeArgs, [CHILD, corpus, build]);
    if (m.run.status !== 0) throw new Error(`score-riot child exited ${m.run.status}: ${m.run.stderr.slice(-400)}`);
    const line = m.run.stdout.trim().split('\n').at(-1)!;
    onRun(line);
    outs.push(JSON.parse(line));
  }
  const cpuMs = outs.map((o) => o.scoreCpuMs);
  const mainMs = outs.map((o) => o.mainThreadCpuMs);
  const last = outs.at(-1)!;
  return {
    file: last.file,
    warmUp: last.warmUp,
    cpuMs,
    minMs: Math.min(...cpuMs),
    medianMs: median(cpuMs),
    mainThreadMedianMs: mainMs.every((m) => m !== null) ? median(mainMs as number[]) : null,
    sentences: last.sentences,
    evidence: last.evidence,
    nlpCalls: last.nlpCalls,
    build,
    load: loadavg(),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--runs');
  const runs = at > 0 ? Number(process.argv[at + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('score-riot: --runs must be a positive integer');
    process.exit(2);
  }
  const corpus = fileURLToPath(new URL('../../shared/corpus', import.meta.url));
  const r = measureRiotScoring(corpus, runs, (line) => process.stdout.write(`${line}\n`));
  if (!r) throw new Error(`${corpus}/riot-platforms/10-K_2023-12-31.htm not found`);
  const s = (ms: number) => (ms / 1000).toFixed(3);
  process.stdout.write(
    `${r.file} scored in ${s(r.minMs)} s (min) / ${s(r.medianMs)} s (median) of CPU over ${runs} runs [${r.cpuMs.map(s).join(', ')}], ` +
      `${r.mainThreadMedianMs === null ? '' : `main thread ${s(r.mainThreadMedianMs)} s (median); `}warm on ${r.warmUp.length} 10-Ks (${r.warmUp.join(', ')}); ${r.sentences} sentences, ${r.evidence} labelled, ${r.nlpCalls} compromise parses; ${r.build}; load ${r.load.map((l) => l.toFixed(2)).join(', ')}\n`,
  );
}
