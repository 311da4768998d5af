import { describe, expect, it } from 'vitest';
import { failureJob, nextJob } from '../../pipeline/core/graph.ts';
import { jobId, parsePayload, STAGES, type FilingRef } from '../../pipeline/core/jobs.ts';

const filing: FilingRef = {
  key: '0009990002-25-000123',
  issuer: { key: 'cik-0009990002', name: 'Redwater', aliases: [], cik: '0009990002', tickers: ['RDWX'], country: 'US', sedarProfile: null },
  accession: '0009990002-25-000123',
  form: '8-K',
  filedAt: '2025-03-12',
  periodEnd: null,
  source: 'local',
  sourceRef: '/x/8-K.txt',
};

describe('pipeline graph', () => {
  it('runs fetch -> extract -> score -> store and ends after store', () => {
    expect(nextJob('fetch', { filing, documents: [] })?.stage).toBe('extract');
    expect(nextJob('extract', { filing, documents: [] })?.stage).toBe('score');
    const store = nextJob('score', { filing, documents: [], score: {} as never });
    expect(store).toMatchObject({ stage: 'store', outcome: { status: 'scored' } });
    expect(nextJob('store', { filing })).toBeNull();
  });

  it('routes a failure to the store stage with its stage and reason', () => {
    expect(failureJob(filing, 'extract', 'x.bin: binary data')).toEqual({
      stage: 'store',
      filing,
      outcome: { status: 'failed', failedStage: 'extract', reason: 'x.bin: binary data' },
    });
  });
});

describe('job catalogue', () => {
  it('accepts a valid payload read back from Redis', () => {
    const payload = parsePayload(JSON.parse(JSON.stringify({ stage: 'fetch', filing, location: { kind: 'file', path: '/x/8-K.txt' } })));
    expect(payload.stage).toBe('fetch');
  });

  it('refuses a malformed payload with one line naming the field', () => {
    expect(() => parsePayload({ stage: 'fetch', filing: { ...filing, filedAt: '12 March 2025' }, location: { kind: 'file', path: '/x' } })).toThrow(
      /^invalid job payload at filing\.filedAt: expected YYYY-MM-DD$/,
    );
    expect(() => parsePayload({ stage: 'bake' })).toThrow(/invalid job payload/);
  });

  it('derives deterministic job ids without colons (BullMQ reserves them)', () => {
    for (const stage of STAGES) {
      expect(jobId(stage, filing.key)).toBe(jobId(stage, filing.key));
      expect(jobId(stage, filing.key)).not.toContain(':');
    }
  });
});
