/**
 * The news article's filings-checkable claims, checked against the database. Pure: query results in
 * ({@link ClaimData} from db/analyst.ts), verdicts, numbers and citations out. Each claim is one file of
 * this folder implementing {@link Claim}; every threshold is a named constant in {@link THRESHOLDS},
 * documented in docs/SCHEMA.md ("Claims").
 */
import { knownIssuer, minerOf } from '../../core/issuers.ts';
import { claim as aiHpcHosting } from './ai-hpc-hosting.ts';
import { claim as gridServices } from './grid-services.ts';
import { claim as leasingByMid2025 } from './leasing-by-mid-2025.ts';
import { claim as miningCoreBusiness } from './mining-core-business.ts';
import { THRESHOLDS, type Claim, type ClaimContext, type ClaimInput, type ClaimResult, type ClaimsReport, type MinerRow, type Verdict } from './types.ts';

export * from './types.ts';

/** The claims, in the article's order. A new claim is a file here and a line in this list. */
export const CLAIMS: ReadonlyArray<Claim> = [aiHpcHosting, leasingByMid2025, miningCoreBusiness, gridServices];

/** The `miner` flag of known-issuers.json for an issuer (by CIK, else by issuer key), or null when not listed. */
export function knownMinerFlag(cik: string | null, issuerKey: string): boolean | null {
  const entry = knownIssuer(cik, issuerKey);
  return typeof entry?.miner === 'boolean' ? entry.miner : null;
}

export interface ClaimOptions {
  /** Overrides known-issuers.json (tests). */
  knownMiner?: (cik: string | null, issuerKey: string) => boolean | null;
}

function notEnough(claim: Claim, miners: number): ClaimResult {
  return {
    id: claim.id,
    claim: claim.text,
    test: claim.test,
    verdict: 'not enough data',
    summary: `The database covers ${miners} miner(s) scored with this scorer version; at least ${THRESHOLDS.minMiners} are needed to judge a claim about miners in general.`,
    numbers: { miners },
    issuers: [],
    evidence: [],
  };
}

/** The context without one miner: its timeline, evidence and stages go with it. */
function without(context: ClaimContext, issuerId: number): ClaimContext {
  return {
    miners: context.miners.filter((m) => m.issuerId !== issuerId),
    timeline: context.timeline.filter((t) => t.issuerId !== issuerId),
    evidence: context.evidence.filter((e) => e.issuerId !== issuerId),
    stages: context.stages.filter((s) => s.issuerId !== issuerId),
    stageEvidence: context.stageEvidence.filter((e) => e.issuerId !== issuerId),
  };
}

/** The claim judged again with each miner left out in turn (below the minimum of miners: "not enough data"). */
function leaveOneOut(claim: Claim, context: ClaimContext): NonNullable<ClaimResult['leaveOneOut']> {
  const verdict = claim.evaluate(context).verdict;
  const changes: Array<{ issuer: string; ticker: string | null; verdict: Verdict }> = [];
  for (const m of context.miners) {
    const rest = without(context, m.issuerId);
    const other = rest.miners.length >= THRESHOLDS.minMiners ? claim.evaluate(rest).verdict : 'not enough data';
    if (other !== verdict) changes.push({ issuer: m.issuerName, ticker: m.ticker, verdict: other });
  }
  return { miners: context.miners.length, stable: changes.length === 0, changes };
}

/** Checks every claim. */
export function evaluateClaims(data: ClaimInput, options: ClaimOptions = {}): ClaimsReport {
  const knownMiner = options.knownMiner ?? knownMinerFlag;
  const minerRows: MinerRow[] = data.issuers.map((i) => {
    // The database's miner flag (issuers.miner, written by the store stage) unless a test overrides it.
    if (!options.knownMiner && i.miner !== null && i.miner !== undefined) {
      return { issuerKey: i.issuerKey, issuer: i.issuerName, ticker: i.ticker, miner: i.miner === 1, basis: i.minerBasis === 'evidence' ? 'evidence' : 'known-issuers.json' };
    }
    // Not stored yet (or a test's override): the same rule the store stage applies (core/issuers.ts).
    const known = knownMiner(i.cik, i.issuerKey);
    const { miner, basis } = known !== null ? { miner: known, basis: 'known-issuers.json' as const } : minerOf(null, i.miningFactSentences);
    return { issuerKey: i.issuerKey, issuer: i.issuerName, ticker: i.ticker, miner, basis };
  });
  const miners = data.issuers.filter((_, n) => minerRows[n]!.miner);
  const minerIds = new Set(miners.map((m) => m.issuerId));
  const context = {
    miners,
    timeline: data.timeline.filter((t) => minerIds.has(t.issuerId)),
    evidence: data.evidence.filter((e) => minerIds.has(e.issuerId)),
    stages: (data.stages ?? []).filter((s) => minerIds.has(s.issuerId)),
    stageEvidence: (data.stageEvidence ?? []).filter((e) => minerIds.has(e.issuerId)),
  };
  const periods = data.timeline.map((t) => t.period).filter((p): p is string => p !== null).sort();
  const enough = miners.length >= THRESHOLDS.minMiners;
  return {
    scorerVersion: data.scorerVersion,
    coverage: {
      issuers: data.issuers.length,
      miners: miners.length,
      filings: data.timeline.length,
      firstPeriod: periods[0] ?? null,
      lastPeriod: periods.at(-1) ?? null,
    },
    miners: minerRows,
    thresholds: THRESHOLDS,
    claims: CLAIMS.map((claim) =>
      enough
        ? { id: claim.id, claim: claim.text, test: claim.test, ...claim.evaluate(context), leaveOneOut: leaveOneOut(claim, context) }
        : notEnough(claim, miners.length),
    ),
  };
}
