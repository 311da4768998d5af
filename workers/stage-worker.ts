/**
 * The BullMQ shell around the pipeline: one Worker per stage, each running
 * `runJob` (pipeline/run/handlers.ts) and adding whatever job the pipeline graph
 * returns to the next stage's queue. The shell only maps outcomes to BullMQ:
 *
 * - success: the graph's next job is enqueued (deterministic id: a retried job
 *   that already enqueued its successor changes nothing);
 * - permanent failure: the failure record goes to the store queue (the store
 *   worker writes it on the filing row), then `UnrecoverableError` stops retries;
 * - transient failure: thrown back, BullMQ retries with the backoff of `RETRY`;
 *   the failure record is enqueued only when the last attempt fails;
 * - rate-limited (the SEC pause): the job is moved to delayed until the pause
 *   ends, which does not count as an attempt.
 *
 * Machines share no folder (workers/transport.ts): a fetch worker sends the bytes it downloaded with
 * the extract job, up to a cap; above it, it extracts the filing itself and sends the score job.
 * Every job is compressed in Redis.
 *
 * CPU-heavy stages (extract, score) run in worker threads (workers/thread-pool.ts),
 * so the main thread stays free to renew job locks; a short lock (30 s by
 * default) then lets another worker pick up a killed worker's jobs quickly.
 */
import { readFile } from 'node:fs/promises';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { describeError, PermanentError } from '../pipeline/core/errors.ts';
import { runJob, type Handlers } from '../pipeline/run/handlers.ts';
import { parsePayload, type JobPayload, type PayloadOf, type Stage } from '../pipeline/core/jobs.ts';
import { RateLimitedError } from '../pipeline/sources/edgar/rate-limit.ts';
import { runExtract } from '../pipeline/stages/extract.ts';
import { enqueue, Outcomes, type StageQueues } from './queues.ts';
import { ThreadPool } from './thread-pool.ts';
import { attachableBytes, unpackJob, type Attachments } from './transport.ts';

/** Stages whose work is CPU, not I/O: run in threads. */
export const CPU_STAGES: ReadonlySet<Stage> = new Set(['extract', 'score']);

export type WorkerEvent =
  | { type: 'completed'; stage: Stage; filing: string; next: Stage | null }
  | { type: 'failed'; stage: Stage; filing: string; reason: string; final: boolean }
  | { type: 'delayed'; stage: Stage; filing: string; waitMs: number; reason: string };

export interface StageWorkerOptions {
  connection: Redis;
  prefix: string;
  stages: Stage[];
  concurrency: number;
  /** Lock duration; stalled jobs of a dead worker come back after about this long. */
  lockMs: number;
  /** Handlers for the stages run on the main thread (fetch, store). */
  handlers: Handlers;
  queues: StageQueues;
  /** Document bytes an extract job may carry (default ATTACHED_BYTES_CAP); above, the fetch worker extracts. */
  attachCapBytes?: number;
  /** Run extract/score on the main thread instead of threads (tests of the shell only). */
  cpuInThreads?: boolean;
  onEvent?: (event: WorkerEvent) => void;
}

export interface RunningWorkers {
  workers: Worker[];
  /** Waits for active jobs to finish (or not, with `force`), then releases threads. */
  close(force?: boolean): Promise<void>;
}

type Execution = { next: JobPayload | null; error: { name: string; message: string; permanent: boolean; waitMs?: number } | null };

function asExecution(result: Awaited<ReturnType<typeof runJob>>): Execution {
  const { next, error } = result;
  if (!error) return { next, error: null };
  return {
    next,
    error: {
      name: error.name,
      message: error.message,
      permanent: error instanceof PermanentError,
      ...(error instanceof RateLimitedError ? { waitMs: error.waitMs } : {}),
    },
  };
}

