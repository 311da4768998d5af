/**
 * The hostile document set (test/support/hostile-documents.ts, small variants: the full
 * sizes run in `npm run hostile`): every document through `inspect` ends with a clean
 * extraction or a one-line error, and `run --dir` over the whole folder carries on past
 * each one (the FIFO and the endless device included) and records every filing.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { generateHostileSet, type HostileDocument } from '../support/hostile-documents.ts';

const tmp = tempDir('minerpivot-hostile-');
let docs: HostileDocument[] = [];

beforeAll(async () => {
  docs = await generateHostileSet(tmp.dir, 'small');
}, 120_000);
afterAll(() => tmp.cleanup());

const outside = (d: HostileDocument) => d.file.startsWith('/') || d.file.startsWith('..');

describe('hostile documents through inspect', () => {
  it('ends each one with a clean extraction or a one-line error', async () => {
    const endings: string[] = [];
    for (const doc of docs.filter((d) => !outside(d))) {
      const r = await cli(['inspect', join(tmp.dir, doc.file), '--form', doc.form, '--labelled']);
      const what = `${doc.file} (${doc.description})`;
      expect(r.err, what).not.toMatch(/\n\s+at |unexpected error/);
      if (r.code !== 0) {
        expect(r.code, what).toBe(2);
        expect(r.err.split('\n'), what).toHaveLength(1);
        expect(r.err, what).toContain(doc.file);
      }
      if (doc.expect === 'error') expect(r.code, `${what} should be refused`).toBe(2);
      if (doc.expect === 'text') expect(r.code, `${what} should be extracted: ${r.err}`).toBe(0);
      endings.push(`${doc.file}: ${r.code === 0 ? 'extracted' : r.err}`);
    }
    const ending = (file: string) => endings.find((e) => e.startsWith(`${file}:`)) ?? '';
    expect(ending('fifo.htm')).toMatch(/a FIFO \(named pipe\), not a regular file/);
    expect(ending('endless.htm')).toMatch(/a character device, not a regular file/);
    expect(ending('sparse-600mb.htm')).toMatch(/refused: 572 MB is larger than the 100 MB limit per document \(MINERPIVOT_MAX_DOCUMENT_MB\)/);
    expect(ending('bomb-1gb.pdf')).toMatch(/PDF too large to read: .*inflate to more than 64 MB/);
  });

  it('shows text, not mojibake, uuencoded data or NULs', async () => {
    const text = async (file: string, form = '10-K') => {
      const r = await cli(['inspect', join(tmp.dir, file), '--form', form, '--json']);
      expect(r.code, r.err).toBe(0);
      return r.out.split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
    };
    const utf16 = await text('utf16-label-ascii.htm');
    expect(utf16.some((s) => s.startsWith('The Company operates Bitcoin mining facilities in Texas'))).toBe(true);
    const uu = await text('uuencode-late.txt', '8-K');
    expect(uu.some((s) => /^M[\x20-\x60]{40,}/.test(s) || s.includes('begin 644'))).toBe(false);
    expect(uu.some((s) => s.includes('hyperscale customer'))).toBe(true);
    const plainUu = await text('uuencode-plain.txt', '8-K');
    expect(plainUu.some((s) => /^M[\x20-\x60]{40,}/.test(s))).toBe(false);
    for (const file of ['nul-bytes.txt', 'nul-bytes.htm']) {
      const sentences = await text(file);
      expect(sentences.length).toBeGreaterThan(3);
      expect(sentences.join('').includes('\u0000')).toBe(false);
    }
  });
});

describe('hostile documents through run --dir', () => {
  it('carries on past every one, FIFO and endless device included, and records each filing', async () => {
    const db = join(tmp.dir, 'hostile.db');
    const r = await cli(['run', '--dir', tmp.dir, '--db', db, '--quiet', '--json']);
    expect(r.err.slice(0, 2000)).not.toMatch(/\n\s+at |unexpected error/);
    // Some documents are refused: exit 1 (docs/RELIABILITY.md), after every other one was stored.
    expect(r.code).toBe(1);
    const conn = new Database(db, { readonly: true });
    try {
      const rows = conn.prepare('SELECT source_ref, status, error_reason, period_end FROM filings').all() as Array<{
        source_ref: string;
        status: string;
        error_reason: string | null;
        period_end: string | null;
      }>;
      expect(rows).toHaveLength(docs.length);
      const row = (file: string) => rows.find((x) => x.source_ref.endsWith(file.replace(/^(\.\.\/)+/, '')))!;
      for (const doc of docs) {
        const found = row(doc.file);
        expect(found, doc.file).toBeDefined();
        if (doc.expect === 'error') expect(found.status, doc.file).toBe('failed');
        if (doc.expect === 'text') expect(found.status, `${doc.file}: ${found.error_reason}`).toBe('stored');
        if (found.status === 'failed') expect(found.error_reason ?? '', doc.file).not.toMatch(/\n|unexpected error/);
      }
      expect(row('fifo.htm').error_reason).toMatch(/FIFO/);
      expect(row('endless.htm').error_reason).toMatch(/is a link to \/dev\/zero, outside the manifest's folder/);
      expect(row('etc/passwd').error_reason).toMatch(/leaves the manifest's folder/);
      expect(row('etc/hostname').error_reason).toMatch(/absolute path "\/etc\/hostname" refused/);
      expect(row('bad-date.txt').period_end).toBeNull();
      expect(row('long-issuer.txt').error_reason).toMatch(/issuer name of 100000 characters refused: at most 300/);
      const stored = conn.prepare("SELECT text FROM sentences WHERE instr(text, char(0)) > 0 OR text LIKE 'begin 6%' OR text GLOB 'M[!-`][!-`][!-`][!-`][!-`][!-`][!-`][!-`][!-`][!-`]*'").all();
      expect(stored).toEqual([]);
    } finally {
      conn.close();
    }
  });

  it('refuses a FIFO and an endless device listed in a manifest when outside paths are allowed', async () => {
    const dir = join(tmp.dir, 'devices');
    mkdirSync(dir);
    symlinkSync(join(tmp.dir, 'fifo.htm'), join(dir, 'fifo.htm'));
    symlinkSync('/dev/zero', join(dir, 'endless.htm'));
    writeFileSync(
      join(dir, 'manifest.tsv'),
      ['path\tissuer\tform\tfiling_date', 'fifo.htm\tHostile Hash Corp.\t8-K\t2024-03-01', 'endless.htm\tHostile Hash Corp.\t8-K\t2024-03-02', ''].join('\n'),
    );
    const db = join(tmp.dir, 'allowed.db');
    const r = await cli(['run', '--dir', dir, '--db', db, '--quiet', '--allow-outside']);
    expect(r.code).toBe(1); // nothing stored
    expect(r.err).not.toMatch(/\n\s+at |unexpected error/);
    const conn = new Database(db, { readonly: true });
    try {
      const reason = (suffix: string) =>
        conn.prepare('SELECT error_reason FROM filings WHERE source_ref LIKE ?').pluck().get(`%${suffix}`) as string | null;
      expect(reason('endless.htm')).toMatch(/endless\.htm: cannot read: a character device, not a regular file/);
      expect(reason('fifo.htm')).toMatch(/fifo\.htm: cannot read: a FIFO \(named pipe\), not a regular file/);
    } finally {
      conn.close();
    }
  });
});
