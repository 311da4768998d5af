// Body of a PDF thread (pipeline/stages/pdf-thread.ts): pdf.js reads one PDF's pages here, off the
// main thread, so that a PDF that takes too long or grows too big is stopped by ending the thread.
// Plain JavaScript on purpose: worker threads do not inherit the parent's tsx loader, and pdf.js
// loaded without it costs a third of the memory (no transformed copy, no source maps).
import { parentPort, workerData } from 'node:worker_threads';
import { PDFParse, VerbosityLevel } from 'pdf-parse';

const parser = new PDFParse({ data: workerData.bytes, verbosity: VerbosityLevel.ERRORS });
try {
  const result = await parser.getText({ pageJoiner: '' });
  parentPort.postMessage({ pages: result.pages.slice().sort((a, b) => a.num - b.num).map((p) => p.text) });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  parentPort.postMessage({ error: { name: e.name, message: e.message } });
} finally {
  await parser.destroy().catch(() => undefined);
}
