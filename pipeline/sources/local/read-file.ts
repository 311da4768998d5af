/**
 * Reading a document file that nobody vouches for: only regular files, never
 * more than a cap. A FIFO named `.htm` would block a plain `readFile` forever,
 * `/dev/zero` behind a symlink would fill memory, and a 600 MB sparse file costs
 * nothing on disk but 600 MB to read: each is refused by its kind or size before
 * a byte is read, and the file is opened non-blocking, so a FIFO swapped in
 * between the check and the open cannot block either.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** Why a file cannot be read, for one line on the filing row. */
export class FileRefusal extends Error {
  override readonly name = 'FileRefusal';
}

const MB = 1024 * 1024;

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return (error as Error).message ?? String(error);
}

/** `12.3 MB`. */
export function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}

/**
 * The bytes of the regular file at `path` (symbolic links followed), at most `maxBytes`.
 *
 * @throws FileRefusal naming why: missing, not a regular file (directory, FIFO, device,
 *   socket), larger than `maxBytes`, or grown past it while being read
 */
export async function readRegularFile(path: string, maxBytes: number, limitName = 'MINERPIVOT_MAX_DOCUMENT_MB'): Promise<Uint8Array> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw new FileRefusal(`cannot read: ${reasonOf(error)}`);
  }
  if (info.isDirectory()) throw new FileRefusal('cannot read: is a directory, not a file');
  if (!info.isFile()) throw new FileRefusal(`cannot read: ${kindOf(info)}, not a regular file`);
  const tooBig = (size: number) =>
    new FileRefusal(`refused: ${megabytes(size)} is larger than the ${megabytes(maxBytes)} limit per document (${limitName})`);
  if (info.size > maxBytes) throw tooBig(info.size);

  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new FileRefusal(`cannot read: ${reasonOf(error)}`);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw new FileRefusal(`cannot read: ${kindOf(opened)}, not a regular file`);
    if (opened.size > maxBytes) throw tooBig(opened.size);
    // Read what fstat says plus one byte: a file still growing past the cap is refused, not followed.
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes, opened.size) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) {
        if (filled > maxBytes) throw tooBig(filled);
        break; // grew by a byte or so after fstat, still within the cap: take what fstat promised and that byte
      }
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
  } finally {
    await handle.close();
  }
}
