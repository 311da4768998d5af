/**
 * The import rule of docs/ARCHITECTURE.md, checked by `npm test` (`npm run lint:deps`).
 *
 * Layers, lowest first. A module may import its own layer and the layers below it, never one above:
 *   core -> extractors -> scoring -> db -> sources -> stages -> run -> workers -> analysis -> cli
 * On top of that: no cycles anywhere, and the pure layers (core, extractors, scoring) import nothing that
 * does I/O (files, network, processes, databases, queues).
 */
const LAYERS = [
  ['core', '^pipeline/core/'],
  ['extractors', '^extractors/'],
  ['scoring', '^pipeline/scoring/'],
  ['db', '^db/'],
  ['sources', '^pipeline/sources/'],
  ['stages', '^pipeline/stages/'],
  ['run', '^pipeline/run/'],
  ['workers', '^workers/'],
  ['analysis', '^pipeline/analysis/'],
  ['cli', '^pipeline/cli/'],
];

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} may import only ${LAYERS.slice(0, i + 1).map(([n]) => n).join(', ')} (docs/ARCHITECTURE.md)`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => p) },
}));

const IO_MODULES = [
  '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|cluster|worker_threads|readline|tls)$',
  '^better-sqlite3$',
  '^ioredis$',
  '^bullmq$',
];

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'import cycles hide the layering', from: {}, to: { circular: true } },
    ...upward,
    {
      name: 'pure-layers-do-no-io',
      comment: 'core, extractors and scoring are pure: bytes or text in, values out (docs/ARCHITECTURE.md)',
      severity: 'error',
      from: { path: ['^pipeline/core/', '^extractors/', '^pipeline/scoring/'] },
      to: { dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], path: IO_MODULES },
    },
    {
      name: 'db-imports-core-only',
      comment: 'db/ turns rows into SQL: the decisions (duplicates, totals, summaries) are the store stage\'s',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: ['^pipeline/(?!core/)', '^extractors/', '^workers/'] },
    },
    {
      name: 'commands-do-not-import-commands',
      comment: 'a subcommand loads alone (lazy CLI): shared CLI code lives in cli/shared/',
      severity: 'error',
      from: { path: '^pipeline/cli/commands/([^/]+)\\.ts$' },
      to: { path: '^pipeline/cli/commands/', pathNot: '^pipeline/cli/commands/$1\\.ts$' },
    },
    {
      name: 'no-unknown-layer',
      comment: 'every source file belongs to a layer folder',
      severity: 'error',
      from: { path: '^pipeline/[^/]+$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
