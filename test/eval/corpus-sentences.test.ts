import { describe, expect, it } from 'vitest';
import { drawWindows } from './corpus-sentences.ts';

describe('drawWindows', () => {
  const xs = Array.from({ length: 40 }, (_, n) => ({ n, text: n % 5 === 0 ? `We mined bitcoin in month ${n}.` : `Other sentence ${n}.` }));

  it('draws non-overlapping windows of consecutive sentences, in document order', () => {
    const windows = drawWindows(xs, 4, 5, 7);
    expect(windows).toHaveLength(4);
    const seen = new Set<number>();
    for (const w of windows) {
      expect(w.map((s) => s.n)).toEqual(Array.from({ length: 5 }, (_, k) => w[0]!.n + k));
      for (const s of w) {
        expect(seen.has(s.n)).toBe(false);
        seen.add(s.n);
      }
    }
    expect(windows.map((w) => w[0]!.n)).toEqual([...windows.map((w) => w[0]!.n)].sort((a, b) => a - b));
  });

  it('never puts an already-labelled sentence in a window (--skip-labelled)', () => {
    const taken = new Set(Array.from({ length: 40 }, (_, n) => n).filter((n) => n < 20));
    const windows = drawWindows(xs, 3, 5, 7, undefined, taken);
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) for (const s of w) expect(s.n).toBeGreaterThanOrEqual(20);
  });
});
