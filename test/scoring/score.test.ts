import { describe, expect, it } from 'vitest';
import { filingTotals, isNotAStatement, labelFiling, pivotIndex, sectionWeight, sentenceWeight, type LabelledSentence } from '../../pipeline/scoring/score.ts';
import { formFamily } from '../../pipeline/core/forms.ts';
import { summarizeIssuer, type IssuerFilingPoint } from '../../pipeline/scoring/issuer.ts';

const sentence = (topics: LabelledSentence['topics'], weight: number, modality: LabelledSentence['modality'] = 'fact'): LabelledSentence => ({
  start: 0, end: 1, text: 'x', section: 'item_1', page: null, topics, modality, coreClaim: 'none', terms: [], weight,
});

describe('pivotIndex', () => {
  it('stays in [-1, 1] and is 0 without evidence', () => {
    expect(pivotIndex(0, 0)).toBe(0);
    expect(pivotIndex(1e9, 0)).toBeLessThanOrEqual(1);
    expect(pivotIndex(0, 1e9)).toBeGreaterThanOrEqual(-1);
  });

  it('pulls thin evidence toward 0: one sentence cannot swing a filing to an extreme', () => {
    expect(pivotIndex(1, 0)).toBeCloseTo(0.2, 6);
    expect(pivotIndex(100, 0)).toBeGreaterThan(0.95);
  });

  it('treats net denials as no evidence', () => {
    expect(pivotIndex(-3, 2)).toBe(pivotIndex(0, 2));
  });
});

describe('filingTotals', () => {
  it('sums weighted masses, counts, densities per 10,000 words and both indexes', () => {
    const totals = filingTotals([
      { words: 20_000, sentenceCount: 800, evidence: [sentence(['mining'], 1), sentence(['mining'], 0.3, 'hypothetical'), sentence(['ai_hpc'], 0.5, 'plan'), sentence(['grid'], 1)] },
    ]);
    expect(totals.topics.mining.mass).toBeCloseTo(1.3);
    expect(totals.topics.ai_hpc.mass).toBeCloseTo(0.5);
    expect(totals.topics.mining.factMass).toBe(1);
    expect(totals.topics.ai_hpc.factMass).toBe(0);
    expect(totals.topics.mining.sentences).toBe(2);
    expect(totals.topics.grid.density).toBeCloseTo(0.5);
    expect(totals.pivotIndex).toBeLessThan(0);
    expect(totals.factPivotIndex).toBeLessThan(totals.pivotIndex);
  });
});

describe('sectionWeight', () => {
  it('weighs Business, MD&A and press releases above risk factors', () => {
    expect(sectionWeight('item_1', '10-K')).toBe(1);
    expect(sectionWeight('part_i_item_2', '10-Q')).toBe(1);
    expect(sectionWeight(null, 'EX-99.1')).toBe(1);
    expect(sectionWeight('item_1a', '10-K')).toBeLessThan(0.5);
  });
});

describe('summarizeIssuer', () => {
  const point = (id: number, form: string, date: string, pivot: number, factDate: string | null = null): IssuerFilingPoint => ({
    filingId: id, form, date, pivotIndex: pivot,
    topics: { mining: { mass: 1, sentences: 1, coreClaims: 0 }, ai_hpc: { mass: 1, sentences: 1, coreClaims: 0 }, grid: { mass: 0, sentences: 0, coreClaims: 0 } },
    aiHpcFactDate: factDate, aiHpcFactSentenceId: factDate ? id * 10 : null,
  });

  it('takes the newest periodic report as latest and compares it with the previous one of its kind', () => {
    const summary = summarizeIssuer([
      point(1, '10-K', '2023-12-31', -0.5),
      point(2, '10-Q', '2024-09-30', -0.1, '2024-11-01'),
      point(3, '10-K', '2024-12-31', 0.2, '2025-02-20'),
      point(4, '8-K', '2025-01-15', 0.9),
    ]);
    expect(summary.latestFilingId).toBe(3);
    expect(summary.previousFilingId).toBe(1);
    expect(summary.pivotChange).toBeCloseTo(0.7);
    expect(summary.firstAiHpcFactDate).toBe('2024-11-01');
    expect(summary.filings).toBe(4);
  });

  it('falls back to current reports when there is no periodic one', () => {
    const summary = summarizeIssuer([point(1, '6-K', '2024-02-29', -0.3), point(2, '6-K', '2024-05-20', -0.2)]);
    expect(summary.latestFilingId).toBe(2);
    expect(summary.pivotChange).toBeCloseTo(0.1);
  });

  it('groups forms into comparable families', () => {
    expect(formFamily('10-K/A')).toBe('annual');
    expect(formFamily('40-F')).toBe('annual');
    expect(formFamily('10-Q')).toBe('quarterly');
    expect(formFamily('EX-99.1')).toBe('current');
    expect(formFamily('424B5')).toBe('other');
  });
});

