// The measured child of bench/memory.ts: extraction, sentence splitting and scoring of one synthetic filing,
// then its figures as one JSON line on stdout. Plain JavaScript, so that with a fresh build (`node
// bench/memory-child.mjs FILE dist`) the process holds what `minerpivot` holds and no TypeScript loader;
// `FILE sources` imports the sources (run it under `--import tsx`).
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

const [path, from] = process.argv.slice(2);
if (!path || (from !== 'dist' && from !== 'sources')) throw new Error('usage: memory-child.mjs FILE dist|sources');
const at = (rel) => (from === 'dist' ? `../dist/${rel}.js` : `../${rel}.ts`);

// As bin/minerpivot.js sets it for every command.
setFlagsFromString('--heap-growing-percent=50');
const { extractFile } = await import(at('extractors/index'));
const { splitSentences } = await import(at('extractors/sentences'));
const { filingTotals, labelDocument } = await import(at('pipeline/scoring/score'));
const { countWords } = await import(at('pipeline/scoring/tokens'));

// The bytes are handed over to the extractor, as in the extract stage: they go once decoded.
const read = async () => {
  const bytes = { bytes: readFileSync(path) };
  const mb = bytes.bytes.byteLength / 1e6;
  return { mb, result: await extractFile(bytes, { fileName: 'synthetic-10k.htm', form: '10-K' }) };
};
const t0 = performance.now();
const { mb, result } = await read();
const t1 = performance.now();
let sentenceCount = 0;
let evidenceCount = 0;
let textChars = 0;
let sentencesMs = 0;
let scoreMs = 0;
for (const doc of result.documents) {
  const s0 = performance.now();
  const sentences = splitSentences(doc.text, doc.sections, doc.pages);
  const s1 = performance.now();
  const evidence = labelDocument({ ...doc, sentences }, ['Synthetic Mining Corp.']);
  filingTotals([{ evidence, words: countWords(doc.text), sentenceCount: sentences.length }]);
  scoreMs += performance.now() - s1;
  sentencesMs += s1 - s0;
  sentenceCount += sentences.length;
  evidenceCount += evidence.length;
  textChars += doc.text.length;
}
process.stdout.write(
  `${JSON.stringify({
    mb,
    extractS: (t1 - t0) / 1000,
    sentencesS: sentencesMs / 1000,
    scoreS: scoreMs / 1000,
    totalS: (performance.now() - t0) / 1000,
    textChars,
    sentences: sentenceCount,
    evidence: evidenceCount,
    // maxRSS is in kilobytes.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
