/**
 * Issuers: the followed issuers of `known-issuers.json` (tickers, country,
 * miner flag, SEDAR+ profile by CIK; the same list is the default watchlist of
 * `minerpivot batch`, read through watchlist.ts), and the natural keys of issuers and
 * filings. Every source builds its issuer and filing references here, so a
 * SEDAR+ document, a manifest line and an EDGAR filing of one company meet on
 * one issuer row.
 */
import { createHash } from 'node:crypto';
import type { IssuerRef } from './jobs.ts';
import { FOLLOWED_ISSUERS, slugOf, watchlistIssuerKey, type WatchlistEntry } from './watchlist.ts';

export interface KnownIssuer {
  /** The name in known-issuers.json (the SEC's company_tickers.json): often the issuer's name before a rename. */
  name: string;
  tickers: string[];
  country: string;
  miner: boolean;
  sedarProfile?: string;
}

function known(entry: WatchlistEntry): KnownIssuer {
  return {
    name: entry.name,
    tickers: [entry.ticker],
    country: entry.country ?? '',
    miner: entry.miner ?? false,
    ...(entry.sedarProfile ? { sedarProfile: entry.sedarProfile } : {}),
  };
}

/** Followed issuers by 10-digit CIK. */
export const KNOWN_ISSUERS: Readonly<Record<string, KnownIssuer>> = Object.fromEntries(
  FOLLOWED_ISSUERS.filter((e) => e.cik !== null).map((e) => [e.cik!, known(e)]),
);

/** Followed issuers that file on SEDAR+ only, by issuer key. */
export const KNOWN_WITHOUT_CIK: Readonly<Record<string, KnownIssuer>> = Object.fromEntries(
  FOLLOWED_ISSUERS.filter((e) => e.cik === null).map((e) => [watchlistIssuerKey(e), known(e)]),
);

/**
 * An issuer not in known-issuers.json counts as a miner with at least this many mining facts (positive
 * weight) over its filings: NVIDIA's 10-K has 4, the fictional sample miners 18 to 50.
 */
export const MIN_MINING_FACTS_FOR_MINER = 10;

/** Whether an issuer is a Bitcoin miner: its known-issuers flag when it is followed, else its own evidence. */
export function minerOf(known: KnownIssuer | null, miningFacts: number): { miner: boolean; basis: 'known-issuers.json' | 'evidence' } {
  if (known) return { miner: known.miner, basis: 'known-issuers.json' };
  return { miner: miningFacts >= MIN_MINING_FACTS_FOR_MINER, basis: 'evidence' };
}

/** The known-issuers entry of an issuer, by CIK or else by issuer key; null when it is not followed. */
export function knownIssuer(cik: string | null, issuerKey: string): KnownIssuer | null {
  return (cik ? KNOWN_ISSUERS[cik] : undefined) ?? KNOWN_WITHOUT_CIK[issuerKey] ?? null;
}

/**
 * The names a filer goes by in its own text, to be masked as "the Company" by the scorer: its name, its
 * former names, and its known-issuers name when that differs ("MARATHON DIGITAL HOLDINGS, INC." for MARA
 * Holdings, whose filings still say "Marathon is a digital asset technology company ...").
 */
export function issuerNames(issuer: { cik: string | null; key: string; name: string; aliases?: readonly string[] }): string[] {
  const names = [issuer.name, ...(issuer.aliases ?? [])];
  const knownName = knownIssuer(issuer.cik, issuer.key)?.name;
  if (knownName && !names.some((n) => n.toLowerCase() === knownName.toLowerCase())) names.push(knownName);
  return names;
}

/** Display name without the corpus's notes: "BTCS Inc. (non-miner control; ...)" -> "BTCS Inc.". */
export function cleanIssuerName(raw: string): string {
  return raw.replace(/\s*\([^)]*\)\s*/g, ' ').replace(/\s+/g, ' ').trim();
}

const slug = slugOf;

/** Former names written as "(formerly ...)" in an issuer name. */
export function formerNames(rawName: string): string[] {
  const former = /\((?:formerly|f\/k\/a)\s+([^)]+)\)/i.exec(rawName);
  return former?.[1] ? [former[1].trim()] : [];
}

/** Builds the issuer reference; the CIK, when known, is the natural key. */
export function issuerRef(rawName: string, cik: string | null, tickers: string[], country: string | null): IssuerRef {
  const name = cleanIssuerName(rawName) || (cik ? `CIK ${cik}` : rawName);
  const known = cik ? KNOWN_ISSUERS[cik] : undefined;
  return {
    key: cik ? `cik-${cik}` : `name-${slug(name)}`,
    name,
    aliases: formerNames(rawName),
    cik,
    tickers: tickers.length > 0 ? tickers : (known?.tickers ?? []),
    country: country ?? known?.country ?? null,
    sedarProfile: known?.sedarProfile ?? null,
  };
}

/** Natural key of a filing: its accession number, else a hash of issuer, form and file name. */
export function filingKey(accession: string | null, issuerKey: string, form: string, fileName: string): string {
  if (accession) return accession;
  const hash = createHash('sha256').update(`${issuerKey}\u0000${form}\u0000${fileName}`).digest('hex').slice(0, 16);
  return `doc-${hash}`;
}

/** "TSXV:HIVE", "HIVE.V", "bitf.to" -> "HIVE", "HIVE", "BITF". */
export function normaliseTicker(raw: string): string {
  const t = raw.trim().toUpperCase();
  const m = /^(?:[A-Z]{1,6}:)?([A-Z0-9]{1,6})(?:\.(?:V|TO|CN|NE|U|UN|NEO))?$/.exec(t);
  return m?.[1] ?? t;
}

/** The CIK of a known issuer with this ticker, or null. */
export function cikOfTicker(ticker: string): string | null {
  const t = normaliseTicker(ticker);
  for (const [cik, known] of Object.entries(KNOWN_ISSUERS)) if (known.tickers.includes(t)) return cik;
  return null;
}

/** The CIK of a known issuer with this SEDAR+ profile, or null. */
export function cikOfSedarProfile(profile: string): string | null {
  for (const [cik, known] of Object.entries(KNOWN_ISSUERS)) if (known.sedarProfile === profile) return cik;
  return null;
}
