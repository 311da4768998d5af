/**
 * SEDAR+ intake: documents researchers bring (SEDAR+ has no API and its terms
 * forbid crawling), described on the command line or in a CSV manifest, turned
 * into fetch jobs for the same pipeline. Issuers are resolved so a SEDAR+
 * document joins the issuer row of the company's EDGAR filings: by CIK, else by
 * ticker or SEDAR+ profile through `known-issuers.json`.
 */
import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { isIsoDate } from '../../core/dates.ts';
import { UserError } from '../../core/errors.ts';
import { addForm, FORMS } from '../../core/forms.ts';
import { cikOfSedarProfile, cikOfTicker, filingKey, issuerRef, KNOWN_WITHOUT_CIK, normaliseTicker } from '../../core/issuers.ts';
import type { FilingRef, IssuerRef, PayloadOf } from '../../core/jobs.ts';
import type { FileLocation } from '../local/source.ts';
import type { UrlLocation } from '../url/source.ts';
import { redactUrl } from '../url/guard.ts';
import { MAX_ISSUER_CHARS } from '../local/manifest.ts';

/** SEDAR+ document types accepted by `add` (from the form table), canonical spelling and accepted spellings. */
export const SEDAR_FORMS: ReadonlyArray<{ form: string; aliases: string[]; description: string }> = FORMS.filter((f) => f.add === 'sedar').map(
  (f) => ({ form: f.form, aliases: f.aliases ?? [], description: f.description }),
);

/**
 * The canonical form for `add`, and whether it is a SEDAR+ document type.
 * @throws UserError naming the accepted forms
 */
export function canonicalForm(input: string): { form: string; sedar: boolean } {
  const found = addForm(input);
  if (found) return found;
  throw new UserError(
    `unknown form "${input}": use one of ${SEDAR_FORMS.map((f) => f.form).join(', ')} (SEDAR+), or 10-K, 10-Q, 8-K, 6-K, 20-F, 40-F, EX-99.x`,
  );
}

export { normaliseTicker };

/** What a researcher says about the issuer of a document. */
export interface IssuerHint {
  name: string;
  ticker?: string | null;
  cik?: string | null;
  sedarProfile?: string | null;
}

const CIK = /^\d{1,10}$/;
const PROFILE = /^[A-Za-z0-9-]{3,20}$/;

/**
 * The issuer row a researcher's document belongs to. The key is `cik-##########`
 * when the CIK is given or resolvable from a known ticker or SEDAR+ profile (so
 * the document joins the EDGAR filings); else the key of a known issuer without
 * a CIK (by ticker); else `sedar-<profile>`; else `name-<slug>`.
 *
 * @throws UserError on a malformed CIK or profile, or when ticker, profile and CIK name different issuers
 */
export function resolveIssuer(hint: IssuerHint): IssuerRef {
  const name = hint.name.trim();
  if (!name) throw new UserError('the issuer name is empty (--issuer NAME)');
  let cik: string | null = null;
  if (hint.cik) {
    if (!CIK.test(hint.cik.trim())) throw new UserError(`bad CIK "${hint.cik}": expected up to 10 digits`);
    cik = hint.cik.trim().padStart(10, '0');
  }
  const profile = hint.sedarProfile?.trim() || null;
  if (profile !== null && !PROFILE.test(profile)) {
    throw new UserError(`bad SEDAR+ profile "${profile}": expected the profile number shown on sedarplus.ca (letters, digits, '-')`);
  }
  const tickers = (hint.ticker ?? '').split(/[,\s]+/).filter(Boolean).map(normaliseTicker);

  for (const ticker of tickers) {
    const byTicker = cikOfTicker(ticker);
    if (byTicker && cik && byTicker !== cik) {
      throw new UserError(`ticker ${ticker} belongs to CIK ${byTicker} in known-issuers.json, not ${cik}: check --ticker and --cik`);
    }
    cik ??= byTicker;
  }
  if (profile !== null) {
    const byProfile = cikOfSedarProfile(profile);
    if (byProfile && cik && byProfile !== cik) {
      throw new UserError(`SEDAR+ profile ${profile} belongs to CIK ${byProfile} in known-issuers.json, not ${cik}`);
    }
    cik ??= byProfile;
  }

  if (cik !== null) {
    const ref = issuerRef(name, cik, tickers, null);
    return { ...ref, sedarProfile: profile ?? ref.sedarProfile };
  }
  const known = Object.entries(KNOWN_WITHOUT_CIK).find(
    ([, k]) => tickers.some((t) => k.tickers.includes(t)) || (profile !== null && k.sedarProfile === profile),
  );
  if (known) {
    const [key, k] = known;
    return { key, name, aliases: [], cik: null, tickers: tickers.length > 0 ? tickers : k.tickers, country: k.country, sedarProfile: profile ?? k.sedarProfile ?? null };
  }
  const ref = issuerRef(name, null, tickers, null);
  return profile !== null ? { ...ref, key: `sedar-${profile.toLowerCase()}`, sedarProfile: profile } : ref;
}

/** One document to add, as given on the command line or in a manifest row. */
export interface AddEntry {
  pathOrUrl: string;
  issuer: string;
  ticker?: string | null;
  cik?: string | null;
  sedarProfile?: string | null;
  form: string;
  /** Filing date on SEDAR+ (YYYY-MM-DD). */
  date: string;
}

export const isUrl = (s: string): boolean => /^https?:\/\//i.test(s.trim());

