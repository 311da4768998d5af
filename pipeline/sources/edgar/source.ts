/**
 * SEC EDGAR filings: the filing index, then the primary document and EX-99
 * exhibits, through the client that keeps the SEC's rate limit and the raw cache.
 */
import type { Config } from '../../core/config.ts';
import { PermanentError } from '../../core/errors.ts';
import type { FilingRef, RawDocument } from '../../core/jobs.ts';
import type { Source } from '../source.ts';
import type { EdgarClient } from './client.ts';
import { fetchEdgarFiling } from './fetch-filing.ts';
import { createEdgarClient, type EdgarWiring } from './index.ts';
import { EdgarLocationSchema, type EdgarLocation } from './location.ts';

/** What the EDGAR source is built with: a ready client (shared with discovery, tests), or the wiring of a new one. */
export interface EdgarSourceOptions extends EdgarWiring {
  client?: EdgarClient;
}

/**
 * The EDGAR source. Its client is made on the first EDGAR fetch, so processes that never fetch
 * from EDGAR need no SEC_USER_AGENT.
 */
export function edgarSource(config: Config, options: EdgarSourceOptions = {}): Source<EdgarLocation> {
  let client = options.client ?? null;
  return {
    kind: 'edgar',
    summary: 'a filing on SEC EDGAR (index, primary document, EX-99 exhibits), at the SEC rate limit',
    location: EdgarLocationSchema,
    async fetch(filing: FilingRef, location: EdgarLocation): Promise<RawDocument[]> {
      if (!client) {
        if (config.secUserAgent === null) throw new PermanentError(`${location.accession}: an EDGAR filing needs SEC_USER_AGENT ("Name email")`);
        client = createEdgarClient(config, options);
      }
      return fetchEdgarFiling(client, filing, location);
    },
  };
}
