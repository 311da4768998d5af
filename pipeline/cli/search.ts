/** `minerpivot search "GPU lease"`: full-text search of the evidence sentences, best match first. */
import { MODALITIES, openAnalystDb, resolveIssuer, searchEvidence, TOPICS, type Modality, type Topic } from '../../db/analyst.ts';
import { loadConfig } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { isIsoDate } from '../core/dates.ts';
import { scorerVersion } from '../scoring/classify.ts';
import { flag, stringOption, type Command } from './command.ts';
import { renderTable } from './format.ts';
import { dbPathOf, DB_OPTION, JSON_OPTION } from './options.ts';

/** Checks a value against a closed list; a UserError names the option and the list. */
export function oneOf<T extends string>(option: string, value: string | undefined, allowed: ReadonlyArray<T>): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UserError(`--${option} ${value}: expected one of ${allowed.join(', ')}`);
  return value as T;
}

/** A whole number in [1, max] from an option. */
export function countOption(option: string, value: string | undefined, fallback: number, max = 10_000): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UserError(`--${option} ${value}: expected a whole number from 1 to ${max}`);
  return n;
}

export const searchCommand: Command = {
  name: 'search',
  summary: 'full-text search of the evidence sentences (FTS5, ranked, matches marked)',
  usage: 'minerpivot search QUERY [--topic T] [--modality M] [--ticker T] [--since DATE] [--limit N] [--db PATH] [--json]',
  allowPositionals: true,
  options: {
    topic: { type: 'string', value: 'TOPIC', description: `only sentences with this topic: ${TOPICS.join(', ')}` },
    modality: { type: 'string', value: 'MODALITY', description: `only this modality: ${MODALITIES.join(', ')}` },
    ticker: { type: 'string', value: 'TICKER', description: 'only this issuer (ticker, CIK or issuer key)' },
    since: { type: 'string', value: 'DATE', description: 'only filings dated on or after DATE (YYYY-MM-DD)' },
    limit: { type: 'string', value: 'N', description: 'at most N results (default 20)' },
    all: { type: 'boolean', description: 'every copy of a sentence repeated across filings (default: the newest copy)' },
    ...DB_OPTION,
    ...JSON_OPTION,
  },
  details: [
    'QUERY is an SQLite FTS5 query: words (all must match, stemmed: lease finds leasing), "a phrase",',
    'OR, NOT, NEAR(a b, 5), prefix*. Words with punctuation go in double quotes: \'"AI-HPC" lease\'.',
    'Results: best bm25 match first, matched terms in [brackets]; read with the current scorer version.',
  ],
  async run(args, io) {
    const config = loadConfig(io.env);
    const query = args.positionals.join(' ').trim();
    if (!query) throw new UserError('expected a search query, e.g. minerpivot search "GPU lease"');
    const topic = oneOf<Topic>('topic', stringOption(args, 'topic'), TOPICS);
    const modality = oneOf<Modality>('modality', stringOption(args, 'modality'), MODALITIES);
    const since = stringOption(args, 'since');
    if (since !== undefined && !isIsoDate(since)) throw new UserError(`--since ${since}: expected YYYY-MM-DD`);
    const limit = countOption('limit', stringOption(args, 'limit'), 20);
    const db = openAnalystDb(dbPathOf(args, config));
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
        io.out(
          renderTable(hits, [
            { header: 'ticker', value: (h) => h.ticker ?? h.issuerName.slice(0, 20) },
            { header: 'form', value: (h) => h.form },
            { header: 'date', value: (h) => h.date },
            { header: 'section', value: (h) => h.section },
            { header: 'labels', value: (h) => `${h.topics}/${h.modality ?? '-'}` },
            { header: 'copies', value: (h) => h.copies, align: 'right' },
            { header: 'snippet', value: (h) => h.snippet.replace(/\s+/g, ' ') },
          ]),
        );
        io.out(`(${hits.length} result${hits.length === 1 ? '' : 's'}, best match first)`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
