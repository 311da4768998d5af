/**
 * `minerpivot add` as a user runs it: local files, URLs from a real local HTTP
 * server (node:http on 127.0.0.1, no fetch mocking), CSV manifests, user mistakes.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { AIF_PARAGRAPHS, mdaPdf } from './fixtures.ts';

const PDF = mdaPdf();
const AIF_HTML = `<html><body>${AIF_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</body></html>`;

let server: Server;
let base = '';
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/docs/nhc-mda-2023.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': PDF.byteLength });
      res.end(Buffer.from(PDF));
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/docs/nhc-mda-2023.pdf' });
      res.end();
    } else if (req.url === '/boom') {
      res.writeHead(503);
      res.end('down');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('minerpivot add', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());
  const setup = () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    return { dir: tmp.dir, db: join(tmp.dir, 'mp.db'), env: { MINERPIVOT_CACHE: join(tmp.dir, 'cache') } };
  };
  const NHC = ['--issuer', 'Northern Hashing Corp.', '--cik', '9990001'];

  it('has --help naming the options and the CSV columns', async () => {
    const r = await cli(['add', '--help']);
    expect(r.code).toBe(0);
    for (const word of ['--issuer', '--ticker', '--cik', '--sedar-profile', '--form', '--date', '--manifest', 'path_or_url,issuer,ticker,cik,sedar_profile,form,date']) {
      expect(r.out).toContain(word);
    }
    expect((await cli(['--help'])).out).toMatch(/add\s+add documents a researcher brings/);
  });

  it('adds a local SEDAR+ PDF: stored under the EDGAR issuer key with source sedar, idempotent', async () => {
    const { dir, db, env } = setup();
    writeFileSync(join(dir, 'hive-aif.htm'), AIF_HTML);
    const args = ['add', join(dir, 'hive-aif.htm'), '--issuer', 'HIVE Digital Technologies Ltd.', '--ticker', 'HIVE', '--sedar-profile', '000012345', '--form', 'AIF', '--date', '2024-06-20', '--db', db];
    const first = await cli(args, env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^stored {5}HIVE AIF 2024-06-20 \(sedar\) as issuer cik-0001720424, 1 document\(s\)$/);
    const second = await cli([...args, '--json'], env);
    expect(second.code).toBe(0);
    const json = JSON.parse(second.out) as { added: Array<Record<string, unknown>> };
    expect(json.added).toEqual([expect.objectContaining({ status: 'stored', issuerKey: 'cik-0001720424', source: 'sedar', form: 'AIF', date: '2024-06-20', documents: 1 })]);
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare('SELECT issuer_key, sedar_profile, tickers, country FROM issuers').all()).toEqual([
      { issuer_key: 'cik-0001720424', sedar_profile: '000012345', tickers: 'HIVE', country: 'CA' },
    ]);
    expect(conn.prepare("SELECT COUNT(*) FROM filings WHERE source = 'sedar' AND status = 'stored'").pluck().get()).toBe(1);
    expect(conn.prepare('SELECT COUNT(*) FROM document_fingerprints').pluck().get()).toBe(1);
    conn.close();
  });

  it('downloads a URL (following a redirect) into the content-addressed raw cache, once', async () => {
    const { db, env } = setup();
    const before = hits;
    const r = await cli(['add', `${base}/moved`, ...NHC, '--form', 'MD&A', '--date', '2024-03-28', '--db', db, '--allow-private'], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('stored     Northern Hashing Corp. MD&A 2024-03-28 (sedar) as issuer cik-0009990001');
    const sha = createHash('sha256').update(PDF).digest('hex');
    expect(existsSync(join(env.MINERPIVOT_CACHE, 'objects', sha.slice(0, 2), sha))).toBe(true);
    expect(hits - before).toBe(2); // the redirect and the PDF
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare('SELECT origin, sha256, content_kind FROM documents').get()).toEqual({ origin: `${base}/moved`, sha256: sha, content_kind: 'pdf' });
    expect(conn.prepare('SELECT source_ref FROM filings').pluck().get()).toBe(`${base}/moved`);
    conn.close();
    // Added again: read from the cache, no request.
    expect((await cli(['add', `${base}/moved`, ...NHC, '--form', 'MD&A', '--date', '2024-03-28', '--db', db, '--allow-private'], env)).code).toBe(0);
    expect(hits - before).toBe(2);
  });

  it('says in one line why a URL failed: 404, 503, refused connection', async () => {
    const { db, env } = setup();
    const run = (url: string) => cli(['add', url, ...NHC, '--form', 'AIF', '--date', '2024-03-28', '--db', db, '--allow-private'], env);
    const missing = await run(`${base}/gone.pdf`);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`FAILED     Northern Hashing Corp. AIF 2024-03-28 at fetch: ${base}/gone.pdf: HTTP 404 Not Found`);
    const down = await run(`${base}/boom`);
    expect(down.code).toBe(1);
    expect(down.err).toContain(`${base}/boom: HTTP 503 Service Unavailable`);
    expect(down.err.split('\n')).toHaveLength(1);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await run(`http://127.0.0.1:${port}/a.pdf`);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(`FAILED     Northern Hashing Corp. AIF 2024-03-28 at fetch: http://127.0.0.1:${port}/a.pdf: connection refused (is the server up?)`);
  });

  it('gives one-line usage errors: missing file, bad date, unknown form, missing options, both modes', async () => {
    const { dir, db, env } = setup();
    writeFileSync(join(dir, 'a.htm'), AIF_HTML);
    const cases: Array<[string[], RegExp]> = [
      [['add', join(dir, 'nope.pdf'), ...NHC, '--form', 'AIF', '--date', '2024-01-01'], /^minerpivot add: .*nope\.pdf: file not found$/],
      [['add', join(dir, 'a.htm'), ...NHC, '--form', 'AIF', '--date', '2024-13-01'], /^minerpivot add: bad date "2024-13-01": expected YYYY-MM-DD$/],
      [['add', join(dir, 'a.htm'), ...NHC, '--form', 'flyer', '--date', '2024-01-01'], /^minerpivot add: unknown form "flyer": use one of AIF, MD&A, .*$/],
      [['add', join(dir, 'a.htm'), '--form', 'AIF'], /^minerpivot add: missing --issuer, --date \(see minerpivot add --help\)$/],
      [['add', '--manifest', join(dir, 'docs.csv'), join(dir, 'a.htm')], /^minerpivot add: give either FILE_OR_URL or --manifest CSV, not both$/],
      [['add', '--manifest', join(dir, 'docs.csv'), '--form', 'AIF'], /^minerpivot add: --form is a column of the CSV/],
      [['add', '--manifest', join(dir, 'docs.csv')], /^minerpivot add: .*docs\.csv: file not found$/],
      [['add', join(dir, 'a.htm'), '--issuer', 'X', '--ticker', 'HIVE', '--cik', '1812477', '--form', 'AIF', '--date', '2024-01-01'], /ticker HIVE belongs to CIK 0001720424/],
    ];
    for (const [argv, pattern] of cases) {
      const r = await cli([...argv, '--db', db], env);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(pattern);
      expect(r.err.split('\n')).toHaveLength(1);
    }
    expect(existsSync(db)).toBe(false);
  });

  it('adds every row of a CSV manifest; a bad row is reported by line and the others are stored', async () => {
    const { dir, db, env } = setup();
    writeFileSync(join(dir, 'aif.htm'), AIF_HTML);
    writeFileSync(
      join(dir, 'docs.csv'),
      [
        'path_or_url,issuer,ticker,cik,sedar_profile,form,date',
        `aif.htm,"Northern Hashing Corp., Montreal",,9990001,,AIF,2024-03-28`,
        `${base}/docs/nhc-mda-2023.pdf,Northern Hashing Corp.,,9990001,,MD&A,2024-03-28`,
        'lost.pdf,Northern Hashing Corp.,,9990001,,AIF,2023-03-28',
      ].join('\r\n'),
    );
    const r = await cli(['add', '--manifest', join(dir, 'docs.csv'), '--db', db, '--allow-private'], env);
    // One row failed: exit 1, after the others were stored.
    expect(r.code).toBe(1);
    expect(r.err).toBe('docs.csv:4: lost.pdf: file not found');
    expect(r.out).toContain('2 stored, 0 duplicate(s), 1 failed');
    const json = JSON.parse((await cli(['add', '--manifest', join(dir, 'docs.csv'), '--db', db, '--json', '--allow-private'], env)).out) as {
      added: Array<{ status: string; form: string }>;
      problems: unknown[];
    };
    expect(json.added.map((a) => [a.form, a.status])).toEqual([['AIF', 'stored'], ['MD&A', 'stored']]);
    expect(json.problems).toEqual([{ where: 'docs.csv:4', message: 'lost.pdf: file not found' }]);
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare('SELECT COUNT(*) FROM filings').pluck().get()).toBe(2);
    expect(conn.prepare('SELECT COUNT(*) FROM issuers').pluck().get()).toBe(1);
    conn.close();
  });
});
