/** Claim 4: miners sell grid balancing or demand response. */
import { cite, label, limit, pct, strongest } from './evidence.ts';
import { THRESHOLDS, type Claim, type Verdict } from './types.ts';

export const claim: Claim = {
  id: 4,
  text: 'Miners sell grid balancing or demand response.',
  test: `Miners whose filings state a grid fact (demand response, curtailment credits, ancillary services, power sales); supported with at least ${THRESHOLDS.claim4SupportedMiners} miners and ${pct(THRESHOLDS.claim4SupportedShare)} of them.`,
  evaluate(context) {
    const { miners } = context;
    const grid = miners.filter((m) => m.gridFactSentences > 0);
    const share = grid.length / miners.length;
    const verdict: Verdict =
      grid.length >= THRESHOLDS.claim4SupportedMiners && share >= THRESHOLDS.claim4SupportedShare
        ? 'supported'
        : grid.length > 0
          ? 'partly'
          : 'not supported';
    return {
      verdict,
      summary: `${grid.length} of ${miners.length} miners (${pct(share)}) state grid services as a fact${grid.length ? ` (${grid.map(label).join(', ')})` : ''}.`,
      numbers: {
        miners: miners.length,
        minersWithGridFacts: grid.length,
        share: Math.round(share * 1000) / 1000,
        gridFactSentences: grid.reduce((s, m) => s + m.gridFactSentences, 0),
      },
      issuers: miners.map((m) => ({
        issuer: m.issuerName,
        ticker: m.ticker,
        meets: m.gridFactSentences > 0,
        detail: `${m.gridFactSentences} grid fact(s), ${m.gridSentences} grid sentence(s)`,
      })),
      evidence: limit(grid.flatMap((m) => {
        const row = strongest(context, m.issuerId, 'grid');
        return row ? [cite(row)] : [];
      })),
    };
  },
};
