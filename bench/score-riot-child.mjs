// The measured child of bench/score-riot.ts: issue 10's scoring figure. Extracts the Riot FY2023 10-K and
// the corpus's HTML 10-Ks of every other filer (Bit Digital, BTCS, NVIDIA, Apple), scores the others first
// (compromise, the lexicon and the context model loaded, the code warm, as in a worker of a weekly batch that
// has scored filings before), then the score stage on Riot's, and prints one JSON line on stdout: the CPU
// time of that stage alone, of it the main thread's, and what it labelled. Several warm-up filings, not one:
// V8 optimises a function only once it is hot, and after a single 10-K its optimising compiler still spent
// about 0.2 to 0.3 s of background CPU on Riot's scoring compiling the scorer and compromise for the first
// time, a cost a batch pays once. Riot's own other filings are left out: their boilerplate would be read
// from the scorer's memos. Plain
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

const RIOT = { rel: 'riot-platforms/10-K_2023-12-31.htm', name: 'Riot Platforms, Inc.', cik: '0001167419', periodEnd: '2023-12-31' };

/** The corpus's HTML 10-Ks of other filers, from its manifest (path, issuer, cik, form, ..., kind). */
function warmUpFilings() {
  const [header, ...rows] = readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = (name) => header.indexOf(name);
  return rows
    .filter((r) => r[col('form')] === '10-K' && r[col('kind')] === 'html' && r[col('cik')] !== RIOT.cik)
    .map((r) => ({ rel: r[col('path')], name: r[col('issuer')].replace(/\s*\(.*\)$/, ''), cik: r[col('cik')], periodEnd: null }));
}

async function scorePayload(f) {
  const path = join(corpus, f.rel);
  const bytes = readFileSync(path);
  const filing = {
    key: `bench-${f.rel}`,
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

/** CPU of the main thread so far, in ms (Linux: its line of /proc; null elsewhere). */
function mainThreadCpuMs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
  } catch {
    return null;
  }
}

const warmUps = warmUpFilings();
const warmPayloads = [];
for (const f of warmUps) warmPayloads.push(await scorePayload(f));
const riot = await scorePayload(RIOT);
for (const payload of warmPayloads) runScore(payload);
// The extraction's garbage is not the scorer's: collect it before the clock starts (run with --expose-gc).
globalThis.gc?.();
const calls = nlpCalls.count;
const main0 = mainThreadCpuMs();
const t0 = process.cpuUsage();
const w0 = performance.now();
const scored = runScore(riot);
const scoreCpuMs = cpuMs(t0);
const scoreWallMs = performance.now() - w0;
const main1 = mainThreadCpuMs();
process.stdout.write(
  `${JSON.stringify({
    file: RIOT.rel,
    warmUp: warmUps.map((f) => f.rel),
    scoreCpuMs,
    mainThreadCpuMs: main0 === null || main1 === null ? null : main1 - main0,
    scoreWallMs,
    sentences: riot.documents.reduce((n, d) => n + d.sentences.length, 0),
    evidence: scored.documents.reduce((n, d) => n + d.evidence.length, 0),
    nlpCalls: nlpCalls.count - calls,
  })}\n`,
);
