/** Progress output: a bar redrawn in place on a terminal, periodic plain lines otherwise. */
import { describe, expect, it } from 'vitest';
import type { Io } from '../../pipeline/cli/shared/command.ts';
import { createProgress, eta, progressText } from '../../pipeline/cli/shared/progress.ts';

function io(isTty: boolean): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, isTty };
}

describe('progress', () => {
  it('prints a plain line at most once per interval, and the last state', () => {
    let now = 0;
    const target = io(false);
    const progress = createProgress(target, 10, { label: 'run', intervalMs: 10_000, now: () => now });
    progress.update(1, 0);
    now = 5000;
    progress.update(2, 0);
    now = 11_000;
    progress.update(5, 1);
    now = 12_000;
    progress.update(10, 1);
    // The pace is taken from the first item's end: 4 items in 11 s, 5 to go.
    expect(target.lines).toEqual(['run: 1/10 done', 'run: 5/10 done, 1 failed, about 14 s left', 'run: 10/10 done, 1 failed']);
  });

  it('leaves the slow first item (loading the scorer) out of the estimate', () => {
    let now = 0;
    const target = io(false);
    const progress = createProgress(target, 20, { label: 'run', intervalMs: 0, now: () => now });
    now = 30_000;
    progress.update(1, 0);
    for (let done = 2; done <= 6; done++) {
      now += 1000;
      progress.update(done, 0);
    }
    // 5 items in 5 s after the first: 14 to go, about 14 s (not the 84 s that 36 s for 6 items would say).
    expect(target.lines.at(-1)).toBe('run: 6/20 done, about 14 s left');
  });

  it('draws a bar in place on a terminal and keeps logged lines above it', () => {
    const chunks: string[] = [];
    const target = io(true);
    const progress = createProgress(target, 4, { label: 'wait', write: (c) => chunks.push(c) });
    progress.update(4, 0);
    progress.log('FAILED x');
    progress.finish();
    expect(chunks[0]).toMatch(/^\r\x1b\[2K\[#{24}\] wait: 4\/4 done$/);
    expect(target.lines).toEqual(['FAILED x']);
    expect(chunks.at(-1)).toBe('\n');
  });

  it('estimates the time left from the pace so far', () => {
    expect(eta(0, 10, 1000)).toBeNull();
    expect(eta(5, 10, 60_000)).toBe('60 s');
    expect(eta(1, 10, 60_000)).toBe('9 min');
    expect(progressText('x', 3, 0, 3, 1000)).toBe('x: 3/3 done');
  });
});
