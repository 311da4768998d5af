/** Pure units of the analyst layer: claim verdicts on synthetic query results, CSV, escaping, charts. */
import { describe, expect, it } from 'vitest';
import type { EvidenceRow, IssuerLatestRow, TimelineRow } from '../../db/analyst.ts';
import type { MixFactRef, StageRow } from '../../db/facts.ts';
import type { IssuerFacts } from '../../pipeline/analysis/report/pivot-numbers.ts';
import { byStrength, citable } from '../../pipeline/analysis/claims/evidence.ts';
import { evaluateClaims, THRESHOLDS, type ClaimInput } from '../../pipeline/analysis/claims/index.ts';
import { csvRecord } from '../../pipeline/analysis/report/csv.ts';
import { escapeHtml } from '../../pipeline/analysis/report/escape.ts';
import { renderHtmlReport } from '../../pipeline/analysis/report/html.ts';
import { renderMarkdownReport } from '../../pipeline/analysis/report/markdown.ts';
import { lineChart } from '../../pipeline/analysis/report/svg.ts';

interface Miner {
  ai?: number;
  grid?: number;
  firstAi?: string | null;
  coreMining?: number;
  coreAi?: number;
  mining?: number;
  aiMass?: number;
}

/** `n` issuers shaped by `shape(i)`, each with one 10-K in 2024 and one in 2025, and citable sentences. */
function data(n: number, shape: (i: number) => Miner): ClaimInput {
  const issuers: IssuerLatestRow[] = [];
  const stages: StageRow[] = [];
  const timeline: TimelineRow[] = [];
  const evidence: EvidenceRow[] = [];
  for (let i = 1; i <= n; i++) {
    const m = shape(i);
    const base = { issuerId: i, issuerKey: `name-m${i}`, ticker: `M${i}`, issuerName: `Miner <${i}> & Co` };
    issuers.push({
      ...base, tickers: `M${i}`, cik: null, country: 'US', miner: null, minerBasis: null, filings: 2, latestFilingId: i * 10 + 2, latestForm: '10-K',
      latestDate: '2025-12-31', latestPivotIndex: -0.5, latestFactPivotIndex: -0.5, latestMiningDensity: 1, latestAiHpcDensity: 0,
      latestGridDensity: 0, latestMiningMass: m.mining ?? 20, latestAiHpcMass: m.aiMass ?? 0, latestCoreMining: m.coreMining ?? 0,
      latestCoreAiHpc: m.coreAi ?? 0, previousFilingId: null, previousDate: null, pivotChange: null,
      firstAiHpcFactDate: m.firstAi ?? null, firstAiHpcFactSentenceId: m.firstAi ? i * 100 + 1 : null, firstAiHpcFactText: null,
      miningSentences: 30, aiHpcSentences: m.ai ?? 0, gridSentences: m.grid ?? 0, miningFactSentences: 30,
      aiHpcFactSentences: m.ai ?? 0, gridFactSentences: m.grid ?? 0, coreMining: m.coreMining ?? 0, coreAiHpc: m.coreAi ?? 0,
    });
    for (const [k, period] of [[1, '2024-12-31'], [2, '2025-12-31']] as const) {
      timeline.push({
        ...base, filingId: i * 10 + k, filingKey: `f${i}${k}`, form: '10-K', formFamily: 'annual', period, periodEnd: period, filedAt: null,
        pivotIndex: -0.5, factPivotIndex: -0.5, miningMass: m.mining ?? 20, aiHpcMass: k === 2 ? (m.aiMass ?? 0) : 0, gridMass: 0,
        miningFactMass: 10, aiHpcFactMass: k === 2 && (m.ai ?? 0) > 0 ? 1 : 0, aiHpcShare: null, miningDensity: 1, aiHpcDensity: 0,
        gridDensity: 0, miningSentences: 1, aiHpcSentences: 0, gridSentences: 0, coreMining: k === 2 ? (m.coreMining ?? 0) : 0,
        coreAiHpc: k === 2 ? (m.coreAi ?? 0) : 0, words: 1000, source: 'local', sourceRef: 'x',
      });
    }
    const sentence = (id: number, topics: string, coreClaim: EvidenceRow['coreClaim'], text: string): EvidenceRow => ({
      ...base, sentenceId: id, filingId: i * 10 + 2, filingKey: `f${i}2`, form: '10-K', date: '2025-12-31', documentName: 'd',
      section: 'item_1', sectionTitle: 'Item 1. Business', page: null, text, topics, terms: '[]', modality: 'fact', coreClaim, weight: 1,
      source: 'local', sourceRef: 'x', documentOrigin: 'x', accession: null, cik: null, edgarUrl: null,
    });
    if (m.firstAi) {
      evidence.push(sentence(i * 100 + 1, 'ai_hpc', 'none', `We lease 10 MW to an AI cloud tenant (${i}).`));
      // The lease sentence makes the miner "contracted" from its filing's date.
      stages.push({
        issuerId: i, filingKey: `f${i}2`, form: '10-K', date: m.firstAi, stage: 'contracted', stageAsOf: 'contracted', basis: 'deal',
        sentenceId: i * 100 + 1, sentence: `We lease 10 MW to an AI cloud tenant (${i}).`, periodStart: null, periodEnd: null, amount: null,
        share: null, reason: 'signed lease with Tenant',
      });
    }
    if (m.grid) evidence.push(sentence(i * 100 + 2, 'grid', 'none', `We earned demand response credits from ERCOT (${i}).`));
    if (m.coreMining) evidence.push(sentence(i * 100 + 3, 'mining', 'mining', `Bitcoin mining remains our core business (${i}).`));
  }
  return { scorerVersion: 'test', issuers, timeline, evidence, stages };
}

