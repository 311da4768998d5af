/**
 * The terms of an AI/HPC deal, declared once: what the deal reader finds in a sentence
 * (pipeline/scoring/deals.ts), what the store writes and what db/facts.ts reads back.
 */
export interface DealTerms {
  counterparty: string;
  /** `lease`, `colocation`, `cloud`, `merger`, ... (pipeline/scoring/deals.json). */
  kind: string;
  mw: number | null;
  /** `critical IT` or `gross` when the filing says which. */
  mwBasis: string | null;
  value: number | null;
  currency: string | null;
  /** The money as written (`approximately $311 million`). */
  valueText: string | null;
  termYears: number | null;
  site: string | null;
  /** Stated as done: a signed, entered-into or existing agreement (not a plan, not a merger). */
  signed: boolean;
}
