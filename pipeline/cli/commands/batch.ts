/** `minerpivot batch`: bring the database up to date for every watched issuer, fetching only what is new. */
import { existsSync } from 'node:fs';
import { openDb } from '../../../db/open.ts';
import { openFleet, type Fleet } from '../../../workers/fleet.ts';
import { loadConfig } from '../../core/config.ts';
import { batchForms, planBatch, type BatchRequest } from '../../run/batch.ts';
import { createEdgarClient } from '../../sources/edgar/index.ts';
import type { Command, Io } from '../shared/command.ts';
import { DIGEST_FORMATS, executeBatch, failureLines, filingLabel, inProcess, loadWatchlist, throughQueues } from '../shared/batch.ts';
import { openCommandDb } from '../shared/database.ts';
import { countOption, dateOption, DB_OPTION, dbPathOf, flag, JSON_OPTION, listOption, oneOfOption, stringOption } from '../shared/options.ts';

const command: Command = {
  usage:
    'minerpivot batch [--watchlist FILE] [--since DATE] [--forms LIST] [--dry-run] [--digest FILE] [--format md|json] [--in-process] [--db PATH] [--json]',
  options: {
    watchlist: { type: 'string', value: 'FILE', description: 'JSON array of {"ticker", "cik", "name"} (default: the shipped watchlist, docs/BATCH.md)' },
    since: { type: 'string', value: 'DATE', description: 'first filing date, YYYY-MM-DD, instead of each issuer\'s checkpoint (a backfill)' },
    forms: { type: 'string', value: 'LIST', description: "forms to take, instead of each issuer's own (10-K,10-Q,8-K)" },
    'dry-run': { type: 'boolean', description: 'list what would be fetched (asks EDGAR for submissions only; writes nothing)' },
    digest: { type: 'string', value: 'FILE', description: 'write the digest here (default: digests/digest-<time>.<format> beside the database)' },
    format: { type: 'string', value: 'FORMAT', description: 'digest format: md (default) or json' },
    'in-process': { type: 'boolean', description: 'run in this process even when REDIS_URL is set' },
    'wait-minutes': { type: 'string', value: 'N', description: 'with Redis: how long to wait for the workers (default 240)' },
    ...DB_OPTION,
    ...JSON_OPTION,
    quiet: { type: 'boolean', short: 'q', description: 'no per-filing progress lines' },
  },
  details: [
    'Per issuer, asks EDGAR for the submissions JSON (always fresh) and takes the filings since its checkpoint',
    `(first batch: since January 1st three years back) that the database does not hold; what is stored or failed`,
    'is never fetched again. A checkpoint moves only when all of the issuer\'s taken filings are stored or failed.',
    'Without REDIS_URL the filings run in this process; with it, as one BullMQ flow for the workers',
    '(minerpivot worker), whose parent job completes when every filing is stored or failed.',
    'A digest (pivot index moves, first AI/HPC facts, new core claims, new filings, failures) is written and',
    'printed; the claims report (claims.md and claims.html, or claims.json) is refreshed beside it.',
    'Exit codes: 0 all went well (or nothing was new); 1 a filing or an issuer failed (named, with reasons); 2 usage.',
    '',
    'Examples:',
    '  minerpivot batch --dry-run',
    '  minerpivot batch --watchlist my-miners.json --digest weekly/digest.md',
    '  minerpivot batch --since 2024-01-01 --forms 10-K,20-F,40-F --format json',
  ],
  async run(args, io: Io) {
    const config = loadConfig(io.env);
    const watchlist = loadWatchlist(stringOption(args, 'watchlist'));
    const since = dateOption(args, 'since');
    const forms = batchForms(listOption(args, 'forms'));
    const json = flag(args, 'json');
    const format = oneOfOption(args, 'format', DIGEST_FORMATS) ?? (json ? 'json' : 'md');
    const quiet = flag(args, 'quiet') || json;
    const waitMs = countOption(args, 'wait-minutes', 240, { min: 1, max: 7 * 24 * 60 }) * 60_000;
    const request: BatchRequest = { watchlist, since, forms, today: new Date().toISOString().slice(0, 10) };
    const useQueues = config.redisUrl !== null && !flag(args, 'in-process') && !flag(args, 'dry-run');

    let fleet: Fleet | null = null;
    const dryRun = flag(args, 'dry-run');
    // A dry run never creates the database: without one, everything in the window is new.
    const dbPath = dbPathOf(args, config);
    const { db } = dryRun && dbPath !== ':memory:' && !existsSync(dbPath) ? { db: openDb(':memory:') } : openCommandDb(args, config, 'create');
    try {
      if (useQueues) fleet = await openFleet(config, 'batch');
      const client = createEdgarClient(config, {
        ...(fleet ? { limiter: fleet.limiter } : {}),
        onEvent: (e) => {
          if (e.type === 'pause') io.err(`SEC asked us to slow down: pausing until ${new Date(e.pause.until).toISOString()} (${e.pause.reason})`);
          if (e.type === 'retry') io.err(`retrying ${e.url} in ${Math.ceil(e.waitMs / 1000)} s (HTTP ${e.status ?? 'network error'})`);
        },
      });
      const plan = await planBatch(db, client, request);
      if (!quiet) {
        for (const i of plan.issuers) {
          const where = i.sinceFrom === 'checkpoint' ? `since its checkpoint ${i.since}` : `since ${i.since}`;
          io.err(i.error ? `${i.entry.ticker}: discovery FAILED: ${i.error}` : `${i.entry.ticker} (CIK ${i.entry.cik}) ${where}: ${i.discovered.length} filing(s), ${i.fresh.length} new`);
        }
      }

      if (dryRun) {
        const fresh = plan.issuers.flatMap((i) => i.fresh);
        if (json) {
          io.out(JSON.stringify({
            dryRun: true,
            issuers: plan.issuers.map((i) => ({ ticker: i.entry.ticker, cik: i.entry.cik, since: i.since, sinceFrom: i.sinceFrom, forms: i.forms, discovered: i.discovered.length, new: i.fresh.map((j) => j.filing.key), error: i.error })),
            wouldFetch: fresh.map((j) => ({ filing: j.filing.key, ticker: j.filing.issuer.tickers[0] ?? null, form: j.filing.form, filedAt: j.filing.filedAt, url: j.filing.sourceRef })),
            sedarOnly: plan.withoutCik.map((e) => e.ticker),
          }, null, 2));
        } else {
          for (const j of fresh) io.out(`would fetch  ${filingLabel(j)}  ${j.filing.sourceRef}`);
          io.out(`${fresh.length} filing(s) would be fetched from ${plan.issuers.length} issuer(s)${plan.withoutCik.length ? `; SEDAR+ only (not on EDGAR): ${plan.withoutCik.map((e) => e.ticker).join(', ')}` : ''}`);
        }
        return plan.issuers.some((i) => i.error) ? 1 : 0;
      }

      const outcome = await executeBatch({
        db,
        dbPath,
        client,
        mode: fleet ? 'queue' : 'in-process',
        process: fleet ? throughQueues(fleet, io, quiet, waitMs) : inProcess(db, config, client, io, quiet),
        request,
        plan,
        digestPath: stringOption(args, 'digest'),
        format,
      });
      const { digest } = outcome;
      const stored = digest.newFilings.filter((f) => f.status === 'stored' || f.status === 'duplicate').length;
      const summary =
        `${digest.newFilings.length} new filing(s) from ${digest.issuers} issuer(s): ${stored} stored, ` +
        `${digest.failures.length} failed; digest ${outcome.digestPath}`;
      if (json) {
        io.out(JSON.stringify({ digestFile: outcome.digestPath, runId: outcome.result.runId, advanced: outcome.result.advanced, digest }, null, 2));
      } else {
        io.out(outcome.text.trimEnd());
        io.out('');
        io.out(summary);
      }
      for (const line of failureLines(digest)) io.err(line);
      if (json || quiet) io.err(summary);
      return outcome.exitCode;
    } finally {
      await fleet?.close();
      db.close();
    }
  },
};

export default command;
