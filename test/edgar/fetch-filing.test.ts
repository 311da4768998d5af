/** Per filing: the index, the primary document, EX-99 exhibits (40-F AIF and MD&A, 6-K), the .txt fallback. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PermanentError } from '../../pipeline/core/errors.ts';
import { RawCache } from '../../pipeline/sources/cache.ts';
import { EdgarClient } from '../../pipeline/sources/edgar/client.ts';
import { discoverFilings, type DiscoverResult } from '../../pipeline/sources/edgar/discover.ts';
import { fetchEdgarFiling } from '../../pipeline/sources/edgar/fetch-filing.ts';
import { chooseDocuments, parseIndexHtml, parseIndexJson } from '../../pipeline/sources/edgar/filing-index.ts';
import { LocalRateLimiter } from '../../pipeline/sources/edgar/rate-limit.ts';
import type { PayloadOf } from '../../pipeline/core/jobs.ts';
import { runExtract } from '../../pipeline/stages/extract.ts';
import { CORPUS_DIR, tempDir } from '../helpers.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';

let server: EdgarServer;
let jobs: DiscoverResult['jobs'];
let cacheDir: { dir: string; cleanup: () => void };
let client: EdgarClient;

beforeAll(async () => {
  server = await startEdgarServer();
  cacheDir = tempDir('mp-fetch-');
  client = new EdgarClient({
    bases: { dataUrl: server.dataUrl, wwwUrl: server.wwwUrl },
    userAgent: 'Minerpivot Tests tests@example.org',
    limiter: new LocalRateLimiter(10),
    cache: new RawCache(cacheDir.dir),
    pauseMs: 1000,
  });
  ({ jobs } = await discoverFilings(client, {
    tickers: ['VGMC', 'NLCI'],
    ciks: [],
    forms: ['10-K', '10-Q', '8-K', '40-F', '6-K'],
    since: '2024-01-01',
    until: null,
    amendments: false,
  }));
});
afterAll(async () => {
  await server.close();
  cacheDir.cleanup();
});
afterEach(() => server.reset());

async function fetchOf(accession: string) {
  const job = jobs.find((j) => j.filing.key === accession)!;
  if (job.location.kind !== 'edgar') throw new Error('not edgar');
  return fetchEdgarFiling(client, job.filing, job.location);
}

describe('documents of a filing', () => {
  it('8-K: the primary document and its EX-99.1 press release, not the graphic', async () => {
    const docs = await fetchOf('0009990001-24-000052');
    expect(docs.map((d) => [d.name, d.documentType])).toEqual([
      ['vgmc-8k_20240509.htm', '8-K'],
      ['vgmc-ex99_1.htm', 'EX-99.1'],
    ]);
    expect(docs[1]!.origin).toBe(`${server.wwwUrl}/Archives/edgar/data/9990001/000999000124000052/vgmc-ex99_1.htm`);
    expect(readFileSync(docs[1]!.path, 'utf8')).toContain('60 MW');
  });

  it('10-K: the primary document only (a consent is no EX-99)', async () => {
    expect((await fetchOf('0009990001-24-000031')).map((d) => d.documentType)).toEqual(['10-K']);
  });

  it('40-F: the Annual Information Form and the MD&A, not the statements or the consent', async () => {
    const docs = await fetchOf('0009990002-24-000012');
    expect(docs.map((d) => `${d.documentType} ${d.name}`)).toEqual(['40-F nlci-40f_2023.htm', 'EX-99.1 nlci-ex99_1.htm', 'EX-99.3 nlci-ex99_3.htm']);
  });

  it('6-K: its EX-99 exhibits', async () => {
    expect((await fetchOf('0009990002-24-000020')).map((d) => d.documentType)).toEqual(['6-K', 'EX-99.1']);
  });

  it('falls back to the full submission .txt when no primary document is found, and the extractor splits it', async () => {
    const docs = await fetchOf('0009990001-24-000071');
    expect(server.requests.map((r) => `${r.status} ${r.path.split('/').pop()}`)).toEqual([
      '404 0009990001-24-000071-index.html',
      '200 index.json',
      '200 0009990001-24-000071.txt',
    ]);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ name: '0009990001-24-000071.txt', documentType: null });
    const job = jobs.find((j) => j.filing.key === '0009990001-24-000071')!;
    const extracted = await runExtract({ stage: 'extract', filing: job.filing, documents: docs });
    expect(extracted.documents.map((d) => d.documentType)).toEqual(['8-K', 'EX-99.1']);
    expect(extracted.documents[1]!.text).toContain('first 20 MW data hall');
  });

  it('a rerun downloads nothing: Archives documents come from the raw cache', async () => {
    await fetchOf('0009990001-24-000052');
    server.reset();
    const again = await fetchOf('0009990001-24-000052');
    expect(again).toHaveLength(2);
    expect(server.requests).toHaveLength(0);
  });

  it('an unsupported form or a missing filing is permanent', async () => {
    const job = jobs[0]!;
    if (job.location.kind !== 'edgar') throw new Error('not edgar');
    await expect(fetchEdgarFiling(client, { ...job.filing, form: '4' }, job.location)).rejects.toThrow(/unsupported form/);
    const missing = { ...job.location, accession: '0009990001-24-999999' };
    await expect(fetchEdgarFiling(client, job.filing, missing)).rejects.toBeInstanceOf(PermanentError);
  });
});

describe('index parsing', () => {
  it('chooses by type from the HTML index and by name from index.json', () => {
    const fromJson = parseIndexJson({ directory: { item: [{ name: 'a-8k.htm' }, { name: 'a-ex99-1.htm' }, { name: 'a-ex10-1.htm' }, { name: 'logo.jpg' }] } });
    expect(chooseDocuments('8-K', fromJson, 'a-8k.htm')).toEqual({
      primary: { name: 'a-8k.htm', documentType: '8-K', role: 'primary' },
      exhibits: [{ name: 'a-ex99-1.htm', documentType: 'EX-99.1', role: 'exhibit' }],
    });
    expect(chooseDocuments('8-K', fromJson, null).primary).toBeNull();
  });

  const ARCHIVES = join(CORPUS_DIR, 'edgar-api/archives');
  it.skipIf(!existsSync(ARCHIVES))('reads real -index.html pages and index.json of the SEC (../shared/corpus)', () => {
    const tenK = parseIndexHtml(readFileSync(join(ARCHIVES, '0001564590-18-004771-index.html'), 'utf8'));
    expect(tenK[0]).toMatchObject({ seq: 1, type: '10-K', name: 'crr-10k_20171231.htm' });
    expect(tenK.some((e) => e.type === 'EX-101.SCH')).toBe(false); // the Data Files table is left out
    const eightK = parseIndexHtml(readFileSync(join(ARCHIVES, '0001628280-25-058337-index.html'), 'utf8'));
    expect(chooseDocuments('8-K', eightK, null).primary?.name).toBe('meta-20251219.htm'); // behind the /ix?doc= viewer link
    const listing = parseIndexJson(JSON.parse(readFileSync(join(ARCHIVES, '0001213900-24-004875-index.json'), 'utf8')));
    const chosen = chooseDocuments('8-K', listing, 'ea191807-8k_datchat.htm');
    expect(chosen.primary?.name).toBe('ea191807-8k_datchat.htm');
    expect(chosen.exhibits.map((e) => e.documentType)).toEqual(['EX-99.1', 'EX-99.2', 'EX-99.3']);
  });
});
