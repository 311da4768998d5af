/**
 * The EDGAR source of `minerpivot run` and `minerpivot enqueue`: the options
 * both commands declare, and their validation into a discovery request.
 */
import { UserError } from '../core/errors.ts';
import { isIsoDate } from '../core/dates.ts';
import { flag, stringOption, type OptionSpec, type ParsedArgs } from './command.ts';
import { EDGAR_DEFAULT_FORMS, EDGAR_FORMS, isEdgarForm } from '../core/forms.ts';
import type { DiscoverRequest } from '../sources/edgar/discover.ts';


/** Options that select filings on EDGAR. */
export const EDGAR_SOURCE_OPTIONS: Record<string, OptionSpec> = {
  tickers: { type: 'string', value: 'LIST', description: 'EDGAR filers by ticker, comma separated (RIOT,MARA,CLSK)' },
  ciks: { type: 'string', value: 'LIST', description: 'EDGAR filers by CIK, comma separated (1167419,1507605)' },
  forms: { type: 'string', value: 'LIST', description: `forms to take (default ${EDGAR_DEFAULT_FORMS.join(',')})` },
  since: { type: 'string', value: 'DATE', description: 'first filing date, YYYY-MM-DD (inclusive)' },
  until: { type: 'string', value: 'DATE', description: 'last filing date, YYYY-MM-DD (inclusive)' },
  amendments: { type: 'boolean', description: 'also take amendments (10-K/A ...)' },
};

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,\s]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** True when the arguments name EDGAR filers. */
export function wantsEdgar(args: ParsedArgs): boolean {
  return stringOption(args, 'tickers') !== undefined || stringOption(args, 'ciks') !== undefined;
}

/** Validates the EDGAR options; every mistake is a one-line UserError. */
export function edgarRequestFrom(args: ParsedArgs, command: string): DiscoverRequest {
  const tickers = list(stringOption(args, 'tickers')).map((t) => t.toUpperCase());
  const ciks = list(stringOption(args, 'ciks'));
  if (tickers.length + ciks.length === 0) throw new UserError(`${command}: give --tickers LIST or --ciks LIST`);
  const badCik = ciks.find((c) => !/^\d{1,10}$/.test(c));
  if (badCik) throw new UserError(`${command}: bad CIK "${badCik}": expected up to 10 digits`);

  const forms = stringOption(args, 'forms') !== undefined ? list(stringOption(args, 'forms')).map((f) => f.toUpperCase()) : [...EDGAR_DEFAULT_FORMS];
  const unsupported = forms.filter((f) => !isEdgarForm(f));
  if (forms.length === 0 || unsupported.length > 0) {
    throw new UserError(`${command}: unsupported form(s) ${unsupported.join(', ') || '(none given)'}; supported: ${EDGAR_FORMS.join(', ')}`);
  }
  const amendments = flag(args, 'amendments') || forms.some((f) => f.endsWith('/A'));

  const date = (name: string): string | null => {
    const value = stringOption(args, name);
    if (value === undefined) return null;
    if (!isIsoDate(value)) throw new UserError(`${command}: --${name} ${value}: expected a date YYYY-MM-DD`);
    return value;
  };
  const since = date('since');
  const until = date('until');
  if (since && until && since > until) throw new UserError(`${command}: --since ${since} is after --until ${until}`);
  return { tickers, ciks, forms: [...new Set(forms.map((f) => f.replace(/\/A$/, '')))], since, until, amendments };
}
