/**
 * The EDGAR source of `minerpivot run` and `minerpivot enqueue`: the options
 * both commands declare, their validation into a discovery request, and for
 * `run` the discovery itself with the client the fetches then share (an
 * in-memory limiter at SEC_MAX_RPS instead of the workers' Redis one).
 */
import type { Config } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { EDGAR_DEFAULT_FORMS, EDGAR_FORMS, isEdgarForm } from '../../core/forms.ts';
import { discoverFilings, type DiscoverRequest, type DiscoveryFailure } from '../../sources/edgar/discover.ts';
import { createEdgarClient } from '../../sources/edgar/index.ts';
import type { IntakePlan } from '../../sources/plan.ts';
import { openSources, type Sources } from '../../sources/registry.ts';
import type { Io, OptionSpec, ParsedArgs } from './command.ts';
import { dateOption, flag, listOption, stringOption } from './options.ts';

/** Options that select filings on EDGAR. */
export const EDGAR_SOURCE_OPTIONS: Record<string, OptionSpec> = {
  tickers: { type: 'string', value: 'LIST', description: 'EDGAR filers by ticker, comma separated (RIOT,MARA,CLSK)' },
  ciks: { type: 'string', value: 'LIST', description: 'EDGAR filers by CIK, comma separated (1167419,1507605)' },
  forms: { type: 'string', value: 'LIST', description: `forms to take (default ${EDGAR_DEFAULT_FORMS.join(',')})` },
  since: { type: 'string', value: 'DATE', description: 'first filing date, YYYY-MM-DD (inclusive)' },
  until: { type: 'string', value: 'DATE', description: 'last filing date, YYYY-MM-DD (inclusive)' },
  amendments: { type: 'boolean', description: 'also take amendments (10-K/A ...)' },
};

/** True when the arguments name EDGAR filers. */
export function wantsEdgar(args: ParsedArgs): boolean {
  return stringOption(args, 'tickers') !== undefined || stringOption(args, 'ciks') !== undefined;
}

/** Validates the EDGAR options; every mistake is a one-line UserError. */
export function edgarRequestFrom(args: ParsedArgs): DiscoverRequest {
  const tickers = (listOption(args, 'tickers') ?? []).map((t) => t.toUpperCase());
  const ciks = listOption(args, 'ciks') ?? [];
  if (tickers.length + ciks.length === 0) throw new UserError('give --tickers LIST or --ciks LIST');
  const badCik = ciks.find((c) => !/^\d{1,10}$/.test(c));
  if (badCik) throw new UserError(`bad CIK "${badCik}": expected up to 10 digits`);

  const forms = listOption(args, 'forms')?.map((f) => f.toUpperCase()) ?? [...EDGAR_DEFAULT_FORMS];
  const unsupported = forms.filter((f) => !isEdgarForm(f));
  if (forms.length === 0 || unsupported.length > 0) {
    throw new UserError(`unsupported form(s) ${unsupported.join(', ') || '(none given)'}; supported: ${EDGAR_FORMS.join(', ')}`);
  }
  const amendments = flag(args, 'amendments') || forms.some((f) => f.endsWith('/A'));
  const since = dateOption(args, 'since');
  const until = dateOption(args, 'until');
  if (since && until && since > until) throw new UserError(`--since ${since} is after --until ${until}`);
  return { tickers, ciks, forms: [...new Set(forms.map((f) => f.replace(/\/A$/, '')))], since, until, amendments };
}

/** One line for a filer whose discovery failed. */
export function discoveryFailureLine(failure: DiscoveryFailure): string {
  return `FAILED  ${failure.filer}: ${failure.reason}`;
}

/** What `run --tickers` plans: the jobs, the filers whose discovery failed, and how to ask EDGAR again for some of them. */
export interface EdgarRunSource {
  plan: IntakePlan;
  sources: Sources;
  failed: DiscoveryFailure[];
  /** Discovery again for these failed filers only (the end-of-run second pass). */
  rediscover(failed: DiscoveryFailure[]): Promise<{ jobs: IntakePlan['jobs']; failed: DiscoveryFailure[] }>;
}

/** Plans `run --tickers` from EDGAR and returns the sources that download it (with the client discovery used). */
export async function edgarRunSource(args: ParsedArgs, config: Config, io: Io): Promise<EdgarRunSource> {
  const request = edgarRequestFrom(args);
  const client = createEdgarClient(config, {
    onEvent: (event) => {
      if (event.type === 'pause') io.err(`SEC asked us to slow down: pausing until ${new Date(event.pause.until).toISOString()} (${event.pause.reason})`);
      if (event.type === 'retry') io.err(`retrying ${event.url} in ${Math.ceil(event.waitMs / 1000)} s (${event.reason})`);
    },
  });
  const { jobs, filers, failed } = await discoverFilings(client, request);
  for (const f of filers) io.err(`${f.name} (CIK ${f.cik}): ${f.filings} filing(s)`);
  for (const f of failed) io.err(discoveryFailureLine(f));
  const origin = `EDGAR ${[...request.tickers, ...request.ciks].join(',')} ${request.forms.join(',')}${request.since ? ` since ${request.since}` : ''}`;
  return {
    plan: { origin, jobs, problems: [], skipped: 0 },
    sources: openSources({ config, edgar: { client } }),
    failed,
    async rediscover(again) {
      const tickers = again.flatMap((f) => (f.ticker ? [f.ticker] : []));
      const ciks = again.flatMap((f) => (!f.ticker && f.cik ? [f.cik] : []));
      const result = await discoverFilings(client, { ...request, tickers, ciks });
      for (const f of result.filers) io.err(`${f.name} (CIK ${f.cik}): ${f.filings} filing(s)`);
      for (const f of result.failed) io.err(discoveryFailureLine(f));
      return { jobs: result.jobs, failed: result.failed };
    },
  };
}
