/**
 * Reads a PDF's pages in a worker thread of its own, with a time limit and a heap limit.
 * pdf.js works in one long chain of promises that never yields to a timer, so only ending
 * its thread can stop it; and a PDF whose pages need more memory than the limit ends its
 * thread, not the run. The extractors (pure) take this reader as an argument.
 */
import { Worker } from 'node:worker_threads';
import { ExtractionError } from '../../extractors/types.ts';
import type { PdfPageReader } from '../../extractors/pdf.ts';

const seconds = (ms: number) => (ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000).toString());

const THREAD = new URL('./pdf-pages-thread.mjs', import.meta.url);

export interface PdfThreadOptions {
  /** The thread is ended after this long and the PDF refused. */
  timeLimitMs: number;
  /** V8 heap of the thread (pdf.js keeps pages and fonts there), MB. */
  maxHeapMb?: number;
}

/** A {@link PdfPageReader} that runs pdf.js in a fresh worker thread per PDF. */
export function threadPdfReader(options: PdfThreadOptions): PdfPageReader {
  return (bytes, name) =>
    new Promise<string[]>((resolve, reject) => {
      const copy = new Uint8Array(bytes); // a copy (Buffer#slice would share memory), transferred to the thread; the caller keeps its bytes
      const worker = new Worker(THREAD, {
        workerData: { bytes: copy },
        transferList: [copy.buffer as ArrayBuffer],
        resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 256, maxYoungGenerationSizeMb: 32 },
        stdout: true, // pdf.js prints warnings on its own: not onto our output
        stderr: true,
      });
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
        void worker.terminate();
      };
      const timer = setTimeout(
        () => settle(() => reject(new ExtractionError(`PDF not read in time: ${name} took more than ${seconds(options.timeLimitMs)} s (MINERPIVOT_DOCUMENT_SECONDS)`, 'timeout'))),
        Math.min(2 ** 31 - 1, Math.max(1, options.timeLimitMs)), // setTimeout takes a longer delay for 1 ms
      );
      worker.on('message', (reply: { pages?: string[]; error?: { name: string; message: string } }) => {
        if (reply.pages) return settle(() => resolve(reply.pages!));
        const error = Object.assign(new Error(reply.error?.message ?? 'unknown pdf.js error'), { name: reply.error?.name ?? 'Error' });
        settle(() => reject(error));
      });
      worker.on('error', (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          settle(() => reject(new ExtractionError(`PDF too large to read: ${name} needs more than ${options.maxHeapMb ?? 256} MB`, 'too-large')));
        } else settle(() => reject(error));
      });
      worker.on('exit', (code) => settle(() => reject(new Error(`PDF thread exited with code ${code}`))));
    });
}
