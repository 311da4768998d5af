/**
 * Local files: read where they are, nothing copied. Manifests, sec-edgar-downloader
 * folders and researchers' files all reach the pipeline as `file` locations.
 */
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { PermanentError } from '../../core/errors.ts';
import type { FilingRef, RawDocument } from '../../core/jobs.ts';
import type { Source } from '../source.ts';
import { FileRefusal, readRegularFile } from './read-file.ts';

export const FileLocationSchema = z.object({ kind: z.literal('file'), path: z.string().min(1) });
export type FileLocation = z.infer<typeof FileLocationSchema>;

export interface LocalFileOptions {
  /** Larger files are refused (config `maxDocumentMb`). */
  maxBytes: number;
}

/** The document type of a file filed as an exhibit (`EX-99.1`); null for a primary document. */
export function exhibitType(filing: FilingRef): string | null {
  return /^EX-/i.test(filing.form) ? filing.form.toUpperCase() : null;
}

export function localFileSource(options: LocalFileOptions): Source<FileLocation> {
  return {
    kind: 'file',
    summary: 'a file on this machine, read where it is',
    location: FileLocationSchema,
    async fetch(filing: FilingRef, location: FileLocation): Promise<RawDocument[]> {
      const path = resolve(location.path);
      let bytes: Uint8Array;
      try {
        bytes = await readRegularFile(path, options.maxBytes);
      } catch (error) {
        if (error instanceof FileRefusal) throw new PermanentError(`${location.path}: ${error.message}`);
        throw error;
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return [{ name: basename(path), path, sha256, bytes: bytes.byteLength, origin: location.path, documentType: exhibitType(filing) }];
    },
  };
}
