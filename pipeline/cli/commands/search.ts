/** `minerpivot search "GPU lease"`: full-text search of the evidence sentences, best match first. */
import { resolveIssuer, searchEvidence } from '../../../db/analyst.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { MODALITIES, TOPICS } from '../../core/vocabulary.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { Command } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { renderTable, wrapLine } from '../shared/format.ts';
import { filingName } from '../shared/filings.ts';
import { countOption, dateOption, DB_OPTION, flag, JSON_OPTION, oneOfOption, outputWidth, stringOption, WIDTH_OPTIONS } from '../shared/options.ts';

const command: Command = {
  usage: 'minerpivot search QUERY [--topic T] [--modality M] [--ticker T] [--since DATE] [--limit N] [--db PATH] [--json]',
  allowPositionals: true,
  options: {
    topic: { type: 'string', value: 'TOPIC', description: `only sentences with this topic: ${TOPICS.join(', ')}` },
    modality: { type: 'string', value: 'MODALITY', description: `only this modality: ${MODALITIES.join(', ')}` },
    ticker: { type: 'string', value: 'TICKER', description: 'only this issuer (ticker, CIK or issuer key)' },
    since: { type: 'string', value: 'DATE', description: 'only filings dated on or after DATE (YYYY-MM-DD)' },
    limit: { type: 'string', value: 'N', description: 'at most N results (default 20)' },
    all: { type: 'boolean', description: 'every copy of a sentence repeated across filings (default: the newest copy)' },
    raw: { type: 'boolean', description: 'QUERY is FTS5 syntax as it stands (column filters, NEAR, ^); default: words as they are' },
    ...DB_OPTION,
    ...JSON_OPTION,
    ...WIDTH_OPTIONS,
  },
  details: [
    'QUERY: words (all must match, stemmed: lease finds leasing; AI-HPC and 10-K are words), "a phrase",',
    'a OR b, a NOT b, prefix*. With --raw it is passed to SQLite FTS5 as it stands (NEAR(a b, 5), text:word).',
    'Results: best bm25 match first, matched terms in [brackets]; read with the current scorer version.',
  ],
  async run(args, io) {
    const query = args.positionals.join(' ').trim();
    if (!query) throw new UserError('expected a search query, e.g. minerpivot search "GPU lease"');
    const topic = oneOfOption(args, 'topic', TOPICS);
    const modality = oneOfOption(args, 'modality', MODALITIES);
    const since = dateOption(args, 'since');
    const limit = countOption(args, 'limit', 20);
    const { db } = openCommandDb(args, loadConfig(io.env, ['dbPath']), 'read');
    try {
      const ticker = stringOption(args, 'ticker');
      let issuerIds: number[] | undefined;
      if (ticker !== undefined) {
        const found = resolveIssuer(db, ticker);
        if (found.length === 0) throw new UserError(`no issuer "${ticker}" in the database (see minerpivot issuers)`);
        issuerIds = found.map((i) => i.id);
      }
      const hits = searchEvidence(db, scorerVersion(), query, {
        limit,
        allCopies: flag(args, 'all'),
        raw: flag(args, 'raw'),
        ...(topic ? { topic } : {}),
        ...(modality ? { modality } : {}),
        ...(since ? { since } : {}),
        ...(issuerIds ? { issuerIds } : {}),
      });
      if (flag(args, 'json')) {
        io.out(JSON.stringify(hits, null, 2));
      } else if (hits.length === 0) {
        io.out(`no evidence sentence matches ${JSON.stringify(query)}${topic || modality || ticker || since ? ' with these filters' : ''}`);
      } else {
        const width = outputWidth(args, io);
        io.out(
          renderTable(
            hits,
            [
              { header: 'ticker', value: (h) => h.ticker ?? h.issuerName, shrink: { min: 6 } },
              { header: 'form', value: (h) => h.form, shrink: { min: 5 } },
              { header: 'date', value: (h) => h.date },
              { header: 'filing', value: (h) => filingName(h), shrink: { min: 12, cut: 'middle' }, drop: 2 },
              { header: 'section', value: (h) => h.section, shrink: { min: 7 }, drop: 3 },
              { header: 'labels', value: (h) => `${h.topics}/${h.modality ?? '-'}`, shrink: { min: 10 }, drop: 4 },
              { header: 'copies', value: (h) => h.copies, align: 'right', drop: 1 },
              { header: 'snippet', value: (h) => h.snippet, shrink: { min: 30, prefer: 60 } },
            ],
            { width, full: flag(args, 'full') },
          ),
        );
        io.out(wrapLine(`(${hits.length} result${hits.length === 1 ? '' : 's'}, prose first, best match first; --json has each filing's EDGAR link)`, width));
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export default command;
