/** Job packing (workers/transport.ts): what goes into Redis comes back equal, smaller, bytes included. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExtract } from '../../pipeline/stages/extract.ts';
import { runScore } from '../../pipeline/stages/score.ts';
import { sha256Hex } from '../../pipeline/sources/cache.ts';
import { parsePayload, type FilingRef, type JobPayload } from '../../pipeline/core/jobs.ts';
import { attachableBytes, packJob, PACK_FORMAT, unpackJob } from '../../workers/transport.ts';
import { SAMPLES_DIR } from '../helpers.ts';

const path = join(SAMPLES_DIR, 'glacier-hash/10-K_2024-12-31.htm');
const filing: FilingRef = {
  key: 'doc-transport',
  issuer: { key: 'name-glacier-hash', name: 'Glacier Hash Corp.', aliases: [], cik: null, tickers: [], country: null, sedarProfile: null },
  accession: null,
  form: '10-K',
  filedAt: null,
  periodEnd: '2024-12-31',
  source: 'local',
  sourceRef: path,
};
const bytes = readFileSync(path);
const raw = { name: '10-K_2024-12-31.htm', path, sha256: sha256Hex(bytes), bytes: bytes.byteLength, origin: path, documentType: '10-K' };

/** Through Redis: JSON out and back, as BullMQ stores job data. */
const viaRedis = (data: unknown) => JSON.parse(JSON.stringify(data)) as unknown;

describe('job packing', () => {
  it('gives back the same payloads of every stage, compressed', async () => {
    const extracted = await runExtract({ stage: 'extract', filing, documents: [raw] });
    const score: JobPayload = { stage: 'score', filing, documents: extracted.documents };
    const scored = runScore(score);
    const store: JobPayload = { stage: 'store', filing, outcome: { status: 'scored', documents: scored.documents, score: scored.score } };
    const failed: JobPayload = { stage: 'store', filing, outcome: { status: 'failed', failedStage: 'extract', reason: 'x' } };
    for (const payload of [score, store, failed, { stage: 'extract', filing, documents: [raw] } as JobPayload]) {
      const packed = viaRedis(packJob(payload)) as { format: string; stage: string; filing: FilingRef };
      expect(packed.format).toBe(PACK_FORMAT);
      expect(packed.stage).toBe(payload.stage);
      expect(packed.filing).toEqual(filing);
      expect(parsePayload(unpackJob(packed).payload)).toEqual(payload);
    }
    // Even a small filing's score job is a third of its JSON (the corpus's largest 10-K: a sixth).
    expect(JSON.stringify(packJob(score)).length).toBeLessThan(JSON.stringify(score).length / 3);
  });

  it('a sentence that is not its text between its offsets keeps its own text', () => {
    const doc = { ...raw, kind: 'html' as const, encoding: 'utf-8', text: 'One. Two.', wordCount: 2, sections: [], pages: [], warnings: [] };
    const sentences = [
      { start: 0, end: 4, text: 'One.', section: null, page: null },
      { start: 5, end: 9, text: 'Other.', section: null, page: null },
    ];
    const payload: JobPayload = { stage: 'score', filing, documents: [{ ...doc, sentences }] };
    expect(parsePayload(unpackJob(viaRedis(packJob(payload))).payload)).toEqual(payload);
  });

  it('carries document bytes under the cap, none above it, and reads plain (older) job data as it is', async () => {
    const attached = await attachableBytes([raw]);
    expect(attached).not.toBeNull();
    const { attachments } = unpackJob(viaRedis(packJob({ stage: 'extract', filing, documents: [raw] }, attached!)));
    expect(Buffer.from(attachments.get(path)!).equals(bytes)).toBe(true);
    expect(await attachableBytes([raw], bytes.byteLength - 1)).toBeNull();
    const plain = { stage: 'extract', filing, documents: [raw] };
    expect(unpackJob(plain)).toEqual({ payload: plain, attachments: new Map() });
  });
});
