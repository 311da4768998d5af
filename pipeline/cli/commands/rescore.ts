/** `minerpivot rescore`: score stored text again with the current scorer; no download, no extraction. */
import { issuerRows } from '../../../db/queries.ts';
import { loadConfig } from '../../core/config.ts';
import { rescore } from '../../run/rescore.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { Command } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { printIssuerTable } from '../shared/issuer-table.ts';
import { dateOption, DB_OPTION, flag, JSON_OPTION, outputWidth } from '../shared/options.ts';

const command: Command = {
  usage: 'minerpivot rescore [--since YYYY-MM-DD] [--db PATH] [--json]',
  options: {
    since: { type: 'string', value: 'DATE', description: 'only filings filed (or, without a filing date, ending) on or after DATE' },
    ...DB_OPTION,
    ...JSON_OPTION,
    quiet: { type: 'boolean', short: 'q', description: 'no progress lines' },
  },
  details: [
    'Labels and scores are stored per scorer version; the older version stays beside the new one,',
    'so both can be compared in SQL (sentence_labels.scorer_version, filing_scores.scorer_version).',
  ],
  async run(args, io) {
    const since = dateOption(args, 'since');
    const { db } = openCommandDb(args, loadConfig(io.env, ['dbPath']), 'update');
    try {
      const json = flag(args, 'json');
      const summary = rescore(db, since, (index, total, key) => {
        if (!json && !flag(args, 'quiet') && (index % 10 === 0 || index === total)) io.err(`[${index}/${total}] rescored ${key}`);
      });
      const rows = issuerRows(db, scorerVersion());
      if (json) io.out(JSON.stringify({ scorerVersion: scorerVersion(), ...summary, issuers: rows }, null, 2));
      else {
        printIssuerTable(rows, io, outputWidth(args, io));
        io.out('');
        io.out(`${summary.filings} filing(s), ${summary.documents} document(s) rescored with ${scorerVersion()}`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export default command;
