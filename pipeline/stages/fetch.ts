/**
 * Fetch stage: get the bytes of a filing and describe them (path, sha256, size).
 * Local files are read where they are; nothing is copied.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { PermanentError } from '../core/errors.ts';
import type { StageResults } from '../core/graph.ts';
import type { FilingRef, Location, PayloadOf, RawDocument } from '../core/jobs.ts';

export interface FetchDeps {
  readFile(path: string): Promise<Uint8Array>;
  /** Downloads an EDGAR filing into the raw cache (pipeline/edgar); absent where only local files are read. */
  edgar?: { fetchFiling(filing: FilingRef, location: Extract<Location, { kind: 'edgar' }>): Promise<RawDocument[]> };
  /** Downloads a document at an http(s) URL into the raw cache (pipeline/download.ts); absent where only local files are read. */
  url?: { download(filing: FilingRef, url: string): Promise<RawDocument> };
}

export const localFetchDeps: FetchDeps = { readFile: (path) => readFile(path) };

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return (error as Error).message ?? String(error);
}

export async function runFetch(payload: PayloadOf<'fetch'>, deps: FetchDeps = localFetchDeps): Promise<StageResults['fetch']> {
  if (payload.location.kind === 'edgar') {
    if (!deps.edgar) throw new Error('fetch: an EDGAR filing needs an EDGAR client (set SEC_USER_AGENT)');
    return { filing: payload.filing, documents: await deps.edgar.fetchFiling(payload.filing, payload.location) };
  }
  if (payload.location.kind === 'url') {
    if (!deps.url) throw new Error('fetch: a URL needs a downloader and a raw cache (run it with "minerpivot add")');
    return { filing: payload.filing, documents: [await deps.url.download(payload.filing, payload.location.url)] };
  }
  const path = resolve(payload.location.path);
  let bytes: Uint8Array;
  try {
    bytes = await deps.readFile(path);
  } catch (error) {
    throw new PermanentError(`${payload.location.path}: cannot read: ${reasonOf(error)}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    filing: payload.filing,
    documents: [
      {
        name: basename(path),
        path,
        sha256,
        bytes: bytes.byteLength,
        origin: payload.location.path,
        documentType: /^EX-/i.test(payload.filing.form) ? payload.filing.form.toUpperCase() : null,
      },
    ],
  };
}