/**
 * The fetch job for one document. Local paths are resolved against `baseDir`
 * and must exist; a URL is downloaded by the fetch stage.
 *
 * @throws UserError on a missing file, a bad date, an unknown form or an unresolvable issuer
 */
export function planAdd(entry: AddEntry, baseDir: string): PayloadOf<'fetch'> {
  const target = entry.pathOrUrl.trim();
  if (!target) throw new UserError('no FILE or URL given');
  if (!isIsoDate(entry.date.trim())) throw new UserError(`bad date "${entry.date}": expected YYYY-MM-DD`);
  if (entry.issuer.length > MAX_ISSUER_CHARS) throw new UserError(`issuer name of ${entry.issuer.length} characters refused: at most ${MAX_ISSUER_CHARS}`);
  const { form, sedar } = canonicalForm(entry.form);
  const issuer = resolveIssuer({ ...entry, name: entry.issuer });
  let location: FileLocation | UrlLocation;
  let fileName: string;
  if (isUrl(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new UserError(`bad URL "${redactUrl(target)}"`);
    }
    location = { kind: 'url', url: url.href };
    // A password in the URL is sent (download.ts), never kept: not in the key, the row or a message.
    fileName = redactUrl(url);
  } else {
    const path = resolve(baseDir, target);
    if (!existsSync(path)) throw new UserError(`${target}: file not found`);
    if (!statSync(path).isFile()) throw new UserError(`${target}: not a file`);
    location = { kind: 'file', path };
    fileName = basename(path);
  }
  const date = entry.date.trim();
  const filing: FilingRef = {
    // Same issuer, form, date and file (or URL): the same filing, so adding it twice changes nothing.
    key: filingKey(null, issuer.key, form, `${date} ${fileName}`),
    issuer,
    accession: null,
    form,
    filedAt: date,
    periodEnd: null,
    source: sedar || issuer.sedarProfile !== null ? 'sedar' : 'local',
    sourceRef: location.kind === 'url' ? redactUrl(location.url) : location.path,
  };
  return { stage: 'fetch', filing, location };
}

/**
 * Parses CSV (RFC 4180: commas, double-quoted fields with `""` escapes and line breaks, CRLF or LF, a BOM)
 * with csv-parse. Returns the rows that hold something, with their 1-based starting line.
 */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] }) as unknown as typeof records;
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') throw new UserError(`line ${e.lines}: unterminated quoted field`);
    throw new UserError(`line ${e.lines ?? '?'}: ${e.message.replace(/\s+at line \d+.*$/, '')}`);
  }
  return records
    .filter((r) => r.record.some((c) => c.trim() !== ''))
    .map((r) => ({
      // csv-parse counts the line a record ends on; a quoted cell may span lines.
      line: r.info.lines - r.record.reduce((n, c) => n + (c.match(/\r\n|\n|\r/g)?.length ?? 0), 0),
      cells: r.record,
    }));
}

/** Columns of an `add --manifest` CSV; `ticker`, `cik` and `sedar_profile` may be empty. */
export const ADD_MANIFEST_COLUMNS = ['path_or_url', 'issuer', 'ticker', 'cik', 'sedar_profile', 'form', 'date'] as const;
const REQUIRED = ['path_or_url', 'issuer', 'form', 'date'] as const;

export interface AddPlan {
  /** The CSV file. */
  origin: string;
  jobs: Array<PayloadOf<'fetch'>>;
  /** Rows that could not become a job, with where and why (one line each). */
  problems: Array<{ where: string; message: string }>;
}

/**
 * Reads an `add --manifest` CSV and plans one fetch job per row. A bad row is
 * a problem of that row; the others still run. Paths are relative to the CSV.
 *
 * @throws UserError when the file is missing or its header lacks a required column
 */
export function planAddManifest(csvPath: string): AddPlan {
  const path = resolve(csvPath);
  if (!existsSync(path)) throw new UserError(`${csvPath}: file not found`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`${csvPath}: cannot read: ${(error as Error).message}`);
  }
  const name = basename(path);
  const rows = parseCsvOrThrow(text, name);
  const header = rows[0]?.cells.map((h) => h.trim().toLowerCase());
  if (!header) throw new UserError(`${name}: empty manifest (needs a header line: ${ADD_MANIFEST_COLUMNS.join(',')})`);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new UserError(`${name}:${rows[0]!.line}: header lacks column(s) ${missing.join(', ')} (expected ${ADD_MANIFEST_COLUMNS.join(',')})`);
  }
  const plan: AddPlan = { origin: path, jobs: [], problems: [] };
  const seen = new Set<string>();
  for (const row of rows.slice(1)) {
    const where = `${name}:${row.line}`;
    if (row.cells[0]?.trimStart().startsWith('#')) continue;
    const get = (column: string): string => row.cells[header.indexOf(column)]?.trim() ?? '';
    try {
      const job = planAdd(
        {
          pathOrUrl: get('path_or_url'),
          issuer: get('issuer'),
          ticker: get('ticker') || null,
          cik: get('cik') || null,
          sedarProfile: get('sedar_profile') || null,
          form: get('form'),
          date: get('date'),
        },
        dirname(path),
      );
      if (seen.has(job.filing.key)) throw new UserError(`same document as an earlier row (issuer, form, date and file)`);
      seen.add(job.filing.key);
      plan.jobs.push(job);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      plan.problems.push({ where, message: error.message });
    }
  }
  return plan;
}

function parseCsvOrThrow(text: string, name: string): Array<{ line: number; cells: string[] }> {
  try {
    return parseCsv(text);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${name}: ${error.message}`);
    throw error;
  }
}
