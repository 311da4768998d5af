/** `minerpivot issuers`: one line per issuer with its latest pivot index. */
import { issuerRows } from '../../../db/queries.ts';
import { loadConfig } from '../../core/config.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { Command } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { printIssuerTable } from '../shared/issuer-table.ts';
import { DB_OPTION, flag, JSON_OPTION, outputWidth, WIDTH_OPTIONS } from '../shared/options.ts';

const command: Command = {
  usage: 'minerpivot issuers [--db PATH] [--json] [--width N]',
  options: { ...DB_OPTION, ...JSON_OPTION, width: WIDTH_OPTIONS['width']! },
  details: [
    'pivot: latest pivot index in [-1, 1] (+1 all AI/HPC, -1 all mining), from the newest annual or',
    'quarterly report with evidence; change: against the previous filing of the same kind.',
    'mining / ai_hpc / grid: labelled sentences over all filings; core m/ai: core-business claims.',
  ],
  async run(args, io) {
    const { db } = openCommandDb(args, loadConfig(io.env, ['dbPath']), 'read');
    try {
      const rows = issuerRows(db, scorerVersion());
      if (flag(args, 'json')) io.out(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) io.out('no issuers yet: run "minerpivot run --samples" or "minerpivot run --dir PATH"');
      else printIssuerTable(rows, io, outputWidth(args, io));
      return 0;
    } finally {
      db.close();
    }
  },
};

export default command;
