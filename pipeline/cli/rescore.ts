/** `minerpivot rescore`: score stored text again with the current scorer; no download, no extraction. */
import { existsSync } from 'node:fs';
import { openDb } from '../../db/open.ts';
import { issuerRows } from '../../db/queries.ts';
import { loadConfig } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { isIsoDate } from '../core/dates.ts';
import { rescore } from '../run/rescore.ts';
import { scorerVersion } from '../scoring/classify.ts';
import { flag, stringOption, type Command } from './command.ts';
import { renderTable } from './format.ts';
import { ISSUER_COLUMNS } from './issuers.ts';
import { dbPathOf, DB_OPTION, JSON_OPTION } from './options.ts';

export const rescoreCommand: Command = {
  name: 'rescore',
  summary: 'score stored filings again with the current scorer (after a lexicon change); no download',
  usage: 'minerpivot rescore [--since YYYY-MM-DD] [--db PATH] [--json]',
  options: {
    since: { type: 'string', value: 'DATE', description: 'only filings filed (or, without a filing date, ending) on or after DATE' },
    ...DB_OPTION,
    ...JSON_OPTION,
  },
  details: [
    'Labels and scores are stored per scorer version; the older version stays beside the new one,',
    'so both can be compared in SQL (sentence_labels.scorer_version, filing_scores.scorer_version).',
  ],
  async run(args, io) {
    const config = loadConfig(io.env);
    const since = stringOption(args, 'since') ?? null;
    if (since !== null && !isIsoDate(since)) throw new UserError(`rescore: --since ${since}: expected YYYY-MM-DD`);
    const path = dbPathOf(args, config);
    if (!existsSync(path)) throw new UserError(`no database at ${path}: run "minerpivot run" first, or pass --db PATH`);
    const db = openDb(path);
    try {
      const json = flag(args, 'json');
      const summary = rescore(db, since, (index, total, key) => {
        if (!json && (index % 10 === 0 || index === total)) io.err(`[${index}/${total}] rescored ${key}`);
      });
      const rows = issuerRows(db, scorerVersion());
      if (json) io.out(JSON.stringify({ scorerVersion: scorerVersion(), ...summary, issuers: rows }, null, 2));
      else {
        io.out(renderTable(rows, ISSUER_COLUMNS));
        io.out('');
        io.out(`${summary.filings} filing(s), ${summary.documents} document(s) rescored with ${scorerVersion()}`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
