/** `minerpivot watchlist list|add|remove|check`: the issuers `minerpivot batch` brings up to date. */
import { existsSync, readFileSync } from 'node:fs';
import { writeOutput } from '../../analysis/report/write.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { DEFAULT_WATCHLIST, FOLLOWED_ISSUERS, parseWatchlist, type WatchlistEntry } from '../../core/watchlist.ts';
import { createEdgarClient, TTL } from '../../sources/edgar/index.ts';
import { companyTickersUrl } from '../../sources/edgar/paths.ts';
import { normalizeTicker, parseCompanyTickers, type TickerEntry } from '../../sources/edgar/tickers.ts';
import { loadWatchlist } from '../shared/batch.ts';
import type { Command, Io, ParsedArgs } from '../shared/command.ts';
import { renderTable } from '../shared/format.ts';
import { flag, JSON_OPTION, listOption, outputWidth, stringOption } from '../shared/options.ts';

const ACTIONS = ['list', 'add', 'remove', 'check'] as const;

/** company_tickers.json: a local copy (--tickers-file), else the SEC's (cached a day). */
async function companyTickers(args: ParsedArgs, io: Io): Promise<{ map: Map<string, TickerEntry>; from: string }> {
  const file = stringOption(args, 'tickers-file');
  if (file) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UserError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      return { map: parseCompanyTickers(json), from: file };
    } catch {
      throw new UserError(`${file}: not the SEC's company_tickers.json shape`);
    }
  }
  const config = loadConfig(io.env, ['secUserAgent', 'secDataUrl', 'secWwwUrl', 'secMaxRps', 'secPauseSeconds', 'cacheDir']);
  const client = createEdgarClient(config);
  const url = companyTickersUrl(client.bases);
  return { map: parseCompanyTickers(await client.getJson(url, TTL.tickersMs)), from: url };
}

function writeWatchlist(path: string, entries: WatchlistEntry[]): void {
  writeOutput(path, `[\n${entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n]\n`);
}

/** The file add/remove edit; it starts as a copy of the default watchlist. */
function editableWatchlist(args: ParsedArgs, action: string): { path: string; entries: WatchlistEntry[] } {
  const path = stringOption(args, 'watchlist');
  if (!path) throw new UserError(`watchlist ${action} edits a watchlist file: give --watchlist FILE (a new file starts as a copy of the default list)`);
  return { path, entries: existsSync(path) ? loadWatchlist(path) : DEFAULT_WATCHLIST.map((e) => ({ ...e })) };
}

export interface CheckRow {
  ticker: string;
  cik: string | null;
  status: 'ok' | 'mismatch' | 'no CIK';
  detail: string;
}

/** Every entry against company_tickers.json: a ticker missing there, or listed under another CIK, is a mismatch. */
export function checkWatchlist(entries: ReadonlyArray<WatchlistEntry>, tickers: Map<string, TickerEntry>): CheckRow[] {
  return entries.map((e) => {
    const found = tickers.get(normalizeTicker(e.ticker));
    if (e.cik === null) {
      return {
        ticker: e.ticker,
        cik: null,
        status: 'no CIK',
        detail: found ? `listed as CIK ${found.cik} (${found.title}): another company, or a CIK to add` : 'not listed (SEDAR+ only)',
      };
    }
    if (!found) return { ticker: e.ticker, cik: e.cik, status: 'mismatch', detail: 'ticker not in company_tickers.json' };
    if (found.cik !== e.cik) return { ticker: e.ticker, cik: e.cik, status: 'mismatch', detail: `company_tickers.json has CIK ${found.cik} (${found.title})` };
    return { ticker: e.ticker, cik: e.cik, status: 'ok', detail: found.title };
  });
}

