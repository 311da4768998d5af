/** Documents at an http(s) URL a researcher points at, downloaded into the raw cache. */
import { z } from 'zod';
import type { FilingRef, RawDocument } from '../../core/jobs.ts';
import type { Source } from '../source.ts';
import { downloadUrl, type DownloadOptions } from './download.ts';

export const UrlLocationSchema = z.object({ kind: z.literal('url'), url: z.string().regex(/^https?:\/\/\S+$/i, 'expected an http(s) URL') });
export type UrlLocation = z.infer<typeof UrlLocationSchema>;

export function urlSource(options: DownloadOptions): Source<UrlLocation> {
  return {
    kind: 'url',
    summary: 'a document at an http(s) URL, downloaded into the raw cache (not for EDGAR)',
    location: UrlLocationSchema,
    async fetch(filing: FilingRef, location: UrlLocation): Promise<RawDocument[]> {
      return [await downloadUrl(filing, location.url, options)];
    },
  };
}
