#!/usr/bin/env node
// Entry point of the `minerpivot` command. It runs the compiled JavaScript of dist/ (built by
// `npm install` through `prepare`, or by `npm run build`) when that build is newer than every source
// file; otherwise, or with MINERPIVOT_SOURCES=1, the TypeScript sources through tsx, so an edited
// source never runs as its stale build (only slower to start until the next `npm run build`).
import { setFlagsFromString } from 'node:v8';
import { buildIsFresh } from './build-state.mjs';

// A run or a worker holds one filing at a time, so its live heap is small and steady (about 25 MB
// over a 1,000-filing batch). V8 lets the heap grow to up to 4x the live size before a full
// collection, so RSS climbs for minutes before it levels off; 1.5x keeps it flat after the first
// filings (+6 to 8 % over the batch), for about 8 % more CPU than V8's default (1.3x cost 15 %;
// docs/PERFORMANCE.md).
setFlagsFromString('--heap-growing-percent=50');

// A reader that stops early (`minerpivot export ... | head`) closes the pipe: stop quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
let cli;
if (process.env.MINERPIVOT_SOURCES !== '1' && buildIsFresh()) {
  cli = await import('../dist/pipeline/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../pipeline/cli/main.ts');
}
const { main, processIo } = cli;
try {
  process.exitCode = await main(process.argv.slice(2), processIo());
} catch (error) {
  // Not a user mistake: a bug or an environment failure. Show it whole.
  console.error('minerpivot: unexpected error');
  console.error(error);
  process.exitCode = 70;
}
