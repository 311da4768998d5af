/** `minerpivot schedule`: the batch on a schedule, as a BullMQ job scheduler, and the worker that runs it. */
import { resolve } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { z } from 'zod';
import { SCHEDULE_QUEUE } from '../../../workers/batch-flow.ts';
import { openFleet } from '../../../workers/fleet.ts';
import { loadConfig } from '../../core/config.ts';
import { describeError, UserError } from '../../core/errors.ts';
import { batchForms } from '../../run/batch.ts';
import { createEdgarClient, requireUserAgent } from '../../sources/edgar/index.ts';
import { DIGEST_FORMATS, executeBatch, failureLines, inProcess, loadWatchlist, throughQueues } from '../shared/batch.ts';
import type { Command, Io } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { countOption, DB_OPTION, flag, JSON_OPTION, listOption, oneOfOption, stringOption } from '../shared/options.ts';
import { waitForSignal } from '../shared/signals.ts';

const DEFAULT_NAME = 'weekly-batch';

/** What each scheduled job carries: how to run its batch. */
const ScheduledBatch = z.object({
  /** Absolute path of a watchlist file, read at each run; null: the default watchlist. */
  watchlist: z.string().nullable(),
  forms: z.array(z.string()).nullable(),
  inProcess: z.boolean(),
  format: z.enum(DIGEST_FORMATS),
});
type ScheduledBatch = z.infer<typeof ScheduledBatch>;

function validTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    throw new UserError(`--tz ${tz}: not a time zone (e.g. UTC, Europe/London, America/New_York)`);
  }
}