/** Starts one BullMQ Worker per requested stage. */
export function startStageWorkers(options: StageWorkerOptions): RunningWorkers {
  const outcomes = new Outcomes(options.connection, options.prefix);
  const useThreads = options.cpuInThreads ?? true;
  const pool = useThreads && options.stages.some((s) => CPU_STAGES.has(s)) ? new ThreadPool(options.concurrency) : null;
  const emit = options.onEvent ?? (() => {});

  const execute = async (payload: JobPayload, files: Attachments = new Map()): Promise<Execution> => {
    if (pool && CPU_STAGES.has(payload.stage)) {
      const reply = await pool.run(payload, files);
      if (reply.thrown) throw new Error(reply.error?.message ?? 'stage thread failed');
      return { next: reply.next, error: reply.error };
    }
    const handlers: Handlers =
      files.size === 0
        ? options.handlers
        : { ...options.handlers, extract: (p) => runExtract(p, { readFile: async (path) => files.get(path) ?? readFile(path) }) };
    return asExecution(await runJob(payload, handlers));
  };

  /**
   * Hands a fetched filing on: its bytes travel with the extract job, or, above the cap, this worker
   * extracts it (the extract stage's own code and failure record) and hands on the score job.
   */
  const handOnFetched = async (next: PayloadOf<'extract'>): Promise<void> => {
    const files = await attachableBytes(next.documents, options.attachCapBytes);
    if (files) {
      await enqueue(options.queues, next, files);
      return;
    }
    const extracted = await execute(next);
    if (extracted.next) await enqueue(options.queues, extracted.next);
  };

  const processor = (stage: Stage) => async (job: Job, token?: string) => {
    let payload: JobPayload;
    let files: Attachments;
    try {
      const unpacked = unpackJob(job.data);
      payload = parsePayload(unpacked.payload);
      files = unpacked.attachments;
    } catch (error) {
      // A payload that does not validate can never succeed; it names no filing to record it on.
      throw new UnrecoverableError(`${job.id}: ${describeError(error)}`);
    }
    if (payload.stage !== stage) throw new UnrecoverableError(`${job.id}: a ${payload.stage} payload in the ${stage} queue`);

    const { next, error } = await execute(payload, files);
    if (!error) {
      if (next?.stage === 'extract') await handOnFetched(next);
      else if (next) await enqueue(options.queues, next);
      if (payload.stage === 'store') {
        const o = payload.outcome;
        await outcomes.record(
          payload.filing.key,
          o.status === 'scored' ? { status: 'stored', at: Date.now() } : { status: 'failed', stage: o.failedStage, reason: o.reason, at: Date.now() },
        );
      }
      return { next: next?.stage ?? null };
    }

    if (error.waitMs !== undefined) {
      // Waiting for the SEC is not a failure: hand the job back until the pause ends,
      // spread by a little jitter so the fleet does not restart in one burst.
      const waitMs = error.waitMs + Math.round(Math.random() * 1000);
      emit({ type: 'delayed', stage, filing: payload.filing.key, waitMs, reason: error.message });
      await job.moveToDelayed(Date.now() + waitMs, token);
      throw new DelayedError();
    }
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if ((error.permanent || lastAttempt) && next) await enqueue(options.queues, next);
    if (error.permanent) throw new UnrecoverableError(error.message);
    throw new Error(error.message);
  };

  const workers = options.stages.map((stage) => {
    const worker = new Worker(stage, processor(stage), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      // Check for stalled jobs twice per lock period, so a dead worker's jobs return within ~1.5 locks.
      stalledInterval: Math.max(500, Math.floor(options.lockMs / 2)),
      // A job whose worker died twice is suspicious but not yet poison; the third time it fails.
      maxStalledCount: 2,
    });
    worker.on('completed', (job, result: { next: Stage | null } | undefined) => {
      emit({ type: 'completed', stage, filing: filingOf(job), next: result?.next ?? null });
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      const final = error instanceof UnrecoverableError || error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      emit({ type: 'failed', stage, filing: filingOf(job), reason: error.message, final });
    });
    // Connection hiccups are retried by ioredis; a worker keeps going.
    worker.on('error', () => {});
    return worker;
  });

  return {
    workers,
    async close(force = false) {
      await Promise.all(workers.map((w) => w.close(force)));
      await pool?.close();
    },
  };
}

function filingOf(job: Job): string {
  const filing = (job.data as { filing?: { key?: unknown } } | undefined)?.filing;
  return typeof filing?.key === 'string' ? filing.key : String(job.id);
}
