/** The revenue validation's statistics: average ranks with ties, Spearman's rho, the disagreement rule. */
import { describe, expect, it } from 'vitest';
import { disagreements, ranks, spearman, type RevenuePair } from './revenue-validation.ts';

describe('revenue validation', () => {
  it('ranks ties by their mean position and correlates ranks', () => {
    expect(ranks([0.3, 0, 0, 1])).toEqual([3, 1.5, 1.5, 4]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 45])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([1, 2], [1, 2])).toBeNull();
    expect(spearman([1, 2, 3], [0, 0, 0])).toBeNull();
  });

  it('lists the pairs where text and revenue point opposite ways', () => {
    const pair = (ticker: string, pivotIndex: number, aiHpcShare: number): RevenuePair => ({ ticker, form: '10-K', periodEnd: '2024-12-31', periodKind: 'year', pivotIndex, aiHpcShare, miner: 1 });
    const found = disagreements([pair('A', 0.4, 0), pair('B', -0.5, 0.6), pair('C', -0.9, 0), pair('D', 0.3, 0.5)]);
    expect(found.map((p) => p.ticker)).toEqual(['A', 'B']);
  });
});