const miner = () => true;

describe('evaluateClaims', () => {
  it('judges nothing about "miners" with fewer than the minimum', () => {
    const report = evaluateClaims(data(THRESHOLDS.minMiners - 1, () => ({ ai: 3, firstAi: '2024-01-01' })), { knownMiner: miner });
    expect(report.claims.map((c) => c.verdict)).toEqual(Array(4).fill('not enough data'));
  });

  it('supports "dozens" only with two dozen miners, and says when the database is too small', () => {
    const early = (i: number) => ({ ai: 2, firstAi: i <= 24 ? '2025-05-01' : '2025-09-01' });
    expect(evaluateClaims(data(30, early), { knownMiner: miner }).claims[1]!.verdict).toBe('supported');
    const few = evaluateClaims(data(10, early), { knownMiner: miner }).claims[1]!;
    expect(few.verdict).toBe('not enough data');
    expect(few.summary).toMatch(/covers only 10 miners, too few to judge "dozens"/);
    expect(few.evidence.length).toBe(10);
    const someOf30 = evaluateClaims(data(30, (i) => ({ ai: 2, firstAi: i <= 14 ? '2025-06-30' : null })), { knownMiner: miner });
    expect(someOf30.claims[1]!.verdict).toBe('partly');
    expect(evaluateClaims(data(30, (i) => ({ firstAi: i <= 3 ? '2025-01-01' : null, ai: i <= 3 ? 1 : 0 })), { knownMiner: miner }).claims[1]!.verdict).toBe('not supported');
  });

  it('reads claim 1 from the share of miners with AI/HPC facts', () => {
    const most = evaluateClaims(data(4, (i) => ({ ai: i <= 2 ? 3 : 0, firstAi: i <= 2 ? '2025-01-01' : null, aiMass: i <= 2 ? 5 : 0 })), { knownMiner: miner });
    expect(most.claims[0]!.verdict).toBe('supported');
    expect(most.claims[0]!.evidence).toHaveLength(2);
    const one = evaluateClaims(data(4, (i) => ({ ai: i === 1 ? 3 : 0, firstAi: i === 1 ? '2025-01-01' : null })), { knownMiner: miner });
    expect(one.claims[0]!.verdict).toBe('partly');
    expect(evaluateClaims(data(4, () => ({})), { knownMiner: miner }).claims[0]!.verdict).toBe('not supported');
  });

  it('counts miners that stress mining as their core business (claim 3), and grid sellers (claim 4)', () => {
    const report = evaluateClaims(
      data(4, (i) => ({ coreMining: i <= 3 ? 2 : 0, coreAi: i === 4 ? 2 : 0, aiMass: i === 4 ? 50 : 0, grid: i <= 2 ? 4 : 0 })),
      { knownMiner: miner },
    );
    expect(report.claims[2]!.verdict).toBe('supported');
    expect(report.claims[2]!.numbers.minersStressingMining).toBe(3);
    expect(report.claims[2]!.evidence.every((c) => c.coreClaim === 'mining')).toBe(true);
    expect(report.claims[3]!.verdict).toBe('supported');
    expect(report.claims[3]!.evidence).toHaveLength(2);
    const half = evaluateClaims(data(4, (i) => ({ coreMining: i <= 2 ? 2 : 0 })), { knownMiner: miner });
    expect(half.claims[2]!.verdict).toBe('partly');
    // A miner whose latest filings make more AI/HPC core claims than mining ones does not stress mining,
    // even while its mining evidence still outweighs its AI/HPC evidence.
    const outvoted = evaluateClaims(data(4, (i) => ({ coreMining: i <= 3 ? 1 : 0, coreAi: i === 3 ? 3 : 0 })), { knownMiner: miner });
    expect(outvoted.claims[2]!.numbers.minersStressingMining).toBe(2);
    expect(outvoted.claims[2]!.verdict).toBe('partly');
  });

  it('says how each verdict changes when any one miner is left out', () => {
    // Claim 4: two grid sellers among four miners is "supported"; without either, one is "partly".
    const report = evaluateClaims(data(4, (i) => ({ grid: i <= 2 ? 4 : 0 })), { knownMiner: miner });
    const grid = report.claims[3]!;
    expect(grid.verdict).toBe('supported');
    expect(grid.leaveOneOut).toMatchObject({ miners: 4, stable: false });
    expect(grid.leaveOneOut!.changes.map((c) => [c.ticker, c.verdict])).toEqual([['M1', 'partly'], ['M2', 'partly']]);
    // Claim 1 with no AI/HPC facts at all is "not supported" whoever is left out.
    expect(report.claims[0]!.leaveOneOut).toMatchObject({ stable: true, changes: [] });
    expect(renderMarkdownReport(report)).toMatch(/without M1 it is "partly"; without M2 it is "partly"/);
    // With the minimum of miners, leaving one out leaves too few to judge.
    const three = evaluateClaims(data(THRESHOLDS.minMiners, () => ({})), { knownMiner: miner });
    expect(three.claims[0]!.leaveOneOut!.changes.every((c) => c.verdict === 'not enough data')).toBe(true);
  });

  it('leaves out issuers that are not miners', () => {
    const report = evaluateClaims(data(5, () => ({ ai: 3, firstAi: '2024-01-01' })), { knownMiner: (_, key) => key !== 'name-m5' });
    expect(report.coverage.miners).toBe(4);
    expect(report.claims[0]!.issuers.map((i) => i.ticker)).not.toContain('M5');
  });

  it('renders Markdown and escaped, self-contained HTML', () => {
    const input = data(3, (i) => ({ ai: 1, firstAi: '2025-01-01', coreMining: i }));
    const report = evaluateClaims(input, { knownMiner: miner });
    const md = renderMarkdownReport(report);
    expect(md).toMatch(/^# Do the filings support/);
    expect(md).toContain('| M1 | yes |');
    expect(md).not.toContain('minersWithAiHpcFacts');
    expect(md).toContain('miners stating AI/HPC hosting as a fact');
    const html = renderHtmlReport({ report, issuers: input.issuers, timeline: input.timeline });
    expect(html).toContain('Miner &lt;1&gt; &amp; Co');
    expect(html).not.toContain('Miner <1>');
    // The sector overview, then two charts per issuer.
    expect(html.match(/<svg /g)).toHaveLength(1 + 6);
    expect(html).toMatch(/<section id="overview">[\s\S]*class="chart heatmap overview-chart"/);
    // Plain-language number labels, no internal keys shown to readers.
    expect(html).not.toMatch(/<th>minersWithAiHpcFacts<\/th>/);
    expect(html).toContain('miners stating AI/HPC hosting as a fact');
  });

  it('adds per issuer its revenue mix chart, deals table and stage when given the pivot in numbers', () => {
    const input = data(3, () => ({ ai: 1, firstAi: '2025-01-01' }));
    const report = evaluateClaims(input, { knownMiner: miner });
    const facts = (id: number): MixFactRef => ({ concept: 'us-gaap:Revenues', member: `acme:Line${id}Member`, contextId: `c${id}`, factId: `f${id}`, value: 50 });
    const numbers: IssuerFacts[] = [
      {
        issuerId: 1, tickers: 'M1', issuerName: 'Miner <1> & Co',
        stage: { issuerId: 1, filingKey: 'f12', form: '10-K', date: '2025-01-01', stage: 'contracted', stageAsOf: 'contracted', basis: 'deal', sentenceId: 101,
          sentence: 'We lease 10 MW to <Tenant>.', periodStart: null, periodEnd: null, amount: null, share: null, reason: 'signed lease with Tenant' },
        stages: [],
        revenueMix: [{ filingKey: 'f12', form: '10-K', accession: null, periodStart: '2025-01-01', periodEnd: '2025-12-31', periodKind: 'year', total: 100, unit: 'iso4217:USD',
          concept: 'us-gaap:Revenues', axis: 'srt:ProductOrServiceAxis', reconciles: true,
          lines: [{ line: 'mining', kind: 'revenue', amount: 50, share: 0.5, facts: [facts(1)] }, { line: 'ai_hpc', kind: 'revenue', amount: 50, share: 0.5, facts: [facts(2)] }] }],
        deals: [{ issuerId: 1, tickers: 'M1', issuerName: 'Miner <1> & Co', dealKey: 'Tenant|contract|', counterparty: 'Tenant <X>', kind: 'lease', mw: 10, mwBasis: 'critical IT',
          value: 5e7, currency: 'USD', valueText: '$50 million', termYears: 5, site: null, firstDate: '2025-01-01', signed: true,
          sources: { mw: 101, value: null, termYears: null }, mentions: [] }],
      },
    ];
    const html = renderHtmlReport({ report, issuers: input.issuers, timeline: input.timeline, numbers });
    expect(html.match(/class="chart chart-revenue-mix"/g)).toHaveLength(1);
    expect(html.match(/class="bar-segment"/g)).toHaveLength(2);
    expect(html).toContain('acme:Line2Member');
    expect(html).toContain('<table class="deals">');
    expect(html).toContain('Tenant &lt;X&gt;');
    expect(html).not.toContain('<Tenant>');
    expect(html).toMatch(/Stage of the pivot: <b>contracted<\/b>/);
    const md = renderMarkdownReport(report, numbers);
    expect(md).toContain('## The pivot in numbers');
    expect(md).toMatch(/\| M1 \| contracted \| 10-K 2025-01-01 \| 2025-12-31 10-K: 50\.0% \/ 50\.0% \/ 0\.0% \/ 0\.0% of \$100 \| Tenant \\<X\\> lease 10 MW \$50\.0m 5 y \|/);
    // An issuer that is not a miner (a chip maker's data-center revenue) comes after the miners, marked so.
    const chipMaker: IssuerFacts = { ...numbers[0]!, issuerId: 99, tickers: 'CHIP', issuerName: 'Chip Co', stage: null, deals: [] };
    const withChip = renderMarkdownReport(
      { ...report, miners: [...report.miners, { issuerKey: 'cik-99', issuer: 'Chip Co', ticker: 'CHIP', miner: false, basis: 'known-issuers.json' }] },
      [chipMaker, ...numbers],
    );
    expect(withChip).toMatch(/\| M1 \| contracted [^\n]*\n\| CHIP \(not a miner\) \| none \|/);
  });
});

describe('report helpers', () => {
  it('quotes CSV fields as RFC 4180 does', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', null, 1.5])).toBe('a,"b,c","say ""hi""","two\nlines",,1.5\r\n');
  });

  it('escapes HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('draws a chart with no, one or many points', () => {
    const axes = { xTitle: 'period', yTitle: 'pivot index' };
    expect(lineChart([], { title: 't', ...axes })).toMatch(/<svg[^>]*>.*no filing with evidence/);
    const one = lineChart([{ name: 'p', color: '#000', points: [{ date: '2025-01-01', value: 0.5 }] }], { title: 't', yMin: -1, yMax: 1, ...axes });
    expect(one.match(/<circle/g)).toHaveLength(1);
    const many = lineChart([{ name: 'p', color: '#000', points: [{ date: '2025-01-01', value: 1 }, { date: '2024-01-01', value: 2 }] }], { title: '<t>', ...axes });
    expect(many).toContain('<polyline');
    expect(many).toContain('&lt;t&gt;');
    // Axis titles and quarter ticks; a report without evidence between two points breaks the line.
    expect(many).toMatch(/class="axis-title axis-x">period</);
    expect(many).toMatch(/class="chart-tick tick-x">2024 Q\d</);
    const broken = lineChart(
      [{ name: 'p', color: '#000', points: [{ date: '2024-03-31', value: 1 }, { date: '2024-06-30', value: 0.5 }, { date: '2024-12-31', value: 0, gapBefore: true }] }],
      { title: 't', ...axes },
    );
    expect(broken.match(/<polyline/g)).toHaveLength(1);
    const markers = lineChart([{ name: '8-K', color: '#000', kind: 'markers', points: [{ date: '2024-03-31', value: 1 }, { date: '2024-06-30', value: 0.5 }] }], { title: 't', ...axes });
    expect(markers).not.toContain('<polyline');
    expect(markers.match(/class="marker"/g)).toHaveLength(2);
  });
});

describe('citations', () => {
  const row = (sentenceId: number, text: string, weight: number) => ({ sentenceId, text, weight, terms: '[]', date: '2025-01-01' }) as EvidenceRow;
  it('cite a complete statement before a footnote, a list item or a metric definition, even of higher weight', () => {
    const statement = row(1, 'We earned $4.2 million of demand response credits from ERCOT in the quarter.', 0.6);
    const others = [
      row(2, '1. Total net electricity costs include demand response program revenue.', 1),
      row(3, '● our ability to participate in demand response programs;', 1),
      row(4, 'Net electricity costs are calculated as GAAP electricity charges net of demand response revenue.', 1),
    ];
    for (const other of others) expect(citable(other), other.text).toBe(0);
    expect(citable(statement)).toBe(1);
    expect([...others, statement].sort(byStrength)[0]).toBe(statement);
  });
});
