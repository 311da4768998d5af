/**
 * Fetch stage: get the bytes of a filing and describe them (path, sha256, size).
 * Local files are read where they are; nothing is copied.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { PermanentError } from '../errors.ts';
import type { StageResults } from '../graph.ts';
import type { PayloadOf } from '../jobs.ts';

export interface FetchDeps {
  readFile(path: string): Promise<Uint8Array>;
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
