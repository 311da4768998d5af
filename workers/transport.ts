/**
 * How a job travels through Redis between machines that share no folder.
 *
 * - Compressed: the payload (the extracted text, sentences and evidence of a filing: megabytes of JSON)
 *   is stored brotli-compressed and base64-encoded under `packed`; only `stage` and `filing` stay
 *   readable for `status` and Redis tools. A sentence whose text is its document's text between its
 *   offsets (all of them, from splitSentences) travels as offsets only.
 * - With its bytes: an extract job carries the documents the fetch worker downloaded (its raw cache is
 *   on its own disk), up to {@link ATTACHED_BYTES_CAP} per job. A filing above the cap is extracted by
 *   the fetch worker itself (fetch and extract as one job, see stage-worker.ts), so its bytes never
 *   travel: the cap bounds what one job holds in Redis and in a worker's memory.
 *
 * Jobs written before this format (plain payloads) are still read.
 */
import { readFile } from 'node:fs/promises';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { JobPayload, RawDocument } from '../pipeline/core/jobs.ts';

/** Raw document bytes one extract job may carry (the largest 10-K of the corpus is 3.7 MB; full submissions with exhibits reach tens). */
export const ATTACHED_BYTES_CAP = 16 * 1024 * 1024;

export const PACK_FORMAT = 'mp-br-1';

/** What a job holds in Redis. */
export interface PackedJob {
  format: typeof PACK_FORMAT;
  stage: JobPayload['stage'];
  filing: JobPayload['filing'];
  /** base64 of brotli(header length (4 bytes, big-endian) + header JSON + attached bytes, in header order). */
  packed: string;
}

/** Document bytes that travel with an extract job, by the RawDocument path they were read from. */
export type Attachments = Map<string, Uint8Array>;

interface Header {
  payload: unknown;
  files: Array<{ path: string; length: number }>;
}

type Span = { start: number; end: number; text?: string; [k: string]: unknown };

/** Drops each sentence's (or evidence row's) text when it is the document's text between its offsets. */
function stripSpans(payload: JobPayload): unknown {
  const strip = (doc: { text: string }, spans: readonly Span[]) => spans.map((s) => (s.text === doc.text.slice(s.start, s.end) ? { ...s, text: undefined } : s));
  if (payload.stage === 'score') {
    return { ...payload, documents: payload.documents.map((d) => ({ ...d, sentences: strip(d, d.sentences) })) };
  }
  if (payload.stage === 'store' && payload.outcome.status === 'scored') {
    const documents = payload.outcome.documents.map((d) => ({ ...d, evidence: strip(d, d.evidence) }));
    return { ...payload, outcome: { ...payload.outcome, documents } };
  }
  return payload;
}

function restoreSpans(payload: Record<string, unknown>): unknown {
  const outcome = payload['outcome'] as { documents?: unknown } | undefined;
  const docs = (payload['documents'] ?? outcome?.documents) as Array<{ text?: unknown; sentences?: Span[]; evidence?: Span[] }> | undefined;
  if (!Array.isArray(docs)) return payload;
  for (const doc of docs) {
    if (typeof doc.text !== 'string') continue;
    for (const spans of [doc.sentences, doc.evidence]) {
      if (!Array.isArray(spans)) continue;
      for (const s of spans) if (s.text === undefined || s.text === null) s.text = doc.text.slice(s.start, s.end);
    }
  }
  return payload;
}

/** The job data for a payload, with the bytes of its documents attached when given. */
export function packJob(payload: JobPayload, attachments: Attachments = new Map()): PackedJob {
  const files = [...attachments].map(([path, bytes]) => ({ path, bytes }));
  const header = Buffer.from(JSON.stringify({ payload: stripSpans(payload), files: files.map((f) => ({ path: f.path, length: f.bytes.byteLength })) } satisfies Header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.byteLength);
  const raw = Buffer.concat([length, header, ...files.map((f) => f.bytes)]);
  const packed = brotliCompressSync(raw, {
    params: {
      // Quality 5 compresses ~10x at tens of MB/s; the 16 MB window finds the repeats of a long filing.
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength,
    },
  });
  return { format: PACK_FORMAT, stage: payload.stage, filing: payload.filing, packed: packed.toString('base64') };
}

/** Reads job data back: the payload (still to be validated by parsePayload) and any attached bytes. */
export function unpackJob(data: unknown): { payload: unknown; attachments: Attachments } {
  const job = data as Partial<PackedJob> | null;
  if (!job || job.format !== PACK_FORMAT || typeof job.packed !== 'string') return { payload: data, attachments: new Map() };
  const raw = brotliDecompressSync(Buffer.from(job.packed, 'base64'));
  const headerLength = raw.readUInt32BE(0);
  const header = JSON.parse(raw.subarray(4, 4 + headerLength).toString('utf8')) as Header;
  const attachments: Attachments = new Map();
  let offset = 4 + headerLength;
  for (const f of header.files) {
    attachments.set(f.path, new Uint8Array(raw.buffer, raw.byteOffset + offset, f.length));
    offset += f.length;
  }
  return { payload: restoreSpans(header.payload as Record<string, unknown>), attachments };
}

/**
 * The bytes of an extract job's documents, read where the fetch worker left them, or null when
 * together they exceed the cap (the fetch worker then extracts the filing itself).
 */
export async function attachableBytes(documents: readonly RawDocument[], cap = ATTACHED_BYTES_CAP): Promise<Attachments | null> {
  const total = documents.reduce((n, d) => n + d.bytes, 0);
  if (total > cap) return null;
  const attachments: Attachments = new Map();
  for (const d of documents) attachments.set(d.path, await readFile(d.path));
  return attachments;
}
