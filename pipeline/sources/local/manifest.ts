/**
 * Reads a folder's manifest (`manifest.tsv`, or the `MANIFEST.tsv` of the shared
 * corpus) and plans one fetch job per filing. The format is documented in the
 * README ("Manifest format"). Pure apart from reading the manifest file.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isIsoDate } from '../../core/dates.ts';
import { UserError } from '../../core/errors.ts';
import { formSpec } from '../../core/forms.ts';
import { filingKey, issuerRef } from '../../core/issuers.ts';
import type { FilingRef } from '../../core/jobs.ts';
import type { IntakePlan } from '../plan.ts';
import { findDownloaderLayout, planFromDownloaderLayout } from './downloader-layout.ts';

export const MANIFEST_NAMES = ['manifest.tsv', 'MANIFEST.tsv'];

/** Columns a manifest must have; the others are optional. */
export const REQUIRED_COLUMNS = ['path', 'issuer', 'form'] as const;
export const OPTIONAL_COLUMNS = ['cik', 'ticker', 'filing_date', 'period_end', 'country', 'accession', 'notes', 'kind'] as const;

// Rows of the shared corpus that are EDGAR API captures, not filings: kept out of a run.
const NON_FILING_FORM = /(json|index|http-\d|company_tickers|^form$)/i;
// A year or year-month alone ("1995") is an imprecise date, not a mistake: it is kept as unknown.
const PARTIAL_DATE = /^\d{4}(-\d{2})?$/;

/** No company name is longer; a longer cell is a mistake or an attack (it would feed the name-masking regex). */
export const MAX_ISSUER_CHARS = 300;

const ACCESSION = /(?<!\d)(\d{10}-\d{2}-\d{6})(?!\d)/;

function findManifest(dir: string): string {
  for (const name of MANIFEST_NAMES) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new UserError(
    `no manifest in ${dir}: expected ${MANIFEST_NAMES.join(' or ')} (tab-separated, columns ${REQUIRED_COLUMNS.join(', ')}; see README "Manifest format") or a sec-edgar-filings/ folder`,
  );
}

/**
 * Reads the manifest of `dir` and plans one fetch job per filing line; without a
 * manifest, plans the `sec-edgar-filings/` folders sec-edgar-downloader writes.
 */
export function planFromDirectory(dir: string, options: ManifestOptions = {}): IntakePlan {
  const root = resolve(dir);
  if (!existsSync(root)) throw new UserError(`directory not found: ${dir}`);
  if (!statSync(root).isDirectory()) throw new UserError(`not a directory: ${dir}`);
  // No manifest but the folders sec-edgar-downloader writes: the paths say ticker, form and accession.
  const layout = MANIFEST_NAMES.some((n) => existsSync(join(root, n))) ? null : findDownloaderLayout(root);
  if (layout) return planFromDownloaderLayout(layout);
  const manifestPath = findManifest(root);
  let content: string;
  try {
    content = readFileSync(manifestPath, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${manifestPath}: ${(error as Error).message}`);
  }
  return planFromManifest(content, manifestPath, root, options);
}

export interface ManifestOptions {
  /** Let lines name files outside the manifest's folder (absolute paths, `..`, symbolic links out): off by default. */
  allowOutside?: boolean;
}

/** True when `path` is `root` or below it. */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * Why a manifest path may not be read, or null. A manifest is shared data: a line
 * `../../../etc/passwd`, an absolute path, or a symbolic link in the folder pointing
 * out of it would read files the folder's owner never meant to hand over.
 */
export function outsideReason(root: string, path: string): string | null {
  if (isAbsolute(path)) return `absolute path "${path}" refused: paths are relative to the manifest's folder (run --allow-outside to permit)`;
  const target = resolve(root, path);
  if (!isInside(root, target)) return `path "${path}" leaves the manifest's folder ${root} (run --allow-outside to permit)`;
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return null; // missing: the fetch says "file not found"
  }
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    // keep root as given
  }
  if (!isInside(realRoot, real)) return `path "${path}" is a link to ${real}, outside the manifest's folder (run --allow-outside to permit)`;
  return null;
}

