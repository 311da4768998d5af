/** Shared helpers of the test suites: temporary folders and the shared corpus. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared/corpus` beside the checkout: real filings, never copied into the repo. */
export const CORPUS_DIR = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
export const HAS_CORPUS = existsSync(join(CORPUS_DIR, 'MANIFEST.tsv'));
if (!HAS_CORPUS) {
  console.warn(`[minerpivot tests] ${CORPUS_DIR} is absent: tests on real filings are skipped`);
}

export const SAMPLES_DIR = fileURLToPath(new URL('../samples/', import.meta.url));

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'minerpivot-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
