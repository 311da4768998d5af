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

/**
 * "3 min", "45 s": a rough time left at the current pace; none until a few items are done (the first
 * ones, loading the scorer and the largest files, say little about the rest).
 */
export function eta(done: number, total: number, elapsedMs: number): string | null {
  if (done === 0 || done >= total || elapsedMs <= 0) return null;
  if (done < Math.min(5, Math.ceil(total * 0.1))) return null;
  const seconds = Math.round(((total - done) * elapsedMs) / done / 1000);
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}

/**
 * The text of one progress line (also the bar's suffix). `paceMs`, when given, is the time since the
 * first item finished: the pace leaves out the first item's warm-up.
 */
export function progressText(label: string, done: number, failed: number, total: number, elapsedMs: number, paceMs?: number): string {
  const left = paceMs === undefined ? eta(done, total, elapsedMs) : done > 1 ? eta(done - 1, total - 1, paceMs) : null;
  return `${label}: ${done}/${total} done${failed ? `, ${failed} failed` : ''}${left ? `, about ${left} left` : ''}`;
}

export function createProgress(io: Io, total: number, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  const interval = options.intervalMs ?? 10_000;
  const write = options.write ?? ((chunk: string) => void process.stderr.write(chunk));
  let state = { done: 0, failed: 0 };
  let firstDoneAt: number | null = null;
  const text = () =>
    progressText(options.label, state.done, state.failed, total, now() - started, firstDoneAt === null ? undefined : now() - firstDoneAt);
  let lastLine = Number.NEGATIVE_INFINITY;
  let lastDraw = 0;
  let drawn = false;

  const bar = (): string => {
    const width = 24;
    const filled = total > 0 ? Math.round((state.done / total) * width) : width;
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text()}`;
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
      if (done > 0 && firstDoneAt === null) firstDoneAt = now();
      if (io.isTty) return draw(done >= total);
      if (options.quiet) return;
      if (now() - lastLine >= interval || done >= total) {
        lastLine = now();
        io.err(text());
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
