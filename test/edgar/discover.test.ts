/** Discovery against the local EDGAR-shaped server: tickers, paging into filings.files, form and date filters. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../pipeline/core/errors.ts';
import { RawCache } from '../../pipeline/sources/cache.ts';
import { EdgarClient } from '../../pipeline/sources/edgar/client.ts';
import { discoverFilings, listFilings, resolveTickers } from '../../pipeline/sources/edgar/discover.ts';
import { LocalRateLimiter } from '../../pipeline/sources/edgar/rate-limit.ts';
import { matchesFilter, parseSubmissions, parseSubmissionsPage, type FilingFilter } from '../../pipeline/sources/edgar/submissions.ts';
import { CORPUS_DIR, tempDir } from '../helpers.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';

let server: EdgarServer;
let cache: { dir: string; cleanup: () => void };

beforeAll(async () => {
  server = await startEdgarServer();
  cache = tempDir('mp-discover-');
});
afterAll(async () => {
  await server.close();
  cache.cleanup();
});
afterEach(() => server.reset());

function client(): EdgarClient {
  // A fresh cache folder per client: each test counts its own requests.
  const { dir } = tempDir('mp-discover-');
  return new EdgarClient({
    bases: { dataUrl: server.dataUrl, wwwUrl: server.wwwUrl },
    userAgent: 'Minerpivot Tests tests@example.org',
    limiter: new LocalRateLimiter(10),
    cache: new RawCache(dir),
    pauseMs: 1000,
  });
}

const filter = (f: Partial<FilingFilter>): FilingFilter => ({ forms: ['10-K'], since: null, until: null, amendments: false, ...f });

describe('ticker resolution', () => {
  it('resolves tickers to zero-padded CIKs, case-insensitively, and names unknown ones', async () => {
    const c = client();
    expect((await resolveTickers(c, ['vgmc', 'NLCI'])).map((t) => t.cik)).toEqual(['0009990001', '0009990002']);
    const error = await resolveTickers(c, ['VGMC', 'NOPE', 'ZZZ']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/unknown ticker\(s\) NOPE, ZZZ/);
    // company_tickers.json is cached on disk: asked once.
    expect(server.hits(/company_tickers/)).toHaveLength(1);
  });
});

describe('submissions and paging', () => {
  it('reads the older page in filings.files only when the date range reaches it', async () => {
    const c = client();
    const recentOnly = await listFilings(c, '0009990001', filter({ since: '2023-01-01' }));
    expect(recentOnly.filings.map((f) => f.accession)).toEqual(['0009990001-24-000031', '0009990001-23-000011']);
    expect(server.hits(/submissions-001/)).toHaveLength(0);

    const all = await listFilings(c, '0009990001', filter({ since: '2021-01-01' }));
    expect(all.filings.map((f) => f.accession)).toEqual(['0009990001-24-000031', '0009990001-23-000011', '0009990001-22-000007']);
    expect(server.hits(/CIK0009990001-submissions-001\.json/)).toHaveLength(1);
    expect(server.hits(/submissions/).every((r) => r.base === 'data')).toBe(true);
  });

  it('filters by form, amendments only when asked, and an inclusive date range', async () => {
    const c = client();
    const plain = await listFilings(c, '0009990001', filter({ forms: ['10-K', '8-K'], since: '2024-01-01', until: '2024-06-30' }));
    expect(plain.filings.map((f) => `${f.form} ${f.filingDate}`)).toEqual(['8-K 2024-05-10', '10-K 2024-03-01']);
    const withAmendments = await listFilings(c, '0009990001', filter({ since: '2024-03-01', until: '2024-04-29', amendments: true }));
    expect(withAmendments.filings.map((f) => f.form)).toEqual(['10-K/A', '10-K']);
    const entry = { accession: 'x', form: '10-K', filingDate: '2024-03-01', reportDate: null, primaryDocument: null, primaryDocDescription: null };
    expect(matchesFilter(entry, filter({ since: '2024-03-01', until: '2024-03-01' }))).toBe(true);
    expect(matchesFilter(entry, filter({ since: '2024-03-02' }))).toBe(false);
  });

  it('plans fetch jobs with the issuer, EDGAR former names as aliases, and the filing dates', async () => {
    const { jobs, filers } = await discoverFilings(client(), {
      tickers: ['VGMC'],
      ciks: ['9990002'],
      forms: ['10-K', '10-Q', '8-K', '40-F', '6-K'],
      since: '2024-01-01',
      until: null,
      amendments: false,
    });
    expect(filers).toEqual([
      { cik: '0009990002', name: 'Northern Lights Compute Inc.', filings: 2 },
      { cik: '0009990001', name: 'Voltgrid Mining Corp', filings: 4 },
    ]);
    const tenK = jobs.find((j) => j.filing.key === '0009990001-24-000031')!;
    expect(tenK.filing).toMatchObject({
      accession: '0009990001-24-000031',
      form: '10-K',
      filedAt: '2024-03-01',
      periodEnd: '2023-12-31',
      source: 'edgar',
      issuer: { key: 'cik-0009990001', cik: '0009990001', name: 'Voltgrid Mining Corp', aliases: ['Voltgrid Holdings Inc.'], tickers: ['VGMC'] },
    });
    expect(tenK.location).toEqual({ kind: 'edgar', cik: '0009990001', accession: '0009990001-24-000031', primaryDocument: 'vgmc-20231231.htm' });
    const sixK = jobs.find((j) => j.filing.form === '6-K')!;
    expect(sixK.filing.periodEnd).toBeNull();
  });
});

const REAL = join(CORPUS_DIR, 'edgar-api');
describe.skipIf(!existsSync(join(REAL, 'submissions/CIK0001009672.json')))('real EDGAR bodies (../shared/corpus/edgar-api)', () => {
  it('pages into filings.files of a real filer', async () => {
    server.serveFile('data', '/submissions/CIK0001009672.json', join(REAL, 'submissions/CIK0001009672.json'));
    server.serveFile('data', '/submissions/CIK0001009672-submissions-001.json', join(REAL, 'submissions/CIK0001009672-submissions-001.json'));
    const { filings } = await listFilings(client(), '1009672', filter({ forms: ['10-K'], since: '1990-01-01' }));
    const years = filings.map((f) => f.filingDate.slice(0, 4));
    expect(years.some((y) => y < '2004')).toBe(true); // from the older page
    expect(years.some((y) => y > '2004')).toBe(true); // from filings.recent
  });

  it('parses the real submissions shapes, and the company_tickers.json of the SEC', async () => {
    const { readFileSync } = await import('node:fs');
    const main = parseSubmissions(JSON.parse(readFileSync(join(REAL, 'submissions/CIK0001318605.json'), 'utf8')));
    expect(main.pages.length).toBeGreaterThan(0);
    expect(main.recent.length).toBeGreaterThan(100);
    const page = parseSubmissionsPage(JSON.parse(readFileSync(join(REAL, 'submissions/CIK0001318605-submissions-001.json'), 'utf8')));
    expect(page.length).toBeGreaterThan(100);
    const empty = parseSubmissions(JSON.parse(readFileSync(join(REAL, 'submissions/CIK0000350001.json'), 'utf8')));
    expect(empty.recent).toEqual([]);
    server.serveFile('www', '/files/company_tickers.json', join(REAL, 'company_tickers.json'));
    const [riot] = await resolveTickers(client(), ['RIOT']);
    expect(riot?.cik).toMatch(/^\d{10}$/);
  });
});
