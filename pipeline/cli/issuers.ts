/** `minerpivot issuers`: one line per issuer with its latest pivot index. */
import { openDb } from '../../db/open.ts';
import { issuerRows, type IssuerRow } from '../../db/queries.ts';
import { loadConfig } from '../core/config.ts';
import { scorerVersion } from '../scoring/classify.ts';
import { flag, type Command } from './command.ts';
import { renderTable, signed, type Column } from './format.ts';
import { dbPathOf, DB_OPTION, JSON_OPTION } from './options.ts';
import { existsSync } from 'node:fs';
import { UserError } from '../core/errors.ts';

export const ISSUER_COLUMNS: ReadonlyArray<Column<IssuerRow>> = [
  { header: 'ticker', value: (r) => r.tickers || '-' },
  { header: 'issuer', value: (r) => (r.name.length > 34 ? `${r.name.slice(0, 33)}…` : r.name) },
  { header: 'filings', value: (r) => (r.failed > 0 ? `${r.filings} (+${r.failed} failed)` : r.filings), align: 'right' },
  { header: 'latest', value: (r) => (r.latestForm ? `${r.latestForm} ${r.latestDate ?? ''}`.trim() : null) },
  { header: 'pivot', value: (r) => signed(r.latestPivotIndex), align: 'right' },
  { header: 'change', value: (r) => signed(r.pivotChange), align: 'right' },
  { header: 'mining', value: (r) => r.miningSentences, align: 'right' },
  { header: 'ai_hpc', value: (r) => r.aiHpcSentences, align: 'right' },
  { header: 'grid', value: (r) => r.gridSentences, align: 'right' },
  { header: 'core m/ai', value: (r) => `${r.coreMining}/${r.coreAiHpc}`, align: 'right' },
  { header: 'first ai fact', value: (r) => r.firstAiHpcFactDate },
];

export const issuersCommand: Command = {
  name: 'issuers',
  summary: 'list issuers with their latest pivot index and evidence counts',
  usage: 'minerpivot issuers [--db PATH] [--json]',
  options: { ...DB_OPTION, ...JSON_OPTION },
  details: [
    'pivot: latest pivot index in [-1, 1] (+1 all AI/HPC, -1 all mining), from the newest annual or',
    'quarterly report with evidence; change: against the previous filing of the same kind.',
    'mining / ai_hpc / grid: labelled sentences over all filings; core m/ai: core-business claims.',
  ],
  async run(args, io) {
    const config = loadConfig(io.env);
    const path = dbPathOf(args, config);
    if (!existsSync(path)) throw new UserError(`no database at ${path}: run "minerpivot run" first, or pass --db PATH`);
    const db = openDb(path);
    try {
      const rows = issuerRows(db, scorerVersion());
      if (flag(args, 'json')) io.out(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) io.out('no issuers yet: run "minerpivot run --samples" or "minerpivot run --dir PATH"');
      else io.out(renderTable(rows, ISSUER_COLUMNS));
      return 0;
    } finally {
      db.close();
    }
  },
};
