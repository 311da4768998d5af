/**
 * Downloads a document a researcher points at (a SEDAR+ PDF link, an issuer's
 * investor-relations page) into the raw cache, content-addressed by sha256. Not
 * for EDGAR: SEC requests go through sources/edgar (User-Agent, rate limit).
 * A URL already in the cache is not downloaded again.
 *
 * The URL is untrusted (it may come from a shared CSV), so: http and https only;
 * every connection's address is checked after DNS, on every redirect, and refused
 * when it is not on the public internet (guard.ts) unless `allowPrivate`; at most
 * {@link MAX_REDIRECTS} redirects; the size cap is enforced while the body streams
 * in, on the bytes after gzip/deflate decoding; one time limit covers the whole
 * download; a user name and password in the URL are sent as Basic authentication
 * and appear in no message, row or cache record.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { basename } from 'node:path';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { RawCache } from '../cache.ts';
import { exhibitType } from '../local/source.ts';
import { PermanentError, TransientError } from '../../core/errors.ts';
import type { FilingRef, RawDocument } from '../../core/jobs.ts';
import { privateAddressReason, redactUrl } from './guard.ts';

export interface DownloadOptions {
  /** Folder of the raw cache (config `cacheDir`). */
  cacheDir: string;
  /** Time limit of the whole download, redirects included (default 120 s; config `downloadSeconds`). */
  timeoutMs?: number;
  /** Larger answers (after decompression) are refused (default 100 MB; config `maxDocumentMb`). */
  maxBytes?: number;
  /** Let URLs reach loopback, private and link-local addresses (`add --allow-private`; tests on 127.0.0.1). */
  allowPrivate?: boolean;
}

/** Browsers stop at 20; a document link needs a few at most. */
export const MAX_REDIRECTS = 5;

const USER_AGENT = 'minerpivot (research; documents added by hand, no crawling)';

/** File name for a URL: the last path segment, else the host. */
export function nameOfUrl(url: string): string {
  const u = new URL(url);
  let last = basename(u.pathname);
  try {
    last = decodeURIComponent(last);
  } catch {
    // "%E0%A4%A" is no escape: keep the segment as written
  }
  return last && last !== '/' ? last : u.hostname;
}

/** TLS error codes that no retry will fix (refused connections and unknown hosts are handled by name). */
const PERMANENT_CODES = new Set(['CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']);

/** A refusal decided here (address, size, redirect): permanent, with its one-line reason. */
class Refused extends Error {}

