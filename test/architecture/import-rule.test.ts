/**
 * The import rule of docs/ARCHITECTURE.md, as `npm test` runs it (dependency-cruiser with the
 * project's .dependency-cruiser.cjs): a scratch tree with one violation of each kind must fail with
 * the rule's name, and the same tree without them must pass.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

const tmp = tempDir('mp-imports-');
afterAll(() => tmp.cleanup());

function tree(name: string, files: Record<string, string>): string {
  const root = join(tmp.dir, name);
  const all = { 'tsconfig.json': JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext' } }), ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function cruise(root: string): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, '--output-type', 'err', 'pipeline', 'db'], { cwd: root, encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

const CLEAN = {
  'pipeline/core/vocabulary.ts': "export const TOPICS = ['mining'] as const;\n",
  'pipeline/scoring/score.ts': "import { TOPICS } from '../core/vocabulary.ts';\nexport const n = TOPICS.length;\n",
  'db/repository.ts': "import { TOPICS } from '../pipeline/core/vocabulary.ts';\nexport const m = TOPICS.length;\n",
  'pipeline/stages/store.ts': "import { m } from '../../db/repository.ts';\nimport { n } from '../scoring/score.ts';\nexport const s = m + n;\n",
  'pipeline/cli/shared/options.ts': "export const flag = 1;\n",
  'pipeline/cli/commands/run.ts': "import { s } from '../../stages/store.ts';\nimport { flag } from '../shared/options.ts';\nexport default s + flag;\n",
};

describe('the import rule (npm run lint:deps)', () => {
  it('passes a tree that imports only downward', () => {
    const r = cruise(tree('clean', CLEAN));
    expect(r.output).toMatch(/no dependency violations/);
    expect(r.code).toBe(0);
  });

  it.each([
    ['an upward import', 'no-upward-from-core', { 'pipeline/core/config.ts': "import run from '../cli/commands/run.ts';\nexport const c = run;\n" }],
    ['a cycle', 'no-circular', { 'pipeline/stages/a.ts': "import { b } from './b.ts';\nexport const a = 1 + b;\n", 'pipeline/stages/b.ts': "import { a } from './a.ts';\nexport const b = 1 + a;\n" }],
    ['I/O in scoring', 'pure-layers-do-no-io', { 'pipeline/scoring/lexicon.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n" }],
    ['db importing a decision', 'db-imports-core-only', { 'db/queries.ts': "import { n } from '../pipeline/scoring/score.ts';\nexport const q = n;\n" }],
    ['a command importing another', 'commands-do-not-import-commands', { 'pipeline/cli/commands/show.ts': "import run from './run.ts';\nexport default run;\n" }],
  ])('fails on %s, naming the rule', (name, rule, extra) => {
    const r = cruise(tree(String(rule), { ...CLEAN, ...extra }));
    expect(r.code, r.output).not.toBe(0);
    expect(r.output).toContain(String(rule));
  });
});
