/**
 * Untrusted URLs (`add URL`, a CSV of URLs) against a real local HTTP server on
 * 127.0.0.1: private addresses refused unless --allow-private, redirect limits and
 * schemes, the size cap while streaming (after gzip), the time limit, credentials
 * never stored or printed, and every failure one line.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { privateAddressReason, redactUrl } from '../../pipeline/sources/url/guard.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { AIF_PARAGRAPHS } from './fixtures.ts';

const HTML = `<html><body>${AIF_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</body></html>`;
const MB = 1024 * 1024;

let server: Server;
let port = 0;
let lastAuthorization: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/doc.htm') {
      lastAuthorization = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(HTML) });
      res.end(HTML);
    } else if (url === '/loop') {
      res.writeHead(302, { location: '/loop-b' }).end();
    } else if (url === '/loop-b') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (url.startsWith('/hop/')) {
      const n = Number(url.slice(5));
      res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/doc.htm' }).end();
    } else if (url === '/to-file') {
      res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    } else if (url === '/error') {
      res.writeHead(500).end('boom');
    } else if (url === '/gzip-bomb') {
      // 1 MB cap below: 20 MB of spaces in about 20 KB of gzip.
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(20 * MB, 32)));
    } else if (url === '/chunked-big') {
      res.writeHead(200, { 'content-type': 'text/plain' }); // no Content-Length: chunked
      const chunk = Buffer.alloc(256 * 1024, 97);
      let sent = 0;
      const push = () => {
        while (sent < 40 && res.write(chunk)) sent++;
        if (sent < 40) res.once('drain', push);
        else res.end();
      };
      push();
    } else if (url === '/announced-big') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(500 * MB) });
      res.write('x');
    } else if (url === '/cut-short') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000' });
      res.write(HTML.slice(0, 100));
      setTimeout(() => res.destroy(), 20);
    } else if (url === '/slow') {
      // never answers
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('privateAddressReason', () => {
  it('names loopback, private, link-local, metadata and mapped addresses; public ones pass', () => {
    for (const ip of ['127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', '::', '::ffff:127.0.0.1', '::ffff:7f00:1', 'fe80::1', 'fd00:ec2::254', 'ff02::1']) {
      expect(privateAddressReason(ip), ip).not.toBeNull();
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(privateAddressReason(ip), ip).toBeNull();
    }
  });

  it('redacts credentials from URLs', () => {
    expect(redactUrl('http://user:secret@example.org/a.pdf')).toBe('http://example.org/a.pdf');
    expect(redactUrl('https://example.org/a.pdf')).toBe('https://example.org/a.pdf');
  });
});

describe('add URL with untrusted URLs', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());
  const setup = () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    return { db: join(tmp.dir, 'mp.db'), env: { MINERPIVOT_CACHE: join(tmp.dir, 'cache'), MINERPIVOT_MAX_DOCUMENT_MB: '1', MINERPIVOT_DOWNLOAD_SECONDS: '2' } };
  };
  const add = (url: string, db: string, env: Record<string, string>, extra: string[] = []) =>
    cli(['add', url, '--issuer', 'Northern Hashing Corp.', '--cik', '9990001', '--form', 'AIF', '--date', '2024-03-28', '--db', db, ...extra], env);
  const rows = (db: string) => {
    const conn = new Database(db, { readonly: true });
    try {
      return conn.prepare('SELECT status, source_ref, error_reason FROM filings ORDER BY id').all() as Array<{ status: string; source_ref: string; error_reason: string | null }>;
    } finally {
      conn.close();
    }
  };

  it('refuses loopback in every spelling unless --allow-private, and records why', async () => {
    const { db, env } = setup();
    for (const host of ['127.0.0.1', 'localhost', '2130706433', '0x7f.1', '[::1]', '[::ffff:127.0.0.1]']) {
      const url = `http://${host}:${port}/doc.htm`;
      const r = await add(url, db, env);
      expect(r.code, host).toBe(1);
      expect(r.err.split('\n'), host).toHaveLength(1);
      expect(r.err, host).toMatch(/at fetch: .*: refused: .* is .*(loopback|unspecified).*add --allow-private to permit/);
    }
    expect(rows(db).every((r) => r.status === 'failed' && /refused/.test(r.error_reason ?? ''))).toBe(true);
    const allowed = await add(`http://localhost:${port}/doc.htm`, db, env, ['--allow-private']);
    expect(allowed.err).toBe('');
    expect(allowed.code).toBe(0);
  });

  it('gives one line for a redirect loop, too many redirects, a redirect to file:, HTTP 500, a refused port, a slow server', async () => {
    const { db, env } = setup();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const cases: Array<[string, RegExp]> = [
      [`http://127.0.0.1:${port}/loop`, /redirect loop/],
      [`http://127.0.0.1:${port}/hop/9`, /more than 5 redirects/],
      [`http://127.0.0.1:${port}/to-file`, /redirected to a file: URL refused: only http and https/],
      [`http://127.0.0.1:${port}/error`, /HTTP 500 Internal Server Error/],
      [`http://127.0.0.1:${closedPort}/a.pdf`, /connection refused/],
      [`http://127.0.0.1:${port}/slow`, /timed out after 2 s/],
      [`http://127.0.0.1:${port}/cut-short`, /download cut short: 100 of 100000 bytes|connection reset|interrupted/],
    ];
    for (const [url, pattern] of cases) {
      const r = await add(url, db, env, ['--allow-private']);
      expect(r.code, url).toBe(1);
      expect(r.err.split('\n'), url).toHaveLength(1);
      expect(r.err, url).toMatch(pattern);
      expect(r.err, url).not.toMatch(/\n\s+at /);
    }
    const hop = await add(`http://127.0.0.1:${port}/hop/3`, db, env, ['--allow-private']);
    expect(hop.code).toBe(0);
  });

  it('enforces the size cap while streaming, on decompressed bytes, and at once on an announced size', async () => {
    const { db, env } = setup();
    const bomb = await add(`http://127.0.0.1:${port}/gzip-bomb`, db, env, ['--allow-private']);
    expect(bomb.err).toMatch(/larger than the 1 MB limit per document once decompressed/);
    const chunked = await add(`http://127.0.0.1:${port}/chunked-big`, db, env, ['--allow-private']);
    expect(chunked.err).toMatch(/larger than the 1 MB limit per document \(MINERPIVOT_MAX_DOCUMENT_MB\); download stopped/);
    const announced = await add(`http://127.0.0.1:${port}/announced-big`, db, env, ['--allow-private']);
    expect(announced.err).toMatch(/524 MB is larger than the 1 MB limit/);
    for (const r of [bomb, chunked, announced]) expect(r.err.split('\n')).toHaveLength(1);
    expect(existsSync(join(env.MINERPIVOT_CACHE, 'objects'))).toBe(false);
  });

  it('sends credentials in a URL as Basic authentication and never stores or prints them', async () => {
    const { db, env } = setup();
    const ok = await add(`http://reader:s3cret@127.0.0.1:${port}/doc.htm`, db, env, ['--allow-private']);
    expect(ok.code).toBe(0);
    expect(lastAuthorization).toBe(`Basic ${Buffer.from('reader:s3cret').toString('base64')}`);
    const missing = await add(`http://reader:s3cret@127.0.0.1:${port}/nope.pdf`, db, env, ['--allow-private']);
    expect(missing.code).toBe(1);
    const refused = await add(`http://reader:s3cret@localhost:${port}/doc2.htm`, db, env);
    expect(refused.code).toBe(1);
    for (const r of [ok, missing, refused]) expect(`${r.out}${r.err}`).not.toContain('s3cret');
    const stored = rows(db);
    expect(stored).toHaveLength(3);
    expect(JSON.stringify(stored)).not.toContain('s3cret');
    expect(stored[0]!.source_ref).toBe(`http://127.0.0.1:${port}/doc.htm`);
    const conn = new Database(db, { readonly: true });
    expect(JSON.stringify(conn.prepare('SELECT origin, name FROM documents').all())).not.toContain('s3cret');
    conn.close();
  });
});