/** Plans fetch jobs from manifest text. `root` is the folder paths are relative to. */
export function planFromManifest(content: string, manifestPath: string, root: string, options: ManifestOptions = {}): IntakePlan {
  const name = basename(manifestPath);
  const lines = content.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  if (headerIndex < 0) throw new UserError(`${name}: empty manifest (needs a header line: ${REQUIRED_COLUMNS.join('\t')})`);
  const header = lines[headerIndex]!.split('\t').map((h) => h.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new UserError(`${name}:${headerIndex + 1}: header lacks column(s) ${missing.join(', ')} (is the file tab-separated?)`);
  }

  const plan: IntakePlan = { origin: manifestPath, jobs: [], problems: [], skipped: 0 };
  const seen = new Set<string>();
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const where = `${name}:${i + 1}`;
    const cells = line.split('\t');
    const get = (column: string): string | null => {
      const index = header.indexOf(column);
      const value = index >= 0 ? cells[index]?.trim() : undefined;
      return value ? value : null;
    };
    const problem = (message: string, filing: FilingRef | null = null) => plan.problems.push({ where, message, filing });

    const path = get('path');
    const rawIssuer = get('issuer');
    const form = get('form');
    if (cells.length < header.length - OPTIONAL_COLUMNS.length || !path || !rawIssuer || !form) {
      problem(`malformed line: needs ${REQUIRED_COLUMNS.join(', ')} separated by tabs`);
      continue;
    }
    if (NON_FILING_FORM.test(form)) {
      plan.skipped++;
      continue;
    }

    const cikCell = get('cik');
    const cik = cikCell && /^\d{1,10}$/.test(cikCell) ? cikCell.padStart(10, '0') : null;
    const tickers = (get('ticker') ?? '').split(/[,\s]+/).filter(Boolean).map((t) => t.toUpperCase());
    const issuer = issuerRef(rawIssuer.slice(0, MAX_ISSUER_CHARS), cik, tickers, get('country'));
    const fileName = basename(path);
    const accession = get('accession') ?? ACCESSION.exec(fileName)?.[1] ?? null;
    const nameDate = /(\d{4}-\d{2}-\d{2})/.exec(fileName)?.[1] ?? null;
    let filedAt = get('filing_date');
    let periodEnd = get('period_end');
    // Corpus convention: the date in a periodic report's file name is its period end, else the filing date.
    const datedByPeriod = formSpec(form)?.datedByPeriod ?? false;
    if (!periodEnd && nameDate && datedByPeriod) periodEnd = nameDate;
    if (!filedAt && nameDate && !datedByPeriod && !accession) filedAt = nameDate;

    const key = filingKey(accession, issuer.key, form, fileName);
    const filing: FilingRef = {
      key,
      issuer,
      accession,
      form,
      filedAt: filedAt && isIsoDate(filedAt) ? filedAt : null,
      periodEnd: periodEnd && isIsoDate(periodEnd) ? periodEnd : null,
      source: 'local',
      sourceRef: resolve(root, path),
    };
    if (rawIssuer.length > MAX_ISSUER_CHARS) {
      problem(`issuer name of ${rawIssuer.length} characters refused: at most ${MAX_ISSUER_CHARS}`, filing);
      continue;
    }
    const outside = options.allowOutside ? null : outsideReason(root, path);
    if (outside) {
      problem(outside, filing);
      continue;
    }
    if (cikCell && !cik) problem(`bad cik "${cikCell}": expected up to 10 digits`, filing);
    if (filedAt && !isIsoDate(filedAt) && !PARTIAL_DATE.test(filedAt)) problem(`bad filing_date "${filedAt}": expected YYYY-MM-DD`, filing);
    if (periodEnd && !isIsoDate(periodEnd) && !PARTIAL_DATE.test(periodEnd)) problem(`bad period_end "${periodEnd}": expected YYYY-MM-DD`, filing);
    if (seen.has(key)) {
      problem(`duplicate filing ${key} (same accession, or same issuer, form and file name as an earlier line)`);
      continue;
    }
    seen.add(key);
    if (plan.problems.at(-1)?.where === where) continue;
    plan.jobs.push({ stage: 'fetch', filing, location: { kind: 'file', path: resolve(root, path) } });
  }
  return plan;
}
