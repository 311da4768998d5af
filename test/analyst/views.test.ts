/**
 * Migration 003 on its own: the FTS index follows `sentences` through inserts, upserts and cascaded
 * deletes; the backfill indexes sentences stored before it; `form_family` agrees with formFamily().
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { listMigrations, migrate, openDb, type Db } from '../../db/open.ts';
import { FilingRepository } from '../../db/repository.ts';
import { formFamily } from '../../pipeline/core/forms.ts';

function seed(db: Db): { documentId: number } {
  db.prepare(`INSERT INTO issuers (id, issuer_key, name, tickers) VALUES (1, 'name-acme', 'Acme Hash, Inc.', 'ACME,ACM')`).run();
  db.prepare(
    `INSERT INTO filings (id, filing_key, issuer_id, form, filed_at, period_end, source, source_ref, status)
     VALUES (1, 'doc-1', 1, '10-K/A', '2025-03-01', '2024-12-31', 'local', 'acme.htm', 'stored')`,
  ).run();
  db.prepare(
    `INSERT INTO documents (id, filing_id, name, origin, sha256, content_kind, bytes, words, text)
     VALUES (1, 1, 'acme.htm', 'acme.htm', 'x', 'html', 1, 1, 'text')`,
  ).run();
  const sentence = db.prepare('INSERT INTO sentences (document_id, start, end, section, text) VALUES (1, ?, ?, ?, ?) RETURNING id');
  const label = db.prepare(
    `INSERT INTO sentence_labels (sentence_id, scorer_version, topics, modality, core_claim, terms, weight) VALUES (?, 'v1', ?, 'fact', 'none', '[]', 1)`,
  );
  const a = (sentence.get(0, 10, 'item_1', 'We lease GPU clusters to an AI tenant.') as { id: number }).id;
  const b = (sentence.get(20, 30, 'item_1', 'We mine bitcoin in Texas.') as { id: number }).id;
  label.run(a, 'ai_hpc');
  label.run(b, 'mining');
  return { documentId: 1 };
}

const match = (db: Db, query: string) =>
  db.prepare('SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ? ORDER BY rowid').pluck().all(query) as number[];

describe('migration 003: analyst views and the evidence index', () => {
  it('keeps evidence_fts in step with sentences', () => {
    const db = openDb(':memory:');
    seed(db);
    expect(match(db, 'leasing')).toHaveLength(1); // porter stemming
    expect(match(db, 'bitcoin')).toHaveLength(1);
    // The repository's upsert rewrites the text of an existing sentence.
    db.prepare(
      `INSERT INTO sentences (document_id, start, end, text) VALUES (1, 20, 30, 'We host HPC tenants.')
       ON CONFLICT (document_id, start) DO UPDATE SET text = excluded.text`,
    ).run();
    expect(match(db, 'bitcoin')).toHaveLength(0);
    expect(match(db, 'tenants')).toHaveLength(2);
    // Replacing a document deletes its sentences by cascade: the index follows.
    db.prepare('DELETE FROM documents WHERE id = 1').run();
    expect(match(db, 'tenants')).toHaveLength(0);
    // FTS5 checks its index against the content table and throws on any mismatch.
    expect(() => db.prepare(`INSERT INTO evidence_fts (evidence_fts) VALUES ('integrity-check')`).run()).not.toThrow();
  });

  it('indexes the sentences stored before the migration', () => {
    const db = new Database(':memory:');
    migrate(db, listMigrations().filter((m) => m.version < 3));
    seed(db);
    migrate(db);
    expect(match(db, 'GPU')).toHaveLength(1);
    expect(db.prepare(`SELECT COUNT(*) FROM evidence WHERE scorer_version = 'v1'`).pluck().get()).toBe(2);
  });

  it('exposes the evidence with its issuer, filing and labels', () => {
    const db = openDb(':memory:');
    seed(db);
    const row = db.prepare(`SELECT * FROM evidence WHERE is_ai_hpc = 1`).get() as Record<string, unknown>;
    expect(row).toMatchObject({ ticker: 'ACME', issuer_name: 'Acme Hash, Inc.', form: '10-K/A', date: '2025-03-01', is_mining: 0, is_grid: 0, modality: 'fact' });
  });

  it('form_family agrees with formFamily(), for rows written before migration 005 and after', () => {
    const forms = ['10-K', '10-K/A', '10-KT', '20-F', '40-F', 'AIF', 'annual-report', '10-Q', '10-q/a', 'MD&A', 'interim-report', '8-K', '8-K/A', '6-K', 'EX-99.1', 'ex-99', 'press-release', '424B5', 'S-3ASR', 'circular', 'financial-statements'];
    // Before: migration 005 fills the new column from the form of every existing row.
    const old = new Database(':memory:');
    migrate(old, listMigrations().filter((m) => m.version < 5));
    seed(old);
    const insert = old.prepare(
      `INSERT INTO filings (filing_key, issuer_id, form, source, source_ref, status) VALUES (?, 1, ?, 'local', 'x.htm', 'stored')`,
    );
    forms.forEach((form, i) => insert.run(`doc-f${i}`, form));
    migrate(old);
    const family = old.prepare('SELECT form_family FROM filings WHERE filing_key = ?').pluck();
    forms.forEach((form, i) => expect(family.get(`doc-f${i}`), form).toBe(formFamily(form)));
    // After: the repository writes it from the form table, and pivot_timeline shows it.
    const db = openDb(':memory:');
    const repo = new FilingRepository(db);
    const issuer = { key: 'name-acme', name: 'Acme Hash, Inc.', aliases: [], cik: null, tickers: [], country: null, sedarProfile: null };
    forms.forEach((form, i) => repo.recordFailure({ key: `doc-f${i}`, issuer, accession: null, form, filedAt: null, periodEnd: null, source: 'local', sourceRef: 'x.htm' }, 'fetch', 'test'));
    const written = db.prepare('SELECT form_family FROM filings WHERE filing_key = ?').pluck();
    forms.forEach((form, i) => expect(written.get(`doc-f${i}`), form).toBe(formFamily(form)));
  });
});
