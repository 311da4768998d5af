/**
 * Body of a CPU stage thread: runs `runJob` for the extract and score stages
 * off the worker's main thread, so BullMQ's lock renewal (timers on the main
 * event loop) is never starved by a long extraction or scoring pass.
 */
import { parentPort } from 'node:worker_threads';
import { loadConfig } from '../pipeline/core/config.ts';
import { PermanentError } from '../pipeline/core/errors.ts';
import { localExtractDeps } from '../pipeline/stages/extract.ts';
import { createHandlers, runJob } from '../pipeline/run/handlers.ts';
import type { JobPayload } from '../pipeline/core/jobs.ts';
import type { ThreadReply, ThreadTask } from './thread-pool.ts';

// The same bounds as an in-process run: the time budget and the text limit of one document.
const limits = loadConfig(process.env, ['documentSeconds', 'maxTextChars']);

// Extract and score need no database and no network: the local handlers suffice, reading a
// document from the bytes that came with its job when it did (the fetch worker may be another machine),
// else as a regular file of bounded size, as in-process runs read it.
function handlersFor(files: Map<string, Uint8Array>) {
  return createHandlers({
    extract: {
      ...localExtractDeps,
      readFile: async (path, maxBytes) => files.get(path) ?? localExtractDeps.readFile(path, maxBytes),
      budgetMs: limits.documentSeconds * 1000,
      maxTextChars: limits.maxTextChars,
    },
  });
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
