/**
 * Ticker -> CIK through `/files/company_tickers.json`. Pure parsing; the
 * client caches the file on disk (it is ~700 kB and changes daily at most).
 */
import { z } from 'zod';

// The file is an object keyed "0", "1", ... rather than an array.
const TickersSchema = z.record(z.string(), z.object({ cik_str: z.number(), ticker: z.string(), title: z.string() }));

export interface TickerEntry {
  cik: string;
  ticker: string;
  title: string;
}

/** Map from upper-case ticker to its filer. */
export function parseCompanyTickers(json: unknown): Map<string, TickerEntry> {
  const parsed = TickersSchema.safeParse(json);
  if (!parsed.success) throw new Error('unexpected company_tickers.json: not the SEC shape');
  const map = new Map<string, TickerEntry>();
  for (const row of Object.values(parsed.data)) {
    const ticker = row.ticker.toUpperCase();
    // The file lists a filer's share classes separately; the first row of a ticker wins.
    if (!map.has(ticker)) map.set(ticker, { cik: String(row.cik_str).padStart(10, '0'), ticker, title: row.title });
  }
  return map;
}

/** EDGAR writes class tickers with '-' (BRK-B); users type BRK.B too. */
export function normalizeTicker(ticker: string): string {
  return ticker.trim().toUpperCase().replace(/\./g, '-');
}
