#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm install` / `npm ci` run it): compiles the TypeScript sources
// into dist/ for bin/minerpivot.js, emit only (type errors are `npm test`'s job), in a few seconds.
// Without TypeScript (an install without dev dependencies) it says so and leaves the CLI on tsx.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const stamp = `${dist}.built`;
const require = createRequire(import.meta.url);

let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  console.error('minerpivot build: typescript is not installed; bin/minerpivot.js runs the TypeScript sources through tsx');
  process.exit(0);
}
// Taken before compiling: a source saved during the build is newer than the stamp, so it is not taken for built.
const started = new Date();
// A clean tree: files of deleted sources must not linger and be imported.
rmSync(dist, { recursive: true, force: true });
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  console.error('minerpivot build: tsc failed; bin/minerpivot.js runs the TypeScript sources through tsx');
  process.exit(run.status ?? 1);
}
// Plain JavaScript modules of the sources (the PDF page thread, pipeline/stages/pdf-pages-thread.mjs) are
// not tsc's to emit: copied as they are, or the compiled build cannot read a PDF.
for (const folder of ['pipeline', 'workers', 'extractors', 'db']) {
  for (const file of readdirSync(`${root}${folder}`, { recursive: true })) {
    if (String(file).endsWith('.mjs')) copyFileSync(`${root}${folder}/${file}`, `${dist}${folder}/${file}`);
  }
}
if (!existsSync(`${dist}pipeline/cli/main.js`)) {
  console.error('minerpivot build: dist/pipeline/cli/main.js was not written');
  process.exit(1);
}
closeSync(openSync(stamp, 'w'));
utimesSync(stamp, started, started);
