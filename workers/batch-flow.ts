/**
 * A batch through the queues: one BullMQ flow per batch, its children the
 * fetch jobs of the batch's filings (the stage workers carry each on to store),
 * its parent a `batch` job that completes when every filing is stored or
 * failed (the store worker's outcome record says so). Children that fail are
 * kept as ignored failures, so one bad filing does not hold the parent.
 *
 * The parent's processor runs in the process that queued the flow while it
 * waits (any batch process can finish any parent: it only reads outcomes).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FlowProducer, QueueEvents, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { jobId, STAGES } from '../pipeline/core/jobs.ts';
import type { FetchJob, FilingResult } from '../pipeline/run/batch.ts';
import type { Fleet } from './fleet.ts';
import { jobOptions } from './queues.ts';

/** Queue of the flows' parent jobs. */
export const BATCH_QUEUE = 'batch';
/** Queue the job scheduler of `minerpivot schedule` fills; `schedule --worker` runs each job as a batch. */
export const SCHEDULE_QUEUE = 'batch-schedule';

const ParentData = z.object({ filings: z.array(z.string()) });

/** The parent's processor: waits until every filing of the batch has an outcome, then returns them. */
function parentProcessor(fleet: Fleet, pollMs: number) {
  return async (job: Job) => {
    const { filings } = ParentData.parse(job.data);
    const results: Record<string, FilingResult> = {};
    for (;;) {
      const missing = filings.filter((k) => !(k in results));
      const outcomes = await fleet.outcomes.get(missing);
      for (const [i, key] of missing.entries()) {
        const o = outcomes[i];
        if (o) results[key] = o.status === 'stored' ? { status: 'stored' } : { status: 'failed', ...(o.stage ? { stage: o.stage } : {}), reason: o.reason ?? '' };
      }
      await job.updateProgress({ done: Object.keys(results).length, total: filings.length });
      if (Object.keys(results).length === filings.length) return results;
      await sleep(pollMs);
    }
  };
}

/** Runs the parent jobs of batch flows in this process until closed. */
export function startBatchParentWorker(fleet: Fleet, pollMs = 500): Worker {
  const worker = new Worker(BATCH_QUEUE, parentProcessor(fleet, pollMs), { connection: fleet.redis, prefix: fleet.prefix, concurrency: 4 });
  worker.on('error', () => {});
  return worker;
}

/**
 * Clears what an earlier attempt at these filings left in Redis (finished stage jobs, an outcome), so
 * their deterministic job ids are free again: the batch only takes filings the database does not hold,
 * so such leftovers belong to a run whose result never reached this database. A job still waiting or
 * active is left alone: the filing is in flight, and its outcome is awaited like the others.
 */
async function freeJobIds(fleet: Fleet, keys: string[]): Promise<Set<string>> {
  const inFlight = new Set<string>();
  for (const key of keys) {
    for (const stage of STAGES) {
      const job = await fleet.queues[stage].getJob(jobId(stage, key));
      if (!job) continue;
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') await job.remove().catch(() => {});
      else inFlight.add(key);
    }
  }
  await fleet.outcomes.forget(keys.filter((k) => !inFlight.has(k)));
  return inFlight;
}

export interface FlowOptions {
  /** How long to wait for the parent; filings without an outcome by then are reported pending. */
  waitMs: number;
  onQueued?: (flow: { parentId: string; children: number }) => void;
  pollMs?: number;
}

/** Queues the batch as one flow and waits for its parent; returns the outcome of each filing that has one. */
export async function processThroughFlow(fleet: Fleet, jobs: FetchJob[], options: FlowOptions): Promise<Map<string, FilingResult>> {
  const keys = jobs.map((j) => j.filing.key);
  const inFlight = await freeJobIds(fleet, keys);
  const parentId = `batch-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  const producer = new FlowProducer({ connection: fleet.redis, prefix: fleet.prefix });
  const events = new QueueEvents(BATCH_QUEUE, { connection: fleet.redis.duplicate(), prefix: fleet.prefix });
  const worker = startBatchParentWorker(fleet, options.pollMs);
  try {
    await events.waitUntilReady();
    const children = jobs.filter((j) => !inFlight.has(j.filing.key));
    const tree = await producer.add({
      name: 'batch',
      queueName: BATCH_QUEUE,
      data: { filings: keys },
      opts: { jobId: parentId, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      children: children.map((j) => ({
        name: 'fetch',
        queueName: 'fetch',
        data: j,
        opts: { ...jobOptions('fetch', j.filing.key), ignoreDependencyOnFailure: true },
      })),
    });
    options.onQueued?.({ parentId, children: children.length });
    let values: Record<string, FilingResult> = {};
    try {
      values = (await tree.job.waitUntilFinished(events, options.waitMs)) as Record<string, FilingResult>;
    } catch {
      // Timed out: what has an outcome so far is reported; the rest stays pending (no checkpoint moves for it).
      const outcomes = await fleet.outcomes.get(keys);
      for (const [i, key] of keys.entries()) {
        const o = outcomes[i];
        if (o) values[key] = o.status === 'stored' ? { status: 'stored' } : { status: 'failed', ...(o.stage ? { stage: o.stage } : {}), reason: o.reason ?? '' };
      }
    }
    return new Map(Object.entries(values));
  } finally {
    await worker.close();
    await events.close();
    await producer.close();
  }
}
