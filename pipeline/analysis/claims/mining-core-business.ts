/** Claim 3: most miners stress in their filings that mining remains their core business. */
import { byStrength, cite, label, limit, pct, positive, shiftDays } from './evidence.ts';
import { THRESHOLDS, type Claim, type Verdict } from './types.ts';

export const claim: Claim = {
  id: 3,
  text: 'Most companies, from Riot to Marathon, stress in their filings that mining remains their core business.',
  test: `Miners whose latest filings (those dated within ${THRESHOLDS.claim3RecentDays} days before their newest filing with evidence) carry more mining core-business claims than ai_hpc ones and more mining than ai_hpc mass; "most" is more than ${pct(THRESHOLDS.claim3MostShare)}.`,
  evaluate({ miners, timeline, evidence }) {
    const rows = miners.map((m) => {
      const filings = timeline.filter((t) => t.issuerId === m.issuerId && t.period !== null && t.miningMass + t.aiHpcMass > 0);
      const newest = filings.map((t) => t.period!).sort().at(-1) ?? null;
      const from = newest ? shiftDays(newest, -THRESHOLDS.claim3RecentDays) : null;
      const recent = filings.filter((t) => from !== null && t.period! >= from);
      const recentIds = new Set(recent.map((t) => t.filingId));
      const coreMining = recent.reduce((s, t) => s + t.coreMining, 0);
      const coreAiHpc = recent.reduce((s, t) => s + t.coreAiHpc, 0);
      const mining = recent.reduce((s, t) => s + positive(t.miningMass), 0);
      const ai = recent.reduce((s, t) => s + positive(t.aiHpcMass), 0);
      // A miner whose latest filings call AI/HPC its core more often than mining does not stress mining.
      const meets = coreMining > coreAiHpc && mining > ai;
      const claims = evidence.filter((e) => e.issuerId === m.issuerId && recentIds.has(e.filingId));
      return { m, recent, coreMining, coreAiHpc, mining, ai, meets, from, newest, claims };
    });
    const stress = rows.filter((r) => r.meets);
    const share = stress.length / miners.length;
    const verdict: Verdict =
      share > THRESHOLDS.claim3MostShare ? 'supported' : share >= THRESHOLDS.claim3PartlyShare ? 'partly' : 'not supported';
    const named = ['RIOT', 'MARA']
      .map((ticker) => rows.find((r) => r.m.tickers.split(',').includes(ticker)))
      .filter((r): r is (typeof rows)[number] => r !== undefined);
    const namedText = named.length
      ? `; ${named.map((r) => `${label(r.m)} ${r.meets ? 'does' : 'does not'}`).join(', ')}`
      : '; neither Riot nor Marathon is in the database';
    // Riot and Marathon first: the article names them.
    const order = (r: (typeof rows)[number]) => (named.includes(r) ? 0 : 1);
    const sorted = [...rows].sort((a, b) => order(a) - order(b));
    return {
      verdict,
      summary: `${stress.length} of ${miners.length} miners (${pct(share)}) still call mining their core business in their latest filings (more often than AI/HPC) and report more mining than AI/HPC${namedText}.`,
      numbers: {
        miners: miners.length,
        minersStressingMining: stress.length,
        share: Math.round(share * 1000) / 1000,
        minersWithMiningCoreClaims: rows.filter((r) => r.coreMining > 0).length,
        minersWithMoreMiningMass: rows.filter((r) => r.mining > r.ai).length,
        minersWithAiHpcCoreClaims: rows.filter((r) => r.coreAiHpc > 0).length,
      },
      issuers: sorted.map((r) => ({
        issuer: r.m.issuerName,
        ticker: r.m.ticker,
        meets: r.meets,
        detail: `${r.recent.length} filing(s) ${r.from ?? '?'}..${r.newest ?? '?'}: core claims mining ${r.coreMining} / ai_hpc ${r.coreAiHpc}; mass mining ${r.mining.toFixed(1)} / ai_hpc ${r.ai.toFixed(1)}`,
      })),
      evidence: limit(
        sorted.flatMap((r) => {
          const kind = r.meets ? 'mining' : 'ai_hpc';
          const row = r.claims.filter((e) => e.coreClaim === kind).sort(byStrength)[0];
          return row ? [cite(row, r.meets ? 'supports' : 'against')] : [];
        }),
      ),
    };
  },
};
