/**
 * `npm run bench`: speed and memory figures of extraction and scoring on the
 * largest real filings of ../shared/corpus (or the samples when it is absent).
 * Prints figures; asserts nothing (targets live here, not in unit tests).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile } from '../extractors/index.ts';
import { splitSentences } from '../extractors/sentences.ts';
import { nlpCalls } from '../pipeline/scoring/classify.ts';
import { filingTotals, labelDocument, labelFiling } from '../pipeline/scoring/score.ts';
import { countWords } from '../pipeline/scoring/tokens.ts';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const SAMPLES = fileURLToPath(new URL('../samples/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(htm|html|txt|pdf)$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !p.includes('edgar-api'));
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

async function main(): Promise<void> {
  const useCorpus = existsSync(CORPUS);
  const all = files(useCorpus ? CORPUS : SAMPLES);
  if (!useCorpus) console.log(`../shared/corpus absent: benchmarking the samples only`);
  const largest = all
    .filter((p) => /\.htm/i.test(p) && /10-[KQ]/.test(p))
    .sort((a, b) => statSync(b).size - statSync(a).size)
    .slice(0, 5);
  const targets = largest.length > 0 ? largest : all.slice(0, 5);
  // Load compromise, the lexicon and the stemmer once, so the first row is not a cold start.
  labelDocument({ documentType: null, sentences: [{ start: 0, end: 0, text: 'We plan to mine bitcoin and will lease AI capacity.', section: null, page: null }] }, ['Warm-up Inc.']);
  console.log('file                                             MB   extract MB/s  sentences  score CPU ms  words/s(score)  compromise calls');
  for (const path of targets) {
    const bytes = readFileSync(path);
    const mb = bytes.byteLength / 1e6;
    const t0 = process.hrtime.bigint();
    const result = await extractFile(bytes, { fileName: path, form: /10-K/.test(path) ? '10-K' : '10-Q' });
    const docs = result.documents.map((d) => ({ ...d, sentences: splitSentences(d.text, d.sections, d.pages) }));
    const extractS = Number(process.hrtime.bigint() - t0) / 1e9;

    const calls = nlpCalls.count;
    const cpu = process.cpuUsage();
    // As the score stage does: the filing's documents together (the AI/HPC context pass included).
    const scored = labelFiling(docs, ['Benchmark Issuer Inc.']);
    filingTotals(scored.map((evidence, i) => ({ evidence, words: countWords(docs[i]!.text), sentenceCount: docs[i]!.sentences.length })));
    const scoreMs = cpuMs(cpu);
    const words = docs.reduce((n, d) => n + countWords(d.text), 0);
    const sentences = docs.reduce((n, d) => n + d.sentences.length, 0);
    console.log(
      `${path.replace(CORPUS, '').slice(-46).padEnd(46)} ${mb.toFixed(2).padStart(5)}  ${(mb / extractS).toFixed(1).padStart(12)}  ${String(sentences).padStart(9)}  ${scoreMs.toFixed(0).padStart(12)}  ${Math.round(words / (scoreMs / 1000)).toString().padStart(14)}  ${String(nlpCalls.count - calls).padStart(16)}`,
    );
  }
  const rss = process.memoryUsage().rss / 1e6;
  console.log(`\npeak-ish RSS after run: ${rss.toFixed(0)} MB`);
}

await main();
