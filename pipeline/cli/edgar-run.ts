/**
 * `minerpivot run --tickers ...`: the EDGAR source of the in-process run, with
 * the same client and the same limit as the workers (an in-memory limiter at
 * SEC_MAX_RPS instead of the Redis one).
 */
import type { Io } from './command.ts';
import type { ParsedArgs } from './command.ts';
import type { Config } from '../core/config.ts';
import { discoverFilings } from '../sources/edgar/discover.ts';
import { createEdgarClient } from '../sources/edgar/index.ts';
import type { IntakePlan } from '../sources/plan.ts';
import { openSources, type Sources } from '../sources/registry.ts';
import { edgarRequestFrom } from './edgar-options.ts';

/** Plans the run from EDGAR and returns the sources that download it (with the client discovery used). */
export async function edgarRunSource(args: ParsedArgs, config: Config, io: Io): Promise<{ plan: IntakePlan; sources: Sources }> {
  const request = edgarRequestFrom(args, 'run');
  const client = createEdgarClient(config, {
    onEvent: (event) => {
      if (event.type === 'pause') io.err(`SEC asked us to slow down: pausing until ${new Date(event.pause.until).toISOString()} (${event.pause.reason})`);
      if (event.type === 'retry') io.err(`retrying ${event.url} in ${Math.ceil(event.waitMs / 1000)} s (HTTP ${event.status ?? 'network error'})`);
    },
  });
  const { jobs, filers } = await discoverFilings(client, request);
  for (const f of filers) io.err(`${f.name} (CIK ${f.cik}): ${f.filings} filing(s)`);
  const source = `EDGAR ${[...request.tickers, ...request.ciks].join(',')} ${request.forms.join(',')}${request.since ? ` since ${request.since}` : ''}`;
  return { plan: { origin: source, jobs, problems: [], skipped: 0 }, sources: openSources({ config, edgar: { client } }) };
}
