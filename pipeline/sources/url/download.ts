/**
 * Downloads a document a researcher points at (a SEDAR+ PDF link, an issuer's
 * investor-relations page) into the raw cache, content-addressed by sha256. Not
 * for EDGAR: SEC requests go through sources/edgar (User-Agent, rate limit).
 * A URL already in the cache is not downloaded again.
 */
import { basename } from 'node:path';
import { RawCache } from '../cache.ts';
import { exhibitType } from '../local/source.ts';
import { PermanentError, TransientError } from '../../core/errors.ts';
import type { FilingRef, RawDocument } from '../../core/jobs.ts';

export interface DownloadOptions {
  /** Folder of the raw cache (config `cacheDir`). */
  cacheDir: string;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  /** Larger answers are refused (default 200 MB). */
  maxBytes?: number;
}

const USER_AGENT = 'minerpivot (research; documents added by hand, no crawling)';

/** File name for a URL: the last path segment, else the host. */
export function nameOfUrl(url: string): string {
  const u = new URL(url);
  const last = decodeURIComponent(basename(u.pathname));
  return last && last !== '/' ? last : u.hostname;
}

/** TLS error codes that no retry will fix (refused connections and unknown hosts are handled by name). */
const PERMANENT_CODES = new Set(['CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

function networkReason(error: unknown): { reason: string; permanent: boolean } {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return { reason: 'timed out', permanent: false };
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return { reason: 'connection refused (is the server up?)', permanent: true };
  if (code === 'ENOTFOUND') return { reason: 'host not found', permanent: true };
  if (code) return { reason: `cannot connect (${code})`, permanent: PERMANENT_CODES.has(code) };
  return { reason: e.cause?.message ?? e.message, permanent: false };
}

/**
 * Fetches `url` (following redirects) into the cache and describes the bytes.
 *
 * @throws PermanentError on 4xx (but 408/429), refused connections, unknown hosts and oversize answers;
 *   TransientError on 5xx, 408, 429, timeouts and dropped connections. Messages are one line and start with the URL.
 */
export async function downloadUrl(filing: FilingRef, url: string, options: DownloadOptions): Promise<RawDocument> {
  const cache = new RawCache(options.cacheDir);
  const documentType = exhibitType(filing);
  const describe = (entry: { path: string; sha256: string; bytes: number }): RawDocument => ({
    name: nameOfUrl(url),
    path: entry.path,
    sha256: entry.sha256,
    bytes: entry.bytes,
    origin: url,
    documentType,
  });
  const cached = await cache.lookup(url);
  if (cached) return describe(cached);

  const maxBytes = options.maxBytes ?? 200e6;
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: 'follow',
      headers: { 'User-Agent': USER_AGENT, 'Accept-Encoding': 'gzip, deflate' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (error) {
    const { reason, permanent } = networkReason(error);
    throw permanent ? new PermanentError(`${url}: ${reason}`) : new TransientError(`${url}: ${reason}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const reason = `${url}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if (response.status >= 500 || response.status === 408 || response.status === 429) throw new TransientError(reason);
    throw new PermanentError(reason);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new PermanentError(`${url}: ${Math.round(declared / 1e6)} MB is larger than the ${Math.round(maxBytes / 1e6)} MB limit`);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new TransientError(`${url}: download interrupted (${networkReason(error).reason})`);
  }
  if (bytes.byteLength > maxBytes) throw new PermanentError(`${url}: larger than the ${Math.round(maxBytes / 1e6)} MB limit`);
  if (bytes.byteLength === 0) throw new PermanentError(`${url}: the server sent no bytes`);
  return describe(await cache.store(url, bytes));
}
