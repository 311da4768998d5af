/** `minerpivot status`: the queues, the last failures and the SEC pause, at a glance. */
import { openFleet } from '../../../workers/fleet.ts';
import { loadConfig } from '../../core/config.ts';
import { STAGES, type Stage } from '../../core/jobs.ts';
import type { Command, Io } from '../shared/command.ts';
import { renderTable } from '../shared/format.ts';
import { flag, JSON_OPTION } from '../shared/options.ts';

interface StageRow {
  stage: Stage;
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  workers: number;
}

const command: Command = {
  usage: 'minerpivot status [--json]',
  options: { ...JSON_OPTION },
  details: ['Needs REDIS_URL. "completed" of extract/score/store counts recent jobs only (their payloads are large).'],
  async run(args, io: Io) {
    const config = loadConfig(io.env);
    const fleet = await openFleet(config, 'status');
    try {
      const stages: StageRow[] = [];
      const failures: Array<{ stage: Stage; job: string; reason: string; at: string | null; attempts: number }> = [];
      for (const stage of STAGES) {
        const queue = fleet.queues[stage];
        const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
        stages.push({
          stage,
          waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          completed: c.completed ?? 0,
          failed: c.failed ?? 0,
          workers: await queue.getWorkersCount().catch(() => 0),
        });
        for (const job of await queue.getFailed(0, 9)) {
          failures.push({
            stage,
            job: String(job.id),
            reason: job.failedReason ?? '',
            at: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
            attempts: job.attemptsMade,
          });
        }
      }
      failures.sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
      const recorded = await fleet.outcomes.lastFailures(10);
      const filings = await fleet.outcomes.counts();
      const pause = await fleet.limiter.pauseState();
      const pauseInfo = pause ? { until: new Date(pause.until).toISOString(), reason: pause.reason } : null;

      if (flag(args, 'json')) {
        io.out(
          JSON.stringify(
            {
              prefix: fleet.prefix,
              stages,
              filings,
              failedJobs: failures.slice(0, 10),
              recordedFailures: recorded.map((r) => ({ filing: r.filing, stage: r.stage, reason: r.reason, at: new Date(r.at).toISOString() })),
              pause: pauseInfo,
            },
            null,
            2,
          ),
        );
        return 0;
      }
      io.out(
        renderTable(stages, [
          { header: 'stage', value: (r) => r.stage },
          { header: 'waiting', value: (r) => r.waiting, align: 'right' },
          { header: 'active', value: (r) => r.active, align: 'right' },
          { header: 'delayed', value: (r) => r.delayed, align: 'right' },
          { header: 'completed', value: (r) => r.completed, align: 'right' },
          { header: 'failed', value: (r) => r.failed, align: 'right' },
          { header: 'workers', value: (r) => r.workers, align: 'right' },
        ]),
      );
      io.out('');
      io.out(`filings: ${filings.stored} stored, ${filings.failed} failed (prefix ${fleet.prefix})`);
      io.out(pauseInfo ? `SEC pause: ACTIVE until ${pauseInfo.until} (${pauseInfo.reason})` : 'SEC pause: none');
      if (recorded.length > 0) {
        io.out('');
        io.out('last failures recorded on filings:');
        for (const r of recorded) io.out(`  ${new Date(r.at).toISOString()}  ${r.filing}  at ${r.stage}: ${r.reason}`);
      }
      if (failures.length > 0) {
        io.out('');
        io.out('last failed jobs:');
        for (const f of failures.slice(0, 10)) io.out(`  ${f.at ?? '-'}  ${f.job}  (${f.attempts} attempt(s)): ${f.reason}`);
      }
      return 0;
    } finally {
      await fleet.close();
    }
  },
};

export default command;
