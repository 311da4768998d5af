/**
 * `minerpivot retry`: failed filings read back from their rows and planned as
 * fetch jobs again. A row keeps where its filing came from (`source_ref`), which
 * is enough to rebuild the location: an EDGAR filing index URL names the CIK and
 * the accession, another http(s) URL is a researcher's URL, anything else a path.
 */
import type { Db } from '../../db/open.ts';
import { failedFilings } from '../../db/queries.ts';
import type { FilingRef, Location, PayloadOf, Stage } from '../core/jobs.ts';
import type { IntakePlan } from '../sources/plan.ts';

/** `/Archives/edgar/data/{cik}/{accession without dashes}/{accession}-index.html`, the sourceRef discovery writes. */
const EDGAR_INDEX = /\/Archives\/edgar\/data\/(\d{1,10})\/\d{18}\/(\d{10}-\d{2}-\d{6})-index\.html?$/;

/** Where fetch finds a stored filing again, from its row. */
export function locationOfStored(filing: FilingRef): Location {
  const ref = filing.sourceRef;
  if (/^https?:\/\//i.test(ref)) {
    const edgar = filing.source === 'edgar' ? EDGAR_INDEX.exec(new URL(ref).pathname) : null;
    if (edgar) return { kind: 'edgar', cik: edgar[1]!.padStart(10, '0'), accession: edgar[2]!, primaryDocument: null };
    return { kind: 'url', url: ref };
  }
  return { kind: 'file', path: ref };
}

/** Fetch jobs for the failed filings of the database (only those that failed at `stage`, when given). */
export function planRetry(db: Db, stage: Stage | null): IntakePlan & { previous: Map<string, { stage: string | null; reason: string | null }> } {
  const failed = failedFilings(db, stage);
  const jobs: Array<PayloadOf<'fetch'>> = failed.map((f) => ({ stage: 'fetch', filing: f.filing, location: locationOfStored(f.filing) }));
  return {
    origin: `the failed filings of the database${stage ? ` (failed at ${stage})` : ''}`,
    jobs,
    problems: [],
    skipped: 0,
    previous: new Map(failed.map((f) => [f.filing.key, { stage: f.failedStage, reason: f.reason }])),
  };
}
