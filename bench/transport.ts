/**
 * Transport figure: how much smaller the largest 10-K's extracted payload (text, sections, sentences)
 * is in Redis once packed by workers/transport.ts, and how long packing and unpacking take.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runExtract } from '../pipeline/stages/extract.ts';
import { sha256Hex } from '../pipeline/sources/cache.ts';
import type { FilingRef, JobPayload } from '../pipeline/core/jobs.ts';
import { packJob, unpackJob } from '../workers/transport.ts';

export interface TransportFigures {
  name: string;
  jsonMb: number;
  packedMb: number;
  packMs: number;
  unpackMs: number;
}

export async function measureTransport(corpus: string): Promise<TransportFigures | null> {
  const rel = 'riot-platforms/10-K_2024-12-31.htm';
  const path = join(corpus, rel);
  if (!existsSync(path)) return null;
  const bytes = readFileSync(path);
  const filing: FilingRef = {
    key: 'bench-riot-10k',
    issuer: { key: 'cik-0001167419', name: 'Riot Platforms, Inc.', aliases: [], cik: '0001167419', tickers: ['RIOT'], country: 'US', sedarProfile: null },
    accession: null,
    form: '10-K',
    filedAt: null,
    periodEnd: '2024-12-31',
    source: 'local',
    sourceRef: path,
  };
  const raw = { name: rel, path, sha256: sha256Hex(bytes), bytes: statSync(path).size, origin: path, documentType: '10-K' };
  const extracted = await runExtract({ stage: 'extract', filing, documents: [raw] });
  const payload: JobPayload = { stage: 'score', filing: extracted.filing, documents: extracted.documents };
  const json = JSON.stringify(payload);
  const t0 = performance.now();
  const packed = packJob(payload);
  const t1 = performance.now();
  unpackJob(JSON.parse(JSON.stringify(packed)));
  const t2 = performance.now();
  return { name: `${rel} (score job)`, jsonMb: Buffer.byteLength(json) / 1e6, packedMb: Buffer.byteLength(JSON.stringify(packed)) / 1e6, packMs: t1 - t0, unpackMs: t2 - t1 };
}
