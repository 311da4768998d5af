/**
 * The shapes of an issuer's summary: what the store stage reads back per
 * filing, and the summary row it writes (pipeline/scoring/issuer.ts computes it).
 */
import type { Topic } from './vocabulary.ts';

/** One topic's numbers in one filing, as the issuer summary needs them. */
export interface TopicPoint {
  mass: number;
  sentences: number;
  coreClaims: number;
}

/** One stored filing of an issuer, with its score under one scorer version. */
export interface IssuerFilingPoint {
  filingId: number;
  form: string;
  /** Period end for periodic reports, else the filing date. */
  date: string | null;
  pivotIndex: number;
  topics: Record<Topic, TopicPoint>;
  /** Earliest date of an ai_hpc fact in this filing (its date), if any. */
  aiHpcFactDate: string | null;
  aiHpcFactSentenceId: number | null;
}

export interface IssuerSummary {
  filings: number;
  latestFilingId: number | null;
  latestDate: string | null;
  latestPivotIndex: number | null;
  previousFilingId: number | null;
  pivotChange: number | null;
  firstAiHpcFactDate: string | null;
  firstAiHpcFactSentenceId: number | null;
  /** Per topic, over all the issuer's filings: labelled sentences and core-business claims. */
  topics: Record<Topic, { sentences: number; coreClaims: number }>;
}
