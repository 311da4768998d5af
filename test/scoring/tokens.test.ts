import { describe, expect, it } from 'vitest';
import { letterStems, tokenize } from '../../pipeline/scoring/tokens.ts';

describe('letterStems', () => {
  it('gives the stems of the tokens of three or more letters and no digit, in order, less the skipped words', () => {
    const text = 'Our 2024 AI/HPC campus leases 100MW of critical IT load to tenants; the tenants’ GPUs arrived in Q3.';
    const skip = new Set(['the', 'our']);
    const expected = tokenize(text)
      .filter((t) => t.word.length >= 3 && !/\d/.test(t.word) && !skip.has(t.word))
      .map((t) => t.stem);
    expect(letterStems(text, 3, skip)).toEqual(expected);
    expect(expected).toEqual(['hpc', 'campu', 'leas', 'critic', 'load', 'tenant', 'tenant', 'gpu', 'arriv']);
  });
});
