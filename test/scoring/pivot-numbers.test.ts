/** Revenue lines, revenue mix, deals and stages on fictional facts and sentences (pure functions). */
import { describe, expect, it } from 'vitest';
import type { XbrlFact } from '../../extractors/xbrl.ts';
import { dealNlpCalls, findDealMentions, groupDeals, type DealSentence } from '../../pipeline/scoring/deals.ts';
import { filingStage } from '../../pipeline/scoring/pivot-stage.ts';
import { isRevenueConcept, lineOfMember, nameWords, revenueMix, selectRevenueFacts } from '../../pipeline/scoring/revenue.ts';

const fact = (concept: string, value: number, member: string | null, start = '2025-04-01', end = '2025-06-30', extra: Partial<XbrlFact> = {}): XbrlFact => ({
  concept,
  contextId: `${member ?? 'total'}-${start}`,
  factId: null,
  value,
  displayed: String(value),
  scale: 0,
  sign: null,
  decimals: '0',
  unit: 'iso4217:USD',
  period: { start, end },
  dimensions: member ? [{ axis: 'srt:ProductOrServiceAxis', member }] : [],
  duplicates: 0,
  ...extra,
});

describe('revenue lines', () => {
  it('maps members by the words of their names', () => {
    expect(nameWords('acme:HPCColocationServicesMember')).toBe('hpc colocation services');
    expect(lineOfMember('acme:CloudServicesMember')?.line).toBe('ai_hpc');
    expect(lineOfMember('acme:BitcoinMiningSegmentMember')?.line).toBe('mining');
    expect(lineOfMember('acme:DemandResponseMember')?.line).toBe('grid');
    expect(lineOfMember('acme:EngineeringMember')).toEqual({ line: 'other', basis: 'no rule matched' });
    expect(lineOfMember('acme:IntersegmentEliminationsMember')).toBeNull();
    expect(isRevenueConcept('us-gaap:Revenues')).toBe(true);
    expect(isRevenueConcept('us-gaap:RevenueRemainingPerformanceObligation')).toBe(false);
    expect(isRevenueConcept('us-gaap:CostOfRevenue')).toBe(false);
  });

  it('mixes the quarter and the year to date that end on the period end, with credits apart', () => {
    const facts = selectRevenueFacts([
      fact('us-gaap:Revenues', 100, null),
      fact('us-gaap:Revenues', 60, 'acme:MiningMember'),
      fact('us-gaap:Revenues', 40, 'acme:HostingMember'),
      fact('us-gaap:Revenues', 150, null, '2025-01-01'),
      fact('us-gaap:Revenues', 150, 'acme:MiningMember', '2025-01-01'),
      fact('acme:PowerCurtailmentCredits', -7, null, '2025-04-01', '2025-06-30', { sign: '-' }),
      fact('us-gaap:Revenues', 90, null, '2024-04-01', '2024-06-30'), // a comparative: not mixed
      fact('us-gaap:Revenues', 5, null, '2025-04-01', '2025-06-30', { unit: 'xbrli:shares' }), // not money
    ]);
    const mix = revenueMix(facts, '2025-06-30');
    expect(mix.map((m) => m.periodKind)).toEqual(['quarter', 'year to date']);
    const quarter = mix[0]!;
    expect(quarter.reconciles).toBe(true);
    expect(quarter.lines.map((l) => [l.line, l.kind, l.amount, l.share])).toEqual([
      ['mining', 'revenue', 60, 0.6],
      ['ai_hpc', 'revenue', 40, 0.4],
      ['grid', 'credit', 7, null],
    ]);
    expect(mix[1]!.lines.map((l) => l.line)).toEqual(['mining']);
  });

  it('gives no mix without a breakdown by member (nothing is guessed)', () => {
    expect(revenueMix(selectRevenueFacts([fact('us-gaap:Revenues', 100, null)]), '2025-06-30')).toEqual([]);
    expect(revenueMix([], null)).toEqual([]);
  });
});

const s = (start: number, text: string, modality = 'fact', topics = ['ai_hpc']): DealSentence => ({ start, text, topics, modality, weight: 1 });

