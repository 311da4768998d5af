/**
 * `npm run bench` (second part): peak memory and time of extraction, sentence
 * splitting and scoring on one ~50 MB synthetic HTML filing. The filing is
 * self-written text repeated (no corpus needed); the work runs in a child
 * process so its peak RSS (`process.resourceUsage().maxRSS`) is its own.
 * Prints figures; asserts nothing.
 *
 *   node --import tsx bench/memory.ts            # build the file, run the child, print
 *   node --import tsx bench/memory.ts --mb 20    # another size
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
// @ts-expect-error: plain JavaScript without declarations (it runs before any TypeScript can).
import { buildIsFresh } from '../bin/build-state.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PARAGRAPHS = [
  'We operate bitcoin mining facilities in Texas and Quebec with a combined capacity of 310 megawatts, and our fleet of application-specific integrated circuit miners reached a hashrate of 12.4 exahash per second at year end.',
  'During the year we began converting part of our Quebec site to host high performance computing workloads for artificial intelligence customers, and we signed a colocation agreement with a cloud provider for 40 megawatts of critical IT load.',
  'Our results depend on the price of bitcoin, the network difficulty and the cost of electricity, none of which we control; a sustained fall in the price of bitcoin could make some of our miners unprofitable.',
  'We may not be able to secure the GPUs, liquid cooling systems and power equipment that an AI data center needs, and we have limited experience operating data centers for third parties.',
  'Revenue from hosting services increased to $18.2 million from $4.1 million, while mining revenue decreased by 7% because the halving reduced the block reward from 6.25 to 3.125 bitcoin.',
  'We participate in demand response programs of the Electric Reliability Council of Texas and curtail our miners when the grid needs the power, which earned us power credits of $9.7 million.',
];

/** A synthetic 10-K of about `mb` megabytes: Items 1, 1A and 7, each a long run of the paragraphs above, with tables. */
export function syntheticFiling(mb: number): string {
  const target = mb * 1e6;
  const head = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Synthetic 10-K</title></head><body>\n' +
    '<div style="display:none"><ix:header><ix:hidden>us-gaap:Revenue 123</ix:hidden></ix:header></div>\n' +
    '<p>TABLE OF CONTENTS</p><table><tr><td>Item 1. Business</td><td>3</td></tr><tr><td>Item 1A. Risk Factors</td><td>9</td></tr><tr><td>Item 7. Management&#8217;s Discussion and Analysis</td><td>30</td></tr></table>\n';
  const items = ['Item 1. Business', 'Item 1A. Risk Factors', "Item 7. Management&#8217;s Discussion and Analysis of Financial Condition and Results of Operations"];
  const perItem = Math.floor((target - head.length) / items.length);
  const parts: string[] = [head];
  let n = 0;
  for (const title of items) {
    parts.push(`<p style="font-weight:bold">${title}</p>\n`);
    let size = 0;
    while (size < perItem) {
      const chunk = n % 25 === 24
        ? `<table><tr><td>2024</td><td>$ 18,200</td><td>12.4</td></tr><tr><td>2023</td><td>$ 4,100</td><td>9.1</td></tr></table>\n<p style="text-align:center">${Math.floor(n / 25) + 1}</p><hr style="page-break-after:always"/>\n`
        : `<p><span style="font-family:Times New Roman">${PARAGRAPHS[n % PARAGRAPHS.length]} (${n})</span></p>\n`;
      parts.push(chunk);
      size += chunk.length;
      n++;
    }
  }
  parts.push('</body></html>\n');
  return parts.join('');
}

interface ChildFigures {
  mb: number;
  extractS: number;
  sentencesS: number;
  scoreS: number;
  totalS: number;
  textChars: number;
  sentences: number;
  evidence: number;
  maxRssMb: number;
}

/** Builds the file, runs the child on it, prints the figures; returns them for other scripts. */
export function measure(mb = 50): ChildFigures {
  const dir = mkdtempSync(join(tmpdir(), 'minerpivot-bench-'));
  try {
    const path = join(dir, 'synthetic-10k.htm');
    writeFileSync(path, syntheticFiling(mb));
    // The child runs what `minerpivot` runs: the compiled build when it is fresh, with no TypeScript loader
    // in the process (tsx costs about 25 MB of RSS); the sources through tsx otherwise.
    const compiled = buildIsFresh() as boolean;
    const child = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));
    const run = spawnSync(process.execPath, [...(compiled ? [] : ['--import', 'tsx']), child, path, compiled ? 'dist' : 'sources'], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      timeout: 15 * 60_000,
    });
    if (run.status !== 0) throw new Error(`bench child failed (${run.status ?? run.signal}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ChildFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const mbIndex = argv.indexOf('--mb');
  const mb = mbIndex >= 0 ? Number(argv[mbIndex + 1]) : 50;
  const f = measure(mb);
  console.log(`\nsynthetic HTML filing: ${f.mb.toFixed(1)} MB in, ${(f.textChars / 1e6).toFixed(1)} M characters of text, ${f.sentences} sentences, ${f.evidence} labelled`);
  console.log(`time: extract ${f.extractS.toFixed(1)} s, sentences ${f.sentencesS.toFixed(1)} s, score ${f.scoreS.toFixed(1)} s, total ${f.totalS.toFixed(1)} s`);
  console.log(`peak RSS of the child process: ${f.maxRssMb.toFixed(0)} MB`);
}