describe('labelFiling: what the filing has established', () => {
  const doc = (texts: string[]) => ({
    documentType: '10-Q',
    sentences: texts.map((text, i) => ({ start: i * 1000, end: i * 1000 + text.length, text, section: 'part_i_item_2', page: null })),
  });
  const business = [
    'We operate HPC colocation data centers for AI customers.',
    'Our AI cloud services revenue grew to $40 million in the quarter.',
    'We signed a 10-year HPC hosting lease with an AI tenant for 20 MW of critical IT load.',
  ];
  const plain = 'Revenue from colocation services increased by $3.1 million as the second data hall was energized.';
  const mining = 'Our partners operate mining data centers where they install our miners.';
  const topicsOf = (evidence: ReturnType<typeof labelFiling>[number], text: string) =>
    evidence.find((s) => s.text === text)?.topics ?? [];

  it('reads a plain word of the business as ai_hpc where the filing established that business', () => {
    const [with3] = labelFiling([doc([...business, plain, mining])], ['Frostline Digital Inc.']);
    expect(topicsOf(with3!, plain)).toContain('ai_hpc');
    expect(with3!.find((s) => s.text === plain)?.terms.join(' ')).toMatch(/colocation/);
    // Mining data centers stay mining.
    expect(topicsOf(with3!, mining)).toEqual(['mining']);
  });

  it('does not, in a filing without it, or for a filer known not to be a miner', () => {
    // The rules' second pass alone: the context model may still read the AI/HPC neighbour (its own test file).
    const [without] = labelFiling([doc([business[0]!, plain])], ['Frostline Digital Inc.'], { contextModel: null });
    expect(topicsOf(without!, plain)).not.toContain('ai_hpc');
    const [chipMaker] = labelFiling([doc([...business, plain])], ['Larkspur Semiconductor Corporation'], { knownNonMiner: true });
    expect(topicsOf(chipMaker!, plain)).not.toContain('ai_hpc');
  });
});

