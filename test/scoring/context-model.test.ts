import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scorerVersion } from '../../pipeline/scoring/classify.ts';
import { bundledContextModel, documentFeatures, expandFeatures, modalityFeatures, modalityOverride, probability, scoreDocument, type ContextModel } from '../../pipeline/scoring/context-model.ts';
import { labelFiling, labelFilingByRules, type DocumentInput } from '../../pipeline/scoring/score.ts';

/** A fictional 10-K passage: a pure miner's MD&A with a sentence that names no topic word. */
function doc(lines: string[], section = 'item_7'): DocumentInput {
  let at = 0;
  const sentences = lines.map((text) => {
    const s = { start: at, end: at + text.length, text, section, page: null };
    at += text.length + 1;
    return s;
  });
  return { documentType: '10-K', text: lines.join(' '), sentences };
}

const PASSAGE = doc([
  'Bitcoin Mining',
  'Frostline Digital mined 1,204 bitcoin during the year with its fleet of ASIC miners.',
  'Our deployed hash rate reached 12.1 EH/s at our Sable Creek site.',
  'Cost of revenue increased by $4.2 million, driven by higher power prices at the site.',
  'We energized a further 50 MW of capacity for our mining fleet in the fourth quarter.',
]);

/** The same without its sub-heading: no rule gives the cost sentence a topic. */
const NO_HEADING = doc(PASSAGE.sentences.slice(1).map((s) => s.text));

/** A hand-made model: "cost of revenue" under a mining heading, among mining neighbours, is mining. */
const HAND_MODEL: ContextModel = {
  version: 'context-test',
  about: 'test',
  topics: {
    mining: { bias: -3, weights: { 'n:mining': 3, 'w:cost': 1 }, add: 0.7, keep: 0.05 },
    ai_hpc: { bias: -4, weights: {}, add: 0.9, keep: 0 },
  },
};

describe('context model features', () => {
  it('name the rules\' topics of the sentence, its neighbours and its sub-heading, and the filing profile', () => {
    const rules = labelFilingByRules([PASSAGE], ['Frostline Digital Inc.'], { knownNonMiner: false });
    const byStart = new Map(rules[0]!.map((s) => [s.start, s.topics]));
    const sentences = PASSAGE.sentences.map((s) => ({ text: s.text, section: s.section, topics: byStart.get(s.start) ?? [] }));
    const features = documentFeatures(sentences, { hpcBusiness: false, topicShare: { mining: 0.6, ai_hpc: 0 }, documentType: '10-K' });
    expect(features.profile).toBe('P:miner');
    const cost = expandFeatures(features.sentences[3]!, features.profile);
    expect(cost).toContain('r:mining'); // from its sub-heading (the rules' third pass)
    expect(cost).toContain('n:mining');
    expect(cost).toContain('ht:mining');
    expect(cost).toContain('w:cost');
    expect(cost).toContain('s:item_7');
    expect(cost).toContain('P:miner|n:mining');
    // Deterministic: the same input gives the same features in the same order.
    expect(documentFeatures(sentences, { hpcBusiness: false, topicShare: { mining: 0.6, ai_hpc: 0 }, documentType: '10-K' })).toEqual(features);
  });

  it('scoreDocument sums the bare and the profiled weights as probability does over the expanded features', () => {
    const model: ContextModel = {
      version: 't',
      about: '',
      topics: { mining: { bias: -1, weights: { 'n:mining': 0.5, 'P:miner|n:mining': 1.25, 'P:hpc|n:mining': -3, 'w:cost': 0.25 }, add: 0.5, keep: 0 } },
    };
    const sentences = PASSAGE.sentences.map((s, i) => ({ text: s.text, section: s.section, topics: i === 1 ? (['mining'] as const) : ([] as const) }));
    for (const share of [{ mining: 0.6, ai_hpc: 0 }, { mining: 0, ai_hpc: 0.6 }, { mining: 0, ai_hpc: 0 }]) {
      const filing = { hpcBusiness: false, topicShare: share, documentType: '10-K' };
      const scored = scoreDocument(model, sentences, filing);
      const slow = documentFeatures(sentences, filing);
      expect(scored.topics).toEqual(['mining']);
      slow.sentences.forEach((f, i) => expect(scored.p[i]).toBeCloseTo(probability(model.topics.mining!, expandFeatures(f, slow.profile)), 12));
    }
  });

  it('probability is the logistic of bias plus the weights of the features present', () => {
    const m = HAND_MODEL.topics.mining!;
    expect(probability(m, [])).toBeCloseTo(1 / (1 + Math.exp(3)), 9);
    expect(probability(m, ['n:mining', 'w:cost', 'unknown'])).toBeCloseTo(1 / (1 + Math.exp(-1)), 9);
  });
});

