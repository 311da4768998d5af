/**
 * The same MD&A on both sites is stored once, whichever arrives first; the
 * sec-edgar-downloader layout is read by `run --dir` without a manifest; a
 * SEDAR+ document joins the issuer row of the company's EDGAR filings.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { AIF_PARAGRAPHS, fortyFSubmission, MDA_PARAGRAPHS, mdaPdf, NHC, writeDownloaded } from './fixtures.ts';

describe('near-duplicates across EDGAR and SEDAR+', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());
  const setup = () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    writeDownloaded(tmp.dir, 'NHC', '40-F', NHC.accession, fortyFSubmission());
    writeFileSync(join(tmp.dir, 'nhc-mda-2023.pdf'), mdaPdf());
    return { dir: tmp.dir, db: join(tmp.dir, 'mp.db') };
  };
  const addPdf = (dir: string, db: string, extra: string[] = []) =>
    cli(['add', join(dir, 'nhc-mda-2023.pdf'), '--issuer', NHC.name, '--cik', NHC.cik, '--form', 'MD&A', '--date', '2024-03-28', '--db', db, ...extra]);
  const counts = (db: string) => {
    const conn = new Database(db, { readonly: true });
    const n = (sql: string) => conn.prepare(sql).pluck().get() as number;
    const out = {
      issuers: n('SELECT COUNT(*) FROM issuers'),
      filings: n('SELECT COUNT(*) FROM filings'),
      documents: n('SELECT COUNT(*) FROM documents'),
      sentences: n('SELECT COUNT(*) FROM sentences'),
      scores: n('SELECT COUNT(*) FROM filing_scores'),
      duplicates: n('SELECT COUNT(*) FROM duplicate_documents'),
    };
    conn.close();
    return out;
  };

  it('EDGAR first: the SEDAR+ PDF is recorded as a duplicate of the 40-F, its text and evidence not stored twice', async () => {
    const { dir, db } = setup();
    const run = await cli(['run', '--dir', dir, '--db', db, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ filings: 1, stored: 1, failed: [] });
    const before = counts(db);
    expect(before).toMatchObject({ issuers: 1, filings: 1, documents: 3, duplicates: 0 });

    const added = await addPdf(dir, db);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(
      new RegExp(`^duplicate  Northern Hashing Corp\\. MD&A 2024-03-28 \\(sedar\\): same text as edgar filing ${NHC.accession} \\(40-F 2024-03-28\\), similarity 0\\.9\\d; recorded as a duplicate`),
    );
    expect(counts(db)).toEqual({ ...before, filings: 2, duplicates: 1 });

    const conn = new Database(db, { readonly: true });
    const row = conn
      .prepare(`SELECT f.source, f.status, k.filing_key AS kept, d.name AS keptDocument, dd.similarity
                  FROM filings f JOIN filings k ON k.id = f.duplicate_of
                  JOIN duplicate_documents dd ON dd.filing_id = f.id JOIN documents d ON d.id = dd.kept_document_id
                 WHERE f.source = 'sedar'`)
      .get() as Record<string, unknown>;
    expect(row).toMatchObject({ source: 'sedar', status: 'stored', kept: NHC.accession, keptDocument: 'nhc-ex992.htm' });
    expect(row.similarity as number).toBeGreaterThanOrEqual(0.9);
    conn.close();

    // Added again: same outcome, nothing new. The issuer still counts one filing.
    const again = JSON.parse((await addPdf(dir, db, ['--json'])).out) as { added: Array<Record<string, unknown>> };
    expect(again.added[0]).toMatchObject({ status: 'duplicate', duplicateOf: expect.objectContaining({ filingKey: NHC.accession, source: 'edgar' }) });
    expect(counts(db)).toEqual({ ...before, filings: 2, duplicates: 1 });
    const issuers = JSON.parse((await cli(['issuers', '--all', '--db', db, '--json'])).out) as Array<{ issuerKey: string; filings: number }>;
    expect(issuers).toEqual([expect.objectContaining({ issuerKey: `cik-${NHC.cik}`, filings: 1 })]);
    // A rescore leaves the duplicate alone.
    expect((await cli(['rescore', '--db', db])).code).toBe(0);
    expect(counts(db)).toEqual({ ...before, filings: 2, duplicates: 1 });
  });

  it('SEDAR+ first: the 40-F is stored without its MD&A exhibit, which points at the SEDAR+ copy', async () => {
    const { dir, db } = setup();
    expect((await addPdf(dir, db)).code).toBe(0);
    expect(counts(db)).toMatchObject({ filings: 1, documents: 1, scores: 1 });
    expect((await cli(['run', '--dir', dir, '--db', db])).code).toBe(0);
    expect(counts(db)).toMatchObject({ issuers: 1, filings: 2, documents: 3, scores: 2, duplicates: 1 });
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare(`SELECT d.name FROM documents d JOIN filings f ON f.id = d.filing_id WHERE f.filing_key = ? ORDER BY d.name`).pluck().all(NHC.accession)).toEqual([
      'nhc-40f.htm',
      'nhc-ex991.htm',
    ]);
    expect(conn.prepare('SELECT name FROM duplicate_documents').pluck().all()).toEqual(['nhc-ex992.htm']);
    expect(conn.prepare('SELECT duplicate_of FROM filings WHERE filing_key = ?').pluck().get(NHC.accession)).toBeNull();
    conn.close();
  });

  it('keeps a different document of the same issuer, and the same text of another issuer', async () => {
    const { dir, db } = setup();
    expect((await cli(['run', '--dir', dir, '--db', db])).code).toBe(0);
    // Next year's MD&A: half its paragraphs are new, so it is a different document.
    const nextYear = MDA_PARAGRAPHS.map((p, i) => (i % 2 === 0 ? p.replace(/2023/g, '2024') : AIF_PARAGRAPHS[i % AIF_PARAGRAPHS.length]!)).join('\n\n');
    writeFileSync(join(dir, 'mda-2024.txt'), nextYear);
    const other = await cli(['add', join(dir, 'mda-2024.txt'), '--issuer', NHC.name, '--cik', NHC.cik, '--form', 'MD&A', '--date', '2025-03-27', '--db', db]);
    expect(other.out).toMatch(/^stored /);
    const elsewhere = await cli(['add', join(dir, 'nhc-mda-2023.pdf'), '--issuer', 'Copycat Mining Ltd.', '--form', 'MD&A', '--date', '2024-03-28', '--db', db]);
    expect(elsewhere.out).toMatch(/^stored .* as issuer name-copycat-mining-ltd, 1 document/);
    expect(counts(db)).toMatchObject({ issuers: 2, filings: 3, duplicates: 0 });
  });
});

describe('run --dir on the sec-edgar-downloader layout', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('plans every full-submission.txt from the path and the SEC header, and joins a SEDAR+ document by ticker', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const db = join(tmp.dir, 'mp.db');
    const hive = fortyFSubmission({ cik: '1720424', name: 'HIVE Digital Technologies Ltd.', accession: '0001720424-24-000010', filed: '20240620' });
    writeDownloaded(tmp.dir, 'HIVE', '40-F', '0001720424-24-000010', hive);
    // A CIK-named folder (sec-edgar-downloader accepts CIKs too) and a folder that is not an accession number.
    writeDownloaded(tmp.dir, '9990001', '40-F', NHC.accession, fortyFSubmission());
    writeDownloaded(tmp.dir, 'HIVE', '40-F', 'latest', hive);

    const run = await cli(['run', '--dir', join(tmp.dir, 'sec-edgar-filings'), '--db', db, '--json']);
    expect(run.err).toContain('sec-edgar-filings/HIVE/40-F/latest: not an accession number folder');
    const summary = JSON.parse(run.out) as { filings: number; stored: number };
    expect(summary).toMatchObject({ filings: 2, stored: 2 });

    const conn = new Database(db, { readonly: true });
    const rows = conn
      .prepare(`SELECT f.filing_key, f.accession, f.form, f.filed_at, f.period_end, f.source, i.issuer_key, i.name, i.tickers, i.country
                  FROM filings f JOIN issuers i ON i.id = f.issuer_id ORDER BY f.filing_key`)
      .all();
    expect(rows).toEqual([
      { filing_key: '0001720424-24-000010', accession: '0001720424-24-000010', form: '40-F', filed_at: '2024-06-20', period_end: '2023-12-31', source: 'edgar', issuer_key: 'cik-0001720424', name: 'HIVE Digital Technologies Ltd.', tickers: 'HIVE', country: 'CA' },
      { filing_key: NHC.accession, accession: NHC.accession, form: '40-F', filed_at: '2024-03-28', period_end: '2023-12-31', source: 'edgar', issuer_key: `cik-${NHC.cik}`, name: NHC.name, tickers: '', country: null },
    ]);
    conn.close();

    // The parent folder works too, and a SEDAR+ news release added by ticker joins HIVE's issuer row.
    // Exit 1: the `latest` folder is still reported as a failure, the filings are stored all the same.
    expect((await cli(['run', '--dir', tmp.dir, '--db', db, '--json'])).code).toBe(1);
    writeFileSync(join(tmp.dir, 'release.htm'), `<html><body><p>${AIF_PARAGRAPHS.slice(1).join(' ')} We also opened a new office in Toronto this month for our engineering team.</p></body></html>`);
    const added = await cli(['add', join(tmp.dir, 'release.htm'), '--issuer', 'HIVE Digital Technologies Ltd.', '--ticker', 'TSXV:HIVE', '--form', 'news release', '--date', '2024-07-02', '--db', db]);
    expect(added.out).toMatch(/as issuer cik-0001720424/);
    const check = new Database(db, { readonly: true });
    expect(check.prepare("SELECT COUNT(*) FROM filings f JOIN issuers i ON i.id = f.issuer_id WHERE i.issuer_key = 'cik-0001720424'").pluck().get()).toBe(2);
    expect(check.prepare('SELECT COUNT(*) FROM issuers').pluck().get()).toBe(2);
    check.close();
  });

  it('still asks for a manifest when a folder has neither a manifest nor the layout', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const r = await cli(['run', '--dir', tmp.dir, '--db', join(tmp.dir, 'mp.db')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no manifest in .*or a sec-edgar-filings\/ folder$/);
  });
});
