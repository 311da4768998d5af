import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import { issuerRows, tableCounts } from '../../db/queries.ts';
import { FilingRepository } from '../../db/repository.ts';
import { storeScoredFiling } from '../../pipeline/stages/store.ts';
import type { FilingRef, FilingScore, ScoredDoc } from '../../pipeline/core/jobs.ts';

const filing: FilingRef = {
  key: '0009990001-25-000001',
  issuer: { key: 'cik-0009990001', name: 'Test Hash Corp.', aliases: [], cik: '0009990001', tickers: ['TSTH'], country: 'US', sedarProfile: null },
  accession: '0009990001-25-000001',
  form: '10-K',
  filedAt: '2025-03-01',
  periodEnd: '2024-12-31',
  source: 'local',
  sourceRef: '/tmp/test.htm',
};

const text = 'We mined 100 bitcoin. We signed a lease with an AI cloud customer.';
const doc: ScoredDoc = {
  name: 'test.htm',
  path: '/tmp/test.htm',
  sha256: 'a'.repeat(64),
  bytes: 100,
  origin: '/tmp/test.htm',
  documentType: '10-K',
  kind: 'html',
  encoding: 'utf-8',
  text,
  wordCount: 13,
  sections: [{ key: 'item_1', title: 'Item 1. Business', start: 0, end: text.length, confidence: 0.9, method: 'test', flags: [] }],
  pages: [],
  warnings: [],
  sentenceCount: 2,
  evidence: [
    { start: 0, end: 21, text: 'We mined 100 bitcoin.', section: 'item_1', page: null, topics: ['mining'], modality: 'fact', coreClaim: 'none', terms: ['mined'], weight: 1 },
    { start: 22, end: text.length, text: text.slice(22), section: 'item_1', page: null, topics: ['ai_hpc'], modality: 'fact', coreClaim: 'none', terms: ['ai cloud'], weight: 1 },
  ],
};

const score: FilingScore = {
  scorerVersion: 'test-1', words: 13, sentences: 2,
  topics: {
    mining: { mass: 1, factMass: 1, sentences: 1, density: 769, coreClaims: 0 },
    ai_hpc: { mass: 1, factMass: 1, sentences: 1, density: 769, coreClaims: 0 },
    grid: { mass: 0, factMass: 0, sentences: 0, density: 0, coreClaims: 0 },
  },
  pivotIndex: 0, factPivotIndex: 0,
};

describe('FilingRepository', () => {
  it('stores a filing with its evidence and scores, and storing it again changes nothing', () => {
    const db = openDb(':memory:');
    const repo = new FilingRepository(db);
    storeScoredFiling(repo, filing, [doc], score, 'extract-test');
    const first = tableCounts(db);
    expect(first).toMatchObject({ issuers: 1, filings: 1, documents: 1, sections: 1, sentences: 2, sentence_labels: 2, filing_scores: 1, issuer_scores: 1 });
    const snapshot = db.prepare('SELECT * FROM sentence_labels ORDER BY sentence_id').all();

    storeScoredFiling(repo, filing, [doc], score, 'extract-test');
    expect(tableCounts(db)).toEqual(first);
    expect(db.prepare('SELECT * FROM sentence_labels ORDER BY sentence_id').all()).toEqual(snapshot);

    const [row] = issuerRows(db, 'test-1');
    expect(row).toMatchObject({ tickers: 'TSTH', filings: 1, latestPivotIndex: 0, miningSentences: 1, aiHpcSentences: 1, firstAiHpcFactDate: '2025-03-01' });
    db.close();
  });

  it('keeps the labels of an older scorer version beside the new ones', () => {
    const db = openDb(':memory:');
    const repo = new FilingRepository(db);
    storeScoredFiling(repo, filing, [doc], score, 'extract-test');
    storeScoredFiling(repo, filing, [{ ...doc, evidence: doc.evidence.slice(0, 1) }], { ...score, scorerVersion: 'test-2', topics: { ...score.topics, ai_hpc: { ...score.topics.ai_hpc, mass: 0 } }, pivotIndex: -0.2 }, 'extract-test');
    const versions = db.prepare('SELECT scorer_version, COUNT(*) AS n FROM sentence_labels GROUP BY 1 ORDER BY 1').all();
    expect(versions).toEqual([{ scorer_version: 'test-1', n: 2 }, { scorer_version: 'test-2', n: 1 }]);
    expect(db.prepare('SELECT COUNT(*) FROM filing_scores').pluck().get()).toBe(2);
    db.close();
  });

  it('records a failure on the filing row with the stage and reason', () => {
    const db = openDb(':memory:');
    const repo = new FilingRepository(db);
    repo.recordFailure({ ...filing, key: 'doc-broken' }, 'extract', 'x.bin: binary data');
    const row = db.prepare("SELECT status, failed_stage, error_reason FROM filings WHERE filing_key = 'doc-broken'").get();
    expect(row).toEqual({ status: 'failed', failed_stage: 'extract', error_reason: 'x.bin: binary data' });
    // Recording it twice keeps one row.
    repo.recordFailure({ ...filing, key: 'doc-broken' }, 'extract', 'x.bin: binary data');
    expect(db.prepare('SELECT COUNT(*) FROM filings').pluck().get()).toBe(1);
    db.close();
  });

  it('never blanks known tickers when a later description has none', () => {
    const db = openDb(':memory:');
    const repo = new FilingRepository(db);
    storeScoredFiling(repo, filing, [doc], score, 'x');
    storeScoredFiling(repo, { ...filing, key: 'doc-2', accession: null, issuer: { ...filing.issuer, tickers: [] } }, [doc], score, 'x');
    expect(db.prepare('SELECT tickers FROM issuers').pluck().get()).toBe('TSTH');
    db.close();
  });
});
