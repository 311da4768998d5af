/**
 * Body of a CPU stage thread: runs `runJob` for the extract and score stages
 * off the worker's main thread, so BullMQ's lock renewal (timers on the main
 * event loop) is never starved by a long extraction or scoring pass.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { PermanentError } from '../pipeline/core/errors.ts';
import { createHandlers, runJob } from '../pipeline/run/handlers.ts';
import type { JobPayload } from '../pipeline/core/jobs.ts';
import type { ThreadReply, ThreadTask } from './thread-pool.ts';

// Extract and score need no database and no network: the local handlers suffice, reading a
// document from the bytes that came with its job when it did (the fetch worker may be another machine).
function handlersFor(files: Map<string, Uint8Array>) {
  return createHandlers({ extract: { readFile: async (path) => files.get(path) ?? readFile(path) } });
}

parentPort!.on('message', async (task: ThreadTask) => {
  let reply: ThreadReply;
  try {
    const { next, error } = await runJob(task.payload as JobPayload, handlersFor(new Map(task.files)));
    reply = {
      id: task.id,
      next,
      error: error ? { name: error.name, message: error.message, permanent: error instanceof PermanentError } : null,
    };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    reply = { id: task.id, next: null, error: { name: err.name, message: err.message, permanent: false }, thrown: true };
  }
  parentPort!.postMessage(reply);
});
