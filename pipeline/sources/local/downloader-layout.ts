/**
 * The folder layout sec-edgar-downloader writes, read by `run --dir` without a
 * manifest: `sec-edgar-filings/{ticker or CIK}/{form}/{accession}/full-submission.txt`.
 * Ticker, form and accession come from the path; CIK, company name and dates
 * from the file's SEC header; tickers and country of known miners from
 * `known-issuers.json`. Pure apart from reading the folder and each file's header.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cikOfTicker, issuerRef, normaliseTicker } from '../../core/issuers.ts';
import type { FilingRef } from '../../core/jobs.ts';
import type { IntakePlan } from '../plan.ts';

/** The folder sec-edgar-downloader creates under its download root. */
export const DOWNLOADER_ROOT = 'sec-edgar-filings';
const ACCESSION = /^\d{10}-\d{2}-\d{6}$/;
/** The SEC header sits at the top of a full submission; 64 KB holds it even with many filers. */
const HEADER_BYTES = 64 * 1024;

/** `dir` itself when it is a `sec-edgar-filings` folder, else `dir/sec-edgar-filings` when present, else null. */
export function findDownloaderLayout(dir: string): string | null {
  if (basename(dir) === DOWNLOADER_ROOT && statSync(dir).isDirectory()) return dir;
  const inner = join(dir, DOWNLOADER_ROOT);
  return existsSync(inner) && statSync(inner).isDirectory() ? inner : null;
}

function subdirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function readHead(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const n = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** What the SEC header of a full submission says: every filer (CIK, name) and the dates. */
export interface DownloaderHeader {
  filers: Array<{ cik: string; name: string }>;
  filedAt: string | null;
  periodEnd: string | null;
  form: string | null;
}

const isoDate = (raw: string | undefined): string | null => {
  const m = raw ? /^(\d{4})(\d{2})(\d{2})$/.exec(raw.trim()) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
};

/** Parses the SEC header at the top of a full submission (null when there is none). */
export function parseDownloaderHeader(head: string): DownloaderHeader | null {
  const end = head.search(/<\/(?:SEC|IMS)-HEADER>|<DOCUMENT>/i);
  const header = end >= 0 ? head.slice(0, end) : head;
  if (!/<(?:SEC|IMS)-HEADER>/i.test(header)) return null;
  const filers: DownloaderHeader['filers'] = [];
  for (const m of header.matchAll(/COMPANY CONFORMED NAME:[ \t]*([^\r\n]+)\r?\n[ \t]*CENTRAL INDEX KEY:[ \t]*(\d{1,10})/g)) {
    filers.push({ name: m[1]!.trim(), cik: m[2]!.padStart(10, '0') });
  }
  const value = (label: string) => new RegExp(`${label}:[ \\t]*([^\\r\\n]+)`).exec(header)?.[1]?.trim();
  return {
    filers,
    filedAt: isoDate(value('FILED AS OF DATE')),
    periodEnd: isoDate(value('CONFORMED PERIOD OF REPORT')),
    form: value('CONFORMED SUBMISSION TYPE') ?? null,
  };
}

/** Plans one fetch job per `{ticker}/{form}/{accession}/full-submission.txt` under `layoutDir`. */
export function planFromDownloaderLayout(layoutDir: string): IntakePlan {
  const plan: IntakePlan = { origin: layoutDir, jobs: [], problems: [], skipped: 0 };
  for (const owner of subdirs(layoutDir)) {
    const byCik = /^\d{1,10}$/.test(owner);
    const ticker = byCik ? null : normaliseTicker(owner);
    for (const form of subdirs(join(layoutDir, owner))) {
      for (const accession of subdirs(join(layoutDir, owner, form))) {
        const where = `${DOWNLOADER_ROOT}/${owner}/${form}/${accession}`;
        const folder = join(layoutDir, owner, form, accession);
        if (!ACCESSION.test(accession)) {
          plan.problems.push({ where, message: 'not an accession number folder (expected ##########-##-######)', filing: null });
          continue;
        }
        const path = join(folder, 'full-submission.txt');
        if (!existsSync(path)) {
          plan.problems.push({ where, message: 'no full-submission.txt in this folder', filing: null });
          continue;
        }
        let header: DownloaderHeader | null;
        try {
          header = parseDownloaderHeader(readHead(path));
        } catch (error) {
          plan.problems.push({ where, message: `cannot read full-submission.txt: ${(error as Error).message}`, filing: null });
          continue;
        }
        // The owner folder names the company asked for; among several filers (a 13G), prefer it.
        const wanted = byCik ? owner.padStart(10, '0') : ticker ? cikOfTicker(ticker) : null;
        const filer = header?.filers.find((f) => f.cik === wanted) ?? header?.filers[0] ?? null;
        const cik = filer?.cik ?? wanted;
        const name = filer?.name ?? ticker ?? `CIK ${cik}`;
        const filing: FilingRef = {
          key: accession,
          issuer: issuerRef(name, cik, ticker && (!cik || cik === wanted || wanted === null) ? [ticker] : [], null),
          accession,
          form,
          filedAt: header?.filedAt ?? null,
          periodEnd: header?.periodEnd ?? null,
          source: 'edgar',
          sourceRef: path,
        };
        plan.jobs.push({ stage: 'fetch', filing, location: { kind: 'file', path } });
      }
    }
  }
  return plan;
}
