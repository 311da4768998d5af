/** `minerpivot issuers`: one line per issuer with its latest pivot index; miners first, the others with --all. */
import { issuerRows } from '../../../db/queries.ts';
import { loadConfig } from '../../core/config.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { Command } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { wrapLine } from '../shared/format.ts';
import { printIssuerTable } from '../shared/issuer-table.ts';
import { DB_OPTION, flag, JSON_OPTION, outputWidth, WIDTH_OPTIONS } from '../shared/options.ts';

const command: Command = {
  usage: 'minerpivot issuers [--all] [--db PATH] [--json] [--width N]',
  options: {
    all: { type: 'boolean', description: 'also the issuers that are not Bitcoin miners (controls, other filers)' },
    ...DB_OPTION,
    ...JSON_OPTION,
    width: WIDTH_OPTIONS['width']!,
  },
  details: [
    'pivot: latest pivot index in [-1, 1] (+1 all AI/HPC, -1 all mining), from the newest annual or',
    'quarterly report with evidence; change: against the previous filing of the same kind.',
    'mining / ai_hpc / grid: labelled sentences over all filings; core m/ai: core-business claims.',
    'Miners: the miner flag of known-issuers.json, else at least 10 mining facts of their own (issuers.miner).',
  ],
  async run(args, io) {
    const { db } = openCommandDb(args, loadConfig(io.env, ['dbPath']), 'read');
    try {
      const all = issuerRows(db, scorerVersion());
      const rows = flag(args, 'all') ? all : all.filter((r) => r.miner === 1);
      if (flag(args, 'json')) io.out(JSON.stringify(rows.map((r) => ({ ...r, miner: r.miner === null ? null : r.miner === 1 })), null, 2));
      else if (all.length === 0) io.out('no issuers yet: run "minerpivot run --samples" or "minerpivot run --dir PATH"');
      else {
        const width = outputWidth(args, io);
        if (rows.length > 0) printIssuerTable(rows, io, width);
        const hidden = all.length - rows.length;
        if (hidden > 0) io.out(wrapLine(`(${hidden} issuer(s) that are not miners left out; --all lists them)`, width));
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export default command;
