/**
 * The one interface every source implements: how the bytes of a filing at a
 * location of its kind reach the raw documents the extract stage reads. How a
 * source plans its filings (a manifest, an EDGAR query, a researcher's CSV)
 * differs too much to share a shape; each folder exports its planning functions.
 */
import type { z } from 'zod';
import type { FilingRef, Location, RawDocument } from '../core/jobs.ts';

export interface Source<L extends Location = Location> {
  /** The `kind` of the locations this source fetches (`file`, `edgar`, `url`). */
  kind: L['kind'];
  /** One line for docs and errors. */
  summary: string;
  /** Validates a location, e.g. one read back from Redis: a bad one fails its filing for good. */
  location: z.ZodType<L>;
  /** The filing's documents as bytes on disk (the primary document first). */
  fetch(filing: FilingRef, location: L): Promise<RawDocument[]>;
}
