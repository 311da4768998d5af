/**
 * Files read at run time (SQL migrations, the samples, docs/SCHEMA.md) live in the source tree, beside
 * package.json. The code runs either from the TypeScript sources (tests, tsx) or compiled into `dist/`
 * (`bin/minerpivot.js`), one folder deeper: this module knows which, so those files resolve from both.
 */
import { fileURLToPath } from 'node:url';

/** This file is `pipeline/core/package-root.ts`, or `dist/pipeline/core/package-root.js` once compiled. */
const ROOT = new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url);

/** Absolute path of a file or folder of the package, from its path relative to the package root. */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(relative, ROOT));
}