const command: Command = {
  usage:
    'minerpivot schedule (--cron PATTERN [--tz ZONE] | --every MS) [--name NAME] [--watchlist FILE] [--forms LIST] [--in-process] | --list | --remove [--name NAME] | --worker [--db PATH]',
  options: {
    cron: { type: 'string', value: 'PATTERN', description: 'cron pattern of the batch, e.g. "0 6 * * 1" (Mondays 06:00)' },
    tz: { type: 'string', value: 'ZONE', description: 'time zone of the cron pattern (default UTC)' },
    every: { type: 'string', value: 'MS', description: 'instead of --cron: a batch every MS milliseconds' },
    name: { type: 'string', value: 'NAME', description: `the scheduler's id (default ${DEFAULT_NAME})` },
    watchlist: { type: 'string', value: 'FILE', description: 'watchlist file of the scheduled batch, read at each run (default: the shipped list)' },
    forms: { type: 'string', value: 'LIST', description: "forms to take, instead of each issuer's own" },
    format: { type: 'string', value: 'FORMAT', description: 'digest format of the scheduled batch: md (default) or json' },
    'in-process': { type: 'boolean', description: 'the scheduled batch runs its filings in the schedule worker, not through the stage workers' },
    list: { type: 'boolean', description: 'list the schedulers with their next run' },
    remove: { type: 'boolean', description: 'remove the scheduler --name (default ' + DEFAULT_NAME + ')' },
    worker: { type: 'boolean', description: 'run the scheduled batches as they come due (keep it running; needs --db)' },
    ...DB_OPTION,
    ...JSON_OPTION,
  },
  details: [
    'Needs REDIS_URL. The scheduler (BullMQ upsertJobScheduler) puts one job in the batch-schedule queue',
    'each time it comes due; `minerpivot schedule --worker` runs each as `minerpivot batch` would, and writes',
    'the digest and the claims report under digests/ beside the database. Without --in-process the filings go',
    'through the stage workers (minerpivot worker), as a BullMQ flow. Registering the same --name again',
    'replaces its pattern. Without Redis, use cron or a systemd timer instead (docs/BATCH.md).',
    '',
    'Examples:',
    '  minerpivot schedule --cron "0 6 * * 1" --tz UTC',
    '  minerpivot schedule --worker --db pivot.db',
    '  minerpivot schedule --list',
    '  minerpivot schedule --remove',
  ],
  async run(args, io: Io) {
    const config = loadConfig(io.env);
    const name = stringOption(args, 'name') ?? DEFAULT_NAME;
    const modes = ['cron', 'every', 'list', 'remove', 'worker'].filter((m) => (m === 'cron' || m === 'every' ? stringOption(args, m) !== undefined : flag(args, m)));
    if (modes.length !== 1) throw new UserError('give exactly one of --cron PATTERN, --every MS, --list, --remove or --worker');
    const mode = modes[0]!;
    // User mistakes first, before any connection.
    const cron = stringOption(args, 'cron');
    const tz = validTimeZone(stringOption(args, 'tz') ?? 'UTC');
    const every = mode === 'every' ? countOption(args, 'every', 0, { min: 100, max: 366 * 24 * 3600_000 }) : null;
    const template: ScheduledBatch = {
      watchlist: stringOption(args, 'watchlist') ? resolve(stringOption(args, 'watchlist')!) : null,
      forms: batchForms(listOption(args, 'forms')),
      inProcess: flag(args, 'in-process'),
      format: oneOfOption(args, 'format', DIGEST_FORMATS) ?? 'md',
    };
    if (template.watchlist) loadWatchlist(template.watchlist);
    if (mode === 'worker') requireUserAgent(config.secUserAgent);

    const fleet = await openFleet(config, 'schedule');
    const queue = new Queue(SCHEDULE_QUEUE, { connection: fleet.redis, prefix: fleet.prefix });
    try {
      if (mode === 'cron' || mode === 'every') {
        try {
          await queue.upsertJobScheduler(name, cron !== undefined ? { pattern: cron, tz } : { every: every! }, {
            name: 'batch',
            data: template,
            opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } },
          });
        } catch (error) {
          throw new UserError(`--cron "${cron}": not a cron pattern (${describeError(error)})`);
        }
        const scheduler = await queue.getJobScheduler(name);
        const next = scheduler?.next ? new Date(scheduler.next).toISOString() : 'unknown';
        io.out(`scheduled ${name}: ${cron !== undefined ? `"${cron}" (${tz})` : `every ${every} ms`}, next run ${next}; run "minerpivot schedule --worker" to carry it out`);
        return 0;
      }
      if (mode === 'list') {
        const schedulers = await queue.getJobSchedulers(0, -1, true);
        const rows = schedulers.map((s) => ({
          name: s.key,
          pattern: s.pattern ?? null,
          tz: s.tz ?? null,
          every: s.every ?? null,
          next: s.next ? new Date(s.next).toISOString() : null,
          batch: s.template?.data ?? null,
        }));
        if (flag(args, 'json')) io.out(JSON.stringify({ prefix: fleet.prefix, schedulers: rows }, null, 2));
        else {
          for (const r of rows) io.out(`${r.name}  ${r.pattern ? `"${r.pattern}" ${r.tz ?? 'UTC'}` : `every ${r.every} ms`}  next ${r.next ?? '?'}`);
          io.out(`${rows.length} scheduler(s) under prefix ${fleet.prefix}`);
        }
        return 0;
      }
      if (mode === 'remove') {
        const removed = await queue.removeJobScheduler(name);
        if (!removed) throw new UserError(`no scheduler ${name} under prefix ${fleet.prefix} (see minerpivot schedule --list)`);
        io.out(`removed scheduler ${name}`);
        return 0;
      }

      // --worker: run each scheduled batch as it comes due.
      const { db, path: dbPath } = openCommandDb(args, config, 'create');
      const client = createEdgarClient(config, { limiter: fleet.limiter });
      const worker = new Worker(
        SCHEDULE_QUEUE,
        async (job) => {
          const data = ScheduledBatch.parse(job.data);
          const request = { watchlist: loadWatchlist(data.watchlist ?? undefined), since: null, forms: data.forms, today: new Date().toISOString().slice(0, 10) };
          const outcome = await executeBatch({
            db,
            dbPath,
            client,
            mode: data.inProcess ? 'in-process' : 'queue',
            process: data.inProcess ? inProcess(db, config, client, io, true) : throughQueues(fleet, io, true, 24 * 3600_000),
            request,
            digestPath: undefined,
            format: data.format,
          });
          const d = outcome.digest;
          const stored = d.newFilings.filter((f) => f.status === 'stored' || f.status === 'duplicate').length;
          for (const line of failureLines(d)) io.err(line);
          io.err(`batch ${job.id}: ${d.newFilings.length} new filing(s), ${stored} stored, ${d.failures.length} failed; digest ${outcome.digestPath}`);
          return { newFilings: d.newFilings.length, stored, failed: d.failures.length, digest: outcome.digestPath, runId: outcome.result.runId };
        },
        { connection: fleet.redis, prefix: fleet.prefix, concurrency: 1, lockDuration: config.lockSeconds * 1000 },
      );
      worker.on('error', () => {});
      worker.on('failed', (job, error) => io.err(`batch ${job?.id ?? '?'} FAILED: ${describeError(error)}`));
      io.err(`schedule worker ${process.pid}: running scheduled batches from prefix ${fleet.prefix} into ${dbPath}`);
      const signal = await waitForSignal();
      io.err(`schedule worker ${process.pid}: ${signal}: finishing the batch in progress`);
      await worker.close();
      db.close();
      return 0;
    } finally {
      await queue.close();
      await fleet.close();
    }
  },
};

export default command;
