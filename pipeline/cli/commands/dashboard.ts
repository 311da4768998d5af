/** `minerpivot dashboard`: Bull Board over the queues, on 127.0.0.1 unless --host says otherwise. */
import { startDashboard } from '../../../workers/dashboard.ts';
import { openFleet } from '../../../workers/fleet.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import type { Command } from '../shared/command.ts';
import { countOption, stringOption } from '../shared/options.ts';
import { waitForSignal } from '../shared/signals.ts';

const command: Command = {
  usage: 'minerpivot dashboard [--port N] [--host ADDRESS]',
  options: {
    port: { type: 'string', value: 'N', description: 'port to listen on (default 3000; 0 picks a free one)' },
    host: { type: 'string', value: 'ADDRESS', description: 'address to listen on (default 127.0.0.1: this machine only)' },
  },
  details: [
    'Bull Board over every queue under MINERPIVOT_QUEUE_PREFIX: fetch, extract, score, store, batch (the',
    "batch flows' parents) and batch-schedule. Needs REDIS_URL. The dashboard can retry and delete jobs",
    'and has no login: it listens on 127.0.0.1 unless --host names another address (e.g. --host 0.0.0.0',
    'behind a firewall or an SSH tunnel). Stops on SIGINT or SIGTERM.',
    '',
    'Examples:',
    '  minerpivot dashboard                 # http://127.0.0.1:3000/',
    '  ssh -L 3000:127.0.0.1:3000 queue-host   # then open it from your laptop',
  ],
  async run(args, io) {
    const config = loadConfig(io.env, ['redisUrl', 'queuePrefix', 'secMaxRps']);
    const port = countOption(args, 'port', 3000, { min: 0, max: 65535 });
    const host = stringOption(args, 'host') ?? '127.0.0.1';
    if (host.trim() === '') throw new UserError('--host: expected an address such as 127.0.0.1');
    const fleet = await openFleet(config, 'dashboard');
    try {
      let dashboard;
      try {
        dashboard = await startDashboard({ connection: fleet.redis, prefix: fleet.prefix, host, port });
      } catch (error) {
        throw new UserError(`cannot listen on ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      io.err(`dashboard ${process.pid}: ${dashboard.url} (queues under prefix ${fleet.prefix}; Ctrl-C stops it)`);
      const signal = await waitForSignal();
      await dashboard.close();
      io.err(`dashboard ${process.pid}: ${signal}: stopped`);
      return 0;
    } finally {
      await fleet.close();
    }
  },
};

export default command;
