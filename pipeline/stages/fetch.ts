/**
 * Fetch stage: get the bytes of a filing from the source that reads its
 * location (sources/registry.ts) and describe them (path, sha256, size).
 */
import type { StageResults } from '../core/graph.ts';
import type { PayloadOf } from '../core/jobs.ts';
import type { Sources } from '../sources/registry.ts';

export async function runFetch(payload: PayloadOf<'fetch'>, sources: Sources): Promise<StageResults['fetch']> {
  return { filing: payload.filing, documents: await sources.fetch(payload.filing, payload.location) };
}
