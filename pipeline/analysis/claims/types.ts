/**
 * The shapes of the claims report, the thresholds behind its verdicts, and the
 * one interface every claim implements. Pure: no I/O.
 */
import type { ClaimData, EvidenceRow, IssuerLatestRow, TimelineRow } from '../../../db/analyst.ts';
import type { StageRow } from '../../../db/facts.ts';
import { MIN_MINING_FACTS_FOR_MINER } from '../../core/issuers.ts';

export type Verdict = 'supported' | 'partly' | 'not supported' | 'not enough data';

/** The thresholds behind the verdicts. Change them here and in docs/SCHEMA.md together. */
export const THRESHOLDS = {
  /** Fewer miners than this and no claim about "miners" in general is judged. */
  minMiners: 3,
  /** An issuer missing from known-issuers.json counts as a miner with this many mining facts (core/issuers.ts). */
  minMiningFactsForMiner: MIN_MINING_FACTS_FOR_MINER,
  /** Claim 1: share of miners with an ai_hpc fact for "supported"; any such miner makes at least "partly". */
  claim1SupportedShare: 0.5,
  /** Claim 1: the trend compares the first and last years with at least this many miner filings. */
  claim1TrendMinFilings: 5,
  /** Claim 2: the cut-off date of "by mid-2025". */
  claim2Cutoff: '2025-06-30',
  /** Claim 2: the stages of the pivot that count as leasing to customers (a signed contract, or AI/HPC revenue). */
  claim2Stages: ['contracted', 'revenue'],
  /** Claim 2: "dozens" read as two dozen or more. */
  claim2Dozens: 24,
  /** Claim 2: with enough miners covered, at least a dozen is "partly". */
  claim2PartlyCount: 12,
  /** Claim 3: more than this share of miners stressing mining is "most" (supported) ... */
  claim3MostShare: 0.5,
  /** ... and at least this share "partly". */
  claim3PartlyShare: 0.25,
  /** Claim 3: the "latest filings" are those dated within this many days before the issuer's newest filing with evidence. */
  claim3RecentDays: 365,
  /** Claim 4: miners with grid facts for "supported" (and at least this share of miners); one is "partly". */
  claim4SupportedMiners: 2,
  claim4SupportedShare: 0.25,
  /** Citations per claim shown at most. */
  maxCitations: 12,
} as const;

/** A cited sentence: enough to find it in the filing. */
export interface Citation {
  sentenceId: number;
  issuer: string;
  ticker: string | null;
  form: string;
  date: string | null;
  section: string | null;
  sectionTitle: string | null;
  page: number | null;
  text: string;
  topics: string;
  modality: string | null;
  coreClaim: string;
  weight: number;
  /** Where the bytes came from: a URL, or a path on the machine that ran the pipeline. */
  source: string;
  /** EDGAR accession number of the filing, when known. */
  accession: string | null;
  /** The document (or the filing's index page) on sec.gov, when the filing has an accession and a CIK. */
  link: string | null;
  /** Whether the sentence backs the claim or runs against it. */
  stance: 'supports' | 'against';
}

/** One issuer's part in a claim. */
export interface ClaimIssuer {
  issuer: string;
  ticker: string | null;
  /** Whether this issuer backs the claim. */
  meets: boolean;
  detail: string;
}

export interface ClaimResult {
  id: number;
  claim: string;
  /** How the claim is checked against the filings. */
  test: string;
  verdict: Verdict;
  /** One sentence saying why. */
  summary: string;
  numbers: Record<string, number | string | null | Array<Record<string, number | string | null>>>;
  issuers: ClaimIssuer[];
  evidence: Citation[];
  /**
   * How much the verdict rests on any single miner: the claim judged again with each miner left out in
   * turn; `changes` lists the miners without whom the verdict differs. Absent when not judged.
   */
  leaveOneOut?: { miners: number; stable: boolean; changes: Array<{ issuer: string; ticker: string | null; verdict: Verdict }> };
}

export interface MinerRow {
  issuerKey: string;
  issuer: string;
  ticker: string | null;
  miner: boolean;
  basis: 'known-issuers.json' | 'evidence';
}

export interface ClaimsReport {
  scorerVersion: string;
  coverage: {
    issuers: number;
    miners: number;
    filings: number;
    firstPeriod: string | null;
    lastPeriod: string | null;
  };
  miners: MinerRow[];
  thresholds: typeof THRESHOLDS;
  claims: ClaimResult[];
}

/** What the claims read: the analyst views' data, and the stage of the pivot per filing (db/facts.ts). */
export interface ClaimInput extends ClaimData {
  /** Per filing, the stage it shows and the stage reached by its date; none: no filing shows a stage. */
  stages?: StageRow[];
  /** The sentences that set a stage, to cite. */
  stageEvidence?: EvidenceRow[];
}

/** What every claim is evaluated on: the miners among the issuers, and their timeline and evidence. */
export interface ClaimContext {
  miners: IssuerLatestRow[];
  /** Timeline rows of the miners only. */
  timeline: TimelineRow[];
  /** Evidence of the miners only. */
  evidence: EvidenceRow[];
  /** Stage rows of the miners only. */
  stages: StageRow[];
  /** Sentences that set the miners' stages. */
  stageEvidence: EvidenceRow[];
}

/** A claim of the article, checked against the filings: one file per claim under `claims/`. */
export interface Claim {
  id: number;
  /** The claim as the article makes it. */
  text: string;
  /** How the filings test it, in one sentence. */
  test: string;
  /** The verdict with its numbers, issuers and citations; only called with enough miners. */
  evaluate(context: ClaimContext): Omit<ClaimResult, 'id' | 'claim' | 'test'>;
}