describe('labelFiling with a context model', () => {
  it('adds a topic the rules missed, says why in the terms, and gives it a modality from the text', () => {
    const rules = labelFilingByRules([NO_HEADING], ['Frostline Digital Inc.'])[0]!;
    const costStart = NO_HEADING.sentences[2]!.start;
    expect(rules.find((s) => s.start === costStart)?.topics ?? []).not.toContain('mining');
    const labelled = labelFiling([NO_HEADING], ['Frostline Digital Inc.'], { contextModel: HAND_MODEL })[0]!;
    const cost = labelled.find((s) => s.start === costStart)!;
    expect(cost.topics).toEqual(['mining']);
    expect(cost.modality).toBe('fact');
    expect(cost.terms.join(' ')).toMatch(/\(context model\) mining p=0\.\d\d/);
    expect(cost.weight).toBeGreaterThan(0);
  });

  it('removes a topic it is sure of, but never overrules a core claim or a known non-miner', () => {
    const veto: ContextModel = { ...HAND_MODEL, topics: { mining: { bias: -10, weights: {}, add: 2, keep: 0.5 } } };
    const claim = doc(['Frostline Digital is a Bitcoin mining company.', 'We mined 1,204 bitcoin in 2025.'], 'item_1');
    const labelled = labelFiling([claim], ['Frostline Digital Inc.'], { contextModel: veto })[0]!;
    expect(labelled.map((s) => [s.coreClaim, s.topics])).toEqual([['mining', ['mining']]]);
    const nonMiner = labelFiling([claim], ['Frostline Digital Inc.'], { contextModel: veto, knownNonMiner: true })[0]!;
    expect(nonMiner.map((s) => s.topics)).toEqual([['mining'], ['mining']]);
  });

  it('with no model (null) gives exactly the rules\' labels', () => {
    expect(labelFiling([PASSAGE], ['Frostline Digital Inc.'], { contextModel: null })).toEqual(labelFilingByRules([PASSAGE], ['Frostline Digital Inc.']));
  });
});

describe('the modality part', () => {
  const classes = {
    fact: { bias: -1, weights: {} },
    plan: { bias: -2, weights: {} },
    hypothetical: { bias: -3, weights: { 'b:lower': 6 } },
    negated: { bias: -4, weights: {} },
  };
  it('reads a lower-case bullet as a continued list item and words as written', () => {
    const f = modalityFeatures('● the intensity of competition for data center capacity;', 'fact', 'item_1a');
    expect(f).toEqual(expect.arrayContaining(['m:fact', 's:item_1a', 'b:lower', 'v:intensity', 'f0:the']));
    expect(modalityFeatures('● Energized 50 MW in March.', 'fact', null)).toContain('b:other');
  });

  it('overrules the rules only for a change it may make, when its share reaches that change\'s threshold', () => {
    const bullet = modalityFeatures('● the intensity of competition for data center capacity;', 'fact', 'item_1a');
    expect(modalityOverride({ classes, override: { 'fact>hypothetical': 0.6 } }, bullet, 'fact')?.modality).toBe('hypothetical');
    expect(modalityOverride({ classes, override: { 'fact>hypothetical': 0.99 } }, bullet, 'fact')).toBeNull();
    expect(modalityOverride({ classes, override: { 'plan>hypothetical': 0.6 } }, bullet, 'fact')).toBeNull();
    expect(modalityOverride({ classes, override: { 'fact>hypothetical': 0.6 } }, bullet, 'hypothetical')).toBeNull();
    // A denial the rules found stands, whatever the model thinks.
    expect(modalityOverride({ classes, override: { 'negated>hypothetical': 0.1 } }, bullet, 'negated')).toBeNull();
  });

  it('changes the label, its weight and says so in the terms', () => {
    const model: ContextModel = { version: 't', about: '', topics: {}, modality: { classes, override: { 'fact>hypothetical': 0.6 } } };
    const risk = doc(['Our Risks', '● the intensity of competition for Bitcoin mining sites and power;'], 'item_7');
    const rules = labelFilingByRules([risk], ['Frostline Digital Inc.'])[0]!;
    const labelled = labelFiling([risk], ['Frostline Digital Inc.'], { contextModel: model })[0]!;
    const before = rules.find((s) => s.text.startsWith('●'))!;
    const after = labelled.find((s) => s.text.startsWith('●'))!;
    expect(before.modality).not.toBe('hypothetical');
    expect(after.modality).toBe('hypothetical');
    expect(after.terms.at(-1)).toMatch(/^\(context model\) hypothetical 0\.\d\d$/);
  });
});

describe('the shipped context model', () => {
  it('is versioned by its content and named in the scorer version', () => {
    const model = bundledContextModel();
    const digest = createHash('sha1').update(JSON.stringify([model.topics, model.modality ?? null])).digest('hex').slice(0, 8);
    expect(model.version).toBe(`context-2-${digest}`);
    expect(scorerVersion()).toContain(model.version);
    expect(Object.keys(model.topics).sort()).toEqual(['ai_hpc', 'mining']);
  });
});
