/** Claim 2: by mid-2025 dozens of miners lease capacity or power to cloud / AI customers. */
import { PIVOT_STAGES, type PivotStage } from '../../core/vocabulary.ts';
import { cite, limit } from './evidence.ts';
import { THRESHOLDS, type Claim, type Verdict } from './types.ts';

const counts = (stage: string) => (THRESHOLDS.claim2Stages as readonly string[]).includes(stage);

export const claim: Claim = {
  id: 2,
  text: 'By mid-2025 dozens of miners had started leasing capacity or power to cloud / AI customers.',
  test: `Miners whose stage of the pivot, from filings dated on or before ${THRESHOLDS.claim2Cutoff}, is contracted (a signed lease or contract with a named customer) or revenue (recognised AI/HPC revenue: a tagged XBRL line or a fact sentence); "dozens" read as at least ${THRESHOLDS.claim2Dozens}.`,
  evaluate({ miners, stages, stageEvidence, evidence }) {
    /** Per miner: the highest stage by the cut-off (the row that set it), and the first row that counts after it. */
    const byMiner = new Map(
      miners.map((m) => {
        const rows = stages.filter((s) => s.issuerId === m.issuerId);
        const before = rows.filter((s) => s.date !== null && s.date <= THRESHOLDS.claim2Cutoff);
        const top = [...before].sort((a, b) => PIVOT_STAGES.indexOf(b.stage as PivotStage) - PIVOT_STAGES.indexOf(a.stage as PivotStage) || (a.date ?? '').localeCompare(b.date ?? ''))[0];
        const later = rows.find((s) => s.date !== null && s.date > THRESHOLDS.claim2Cutoff && counts(s.stage));
        return [m.issuerId, { top, later }] as const;
      }),
    );
    const early = miners.filter((m) => counts(byMiner.get(m.issuerId)?.top?.stage ?? ''));
    const later = miners.filter((m) => !early.includes(m) && byMiner.get(m.issuerId)?.later);
    let verdict: Verdict;
    let summary: string;
    const what = 'a signed AI/HPC lease or contract, or AI/HPC revenue,';
    if (early.length >= THRESHOLDS.claim2Dozens) {
      verdict = 'supported';
      summary = `${early.length} miners show ${what} in filings dated on or before ${THRESHOLDS.claim2Cutoff}.`;
    } else if (miners.length < THRESHOLDS.claim2Dozens) {
      verdict = 'not enough data';
      summary = `The database covers only ${miners.length} miners, too few to judge "dozens" (at least ${THRESHOLDS.claim2Dozens}); of these, ${early.length} show ${what} by ${THRESHOLDS.claim2Cutoff}.`;
    } else if (early.length >= THRESHOLDS.claim2PartlyCount) {
      verdict = 'partly';
      summary = `${early.length} of ${miners.length} miners show ${what} by ${THRESHOLDS.claim2Cutoff}: a dozen or more, not dozens.`;
    } else {
      verdict = 'not supported';
      summary = `Only ${early.length} of ${miners.length} miners show ${what} by ${THRESHOLDS.claim2Cutoff}.`;
    }
    const sentences = new Map([...evidence, ...stageEvidence].map((e) => [e.sentenceId, e]));
    const stageCount = (stage: PivotStage) => miners.filter((m) => byMiner.get(m.issuerId)?.top?.stage === stage).length;
    return {
      verdict,
      summary,
      numbers: {
        miners: miners.length,
        minersContractedOrEarningByCutoff: early.length,
        minersRevenueByCutoff: stageCount('revenue'),
        minersContractedByCutoff: stageCount('contracted'),
        minersDevelopingByCutoff: stageCount('developing'),
        minersEvaluatingByCutoff: stageCount('evaluating'),
        minersContractedOrEarningOnlyAfterCutoff: later.length,
        dozensThreshold: THRESHOLDS.claim2Dozens,
        cutoff: THRESHOLDS.claim2Cutoff,
      },
      issuers: miners.map((m) => {
        const { top, later: after } = byMiner.get(m.issuerId) ?? {};
        const detail = top
          ? `${top.stage} by ${THRESHOLDS.claim2Cutoff} (${top.form} ${top.date}: ${top.reason})`
          : `no stage by ${THRESHOLDS.claim2Cutoff}`;
        return { issuer: m.issuerName, ticker: m.ticker, meets: early.includes(m), detail: after && !early.includes(m) ? `${detail}; ${after.stage} from ${after.date} (${after.reason})` : detail };
      }),
      evidence: limit(
        early.flatMap((m) => {
          const top = byMiner.get(m.issuerId)?.top;
          const row = top?.sentenceId != null ? sentences.get(top.sentenceId) : undefined;
          return row ? [cite(row)] : [];
        }),
      ),
    };
  },
};
