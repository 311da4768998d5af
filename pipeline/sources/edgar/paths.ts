/**
 * EDGAR identifiers and URLs. Pure: no I/O. Two bases, as the SEC splits its
 * hosts: data.sec.gov serves the submissions JSON, www.sec.gov serves the
 * Archives and company_tickers.json.
 */

/** The two hosts of EDGAR; tests and mirrors point them elsewhere. */
export interface EdgarBases {
  /** e.g. https://data.sec.gov */
  dataUrl: string;
  /** e.g. https://www.sec.gov */
  wwwUrl: string;
}

const ACCESSION = /^\d{10}-\d{2}-\d{6}$/;

/** A CIK as EDGAR writes it in file names: 10 digits, zero padded. */
export function padCik(cik: string | number): string {
  const digits = String(cik).trim().replace(/^CIK/i, '');
  if (!/^\d{1,10}$/.test(digits)) throw new Error(`not a CIK: ${String(cik)}`);
  return digits.padStart(10, '0');
}

/** True for `0001234567-24-000123`. */
export function isAccession(value: string): boolean {
  return ACCESSION.test(value);
}

/** The Archives folder of a filing uses the CIK without leading zeros and the accession without dashes. */
export function archiveFolderUrl(bases: EdgarBases, cik: string, accession: string): string {
  return `${bases.wwwUrl}/Archives/edgar/data/${Number(cik)}/${accession.replace(/-/g, '')}`;
}

export function companyTickersUrl(bases: EdgarBases): string {
  return `${bases.wwwUrl}/files/company_tickers.json`;
}

/** The submissions JSON of a filer; `page` names one of its `filings.files` entries. */
export function submissionsUrl(bases: EdgarBases, cik: string, page?: string): string {
  return `${bases.dataUrl}/submissions/${page ?? `CIK${padCik(cik)}.json`}`;
}

/** `{accession}-index.html`: the only index that gives each document's type and description. */
export function indexHtmlUrl(bases: EdgarBases, cik: string, accession: string): string {
  return `${archiveFolderUrl(bases, cik, accession)}/${accession}-index.html`;
}

/** `index.json`: a directory listing, names only. */
export function indexJsonUrl(bases: EdgarBases, cik: string, accession: string): string {
  return `${archiveFolderUrl(bases, cik, accession)}/index.json`;
}

/** The full submission `{accession}.txt`: every document of the filing in one SGML file. */
export function fullSubmissionUrl(bases: EdgarBases, cik: string, accession: string): string {
  return `${archiveFolderUrl(bases, cik, accession)}/${accession}.txt`;
}

export function documentUrl(bases: EdgarBases, cik: string, accession: string, name: string): string {
  return `${archiveFolderUrl(bases, cik, accession)}/${name.split('/').map(encodeURIComponent).join('/')}`;
}

/** Archives documents never change once filed; everything else (JSON APIs) does. */
export function isImmutableArchive(url: string): boolean {
  return /\/Archives\/edgar\/data\/\d+\/\d{18}\//.test(new URL(url).pathname);
}