describe('deals', () => {
  it('reads counterparty, MW, value, term, site and date; a bullet just after inherits the counterparty', () => {
    const mentions = findDealMentions(
      [
        s(0, 'On March 3, 2025, Acme Mining Corp. entered into a 15-year lease with CoreWeave, Inc. for 120 MW of critical IT load at its Oakridge Site.'),
        s(200, '• Approximately $1.2 billion of contract value over the initial term'),
        s(300, 'CoreWeave holds an option for an additional 80 MW.'),
        s(400, 'We may sign leases with hyperscalers.', 'hypothetical'),
        s(500, 'Our miners in Texas run on 300 MW of power.', 'fact', ['mining']),
      ],
      ['Acme Mining Corp.'],
    );
    // The option for more is no mention of the deal's capacity; the hypothetical and the mining sentence are no deals.
    expect(mentions).toHaveLength(2);
    const [first, second] = mentions;
    expect(first).toMatchObject({ counterparty: 'CoreWeave', kind: 'lease', mw: 120, mwBasis: 'critical IT', termYears: 15, site: 'Oakridge', statedOn: '2025-03-03', signed: true });
    expect(second).toMatchObject({ counterparty: 'CoreWeave', counterpartyBasis: 'nearby', value: 1_200_000_000, currency: 'USD' });
    expect(mentions.map((m) => m.mw)).not.toContain(80);
    const deals = groupDeals(mentions.map((m, i) => ({ ...m, sentenceId: i + 1, date: '2025-03-04' })));
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ counterparty: 'CoreWeave', mw: 120, value: 1_200_000_000, termYears: 15, site: 'Oakridge', firstDate: '2025-03-03' });
    expect(deals[0]!.sources).toMatchObject({ mw: 1, value: 2, termYears: 1 });
  });

  it('takes no hardware vendor for a counterparty and calls compromise only on candidates', () => {
    const before = dealNlpCalls.count;
    const mentions = findDealMentions(
      [
        s(0, 'We host 5,000 GPUs, including NVIDIA H200s, for our customers.'),
        s(100, 'Our AI cloud business grew strongly.'),
        s(200, 'We signed a 3-year colocation agreement with Zephyr Compute Ltd. for 12 MW.'),
      ],
      ['Acme Mining Corp.'],
    );
    // The legal name gives the counterparty; compromise is not needed, and never runs on the other sentences.
    expect(mentions.map((m) => m.counterparty)).toEqual(['Zephyr Compute']);
    expect(dealNlpCalls.count - before).toBe(0);
  });

  it('one deal per counterparty and site across filings; a merger is its own deal', () => {
    const deals = groupDeals([
      { ...findDealMentions([s(0, 'We entered into a lease with Fluidstack at the Lake Site for 40 MW.')], [])[0]!, sentenceId: 1, date: '2025-01-01' },
      { ...findDealMentions([s(0, 'Our lease with Fluidstack covers 40 MW.')], [])[0]!, sentenceId: 2, date: '2025-04-01' },
      { ...findDealMentions([s(0, 'We signed a merger agreement with Fluidstack.')], [])[0]!, sentenceId: 3, date: '2025-05-01' },
    ]);
    expect(deals.map((d) => [d.counterparty, d.kind, d.site, d.mentions.length])).toEqual([
      ['Fluidstack', 'lease', 'Lake', 2],
      ['Fluidstack', 'merger', null, 1],
    ]);
  });
});

describe('pivot stage', () => {
  const doc = (x: DealSentence) => ({ ...x, documentName: 'a.htm' });
  it('revenue from a tagged ai_hpc line before any sentence; contracted from a signed deal; else building, else studying', () => {
    const mix = revenueMix(selectRevenueFacts([fact('us-gaap:Revenues', 10, 'acme:CloudMember'), fact('us-gaap:Revenues', 10, null)]), '2025-06-30');
    expect(filingStage([], [], mix)).toMatchObject({ stage: 'revenue', basis: 'fact' });
    const signed = findDealMentions([s(0, 'We entered into a lease with Microsoft for 10 MW.')], []).map((m) => ({ ...m, documentName: 'a.htm' }));
    expect(filingStage([], signed, [])).toMatchObject({ stage: 'contracted', basis: 'deal' });
    expect(filingStage([doc(s(0, 'We began construction of our HPC data center.'))], [], [])?.stage).toBe('developing');
    expect(filingStage([doc(s(0, 'We are evaluating HPC uses of our sites.', 'plan'))], [], [])?.stage).toBe('evaluating');
    expect(filingStage([doc(s(0, 'We might build an HPC data center.', 'hypothetical'))], [], [])).toBeNull();
    // Revenue in money said of an AI/HPC line, not any revenue next to an AI word.
    expect(filingStage([doc(s(0, 'Our HPC business recognized $12.5 million of revenue in the quarter.'))], [], [])?.stage).toBe('revenue');
    expect(filingStage([doc(s(0, 'Record revenue of $53.7m; a 75MW data center for AI / HPC is under construction.'))], [], [])?.stage).toBe('developing');
  });

  it('names a sentence a reader can quote, not a table run into the text, when the filing has both', () => {
    const blob = 'Revenue $3.1m $2.4m $1.9m Costs ($0.4m) ($0.5m) ($0.6m) Margin 88% 79% Our HPC business recognized $3.1m of revenue with new GPU customers.';
    const plain = 'Our HPC business recognized $3.1 million of revenue in the month.';
    expect(filingStage([doc(s(0, blob)), doc(s(200, plain))], [], [])?.sentence?.text).toBe(plain);
    // Alone, the table-led passage still sets the stage.
    expect(filingStage([doc(s(0, blob))], [], [])).toMatchObject({ stage: 'revenue', sentence: { text: blob } });
  });
});