describe('labelFiling: a sentence takes its topic from its context, and says so', () => {
  /** A document with its text: paragraphs separated by a blank line, as the extractors write them. */
  const docOf = (paragraphs: string[][], section = 'item_1') => {
    let text = '';
    const sentences: { start: number; end: number; text: string; section: string; page: null }[] = [];
    for (const paragraph of paragraphs) {
      if (text) text += '\n\n';
      paragraph.forEach((s, i) => {
        if (i > 0) text += ' ';
        sentences.push({ start: text.length, end: text.length + s.length, text: s, section, page: null });
        text += s;
      });
    }
    return { documentType: '10-K', text, sentences };
  };
  const labelOf = (evidence: ReturnType<typeof labelFiling>[number], text: string) => evidence.find((s) => s.text === text);
  const names = ['Frostline Digital Inc.'];

  it('under a topical sub-heading, a sentence without topic words takes the heading\'s topic', () => {
    const plain = 'Revenue is recognized ratably over the term of each contract, generally three to five years.';
    const [evidence] = labelFiling([docOf([['HPC Hosting'], [plain]])], names);
    expect(labelOf(evidence!, plain)).toMatchObject({ topics: ['ai_hpc'], modality: 'fact', terms: ['(heading) HPC Hosting'] });
    expect(labelOf(evidence!, plain)!.weight).toBeGreaterThan(0);
    // The heading itself weighs nothing, and without it the sentence is no evidence.
    expect(labelOf(evidence!, 'HPC Hosting')!.weight).toBe(0);
    const [alone] = labelFiling([docOf([[plain]])], names);
    expect(labelOf(alone!, plain)).toBeUndefined();
  });

  it('a sentence continuing a topical one in its paragraph takes its topic; a new paragraph does not', () => {
    const lease = 'We signed an HPC colocation lease with an AI cloud tenant for 40 MW of critical IT load.';
    const next = 'The lease term is 15 years, with two five-year extension options.';
    const [same] = labelFiling([docOf([[lease, next]])], names);
    expect(labelOf(same!, next)).toMatchObject({ topics: ['ai_hpc'], terms: ['(previous sentence)'] });
    const [apart] = labelFiling([docOf([[lease], [next]])], names);
    expect(labelOf(apart!, next)).toBeUndefined();
  });

  it('does not overrule a sentence\'s own words, reach past a cross-reference, or leave the section', () => {
    const industry = 'As the bitcoin mining industry has expanded, scrutiny of its energy use has intensified.';
    const pointer = 'See Part I, Item 1A. Risk Factors.';
    const [evidence] = labelFiling([docOf([['Demand Response Programs'], [industry], [pointer]])], names);
    expect(labelOf(evidence!, industry)?.topics ?? []).not.toContain('grid');
    expect(labelOf(evidence!, pointer)).toBeUndefined();
    const elsewhere = 'Revenue is recognized ratably over the term of each contract.';
    const [split] = labelFiling([{ ...docOf([['HPC Hosting']]), sentences: [...docOf([['HPC Hosting']]).sentences, { start: 20, end: 80, text: elsewhere, section: 'item_7', page: null }] }], names);
    expect(labelOf(split!, elsewhere)).toBeUndefined();
  });
});

describe('what is not evidence weighs 0', () => {
  const label = { topics: ['mining' as const], modality: 'fact' as const, core_claim: 'none' as const, terms: [] };
  it('table lead-ins, footnotes and list items continued from before', () => {
    for (const text of [
      'The following table presents our bitcoin mining activities for the three months ended March 31, 2025:',
      '(1) Receipt of digital assets from mining services is the number of bitcoins received times the price.',
      'the impact of the halving on our mining revenue and hash rate;',
      'Unless otherwise indicated, amounts are stated in thousands of U.S. Dollars except for miner amounts and hash rate.',
      '99.1 Press Release - Frostline Digital Announces July 2025 Bitcoin Production: 410 BTC Mined',
      'Frostline Digital Announces First HPC Colocation Lease with a Hyperscale Tenant at its Texas Campus',
      'Average operating hashrate 38.4 EH/s 36.6 EH/s 30.3 EH/s Bitcoin mined 627 BTC 579 BTC 533 BTC Revenue $64.7m $50.1m $45.3m',
      // A metric's definition: how a figure is made.
      '2. Net power cost is presented on a net basis and calculated as power charges less demand response credits.',
    ]) {
      expect(isNotAStatement(text), text).toBe(true);
      expect(sentenceWeight(label, 'item_7', '10-K', text), text).toBe(0);
    }
    const fact = 'We mined 1,780 bitcoin during the year with our fleet of 33,000 miners.';
    expect(isNotAStatement(fact)).toBe(false);
    expect(sentenceWeight(label, 'item_7', '10-K', fact)).toBe(1);
  });
});

describe('quotes of other companies are not the filer\'s evidence', () => {
  it('weighs 0 a quote of another company\'s executive, not one of the filer\'s', () => {
    const names = ['Frostline Digital Inc.'];
    const other = '“Frostline’s HPC colocation capacity lets us scale our AI cloud,” said Dana Reyes, CIO of Larkspur Semiconductor.';
    const own = '“This lease validates our HPC data center platform and our AI cloud strategy,” said Sam Ortiz, CEO of Frostline Digital.';
    const [evidence] = labelFiling([{ documentType: 'EX-99.1', sentences: [other, own].map((text, i) => ({ start: i * 500, end: i * 500 + text.length, text, section: 'press_release', page: null })) }], names);
    const byText = (t: string) => evidence!.find((e) => e.text === t)!;
    expect(byText(other).topics).toContain('ai_hpc');
    expect(byText(other).weight).toBe(0);
    expect(byText(own).weight).toBe(1);
  });
});
