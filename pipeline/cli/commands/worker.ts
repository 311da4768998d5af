/** `minerpivot worker`: a BullMQ worker process for some or all stages. */
import type { Db } from '../../../db/open.ts';
import { FilingRepository } from '../../../db/repository.ts';
import { openFleet } from '../../../workers/fleet.ts';
import { startStageWorkers, type WorkerEvent } from '../../../workers/stage-worker.ts';
import { loadConfig } from '../../core/config.ts';
import { createEdgarClient, requireUserAgent } from '../../sources/edgar/index.ts';
import { openSources } from '../../sources/registry.ts';
import { UserError } from '../../core/errors.ts';
import { createHandlers } from '../../run/handlers.ts';
import { STAGES, type Stage } from '../../core/jobs.ts';
import type { Command, Io } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { countOption, DB_OPTION, listOption } from '../shared/options.ts';
import { waitForSignal } from '../shared/signals.ts';

/** The longest wait a fetch job sits through inside a request; past it, the job is delayed instead. */
const FETCH_MAX_WAIT_MS = 5000;

/** The stages of `--stages LIST`, in pipeline order; all of them when not given. */
function stagesOf(names: string[] | undefined): Stage[] {
  if (names === undefined) return [...STAGES];
  const unknown = names.filter((n) => !(STAGES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new UserError(`unknown stage(s) ${unknown.join(', ') || '(none given)'}; stages are ${STAGES.join(', ')}`);
  }
  return STAGES.filter((s) => names.includes(s));
}

function eventLine(event: WorkerEvent): string {
  switch (event.type) {
    case 'completed':
      return `done    ${event.stage.padEnd(7)} ${event.filing}${event.next ? ` -> ${event.next}` : ''}`;
    case 'failed':
      return `FAILED  ${event.stage.padEnd(7)} ${event.filing}: ${event.reason}${event.final ? '' : ' (will retry)'}`;
    case 'delayed':
      return `waiting ${event.stage.padEnd(7)} ${event.filing}: ${Math.ceil(event.waitMs / 1000)} s (${event.reason})`;
  }
}


const command: Command = {
  usage: 'minerpivot worker [--stages fetch,extract,score,store] [--concurrency N] [--db PATH]',
  options: {
    stages: { type: 'string', value: 'LIST', description: `stages to work on (default all: ${STAGES.join(',')})` },
    concurrency: { type: 'string', value: 'N', description: 'jobs at a time per stage (default 2); the SEC budget is shared anyway' },
    ...DB_OPTION,
  },
  details: [
    'Needs REDIS_URL; the fetch stage needs SEC_USER_AGENT. Only the store stage opens the SQLite',
    'file, so fetch/extract/score workers can run on other machines against the same Redis.',
    'Fetch and extract read the raw cache (MINERPIVOT_CACHE): run them where they share that folder.',
    'Stops gracefully on SIGINT or SIGTERM (active jobs finish); a second signal stops at once.',
    '',
    'Examples:',
    '  minerpivot worker                                  # every stage',
    '  minerpivot worker --stages fetch,extract,score     # on any machine',
    '  minerpivot worker --stages store --db pivot.db     # the one writer',
  ],
  async run(args, io: Io) {
    const config = loadConfig(io.env);
    const stages = stagesOf(listOption(args, 'stages'));
    const concurrency = countOption(args, 'concurrency', 2, { max: 64 });
    // User mistakes first, before any connection is opened.
    if (stages.includes('fetch')) requireUserAgent(config.secUserAgent);

    const fleet = await openFleet(config, 'worker');
    let db: Db | null = null;
    try {
      const client = stages.includes('fetch')
        ? createEdgarClient(config, {
            limiter: fleet.limiter,
            maxWaitMs: FETCH_MAX_WAIT_MS,
            onEvent: (e) => {
              if (e.type === 'retry') io.err(`retry   ${e.url} in ${Math.ceil(e.waitMs / 1000)} s (${e.reason})`);
            },
          })
        : null;
      const opened = stages.includes('store') ? openCommandDb(args, config, 'create') : null;
      const dbPath = opened?.path ?? null;
      db = opened?.db ?? null;
      const handlers = createHandlers({
        ...(db ? { repository: new FilingRepository(db) } : {}),
        ...(client ? { sources: openSources({ config, edgar: { client } }) } : {}),
      });
      const running = startStageWorkers({
        connection: fleet.redis,
        prefix: fleet.prefix,
        stages,
        concurrency,
        lockMs: config.lockSeconds * 1000,
        handlers,
        queues: fleet.queues,
        onEvent: (event) => io.err(eventLine(event)),
      });
      io.err(
        `worker ${process.pid}: stages ${stages.join(',')}, concurrency ${concurrency}, prefix ${fleet.prefix}, ` +
          `SEC budget ${config.secMaxRps}/s${dbPath ? `, database ${dbPath}` : ''}`,
      );

      const signal = await waitForSignal();
      io.err(`worker ${process.pid}: ${signal}: finishing active jobs (send again to stop at once)`);
      const forced = waitForSignal().then(() => running.close(true));
      await Promise.race([running.close(false), forced]);
      io.err(`worker ${process.pid}: stopped`);
      return 0;
    } finally {
      await fleet.close();
      db?.close();
    }
  },
};

export default command;
