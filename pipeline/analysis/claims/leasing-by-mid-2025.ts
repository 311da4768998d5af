/** Claim 2: by mid-2025 dozens of miners lease capacity or power to cloud / AI customers. */
import { cite, limit } from './evidence.ts';
import { THRESHOLDS, type Claim, type Verdict } from './types.ts';

export const claim: Claim = {
  id: 2,
  text: 'By mid-2025 dozens of miners had started leasing capacity or power to cloud / AI customers.',
  test: `Miners whose first ai_hpc fact is in a filing dated on or before ${THRESHOLDS.claim2Cutoff}; "dozens" read as at least ${THRESHOLDS.claim2Dozens}.`,
  evaluate({ miners, evidence }) {
    const early = miners.filter((m) => m.firstAiHpcFactDate !== null && m.firstAiHpcFactDate <= THRESHOLDS.claim2Cutoff);
    const later = miners.filter((m) => m.firstAiHpcFactDate !== null && m.firstAiHpcFactDate > THRESHOLDS.claim2Cutoff);
    let verdict: Verdict;
    let summary: string;
    if (early.length >= THRESHOLDS.claim2Dozens) {
      verdict = 'supported';
      summary = `${early.length} miners state an AI/HPC fact in filings dated on or before ${THRESHOLDS.claim2Cutoff}.`;
    } else if (miners.length < THRESHOLDS.claim2Dozens) {
      verdict = 'not enough data';
      summary = `The database covers only ${miners.length} miners, too few to judge "dozens" (at least ${THRESHOLDS.claim2Dozens}); of these, ${early.length} state an AI/HPC fact by ${THRESHOLDS.claim2Cutoff}.`;
    } else if (early.length >= THRESHOLDS.claim2PartlyCount) {
      verdict = 'partly';
      summary = `${early.length} of ${miners.length} miners state an AI/HPC fact by ${THRESHOLDS.claim2Cutoff}: a dozen or more, not dozens.`;
    } else {
      verdict = 'not supported';
      summary = `Only ${early.length} of ${miners.length} miners state an AI/HPC fact by ${THRESHOLDS.claim2Cutoff}.`;
    }
    const firstFacts = new Map(evidence.map((e) => [e.sentenceId, e]));
    return {
      verdict,
      summary,
      numbers: {
        miners: miners.length,
        minersWithAiHpcFactByCutoff: early.length,
        minersWithFirstAiHpcFactAfterCutoff: later.length,
        dozensThreshold: THRESHOLDS.claim2Dozens,
        cutoff: THRESHOLDS.claim2Cutoff,
      },
      issuers: miners.map((m) => ({
        issuer: m.issuerName,
        ticker: m.ticker,
        meets: early.includes(m),
        detail: m.firstAiHpcFactDate ? `first ai_hpc fact ${m.firstAiHpcFactDate}` : 'no ai_hpc fact',
      })),
      evidence: limit(early.flatMap((m) => {
        const row = m.firstAiHpcFactSentenceId !== null ? firstFacts.get(m.firstAiHpcFactSentenceId) : undefined;
        return row ? [cite(row)] : [];
      })),
    };
  },
};
