// The measured child of bench/score-riot.ts: issue 10's scoring figure. Extracts the Riot FY2023 10-K and
// another filer's 10-K (Bit Digital FY2024), scores the other one first (compromise, the lexicon, the context
// model loaded and the code warm, as in a worker that has scored filings before), then the score stage on
// Riot's, and prints one JSON line on stdout: the CPU time of that stage alone and what it labelled. Plain
// JavaScript, so that `node bench/score-riot-child.mjs CORPUS dist` holds what `minerpivot` holds; `CORPUS
// sources` imports the sources (run it under `--import tsx`).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

const [corpus, from] = process.argv.slice(2);
if (!corpus || (from !== 'dist' && from !== 'sources')) throw new Error('usage: score-riot-child.mjs CORPUS dist|sources');
const at = (rel) => (from === 'dist' ? `../dist/${rel}.js` : `../${rel}.ts`);

// As bin/minerpivot.js sets it for every command.
setFlagsFromString('--heap-growing-percent=50');
const { runExtract, localExtractDeps } = await import(at('pipeline/stages/extract'));
const { runScore } = await import(at('pipeline/stages/score'));
const { sha256Hex } = await import(at('pipeline/sources/cache'));
const { nlpCalls } = await import(at('pipeline/scoring/classify'));

const FILINGS = {
  riot: { rel: 'riot-platforms/10-K_2023-12-31.htm', name: 'Riot Platforms, Inc.', cik: '0001167419', periodEnd: '2023-12-31' },
  warmUp: { rel: 'bit-digital/10-K_2024-12-31.htm', name: 'Bit Digital, Inc.', cik: '0001710350', periodEnd: '2024-12-31' },
};

async function scorePayload(f) {
  const path = join(corpus, f.rel);
  const bytes = readFileSync(path);
  const filing = {
    key: `bench-${f.cik}`,
    issuer: { key: `cik-${f.cik}`, name: f.name, aliases: [], cik: f.cik, tickers: [], country: 'US', sedarProfile: null },
    accession: null,
    form: '10-K',
    filedAt: null,
    periodEnd: f.periodEnd,
    source: 'local',
    sourceRef: path,
  };
  const raw = { name: f.rel, path, sha256: sha256Hex(bytes), bytes: bytes.length, origin: path, documentType: '10-K' };
  const extracted = await runExtract({ stage: 'extract', filing, documents: [raw] }, localExtractDeps);
  return { stage: 'score', filing: extracted.filing, documents: extracted.documents };
}

const cpuMs = (start) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

const warmUp = await scorePayload(FILINGS.warmUp);
const riot = await scorePayload(FILINGS.riot);
runScore(warmUp);
// The extraction's garbage is not the scorer's: collect it before the clock starts (run with --expose-gc).
globalThis.gc?.();
const calls = nlpCalls.count;
const t0 = process.cpuUsage();
const w0 = performance.now();
const scored = runScore(riot);
const scoreCpuMs = cpuMs(t0);
const scoreWallMs = performance.now() - w0;
process.stdout.write(
  `${JSON.stringify({
    file: FILINGS.riot.rel,
    warmUp: FILINGS.warmUp.rel,
    scoreCpuMs,
    scoreWallMs,
    sentences: riot.documents.reduce((n, d) => n + d.sentences.length, 0),
    evidence: scored.documents.reduce((n, d) => n + d.evidence.length, 0),
    nlpCalls: nlpCalls.count - calls,
  })}\n`,
);
