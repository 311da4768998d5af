/** `minerpivot retry`: the failed filings of the database, run again (in this process, or queued for the workers). */
import { openFleet } from '../../../workers/fleet.ts';
import { requeue } from '../../../workers/queues.ts';
import { FilingRepository } from '../../../db/repository.ts';
import { loadConfig } from '../../core/config.ts';
import { STAGES, type Stage } from '../../core/jobs.ts';
import { createHandlers } from '../../run/handlers.ts';
import { planRetry } from '../../run/retry.ts';
import { runInProcess, type RunEvent } from '../../run/runner.ts';
import { createEdgarClient, requireUserAgent } from '../../sources/edgar/index.ts';
import { openSources } from '../../sources/registry.ts';
import type { Command, Io } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { DB_OPTION, flag, JSON_OPTION, oneOfOption } from '../shared/options.ts';

function label(event: RunEvent): string {
  const f = event.filing;
  return `${f.issuer.tickers[0] ?? f.issuer.name} ${f.form} ${f.key}`;
}

const command: Command = {
  usage: 'minerpivot retry [--stage fetch|extract|score|store] [--in-process] [--db PATH] [--json]',
  options: {
    stage: { type: 'string', value: 'S', description: `only filings that failed at this stage (${STAGES.join(', ')})` },
    'in-process': { type: 'boolean', description: 'run them in this process even when REDIS_URL is set' },
    ...DB_OPTION,
    ...JSON_OPTION,
    quiet: { type: 'boolean', short: 'q', description: 'no per-filing lines' },
  },
  details: [
    'Reads the filings whose row says failed (filings.status) and runs each again from fetch: in this',
    'process, or, when REDIS_URL is set, by queueing them for the workers (their old jobs are removed',
    'first; a filing still in progress is left alone). The filing row says where it came from, so EDGAR',
    'filings are fetched from EDGAR again (needs SEC_USER_AGENT), files and URLs from where they were.',
    'In this process, what fails again for a transient reason gets one more try after a pause.',
    '',
    'Examples:',
    '  minerpivot retry                 # every failed filing',
    '  minerpivot retry --stage fetch   # only those the network failed',
  ],
  async run(args, io: Io) {
    const config = loadConfig(io.env);
    const stage = (oneOfOption(args, 'stage', STAGES) ?? null) as Stage | null;
    const json = flag(args, 'json');
    const quiet = flag(args, 'quiet') || json;
    const { db, path: dbPath } = openCommandDb(args, config, 'update');
    try {
      const plan = planRetry(db, stage);
      if (plan.jobs.length === 0) {
        if (json) io.out(JSON.stringify({ db: dbPath, filings: 0, stored: 0, failed: [] }, null, 2));
        else io.out(`no failed filing${stage ? ` at ${stage}` : ''} in ${dbPath}`);
        return 0;
      }
      const fromEdgar = plan.jobs.some((j) => j.location.kind === 'edgar');
      if (fromEdgar) requireUserAgent(config.secUserAgent);

      if (config.redisUrl && !flag(args, 'in-process')) {
        const fleet = await openFleet(config, 'retry');
        try {
          let queued = 0;
          for (const job of plan.jobs) if (await requeue(fleet.queues, fleet.outcomes, job)) queued++;
          const busy = plan.jobs.length - queued;
          if (json) io.out(JSON.stringify({ db: dbPath, prefix: fleet.prefix, filings: plan.jobs.length, queued, inProgress: busy }, null, 2));
          else io.out(`queued ${queued} failed filing(s) again${busy ? `, ${busy} still in progress left alone` : ''} (prefix ${fleet.prefix}); minerpivot status shows progress`);
          return 0;
        } finally {
          await fleet.close();
        }
      }

      const client = fromEdgar
        ? createEdgarClient(config, {
            onEvent: (event) => {
              if (event.type === 'retry') io.err(`retrying ${event.url} in ${Math.ceil(event.waitMs / 1000)} s (${event.reason})`);
            },
          })
        : null;
      const handlers = createHandlers({
        repository: new FilingRepository(db),
        sources: openSources({ config, ...(client ? { edgar: { client } } : {}) }),
      });
      if (!quiet) io.err(`running ${plan.jobs.length} failed filing(s) again from ${dbPath}`);
      const summary = await runInProcess(
        plan.jobs,
        handlers,
        (event) => {
          if (event.type === 'failed') io.err(`FAILED  ${label(event)} at ${event.stage}: ${event.reason}`);
          else if (!quiet) io.err(`stored  ${label(event)}`);
        },
        {
          retryPauseMs: config.retryPauseSeconds * 1000,
          onRetry: (n, ms) => {
            if (!quiet) io.err(`trying ${n} filing(s) that failed for a transient reason once more in ${Math.round(ms / 1000)} s`);
          },
        },
      );
      if (json) {
        io.out(
          JSON.stringify(
            {
              db: dbPath,
              filings: summary.total,
              stored: summary.stored,
              failed: summary.failed.map((f) => ({ filing: f.filing.key, source: f.filing.sourceRef, stage: f.stage, reason: f.reason })),
            },
            null,
            2,
          ),
        );
      } else {
        io.out(`${summary.stored} of ${summary.total} failed filing(s) stored${summary.failed.length ? `, ${summary.failed.length} still failed` : ''}; database ${dbPath}`);
        for (const f of summary.failed) io.out(`  FAILED  ${f.filing.issuer.tickers[0] ?? f.filing.issuer.name} ${f.filing.form} ${f.filing.key} at ${f.stage}: ${f.reason}`);
      }
      return summary.failed.length > 0 ? 1 : 0;
    } finally {
      db.close();
    }
  },
};

export default command;
