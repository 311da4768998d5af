/** `minerpivot enqueue`: discover filings on EDGAR and queue one fetch job per filing. */
import { setTimeout as sleep } from 'node:timers/promises';
import { openFleet, type Fleet } from '../../../workers/fleet.ts';
import { enqueue } from '../../../workers/queues.ts';
import { loadConfig } from '../../core/config.ts';
import { createEdgarClient, discoverFilings, requireUserAgent } from '../../sources/edgar/index.ts';
import { jobId, type FilingRef } from '../../core/jobs.ts';
import { createProgress } from '../shared/progress.ts';
import type { Command, Io } from '../shared/command.ts';
import { discoveryFailureLine, EDGAR_SOURCE_OPTIONS, edgarRequestFrom } from '../shared/edgar.ts';
import { flag, JSON_OPTION } from '../shared/options.ts';

interface WaitResult {
  stored: number;
  failed: Array<{ filing: string; stage: string | null; reason: string }>;
}

/** Polls the outcome record until every filing is stored or failed for good. */
async function waitForOutcomes(fleet: Fleet, filings: FilingRef[], io: Io, quiet: boolean): Promise<WaitResult> {
  const keys = filings.map((f) => f.key);
  const progress = createProgress(io, keys.length, { label: 'enqueue --wait', quiet });
  const result: WaitResult = { stored: 0, failed: [] };
  const pending = new Set(keys);
  while (pending.size > 0) {
    const list = [...pending];
    const outcomes = await fleet.outcomes.get(list);
    for (const [i, key] of list.entries()) {
      const outcome = outcomes[i];
      if (outcome) {
        pending.delete(key);
        if (outcome.status === 'stored') result.stored++;
        else {
          result.failed.push({ filing: key, stage: outcome.stage ?? null, reason: outcome.reason ?? '' });
          progress.log(`FAILED  ${key} at ${outcome.stage}: ${outcome.reason}`);
        }
        continue;
      }
      // A store job that failed for good (the database refused it) records no outcome.
      const store = await fleet.queues.store.getJob(jobId('store', key));
      if (store?.finishedOn && store.failedReason && store.attemptsMade >= (store.opts.attempts ?? 1)) {
        pending.delete(key);
        result.failed.push({ filing: key, stage: 'store', reason: store.failedReason });
        progress.log(`FAILED  ${key} at store: ${store.failedReason}`);
      }
    }
    progress.update(keys.length - pending.size, result.failed.length);
    if (pending.size > 0) await sleep(500);
  }
  progress.finish();
  return result;
}

const command: Command = {
  usage: 'minerpivot enqueue (--tickers LIST | --ciks LIST) [--forms LIST] [--since DATE] [--until DATE] [--amendments] [--wait]',
  options: {
    ...EDGAR_SOURCE_OPTIONS,
    wait: { type: 'boolean', description: 'wait until every queued filing is stored or failed, with progress' },
    ...JSON_OPTION,
    quiet: { type: 'boolean', short: 'q', description: 'no progress output' },
  },
  details: [
    'Needs REDIS_URL and SEC_USER_AGENT. Discovery requests share the fleet-wide SEC budget.',
    'Job ids are the accession numbers: a filing already queued, done or failed is left as it is.',
    '',
    'Examples:',
    '  minerpivot enqueue --tickers RIOT,HUT --forms 10-K,40-F,6-K --since 2024-01-01',
    '  minerpivot enqueue --ciks 1167419 --forms 8-K --since 2024-06-01 --until 2024-12-31 --wait',
  ],
  async run(args, io: Io) {
    const config = loadConfig(io.env);
    const request = edgarRequestFrom(args);
    requireUserAgent(config.secUserAgent);
    const json = flag(args, 'json');
    const quiet = flag(args, 'quiet') || json;
    const fleet = await openFleet(config, 'enqueue');
    try {
      const client = createEdgarClient(config, {
        limiter: fleet.limiter,
        onEvent: (e) => {
          if (e.type === 'pause') io.err(`SEC pause in force until ${new Date(e.pause.until).toISOString()}: waiting (${e.pause.reason})`);
          if (e.type === 'retry' && !quiet) io.err(`retrying ${e.url} in ${Math.ceil(e.waitMs / 1000)} s (${e.reason})`);
        },
      });
      const { jobs, filers, failed } = await discoverFilings(client, request);
      if (!quiet) for (const f of filers) io.err(`${f.name} (CIK ${f.cik}): ${f.filings} filing(s)`);
      // A filer whose discovery failed is named; the others are queued all the same.
      for (const f of failed) io.err(discoveryFailureLine(f));
      let added = 0;
      for (const job of jobs) if (await enqueue(fleet.queues, job)) added++;
      const summary = `queued ${added} new filing(s), ${jobs.length - added} already queued or done (prefix ${fleet.prefix})`;
      if (!json) io.out(summary);

      const waited = flag(args, 'wait') ? await waitForOutcomes(fleet, jobs.map((j) => j.filing), io, quiet) : null;
      if (waited && !json) io.out(`${waited.stored} of ${jobs.length} filing(s) stored${waited.failed.length ? `, ${waited.failed.length} failed` : ''}`);
      if (json) {
        io.out(
          JSON.stringify(
            {
              prefix: fleet.prefix,
              filings: jobs.map((j) => j.filing.key),
              added,
              existing: jobs.length - added,
              discoveryFailed: failed.map((f) => ({ filer: f.filer, reason: f.reason, transient: f.transient })),
              ...(waited ? { wait: waited } : {}),
            },
            null,
            2,
          ),
        );
      }
      return failed.length > 0 || (waited !== null && waited.failed.length > 0) ? 1 : 0;
    } finally {
      await fleet.close();
    }
  },
};

export default command;
