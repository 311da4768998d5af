/** Claim 1: miners redirect power or compute to AI/HPC hosting. */
import { cite, limit, pct, strongest, yearlyShare } from './evidence.ts';
import { THRESHOLDS, type Claim, type Verdict } from './types.ts';

export const claim: Claim = {
  id: 1,
  text: 'Miners are redirecting part of their power or compute to AI/HPC hosting.',
  test: 'Miners whose filings state an ai_hpc fact (positive weight: not negated, not risk language), and the yearly ai_hpc share of the miners\' mining + ai_hpc mass.',
  evaluate(context) {
    const { miners, timeline } = context;
    const withAi = miners.filter((m) => m.aiHpcFactSentences > 0);
    const share = withAi.length / miners.length;
    const years = yearlyShare(timeline).filter((y) => y.aiHpcShare !== null);
    const trendYears = years.filter((y) => y.filings >= THRESHOLDS.claim1TrendMinFilings);
    const first = trendYears[0];
    const last = trendYears.at(-1);
    const rising = first && last && first !== last ? (last.aiHpcShare ?? 0) > (first.aiHpcShare ?? 0) : null;
    const verdict: Verdict =
      withAi.length === 0 ? 'not supported' : share >= THRESHOLDS.claim1SupportedShare && rising !== false ? 'supported' : 'partly';
    const trend =
      rising === null
        ? `fewer than two years with ${THRESHOLDS.claim1TrendMinFilings} or more miner filings, so no trend`
        : `the miners' ai_hpc share went from ${pct(first!.aiHpcShare!)} in ${first!.year} to ${pct(last!.aiHpcShare!)} in ${last!.year}`;
    return {
      verdict,
      summary: `${withAi.length} of ${miners.length} miners (${pct(share)}) state AI/HPC hosting as a fact; ${trend}.`,
      numbers: {
        miners: miners.length,
        minersWithAiHpcFacts: withAi.length,
        shareWithAiHpcFacts: Math.round(share * 1000) / 1000,
        aiHpcShareByYear: years.map((y) => ({ ...y })),
      },
      issuers: miners.map((m) => ({
        issuer: m.issuerName,
        ticker: m.ticker,
        meets: m.aiHpcFactSentences > 0,
        detail: `${m.aiHpcFactSentences} ai_hpc fact(s), ${m.miningFactSentences} mining fact(s)`,
      })),
      evidence: limit(withAi.flatMap((m) => {
        const row = strongest(context, m.issuerId, 'ai_hpc');
        return row ? [cite(row)] : [];
      })),
    };
  },
};
