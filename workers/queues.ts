/**
 * The BullMQ side of the job catalogue: one queue per stage (names from
 * `STAGES`), job options from `RETRY` and `jobId`, and the small record of each
 * filing's outcome that `enqueue --wait` and `status` read.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobId, RETRY, STAGES, type JobPayload, type Stage } from '../pipeline/core/jobs.ts';
import { packJob, type Attachments } from './transport.ts';

export type StageQueues = Record<Stage, Queue>;

/** Opens one queue per stage on a connection and prefix. */
export function openQueues(connection: Redis, prefix: string): StageQueues {
  return Object.fromEntries(STAGES.map((stage) => [stage, new Queue(stage, { connection, prefix })])) as StageQueues;
}

export async function closeQueues(queues: StageQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}

/**
 * Job options of a stage. The id is deterministic, so adding a filing that is
 * already queued (or done) is a no-op. Completed fetch jobs are kept: they are
 * what makes re-enqueueing a no-op, and their payload is small. Later stages
 * carry the extracted text, so only their recent completions are kept.
 */
export function jobOptions(stage: Stage, filingKey: string): JobsOptions {
  return {
    jobId: jobId(stage, filingKey),
    attempts: RETRY[stage].attempts,
    backoff: { type: 'exponential', delay: RETRY[stage].backoffMs },
    removeOnComplete: stage === 'fetch' ? false : { age: 3600, count: 100 },
    removeOnFail: false,
  };
}

/**
 * Adds a payload to its stage's queue, compressed, with the document bytes of an extract job when
 * given (workers/transport.ts). Returns false when a job with its id already existed.
 */
export async function enqueue(queues: StageQueues, payload: JobPayload, attachments?: Attachments): Promise<boolean> {
  const queue = queues[payload.stage];
  const options = jobOptions(payload.stage, payload.filing.key);
  const existed = (await queue.getJob(options.jobId!)) !== undefined;
  // Adding an existing id is a no-op in BullMQ: skip the compression too.
  if (existed) return false;
  await queue.add(payload.stage, packJob(payload, attachments), options);
  return true;
}

/** States in which a job is still on its way: re-queueing leaves it alone. */
const IN_PROGRESS = new Set(['active', 'waiting', 'waiting-children', 'delayed', 'prioritized']);

/**
 * Queues a filing's fetch job again after it failed: its old jobs (failed, or completed on the way
 * to the failure record) are removed first, since their ids would make a new add a no-op, and its
 * outcome record is cleared. Returns false, and changes nothing, while a job of the filing is still
 * in progress.
 */
export async function requeue(queues: StageQueues, outcomes: Outcomes, payload: JobPayload): Promise<boolean> {
  const old = await Promise.all(STAGES.map((stage) => queues[stage].getJob(jobId(stage, payload.filing.key))));
  const states = await Promise.all(old.map((job) => job?.getState() ?? null));
  if (states.some((state) => state !== null && IN_PROGRESS.has(state))) return false;
  for (const job of old) await job?.remove();
  await outcomes.clear(payload.filing.key);
  await enqueue(queues, payload);
  return true;
}

/** What became of a filing, as the store worker last recorded it. */
export interface Outcome {
  status: 'stored' | 'failed';
  stage?: Stage;
  reason?: string;
  /** Epoch ms. */
  at: number;
}

/** The outcome record: a hash filing key -> outcome, and a short list of the last failures. */
export class Outcomes {
  private readonly hash: string;
  private readonly failures: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.hash = `${prefix}:outcomes`;
    this.failures = `${prefix}:last-failures`;
  }

  async record(filingKey: string, outcome: Outcome): Promise<void> {
    const multi = this.redis.multi().hset(this.hash, filingKey, JSON.stringify(outcome));
    if (outcome.status === 'failed') multi.lpush(this.failures, JSON.stringify({ filing: filingKey, ...outcome })).ltrim(this.failures, 0, 49);
    await multi.exec();
  }

  async clear(filingKey: string): Promise<void> {
    await this.redis.hdel(this.hash, filingKey);
  }

  async get(filingKeys: string[]): Promise<Array<Outcome | null>> {
    if (filingKeys.length === 0) return [];
    const values = await this.redis.hmget(this.hash, ...filingKeys);
    return values.map((v) => (v ? (JSON.parse(v) as Outcome) : null));
  }

  /** Drops the outcomes of these filings (a batch taking them again: the database never got them). */
  async forget(filingKeys: string[]): Promise<void> {
    if (filingKeys.length > 0) await this.redis.hdel(this.hash, ...filingKeys);
  }

  async counts(): Promise<{ stored: number; failed: number }> {
    const all = await this.redis.hvals(this.hash);
    let stored = 0;
    for (const v of all) if ((JSON.parse(v) as Outcome).status === 'stored') stored++;
    return { stored, failed: all.length - stored };
  }

  async lastFailures(n = 10): Promise<Array<Outcome & { filing: string }>> {
    return (await this.redis.lrange(this.failures, 0, n - 1)).map((v) => JSON.parse(v) as Outcome & { filing: string });
  }
}