const command: Command = {
  usage: 'minerpivot watchlist list|add|remove|check [TICKER] [--watchlist FILE] [--json]',
  allowPositionals: true,
  options: {
    watchlist: { type: 'string', value: 'FILE', description: 'a watchlist file (JSON array of {"ticker", "cik", "name"}); default: the shipped list' },
    all: { type: 'boolean', description: 'list: also the followed issuers that are not watched (the corpus controls)' },
    cik: { type: 'string', value: 'N', description: 'add: the CIK (default: looked up in company_tickers.json)' },
    name: { type: 'string', value: 'NAME', description: 'add: the name (default: the title in company_tickers.json)' },
    forms: { type: 'string', value: 'LIST', description: 'add: forms to take (default 10-K,10-Q,8-K,20-F,40-F,6-K)' },
    country: { type: 'string', value: 'CC', description: 'add: ISO country code of the headquarters' },
    'not-miner': { type: 'boolean', description: 'add: the issuer is not a Bitcoin miner' },
    'tickers-file': { type: 'string', value: 'PATH', description: "a local copy of the SEC's company_tickers.json (default: fetch it, needs SEC_USER_AGENT)" },
    width: { type: 'string', value: 'N', description: 'fit the list in N columns (default: the terminal, else $COLUMNS, else 100)' },
    ...JSON_OPTION,
  },
  details: [
    'list    the watched issuers: ticker, CIK, name, forms, country, miner',
    'add     TICKER into --watchlist FILE (created from the default list when absent)',
    'remove  TICKER from --watchlist FILE',
    'check   every ticker against company_tickers.json; exit 1 when a ticker is missing there or has another CIK',
    '',
    'Examples:',
    '  minerpivot watchlist list',
    '  minerpivot watchlist check --tickers-file ../shared/corpus/edgar-api/company_tickers.json',
    '  minerpivot watchlist add WULF --watchlist my-miners.json',
  ],
  async run(args, io) {
    const [action, ...rest] = args.positionals;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) {
      throw new UserError(`watchlist: expected one of ${ACTIONS.join(', ')}${action ? `, not "${action}"` : ''}`);
    }
    const json = flag(args, 'json');

    if (action === 'list') {
      const path = stringOption(args, 'watchlist');
      const entries = path ? loadWatchlist(path) : flag(args, 'all') ? [...FOLLOWED_ISSUERS] : [...DEFAULT_WATCHLIST];
      if (json) {
        io.out(JSON.stringify(entries, null, 2));
        return 0;
      }
      io.out(
        renderTable(entries, [
          { header: 'ticker', value: (e) => e.ticker },
          { header: 'cik', value: (e) => e.cik ?? '(SEDAR+)' },
          { header: 'name', value: (e) => e.name, shrink: { min: 12, prefer: 30 } },
          { header: 'forms', value: (e) => (e.forms?.length ? e.forms.join(',') : ''), drop: 1 },
          { header: 'country', value: (e) => e.country ?? '' },
          { header: 'miner', value: (e) => (e.miner === false ? 'no' : e.miner ? 'yes' : '') },
        ], { width: outputWidth(args, io) }),
      );
      io.out(`${entries.length} issuer(s)${path ? ` in ${path}` : ' (pipeline/core/known-issuers.json)'}`);
      return 0;
    }

    if (action === 'check') {
      const path = stringOption(args, 'watchlist');
      const entries = loadWatchlist(path);
      const { map, from } = await companyTickers(args, io);
      const rows = checkWatchlist(entries, map);
      const mismatches = rows.filter((r) => r.status === 'mismatch');
      if (json) io.out(JSON.stringify({ against: from, mismatches: mismatches.length, entries: rows }, null, 2));
      else {
        for (const r of rows) if (r.status !== 'ok') io.out(`${r.status.padEnd(8)}  ${r.ticker}${r.cik ? ` (CIK ${r.cik})` : ''}: ${r.detail}`);
        io.out(`${rows.length} issuer(s) checked against ${from}: ${mismatches.length} mismatch(es), ${rows.filter((r) => r.status === 'no CIK').length} without CIK`);
      }
      return mismatches.length > 0 ? 1 : 0;
    }

    const ticker = rest[0]?.toUpperCase();
    if (!ticker) throw new UserError(`watchlist ${action}: give a TICKER`);
    const { path, entries } = editableWatchlist(args, action);
    const at = entries.findIndex((e) => e.ticker === ticker);
    if (action === 'remove') {
      if (at < 0) throw new UserError(`${ticker} is not in ${path}`);
      entries.splice(at, 1);
      writeWatchlist(path, entries);
      io.out(`removed ${ticker} from ${path} (${entries.length} issuer(s))`);
      return 0;
    }

    if (at >= 0) throw new UserError(`${ticker} is already in ${path} (CIK ${entries[at]!.cik ?? 'none'})`);
    let cik = stringOption(args, 'cik') ?? null;
    let name = stringOption(args, 'name') ?? null;
    if (cik === null || name === null) {
      const { map, from } = await companyTickers(args, io);
      const found = map.get(normalizeTicker(ticker));
      if (!found) throw new UserError(`${ticker} is not in ${from}: give --cik and --name`);
      if (cik !== null && found.cik !== cik.padStart(10, '0')) throw new UserError(`${ticker} has CIK ${found.cik} in ${from}, not ${cik}`);
      cik ??= found.cik;
      name ??= found.title;
    }
    const raw = {
      ticker,
      cik,
      name,
      ...(listOption(args, 'forms') ? { forms: listOption(args, 'forms') } : {}),
      ...(stringOption(args, 'country') ? { country: stringOption(args, 'country')!.toUpperCase() } : {}),
      miner: !flag(args, 'not-miner'),
    };
    const [entry] = parseWatchlist([raw], '--cik/--name/--forms/--country');
    entries.push(entry!);
    parseWatchlist(entries, path); // the whole file stays valid (no CIK twice)
    writeWatchlist(path, entries);
    io.out(`added ${ticker} (CIK ${entry!.cik}, ${entry!.name}) to ${path} (${entries.length} issuer(s))`);
    return 0;
  },
};

export default command;
