// Whether dist/ holds a build of the current sources: bin/minerpivot.js runs it only then, and the
// benchmarks measure it only then. Plain JavaScript: it runs before anything can compile TypeScript.
import { readdirSync, statSync } from 'node:fs';

const ROOT = new URL('../', import.meta.url);
const SOURCE_DIRS = ['pipeline', 'workers', 'extractors', 'db'];
const SOURCE_FILE = /\.(ts|json|js)$/;

/** Modification time of the build stamp, or null when there is no build. */
function builtAt() {
  try {
    return statSync(new URL('dist/.built', ROOT)).mtimeMs;
  } catch {
    return null;
  }
}

/** True when no source (nor package.json, nor a TypeScript config) changed after the build started. */
export function buildIsFresh() {
  const built = builtAt();
  if (built === null) return false;
  for (const top of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    if (statSync(new URL(top, ROOT)).mtimeMs > built) return false;
  }
  for (const dir of SOURCE_DIRS) {
    const base = new URL(`${dir}/`, ROOT);
    for (const entry of readdirSync(base, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !SOURCE_FILE.test(entry.name)) continue;
      if (statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > built) return false;
    }
  }
  return true;
}
