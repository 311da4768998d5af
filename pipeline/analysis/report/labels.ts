/** Plain-language labels for what the claims report shows readers (Markdown and HTML alike). */
import type { ClaimResult } from '../claims/types.ts';

/** What a reader sees for the claims' number keys; any other key is spelled out from its camelCase. */
const NUMBER_LABELS: Record<string, string> = {
  miners: 'miners in the database',
  minersWithAiHpcFacts: 'miners stating AI/HPC hosting as a fact',
  shareWithAiHpcFacts: 'share of the miners',
  aiHpcShareByYear: "AI/HPC share of the miners' mining and AI/HPC evidence, by year",
  year: 'year',
  filings: 'filings',
  aiHpcShare: 'AI/HPC share',
  minersWithAiHpc: 'miners with an AI/HPC fact',
  minersWithAiHpcFactByCutoff: 'miners with an AI/HPC fact by the cut-off',
  minersWithFirstAiHpcFactAfterCutoff: 'miners whose first AI/HPC fact came later',
  minersContractedOrEarningByCutoff: 'miners with a signed AI/HPC contract or AI/HPC revenue by the cut-off',
  minersRevenueByCutoff: 'of them with AI/HPC revenue',
  minersContractedByCutoff: 'of them with a signed contract (no revenue yet)',
  minersDevelopingByCutoff: 'miners building for AI/HPC by the cut-off',
  minersEvaluatingByCutoff: 'miners studying AI/HPC by the cut-off',
  minersContractedOrEarningOnlyAfterCutoff: 'miners with a contract or revenue only after the cut-off',
  dozensThreshold: '"dozens" read as at least',
  cutoff: 'cut-off date',
  minersStressingMining: 'miners still calling mining their core business',
  share: 'share of the miners',
  minersWithMiningCoreClaims: 'miners with a mining core-business claim',
  minersWithMoreMiningMass: 'miners with more mining than AI/HPC evidence',
  minersWithAiHpcCoreClaims: 'miners with an AI/HPC core-business claim',
  minersWithGridFacts: 'miners stating grid services as a fact',
  gridFactSentences: 'grid fact sentences',
};

export function numberLabel(key: string): string {
  return NUMBER_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/AiHpc|Ai Hpc/g, 'AI/HPC').toLowerCase();
}

/** How the verdict stands when any one miner is left out, in one sentence (empty when the claim was not judged). */
export function leaveOneOutText(claim: ClaimResult): string {
  const l = claim.leaveOneOut;
  if (!l) return '';
  if (l.stable) return `Leaving out any one of the ${l.miners} miners does not change the verdict.`;
  const who = l.changes.map((c) => `without ${c.ticker ?? c.issuer} it is "${c.verdict}"`).join('; ');
  return `The verdict rests on single miners: ${who}.`;
}
