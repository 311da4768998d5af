/**
 * The naive baselines of the end-to-end figure, run as children by bench/run.ts:
 *
 *   node --import tsx bench/baselines.ts naive LIST        # cheerio's default load (parse5) + body text, per file
 *   node --import tsx bench/baselines.ts compromise LIST K # the same, then compromise on every K-th sentence
 *
 * LIST is a file of paths, one a line. The compromise child prints how long its sample took, so the
 * caller can extrapolate to every sentence (compromise on all ~40,000 sentences takes minutes here).
 */
import { readFileSync } from 'node:fs';
import { load } from 'cheerio';
import nlp from 'compromise';

const [mode, list, every] = process.argv.slice(2);
const paths = readFileSync(list!, 'utf8').split('\n').filter(Boolean);
const k = Number(every ?? 1);
let bytes = 0;
let sentences = 0;
let sampled = 0;
let nlpMs = 0;
for (const path of paths) {
  const html = readFileSync(path, 'utf8');
  bytes += Buffer.byteLength(html);
  const text = load(html)('body').text();
  if (mode !== 'compromise') continue;
  // A plain sentence split: a terminal mark, spaces, a capital.
  const parts = text.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+(?=[A-Z])/);
  for (let i = 0; i < parts.length; i++) {
    sentences++;
    if (i % k !== 0) continue;
    const t0 = performance.now();
    nlp(parts[i]!).match('#Verb').first().text();
    nlpMs += performance.now() - t0;
    sampled++;
  }
}
process.stdout.write(`${JSON.stringify({ files: paths.length, bytes, sentences, sampled, nlpMs })}\n`);
