import { describe, expect, it } from 'vitest';
import {
  accuracy,
  binaryPRF,
  confusion,
  coreClaimScores,
  errorSeverity,
  formatConfusion,
  modalityScores,
  OTHER,
  perClassPRF,
  prf,
  sameSet,
  topicScores,
  type Labels,
  type Pair,
} from './metrics.ts';

const L = (topics: Labels['topics'], modality: Labels['modality'], core_claim: Labels['core_claim'] = 'none'): Labels => ({
  topics,
  modality,
  core_claim,
});

describe('prf', () => {
  it('computes precision, recall and F1 by hand', () => {
    // tp 2, fp 1, fn 2: P = 2/3, R = 1/2, F1 = 2PR/(P+R) = (2/3)/(7/6) = 4/7
    const r = prf(2, 1, 2);
    expect(r.precision).toBeCloseTo(2 / 3);
    expect(r.recall).toBeCloseTo(0.5);
    expect(r.f1).toBeCloseTo(4 / 7);
    expect(r.support).toBe(4);
    expect(r.predicted).toBe(3);
  });
  it('uses 0 for empty denominators', () => {
    expect(prf(0, 0, 0)).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0, predicted: 0 });
    expect(prf(0, 3, 0)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(prf(0, 0, 2)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
  it('binaryPRF counts decisions', () => {
    const r = binaryPRF([
      { gold: true, pred: true },
      { gold: true, pred: false },
      { gold: false, pred: true },
      { gold: false, pred: false },
      { gold: true, pred: true },
    ]);
    expect(r).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(r.f1).toBeCloseTo(2 / 3);
  });
});

describe('topicScores', () => {
  // 4 items, hand-computed:
  // mining: gold {1,2,3}, pred {1,2,4}  -> tp 2 fp 1 fn 1 -> P 2/3 R 2/3 F1 2/3
  // ai_hpc: gold {3},     pred {3}      -> P 1 R 1 F1 1
  // grid:   gold {4},     pred {}       -> P 0 R 0 F1 0
  // macro = (2/3 + 1 + 0) / 3 = 5/9
  const pairs: Pair[] = [
    { gold: L(['mining'], 'fact'), pred: L(['mining'], 'fact') },
    { gold: L(['mining'], 'plan'), pred: L(['mining'], 'fact') },
    { gold: L(['mining', 'ai_hpc'], 'fact'), pred: L(['ai_hpc'], 'fact') },
    { gold: L(['grid'], 'fact'), pred: L(['mining'], 'fact') },
  ];
  const s = topicScores(pairs);
  it('scores each topic as a binary decision', () => {
    expect(s.perTopic.mining).toMatchObject({ tp: 2, fp: 1, fn: 1 });
    expect(s.perTopic.mining.f1).toBeCloseTo(2 / 3);
    expect(s.perTopic.ai_hpc.f1).toBeCloseTo(1);
    expect(s.perTopic.grid).toMatchObject({ tp: 0, fp: 0, fn: 1, f1: 0 });
  });
  it('macro-averages over the three topics', () => {
    expect(s.macroF1).toBeCloseTo(5 / 9);
  });
  it('counts exact topic-set matches', () => {
    expect(s.exactMatch).toBe(2);
    expect(s.total).toBe(4);
  });
  it('sameSet ignores order and duplicates', () => {
    expect(sameSet(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameSet(['a', 'a'], ['a'])).toBe(true);
    expect(sameSet(['a'], ['a', 'b'])).toBe(false);
  });
});

describe('modalityScores', () => {
  const pairs: Pair[] = [
    { gold: L(['mining'], 'fact'), pred: L(['mining'], 'fact') }, // topical, correct
    { gold: L(['ai_hpc'], 'plan'), pred: L(['ai_hpc'], 'hypothetical') }, // topical, wrong
    { gold: L(['grid'], 'negated'), pred: L([], null) }, // not both topical; overall wrong
    { gold: L([], null), pred: L([], null) }, // not both topical; overall correct (null = null)
    { gold: L([], null), pred: L(['mining'], 'fact') }, // not both topical; overall wrong
  ];
  const m = modalityScores(pairs);
  it('accuracy over items topical in both gold and prediction', () => {
    expect(m.onTopical).toEqual({ correct: 1, total: 2, accuracy: 0.5 });
  });
  it('overall accuracy with null as a class', () => {
    expect(m.overall).toEqual({ correct: 2, total: 5, accuracy: 0.4 });
  });
  it('confusion counts gold rows and predicted columns', () => {
    expect(m.confusion.counts['plan']!['hypothetical']).toBe(1);
    expect(m.confusion.counts['negated']!['null']).toBe(1);
    expect(m.confusion.counts['null']!['null']).toBe(1);
    expect(m.confusion.counts['null']!['fact']).toBe(1);
    expect(m.confusion.counts['fact']!['fact']).toBe(1);
    expect(m.confusion.classes).not.toContain(OTHER);
  });
});

describe('coreClaimScores', () => {
  const pairs: Pair[] = [
    { gold: L(['mining'], 'fact', 'mining'), pred: L(['mining'], 'fact', 'mining') },
    { gold: L(['mining'], 'fact', 'mining'), pred: L(['mining'], 'fact', 'none') },
    { gold: L(['ai_hpc'], 'fact', 'ai_hpc'), pred: L(['ai_hpc'], 'fact', 'mining') },
    { gold: L([], null, 'none'), pred: L([], null, 'none') },
  ];
  const c = coreClaimScores(pairs);
  it('accuracy and per-class P/R', () => {
    expect(c.overall).toEqual({ correct: 2, total: 4, accuracy: 0.5 });
    // mining: gold {0,1}, pred {0,2} -> tp 1 fp 1 fn 1
    expect(c.perClass['mining']).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5 });
    // ai_hpc: gold {2}, pred {} -> recall 0, precision 0 by convention
    expect(c.perClass['ai_hpc']).toMatchObject({ tp: 0, fp: 0, fn: 1, precision: 0, recall: 0 });
    // none: gold {3}, pred {1,3} -> P 1/2, R 1
    expect(c.perClass['none']).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
  });
  it('confusion', () => {
    expect(c.confusion.counts['ai_hpc']!['mining']).toBe(1);
    expect(c.confusion.counts['mining']!['none']).toBe(1);
  });
});

describe('confusion and accuracy helpers', () => {
  it('collects unknown labels under (other)', () => {
    const c = confusion([['a', 'zzz'], ['a', 'a']], ['a', 'b']);
    expect(c.classes).toEqual(['a', 'b', OTHER]);
    expect(c.counts['a']![OTHER]).toBe(1);
    expect(c.counts['a']!['a']).toBe(1);
    expect(formatConfusion(c).split('\n')).toHaveLength(2 + 3);
  });
  it('accuracy of an empty list is null', () => {
    expect(accuracy([])).toEqual({ correct: 0, total: 0, accuracy: null });
  });
  it('perClassPRF', () => {
    const r = perClassPRF([['x', 'x'], ['x', 'y'], ['y', 'y']], ['x', 'y']);
    expect(r['x']).toMatchObject({ precision: 1, recall: 0.5 });
    expect(r['y']).toMatchObject({ precision: 0.5, recall: 1 });
  });
});

describe('errorSeverity', () => {
  it('weights topics 3, core claim 2, modality 1', () => {
    expect(errorSeverity(L(['mining'], 'fact'), L(['mining'], 'fact'))).toBe(0);
    expect(errorSeverity(L(['mining'], 'fact'), L(['mining'], 'plan'))).toBe(1);
    expect(errorSeverity(L(['mining'], 'fact', 'mining'), L(['mining'], 'fact'))).toBe(2);
    expect(errorSeverity(L(['mining'], 'fact'), L(['ai_hpc'], 'fact'))).toBe(6);
    // topic missed entirely: modality difference not charged again
    expect(errorSeverity(L(['grid'], 'fact'), L([], null))).toBe(3);
  });
});
