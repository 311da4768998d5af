/**
 * Migration 005 moves a database written before it forward without loss: every per-topic column
 * becomes a row, the analyst views show the same rows and values, no document or sentence is lost
 * to the table rebuild, and foreign keys are on again afterwards.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../db/open.ts';
import { tempDir } from '../helpers.ts';

function seedSchema4(db: Database.Database): void {
  db.exec(`
    INSERT INTO issuers (id, issuer_key, cik, name, tickers) VALUES (1, 'cik-0000000001', '0000000001', 'Acme Hash, Inc.', 'ACME');
    INSERT INTO filings (id, filing_key, issuer_id, accession, form, filed_at, period_end, source, source_ref, status)
      VALUES (1, '0000000001-25-000001', 1, '0000000001-25-000001', '10-K', '2025-03-01', '2024-12-31', 'edgar', 'https://x/1', 'stored'),
             (2, 'doc-2', 1, NULL, 'MD&A', '2025-05-01', NULL, 'sedar', 'mda.pdf', 'stored'),
             (3, 'doc-3', 1, NULL, 'press-release', '2025-06-01', NULL, 'local', 'pr.pdf', 'failed');
    UPDATE filings SET duplicate_of = 1 WHERE id = 2;
    INSERT INTO documents (id, filing_id, name, origin, sha256, content_kind, bytes, words, text)
      VALUES (1, 1, 'acme.htm', 'https://x/1/acme.htm', 'x', 'html', 10, 1000, 'text');
    INSERT INTO sentences (id, document_id, start, end, section, text)
      VALUES (1, 1, 0, 10, 'item_1', 'We mine bitcoin.'), (2, 1, 20, 30, 'item_1', 'We lease GPUs to an AI tenant.'),
             (3, 1, 40, 50, 'item_7', 'We earned demand response credits.'), (4, 1, 60, 70, 'item_1a', 'We may sell power to the grid.');
    INSERT INTO sentence_labels (sentence_id, scorer_version, topics, modality, core_claim, terms, weight)
      VALUES (1, 'v1', 'mining', 'fact', 'mining', '[]', 1), (2, 'v1', 'ai_hpc', 'fact', 'none', '[]', 1),
             (3, 'v1', 'grid', 'fact', 'none', '[]', 0.6), (4, 'v1', 'grid', 'hypothetical', 'none', '[]', 0.06);
    INSERT INTO filing_scores VALUES (1, 'v1', 1000, 40, 1, 1, 0.66, 1, 1, 1, 1, 2, 1, 0, 10, 10, 6.6, 0, 0);
    INSERT INTO issuer_scores VALUES (1, 'v1', 1, 1, '2024-12-31', 0, NULL, NULL, '2025-03-01', 2, 1, 1, 2, 1, 0);
  `);
}

const views = (db: Database.Database) => ({
  timeline: db.prepare('SELECT * FROM pivot_timeline ORDER BY filing_id').all(),
  latest: db.prepare('SELECT * FROM issuer_latest ORDER BY issuer_id').all(),
  evidence: db.prepare('SELECT * FROM evidence ORDER BY sentence_id').all(),
});

describe('migration 005: scores per topic as rows', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('keeps every number, row and reference of a database written before it', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const db = new Database(join(tmp.dir, 'old.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, listMigrations().filter((m) => m.version < 5));
    seedSchema4(db);
    const before = views(db);
    const counts = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    const kept = { documents: counts('documents'), sentences: counts('sentences'), labels: counts('sentence_labels'), filings: counts('filings') };

    expect(migrate(db, listMigrations().filter((m) => m.version <= 5))).toEqual([5]);
    const after = views(db);
    expect(after.timeline).toEqual(before.timeline);
    // issuer_latest keeps its columns and gains the miner flag (NULL until the issuer is stored again).
    const withoutMiner = (rows: unknown[]) =>
      rows.map((r) => Object.fromEntries(Object.entries(r as Record<string, unknown>).filter(([k]) => k !== 'miner' && k !== 'miner_basis')));
    expect(withoutMiner(after.latest)).toEqual(before.latest);
    // Evidence keeps its columns and gains the filing's accession, CIK and EDGAR link at the end.
    const added = ['accession', 'cik', 'edgar_url'];
    const withoutAdded = (rows: unknown[]) =>
      rows.map((r) => Object.fromEntries(Object.entries(r as Record<string, unknown>).filter(([k]) => !added.includes(k))));
    expect(withoutAdded(after.evidence)).toEqual(before.evidence);
    expect(after.evidence.map((r) => (r as { edgar_url: string }).edgar_url)).toEqual(
      Array(4).fill('https://www.sec.gov/Archives/edgar/data/1/000000000125000001/acme.htm'),
    );
    expect({ documents: counts('documents'), sentences: counts('sentences'), labels: counts('sentence_labels'), filings: counts('filings') }).toEqual(kept);

    // Every topic a row; the grid fact mass, never stored before, is summed from the labels.
    const topics = db.prepare('SELECT topic, mass, fact_mass, sentences, density, core_claims FROM filing_topic_scores ORDER BY topic').all();
    expect(topics).toEqual([
      { topic: 'ai_hpc', mass: 1, fact_mass: 1, sentences: 1, density: 10, core_claims: 0 },
      { topic: 'grid', mass: 0.66, fact_mass: 0.6, sentences: 2, density: 6.6, core_claims: 0 },
      { topic: 'mining', mass: 1, fact_mass: 1, sentences: 1, density: 10, core_claims: 1 },
    ]);
    expect(db.prepare("SELECT sentences, core_claims FROM issuer_topic_scores WHERE topic = 'grid'").get()).toEqual({ sentences: 2, core_claims: 0 });
    expect(db.prepare('SELECT id, form_family, source, duplicate_of FROM filings ORDER BY id').all()).toEqual([
      { id: 1, form_family: 'annual', source: 'edgar', duplicate_of: null },
      { id: 2, form_family: 'quarterly', source: 'sedar', duplicate_of: 1 },
      { id: 3, form_family: 'current', source: 'local', duplicate_of: null },
    ]);
    // The rebuild kept the references and left the keys on; a source the old CHECK refused is taken now.
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.prepare("INSERT INTO filings (filing_key, issuer_id, form, source, source_ref, status) VALUES ('doc-4', 1, '10-Q', 'newsource', 'x', 'failed')").run();
    expect(() => db.prepare("DELETE FROM filings WHERE id = 1").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
