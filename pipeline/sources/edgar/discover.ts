/**
 * Discovery: tickers or CIKs, forms and dates in; one fetch job per filing out.
 * Reads company_tickers.json and the submissions JSON (older pages only when
 * the date range reaches them) through the EDGAR client.
 */
import { describeError, PermanentError, TransientError, UserError } from '../../core/errors.ts';
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
  /**
   * Filers whose discovery failed (unknown ticker or CIK, the network): the others are still planned.
   * `transient` ones may succeed when asked again.
   */
  failed: DiscoveryFailure[];
}

/** A ticker or CIK that could not be listed, and why (one line). */
export interface DiscoveryFailure {
  /** What the user asked for: `ticker RIOT` or `CIK 0001167419`. */
  filer: string;
  ticker: string | null;
  cik: string | null;
  reason: string;
  transient: boolean;
}

/** Looks tickers up in company_tickers.json: those found, and those it does not list. */
async function lookupTickers(client: EdgarClient, tickers: string[]): Promise<{ found: Array<TickerEntry & { asked: string }>; unknown: string[] }> {
  if (tickers.length === 0) return { found: [], unknown: [] };
  const map = parseCompanyTickers(await client.getJson(companyTickersUrl(client.bases), TTL.tickersMs));
  const unknown: string[] = [];
  const found: Array<TickerEntry & { asked: string }> = [];
  for (const raw of tickers) {
    const entry = map.get(normalizeTicker(raw));
    if (entry) found.push({ ...entry, asked: raw });
    else unknown.push(raw);
  }
  return { found, unknown };
}

/** Resolves tickers to CIKs; an unknown ticker is a user mistake, named in one error. */
export async function resolveTickers(client: EdgarClient, tickers: string[]): Promise<TickerEntry[]> {
  const { found, unknown } = await lookupTickers(client, tickers);
  if (unknown.length > 0) throw new UserError(`unknown ticker(s) ${unknown.join(', ')}: not in the SEC's company_tickers.json (try --ciks)`);
  return found.map(({ asked: _asked, ...entry }) => entry);
}

/** A failure that is the network's or EDGAR's (not a bug) becomes a recorded failure; anything else is thrown. */
function asFailure(error: unknown, filer: Omit<DiscoveryFailure, 'reason' | 'transient'>): DiscoveryFailure {
  if (error instanceof TransientError || error instanceof PermanentError) {
    return { ...filer, reason: describeError(error), transient: error instanceof TransientError };
  }
  throw error;
}

/** Every filing of a filer that passes the filter, newest first, reading older pages only when needed. */
export async function listFilings(client: EdgarClient, cik: string, filter: FilingFilter, maxAgeMs: number = TTL.submissionsMs) {
  const url = submissionsUrl(client.bases, cik);
  // What EDGAR serves in another shape is EDGAR's fault, not a bug here: permanent, with the URL.
  const parsed = <T>(where: string, parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      throw new PermanentError(`${where}: ${describeError(error)}`);
    }
  };
  const json = await client.getJson(url, maxAgeMs);
  const submissions = parsed(url, () => parseSubmissions(json));
  const entries: FilingEntry[] = [...submissions.recent];
  for (const page of submissions.pages) {
    if (!pageOverlaps(page, filter)) continue;
    const pageUrl = submissionsUrl(client.bases, cik, page.name);
    const pageJson = await client.getJson(pageUrl, maxAgeMs);
    entries.push(...parsed(pageUrl, () => parseSubmissionsPage(pageJson)));
  }
  const seen = new Set<string>();
  const filings = entries.filter((e) => {
    if (seen.has(e.accession) || !matchesFilter(e, filter)) return false;
    seen.add(e.accession);
    return true;
  });
  return { submissions, filings };
}

/**
 * Plans one fetch job per matching filing of every requested filer. A filer whose discovery fails
 * (an unknown ticker or CIK, the network) is in `failed` with its reason; the others are still planned.
 */
export async function discoverFilings(client: EdgarClient, request: DiscoverRequest): Promise<DiscoverResult> {
  const result: DiscoverResult = { jobs: [], filers: [], failed: [] };
  const targets: Array<{ cik: string; ticker: string | null }> = request.ciks.map((c) => ({ cik: padCik(c), ticker: null }));
  try {
    const { found, unknown } = await lookupTickers(client, request.tickers);
    targets.push(...found.map((t) => ({ cik: t.cik, ticker: t.asked })));
    for (const ticker of unknown) {
      result.failed.push({ filer: `ticker ${ticker}`, ticker, cik: null, reason: `unknown ticker ${ticker}: not in the SEC's company_tickers.json (try --ciks)`, transient: false });
    }
  } catch (error) {
    const failure = asFailure(error, { filer: '', ticker: null, cik: null });
    for (const ticker of request.tickers) result.failed.push({ ...failure, filer: `ticker ${ticker}`, ticker });
  }
  const seen = new Set<string>();
  for (const { cik, ticker } of targets) {
    if (seen.has(cik)) continue;
    seen.add(cik);
    let listed: Awaited<ReturnType<typeof listFilings>>;
    try {
      listed = await listFilings(client, cik, request, request.submissionsMaxAgeMs);
    } catch (error) {
      const filer = ticker ? `ticker ${ticker} (CIK ${cik})` : `CIK ${cik}`;
      result.failed.push(asFailure(error, { filer, ticker, cik: ticker ? null : cik }));
      continue;
    }
    const { submissions, filings } = listed;
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
