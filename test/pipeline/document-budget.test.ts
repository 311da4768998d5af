/**
 * The time budget and the text cap of one document: past either the filing fails for good
 * with its reason (and the run goes on, test/e2e/hostile-documents.test.ts); pdf.js, which
 * never yields to a timer, is stopped by ending its thread.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractionError } from '../../extractors/types.ts';
import { PermanentError } from '../../pipeline/core/errors.ts';
import type { FilingRef, RawDocument } from '../../pipeline/core/jobs.ts';
import { localExtractDeps, runExtract } from '../../pipeline/stages/extract.ts';
import { threadPdfReader } from '../../pipeline/stages/pdf-thread.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { buildPdf } from '../support/hostile-documents.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const filing: FilingRef = {
  key: 'doc-test',
  issuer: { key: 'name-a', name: 'A Corp.', aliases: [], cik: null, tickers: [], country: null, sedarProfile: null },
  accession: null,
  form: '8-K',
  filedAt: null,
  periodEnd: null,
  source: 'local',
  sourceRef: 'a.txt',
};

function rawDocument(name: string, text: string): RawDocument {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return { name, path, sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text), origin: name, documentType: null };
}

const PROSE = 'We host AI workloads at our data center in Texas. We mine bitcoin with our own fleet. ';

describe('extract stage limits', () => {
  it('fails a filing whose extraction runs past the budget', async () => {
    let clock = 0;
    const deps = { ...localExtractDeps, budgetMs: 1000, now: () => (clock += 600) };
    const payload = { stage: 'extract' as const, filing, documents: [rawDocument('slow.txt', PROSE.repeat(100))] };
    await expect(runExtract(payload, deps)).rejects.toThrow(PermanentError);
    await expect(runExtract(payload, { ...deps, now: () => (clock += 600) })).rejects.toThrow(/over the 1 s budget per document \(MINERPIVOT_DOCUMENT_SECONDS\)/);
    expect((await runExtract(payload, { ...localExtractDeps, budgetMs: 60_000 })).documents).toHaveLength(1);
  });

  it('refuses a text too long to score', async () => {
    const payload = { stage: 'extract' as const, filing, documents: [rawDocument('long.txt', PROSE.repeat(200))] };
    // Within 1.25 times the cap the text is cleaned, then refused; beyond, refused before cleaning.
    await expect(runExtract(payload, { ...localExtractDeps, maxTextChars: 15_000 })).rejects.toThrow(
      /long\.txt: refused: long\.txt holds 0\.0 million characters of text, over the 0\.0 million limit per document \(MINERPIVOT_MAX_TEXT_CHARS\); scoring it would take minutes/,
    );
    await expect(runExtract(payload, { ...localExtractDeps, maxTextChars: 5000 })).rejects.toThrow(
      /long\.txt: refused: long\.txt holds 0\.0 million characters of plain text, over 1\.25 times the 0\.0 million limit per document \(MINERPIVOT_MAX_TEXT_CHARS\)/,
    );
  });

  it('inspect stops at the text cap and at the time budget, in one line', async () => {
    const path = join(tmp.dir, 'inspect.txt');
    writeFileSync(path, PROSE.repeat(2000));
    const capped = await cli(['inspect', path], { MINERPIVOT_MAX_TEXT_CHARS: '10000' });
    expect(capped.code).toBe(2);
    expect(capped.err).toMatch(/refused: inspect\.txt holds 0\.2 million characters of plain text, over 1\.25 times the 0\.0 million limit/);
    const late = await cli(['inspect', path], { MINERPIVOT_DOCUMENT_SECONDS: '0.001' });
    expect(late.code).toBe(2);
    expect(late.err).toMatch(/^minerpivot inspect: .*inspect\.txt: stopped after 0\.001 s at sentence \d+ of \d+ \(MINERPIVOT_DOCUMENT_SECONDS\)$/);
  });
});

describe('threadPdfReader', () => {
  const lines = Array.from({ length: 40 }, (_, i) => `(${PROSE} line ${i}) '`).join(' ');
  const pdf = buildPdf(Array.from({ length: 300 }, () => ({ data: deflateSync(`BT /F1 10 Tf 50 750 Td 12 TL ${lines} ET`), filter: 'FlateDecode' })));

  it('reads the pages of a PDF in its own thread', async () => {
    const pages = await threadPdfReader({ timeLimitMs: 120_000 })(pdf.subarray(0, pdf.length), 'a.pdf');
    expect(pages).toHaveLength(300);
    expect(pages[0]).toContain('We host AI workloads');
  });

  it('ends the thread of a PDF that takes longer than its time limit', async () => {
    await expect(threadPdfReader({ timeLimitMs: 50 })(pdf, 'slow.pdf')).rejects.toThrow(ExtractionError);
    await expect(threadPdfReader({ timeLimitMs: 50 })(pdf, 'slow.pdf')).rejects.toThrow(/^PDF not read in time: slow\.pdf took more than [\d.]+ s \(MINERPIVOT_DOCUMENT_SECONDS\)$/);
  });
});
