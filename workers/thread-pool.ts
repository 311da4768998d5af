/**
 * A small pool of worker threads for the CPU-heavy stages (extract, score).
 * One thread per unit of concurrency; a thread that dies takes only its own
 * task down (the task fails, BullMQ retries it) and is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { JobPayload } from '../pipeline/core/jobs.ts';

export interface ThreadTask {
  id: number;
  payload: JobPayload;
  /** Document bytes that came with an extract job (workers/transport.ts), by path. */
  files: Array<[string, Uint8Array]>;
}

export interface ThreadReply {
  id: number;
  next: JobPayload | null;
  error: { name: string; message: string; permanent: boolean } | null;
  /** The stage threw instead of returning a failure (a store-stage error, or a bug). */
  thrown?: boolean;
}

// From the TypeScript sources a thread must register tsx first; compiled (dist/), it loads the thread body directly.
const BOOT = import.meta.url.endsWith('.ts') ? new URL('./stage-thread-boot.js', import.meta.url) : new URL('./stage-thread.js', import.meta.url);

interface Slot {
  thread: Worker;
  busy: { id: number; resolve: (r: ThreadReply) => void; reject: (e: Error) => void } | null;
}

export class ThreadPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Array<() => void> = [];
  private nextId = 1;
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { thread: new Worker(BOOT), busy: null };
    slot.thread.on('message', (reply: ThreadReply) => {
      const busy = slot.busy;
      if (!busy || busy.id !== reply.id) return;
      slot.busy = null;
      busy.resolve(reply);
      this.waiting.shift()?.();
    });
    const fail = (error: Error) => {
      const busy = slot.busy;
      slot.busy = null;
      busy?.reject(error);
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      this.waiting.shift()?.();
    };
    slot.thread.on('error', fail);
    slot.thread.on('exit', (code) => {
      if (!this.closed) fail(new Error(`stage thread exited with code ${code}`));
    });
    return slot;
  }

  /** Runs one job in a free thread (waiting for one if all are busy). */
  async run(payload: JobPayload, files: ReadonlyMap<string, Uint8Array> = new Map()): Promise<ThreadReply> {
    for (;;) {
      if (this.closed) throw new Error('thread pool closed');
      const slot = this.slots.find((s) => s.busy === null);
      if (slot) {
        const id = this.nextId++;
        return new Promise<ThreadReply>((resolve, reject) => {
          slot.busy = { id, resolve, reject };
          slot.thread.postMessage({ id, payload, files: [...files] } satisfies ThreadTask);
        });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.thread.terminate()));
  }
}
