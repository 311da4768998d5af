/**
 * Progress for long commands (`run`, `enqueue --wait`): a one-line bar redrawn
 * in place on a terminal, and plain periodic lines when output goes to a file
 * or a CI log (where carriage returns would pile up into one huge line).
 */
import type { Io } from './command.ts';

export interface Progress {
  /** Reports the state; redraws the bar, or prints a line when the interval has passed. */
  update(done: number, failed: number): void;
  /** A line that must stay visible (a failure); printed above the bar. */
  log(line: string): void;
  /** Final state, then the bar is left on its own line. */
  finish(): void;
}

export interface ProgressOptions {
  label: string;
  /** Interval of the plain lines (default 10 s). */
  intervalMs?: number;
  /** No bar and no periodic lines (logged lines still go out). */
  quiet?: boolean;
  /** Where the bar is drawn on a terminal; default stderr of this process. */
  write?: (chunk: string) => void;
  now?: () => number;
}

/** "3 min", "45 s": a rough time left at the current pace. */
export function eta(done: number, total: number, elapsedMs: number): string | null {
  if (done === 0 || done >= total || elapsedMs <= 0) return null;
  const seconds = Math.round(((total - done) * elapsedMs) / done / 1000);
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}

/** The text of one progress line (also the bar's suffix). */
export function progressText(label: string, done: number, failed: number, total: number, elapsedMs: number): string {
  const left = eta(done, total, elapsedMs);
  return `${label}: ${done}/${total} done${failed ? `, ${failed} failed` : ''}${left ? `, about ${left} left` : ''}`;
}

export function createProgress(io: Io, total: number, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  const interval = options.intervalMs ?? 10_000;
  const write = options.write ?? ((chunk: string) => void process.stderr.write(chunk));
  let state = { done: 0, failed: 0 };
  let lastLine = Number.NEGATIVE_INFINITY;
  let lastDraw = 0;
  let drawn = false;

  const bar = (): string => {
    const width = 24;
    const filled = total > 0 ? Math.round((state.done / total) * width) : width;
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${progressText(options.label, state.done, state.failed, total, now() - started)}`;
  };
  const draw = (force = false) => {
    if (options.quiet) return;
    if (!force && now() - lastDraw < 100) return;
    lastDraw = now();
    write(`\r\x1b[2K${bar()}`);
    drawn = true;
  };

  return {
    update(done, failed) {
      state = { done, failed };
      if (io.isTty) return draw(done >= total);
      if (options.quiet) return;
      if (now() - lastLine >= interval || done >= total) {
        lastLine = now();
        io.err(progressText(options.label, done, failed, total, now() - started));
      }
    },
    log(line) {
      if (io.isTty && drawn) write('\r\x1b[2K');
      io.err(line);
      if (io.isTty && drawn) draw(true);
    },
    finish() {
      if (io.isTty && !options.quiet) {
        draw(true);
        write('\n');
      }
    },
  };
}