function networkError(error: unknown, where: string): Error {
  if (error instanceof PermanentError || error instanceof TransientError) return error;
  const e = error as NodeJS.ErrnoException;
  if (e instanceof Refused) return new PermanentError(`${where}: ${e.message}`);
  const code = e.code;
  if (code === 'ECONNREFUSED') return new PermanentError(`${where}: connection refused (is the server up?)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new PermanentError(`${where}: host not found`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return new TransientError(`${where}: connection reset`);
  if (code === 'ETIMEDOUT') return new TransientError(`${where}: timed out`);
  if (code && PERMANENT_CODES.has(code)) return new PermanentError(`${where}: TLS certificate problem (${code})`);
  if (code) return new TransientError(`${where}: cannot connect (${code})`);
  return new TransientError(`${where}: ${e.message?.split('\n')[0] ?? String(e)}`);
}

/** A DNS lookup that refuses non-public addresses: used for every connection, so DNS cannot be raced. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return ((hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      if (!allowPrivate) {
        for (const a of list) {
          const reason = privateAddressReason(a.address);
          if (reason) {
            return callback(new Refused(`refused: ${hostname} is ${a.address}, ${reason} (add --allow-private to permit)`) as NodeJS.ErrnoException, '', 0);
          }
        }
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

function decoderFor(encoding: string | undefined): Transform | null {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === 'gzip' || e === 'x-gzip') return createGunzip();
  if (e === 'deflate') return createInflate();
  if (e === 'br') return createBrotliDecompress();
  return null;
}

interface Answer {
  status: number;
  statusText: string;
  location: string | null;
  body: Uint8Array | null;
}

/** One request, body read (capped) only for a 2xx answer. */
function requestOnce(url: URL, options: Required<Pick<DownloadOptions, 'maxBytes' | 'allowPrivate'>>, signal: AbortSignal, display: string): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, 'Accept-Encoding': 'gzip, deflate, br' };
    if (url.username || url.password) {
      headers.Authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // The host as the URL parser normalised it: "2130706433" and "0x7f.1" are 127.0.0.1 by now.
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate) {
      const reason = /^[\d.]+$|:/.test(hostname) ? privateAddressReason(hostname) : null;
      if (reason && reason !== 'not an IP address') {
        return reject(new Refused(`refused: ${hostname} is ${reason} (add --allow-private to permit)`));
      }
    }
    const req = send(
      {
        protocol: url.protocol,
        hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        lookup: guardedLookup(options.allowPrivate),
        signal,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const answer = { status, statusText: res.statusMessage ?? '', location: res.headers.location ?? null };
        if (status < 200 || status >= 300) {
          res.resume();
          return resolve({ ...answer, body: null });
        }
        const declared = Number(res.headers['content-length'] ?? NaN);
        const encoded = decoderFor(res.headers['content-encoding']);
        if (Number.isFinite(declared) && declared > options.maxBytes && !encoded) {
          setImmediate(() => res.destroy());
          return reject(new Refused(`${Math.round(declared / 1e6)} MB is larger than the ${Math.round(options.maxBytes / 1e6)} MB limit per document (MINERPIVOT_MAX_DOCUMENT_MB)`));
        }
        const stream = encoded ? res.pipe(encoded) : res;
        const chunks: Buffer[] = [];
        let size = 0;
        let raw = 0;
        res.on('data', (c: Buffer) => (raw += c.length));
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            // Reject first: destroying the response emits "aborted", which would reject with its own reason.
            reject(new Refused(`larger than the ${Math.round(options.maxBytes / 1e6)} MB limit per document${encoded ? ' once decompressed' : ''} (MINERPIVOT_MAX_DOCUMENT_MB); download stopped`));
            res.destroy();
            stream.destroy();
            return;
          }
          chunks.push(chunk);
        });
        stream.on('end', () => {
          if (Number.isFinite(declared) && !encoded && raw < declared) {
            return reject(new TransientError(`${display}: download cut short: ${raw} of ${declared} bytes`));
          }
          resolve({ ...answer, body: Buffer.concat(chunks) });
        });
        stream.on('error', (error: NodeJS.ErrnoException) => {
          if (encoded && error.code?.startsWith('Z_')) reject(new Refused(`the server sent a corrupt ${res.headers['content-encoding']} body`));
          else reject(error);
        });
        res.on('aborted', () => reject(new TransientError(`${display}: download interrupted`)));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Fetches `url` (following up to {@link MAX_REDIRECTS} redirects) into the cache and describes the bytes.
 *
 * @throws PermanentError on 4xx (but 408/429), refused connections, unknown hosts, refused addresses,
 *   oversize answers, too many redirects and redirects to other schemes;
 *   TransientError on 5xx, 408, 429, timeouts and dropped connections. Messages are one line and start with the URL
 *   (without its credentials).
 */
export async function downloadUrl(filing: FilingRef, url: string, options: DownloadOptions): Promise<RawDocument> {
  const display = redactUrl(url);
  const cache = new RawCache(options.cacheDir);
  const documentType = exhibitType(filing);
  const describe = (entry: { path: string; sha256: string; bytes: number }): RawDocument => ({
    name: nameOfUrl(display),
    path: entry.path,
    sha256: entry.sha256,
    bytes: entry.bytes,
    origin: display,
    documentType,
  });
  const cached = await cache.lookup(display);
  if (cached) return describe(cached);

  const limits = { maxBytes: options.maxBytes ?? 100 * 1024 * 1024, allowPrivate: options.allowPrivate ?? false };
  const timeoutMs = options.timeoutMs ?? 120_000;
  const signal = AbortSignal.timeout(timeoutMs);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new PermanentError(`${display}: not a URL`);
  }
  const seen = new Set<string>();
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new PermanentError(`${display}: ${hop === 0 ? '' : 'redirected to '}a ${current.protocol} URL refused: only http and https`);
    }
    let answer: Answer;
    try {
      answer = await requestOnce(current, limits, signal, display);
    } catch (error) {
      if (signal.aborted || (error as Error).name === 'AbortError') {
        throw new TransientError(`${display}: timed out after ${Math.round(timeoutMs / 1000)} s (MINERPIVOT_DOWNLOAD_SECONDS)`);
      }
      throw networkError(error, display);
    }
    const { status } = answer;
    if (status >= 300 && status < 400 && answer.location) {
      let next: URL;
      try {
        next = new URL(answer.location, current);
      } catch {
        throw new PermanentError(`${display}: redirected to a bad URL`);
      }
      if (seen.has(next.href) || next.href === current.href) throw new PermanentError(`${display}: redirect loop (back to ${redactUrl(next)})`);
      if (hop + 1 > MAX_REDIRECTS) throw new PermanentError(`${display}: more than ${MAX_REDIRECTS} redirects`);
      seen.add(current.href);
      // Credentials go to the host they were written for, never on to another.
      if (next.host !== current.host) {
        next.username = '';
        next.password = '';
      } else if (!next.username && current.username) {
        next.username = current.username;
        next.password = current.password;
      }
      current = next;
      continue;
    }
    if (status < 200 || status >= 300) {
      const reason = `${display}: HTTP ${status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
      if (status >= 500 || status === 408 || status === 429) throw new TransientError(reason);
      throw new PermanentError(reason);
    }
    const bytes = answer.body ?? new Uint8Array();
    if (bytes.byteLength === 0) throw new PermanentError(`${display}: the server sent no bytes`);
    return describe(await cache.store(display, bytes));
  }
}
