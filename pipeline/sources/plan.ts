/**
 * What planning a run yields, whatever the source: the fetch jobs, the lines or
 * entries that could not become one (each with where and why), and the rows
 * left out on purpose.
 */
import type { FilingRef, PayloadOf } from '../core/jobs.ts';

export interface PlanProblem {
  /** `manifest.tsv:12`, `docs.csv:3`, `sec-edgar-filings/RIOT/10-K/...` */
  where: string;
  message: string;
  /** The filing the line describes, when enough of it was readable to record the failure on a row. */
  filing: FilingRef | null;
}

export interface IntakePlan {
  /** Where the plan came from: a manifest path, a folder, or a description of an EDGAR request. */
  origin: string;
  jobs: Array<PayloadOf<'fetch'>>;
  problems: PlanProblem[];
  /** Rows that describe API captures or other non-filings (e.g. `submissions-json`), left out on purpose. */
  skipped: number;
}
