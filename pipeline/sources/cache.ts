/**
 * The raw document cache on disk, content-addressed by sha256.
 *
 * `objects/ab/<sha256>` holds the bytes; `urls/<sha256 of the URL>.json` maps a
 * URL to the sha256 it last returned and when. Archives documents never change,
 * so a rerun or rescore reads them from here and never downloads them again;
 * API answers (submissions JSON, company_tickers.json) are reused only while
 * younger than the caller's `maxAgeMs`. Writes go through a temporary file and a
 * rename, so several processes can share one cache folder.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A cached answer to one URL. */
export interface CacheEntry {
  url: string;
  sha256: string;
  /** Absolute path of the bytes. */
  path: string;
  bytes: number;
  /** Epoch ms of the download. */
  fetchedAt: number;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export class RawCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** Where the bytes of a sha256 live. */
  objectPath(sha256: string): string {
    return join(this.dir, 'objects', sha256.slice(0, 2), sha256);
  }

  private urlRecordPath(url: string): string {
    return join(this.dir, 'urls', `${sha256Hex(url)}.json`);
  }

  /** The cached answer to `url`, if any and not older than `maxAgeMs`. */
  async lookup(url: string, maxAgeMs = Number.POSITIVE_INFINITY, now = Date.now()): Promise<CacheEntry | null> {
    let record: Omit<CacheEntry, 'path'>;
    try {
      record = JSON.parse(await readFile(this.urlRecordPath(url), 'utf8')) as Omit<CacheEntry, 'path'>;
    } catch {
      return null;
    }
    if (record.url !== url || now - record.fetchedAt > maxAgeMs) return null;
    const path = this.objectPath(record.sha256);
    try {
      const info = await stat(path);
      if (info.size !== record.bytes) return null;
    } catch {
      return null; // the object was pruned: download again
    }
    return { ...record, path };
  }

  async read(entry: CacheEntry): Promise<Uint8Array> {
    return readFile(entry.path);
  }

  /** Stores the answer to `url`; identical bytes from two URLs share one object. */
  async store(url: string, bytes: Uint8Array, now = Date.now()): Promise<CacheEntry> {
    const sha256 = sha256Hex(bytes);
    const path = this.objectPath(sha256);
    await writeAtomically(path, bytes, true);
    const record = { url, sha256, bytes: bytes.byteLength, fetchedAt: now };
    await writeAtomically(this.urlRecordPath(url), JSON.stringify(record), false);
    return { ...record, path };
  }
}

async function writeAtomically(path: string, data: Uint8Array | string, skipIfPresent: boolean): Promise<void> {
  if (skipIfPresent) {
    try {
      await stat(path);
      return; // content-addressed: same name, same bytes
    } catch {
      // not there yet
    }
  }
  const dir = resolve(path, '..');
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${randomUUID()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
