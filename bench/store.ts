/**
 * Store-stage figure: evidence rows per second written by `storeScoredFiling` (the store stage's
 * transaction per filing, prepared statements) into a fresh SQLite file. The filings are synthetic:
 * documents of real size whose evidence rows are sentences of the bench's synthetic filing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../db/open.ts';
import { FilingRepository } from '../db/repository.ts';
import type { FilingRef, FilingScore, ScoredDoc } from '../pipeline/core/jobs.ts';
import { perTopic } from '../pipeline/core/vocabulary.ts';
import { storeScoredFiling } from '../pipeline/stages/store.ts';

const SENTENCE = 'During the year we began converting part of our Quebec site to host high performance computing workloads for artificial intelligence customers';

function scoredDoc(filing: number, rows: number): ScoredDoc {
  const evidence: ScoredDoc['evidence'] = [];
  let text = '';
  for (let i = 0; i < rows; i++) {
    const sentence = `${SENTENCE} (${filing}.${i}).`;
    evidence.push({
      start: text.length,
      end: text.length + sentence.length,
      text: sentence,
      section: 'item_7',
      page: null,
      topics: ['ai_hpc'],
      modality: i % 3 === 0 ? 'plan' : 'fact',
      coreClaim: 'none',
      terms: ['high performance computing', 'artificial intelligence'],
      weight: 1,
    });
    text += `${sentence} Other words of the filing that carry no label at all, as most of a 10-K does. `;
  }
  return {
    name: `doc-${filing}.htm`,
    path: `/nowhere/doc-${filing}.htm`,
    sha256: filing.toString(16).padStart(64, '0'),
    bytes: text.length * 3,
    origin: `bench:${filing}`,
    documentType: '10-K',
    kind: 'html',
    encoding: 'utf-8',
    text,
    wordCount: text.split(' ').length,
    sections: [{ key: 'item_7', title: 'Item 7. MD&A', start: 0, end: text.length, confidence: 0.9, method: 'bench', flags: [] }],
    pages: [],
    warnings: [],
    sentenceCount: rows * 2,
    evidence,
  };
}

function filingRef(i: number): FilingRef {
  return {
    key: `0009990099-24-${String(i).padStart(6, '0')}`,
    issuer: { key: `cik-${String(9990099 + (i % 5)).padStart(10, '0')}`, name: `Bench Miner ${i % 5} Inc.`, aliases: [], cik: String(9990099 + (i % 5)).padStart(10, '0'), tickers: [], country: 'US', sedarProfile: null },
    accession: `0009990099-24-${String(i).padStart(6, '0')}`,
    form: '10-K',
    filedAt: `2024-${String((i % 12) + 1).padStart(2, '0')}-15`,
    periodEnd: null,
    source: 'edgar',
    sourceRef: 'bench',
  };
}

const SCORE: FilingScore = {
  scorerVersion: 'bench-1',
  words: 100_000,
  sentences: 4000,
  topics: perTopic(() => ({ mass: 1, factMass: 1, sentences: 1, density: 0.1, coreClaims: 0 })),
  pivotIndex: 0.1,
  factPivotIndex: 0.1,
};

/** Stores `filings` filings of `rows` evidence rows each; returns rows per second. */
export function measureStore(filings = 20, rows = 2000): { rows: number; seconds: number; rowsPerS: number } {
  const dir = mkdtempSync(join(tmpdir(), 'minerpivot-bench-store-'));
  try {
    const db = openDb(join(dir, 'bench.db'));
    const repository = new FilingRepository(db);
    const docs = Array.from({ length: filings }, (_, i) => scoredDoc(i, rows));
    const t0 = performance.now();
    docs.forEach((doc, i) => storeScoredFiling(repository, filingRef(i), [doc], SCORE, 'bench-extract'));
    const seconds = (performance.now() - t0) / 1000;
    db.close();
    return { rows: filings * rows, seconds, rowsPerS: (filings * rows) / seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
