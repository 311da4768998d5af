/**
 * Discovery: tickers or CIKs, forms and dates in; one fetch job per filing out.
 * Reads company_tickers.json and the submissions JSON (older pages only when
 * the date range reaches them) through the EDGAR client.
 */
import { UserError } from '../../core/errors.ts';
import type { FilingRef, PayloadOf } from '../../core/jobs.ts';
import { issuerRef } from '../../core/issuers.ts';
import { TTL, type EdgarClient } from './client.ts';
import type { EdgarLocation } from './location.ts';
import { companyTickersUrl, indexHtmlUrl, padCik, submissionsUrl } from './paths.ts';
import { matchesFilter, pageOverlaps, parseSubmissions, parseSubmissionsPage, type FilingEntry, type FilingFilter } from './submissions.ts';
import { normalizeTicker, parseCompanyTickers, type TickerEntry } from './tickers.ts';

export interface DiscoverRequest extends FilingFilter {
  tickers: string[];
  ciks: string[];
  /** How old a cached submissions JSON may be (default TTL.submissionsMs); a batch asks for 0: always fresh. */
  submissionsMaxAgeMs?: number;
}

export interface DiscoverResult {
  jobs: Array<PayloadOf<'fetch'> & { location: EdgarLocation }>;
  /** Per filer: how many filings matched, for the user. */
  filers: Array<{ cik: string; name: string; filings: number }>;
}

/** Resolves tickers to CIKs; an unknown ticker is a user mistake, named in one error. */
export async function resolveTickers(client: EdgarClient, tickers: string[]): Promise<TickerEntry[]> {
  if (tickers.length === 0) return [];
  const map = parseCompanyTickers(await client.getJson(companyTickersUrl(client.bases), TTL.tickersMs));
  const unknown: string[] = [];
  const found: TickerEntry[] = [];
  for (const raw of tickers) {
    const entry = map.get(normalizeTicker(raw));
    if (entry) found.push(entry);
    else unknown.push(raw);
  }
  if (unknown.length > 0) throw new UserError(`unknown ticker(s) ${unknown.join(', ')}: not in the SEC's company_tickers.json (try --ciks)`);
  return found;
}

/** Every filing of a filer that passes the filter, newest first, reading older pages only when needed. */
export async function listFilings(client: EdgarClient, cik: string, filter: FilingFilter, maxAgeMs: number = TTL.submissionsMs) {
  const submissions = parseSubmissions(await client.getJson(submissionsUrl(client.bases, cik), maxAgeMs));
  const entries: FilingEntry[] = [...submissions.recent];
  for (const page of submissions.pages) {
    if (!pageOverlaps(page, filter)) continue;
    entries.push(...parseSubmissionsPage(await client.getJson(submissionsUrl(client.bases, cik, page.name), maxAgeMs)));
  }
  const seen = new Set<string>();
  const filings = entries.filter((e) => {
    if (seen.has(e.accession) || !matchesFilter(e, filter)) return false;
    seen.add(e.accession);
    return true;
  });
  return { submissions, filings };
}

/** Plans one fetch job per matching filing of every requested filer. */
export async function discoverFilings(client: EdgarClient, request: DiscoverRequest): Promise<DiscoverResult> {
  const ciks = [...request.ciks.map((c) => padCik(c)), ...(await resolveTickers(client, request.tickers)).map((t) => t.cik)];
  const result: DiscoverResult = { jobs: [], filers: [] };
  const seen = new Set<string>();
  for (const cik of ciks) {
    if (seen.has(cik)) continue;
    seen.add(cik);
    const { submissions, filings } = await listFilings(client, cik, request, request.submissionsMaxAgeMs);
    const issuer = issuerRef(submissions.name, cik, submissions.tickers.map((t) => t.toUpperCase()), null);
    // EDGAR's former names are the aliases the scorer masks like the current name.
    issuer.aliases = [...new Set([...issuer.aliases, ...submissions.formerNames])].filter((n) => n !== issuer.name);
    result.filers.push({ cik, name: issuer.name, filings: filings.length });
    for (const entry of filings) {
      const filing: FilingRef = {
        key: entry.accession,
        issuer,
        accession: entry.accession,
        form: entry.form.toUpperCase(),
        filedAt: entry.filingDate || null,
        periodEnd: entry.reportDate,
        source: 'edgar',
        sourceRef: indexHtmlUrl(client.bases, cik, entry.accession),
      };
      result.jobs.push({
        stage: 'fetch',
        filing,
        location: { kind: 'edgar', cik, accession: entry.accession, primaryDocument: entry.primaryDocument },
      });
    }
  }
  return result;
}
