/**
 * Reading files nobody vouches for: only regular files, never more than the cap, never
 * blocking; manifest paths kept inside the manifest's folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planFromManifest } from '../../pipeline/sources/local/manifest.ts';
import { FileRefusal, readRegularFile } from '../../pipeline/sources/local/read-file.ts';
import { tempDir } from '../helpers.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('readRegularFile', () => {
  it('reads a regular file (also through a symbolic link)', async () => {
    writeFileSync(join(tmp.dir, 'a.txt'), 'We mine bitcoin.');
    symlinkSync(join(tmp.dir, 'a.txt'), join(tmp.dir, 'link.txt'));
    expect(Buffer.from(await readRegularFile(join(tmp.dir, 'link.txt'), 1000)).toString()).toBe('We mine bitcoin.');
  });
  it('refuses a FIFO without blocking, an endless device, a directory and a missing file', async () => {
    execFileSync('mkfifo', [join(tmp.dir, 'pipe.htm')]);
    symlinkSync('/dev/zero', join(tmp.dir, 'zero.htm'));
    mkdirSync(join(tmp.dir, 'dir.htm'));
    await expect(readRegularFile(join(tmp.dir, 'pipe.htm'), 1000)).rejects.toThrow('cannot read: a FIFO (named pipe), not a regular file');
    await expect(readRegularFile(join(tmp.dir, 'zero.htm'), 1000)).rejects.toThrow('cannot read: a character device, not a regular file');
    await expect(readRegularFile(join(tmp.dir, 'dir.htm'), 1000)).rejects.toThrow('cannot read: is a directory, not a file');
    await expect(readRegularFile(join(tmp.dir, 'nope.htm'), 1000)).rejects.toThrow(FileRefusal);
  });
  it('refuses a file over the cap before reading it', async () => {
    writeFileSync(join(tmp.dir, 'big.txt'), Buffer.alloc(3 * 1024 * 1024, 97));
    await expect(readRegularFile(join(tmp.dir, 'big.txt'), 1024 * 1024)).rejects.toThrow(
      'refused: 3.0 MB is larger than the 1.0 MB limit per document (MINERPIVOT_MAX_DOCUMENT_MB)',
    );
  });
});

describe('manifest paths', () => {
  const root = join(tmp.dir, 'corpus');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'inside.htm'), '<p>x</p>');
  symlinkSync('/etc/hostname', join(root, 'escape.htm'));
  const manifest = [
    'path\tissuer\tform',
    'inside.htm\tA Corp.\t8-K',
    '../../../../etc/passwd\tA Corp.\t8-K',
    '/etc/hostname\tA Corp.\t10-K',
    'escape.htm\tA Corp.\t10-Q',
    `${'x'.repeat(10)}.htm\t${'Long '.repeat(100)}\t8-K`,
  ].join('\n');

  it('refuses absolute paths, ".." and links out of the folder, recording why on the filing', () => {
    const plan = planFromManifest(manifest, join(root, 'manifest.tsv'), root);
    expect(plan.jobs.map((j) => j.location)).toEqual([{ kind: 'file', path: join(root, 'inside.htm') }]);
    expect(plan.problems.map((p) => [p.where, p.message])).toEqual([
      ['manifest.tsv:3', `path "../../../../etc/passwd" leaves the manifest's folder ${root} (run --allow-outside to permit)`],
      ['manifest.tsv:4', 'absolute path "/etc/hostname" refused: paths are relative to the manifest\'s folder (run --allow-outside to permit)'],
      ['manifest.tsv:5', 'path "escape.htm" is a link to /etc/hostname, outside the manifest\'s folder (run --allow-outside to permit)'],
      ['manifest.tsv:6', 'issuer name of 499 characters refused: at most 300'],
    ]);
    expect(plan.problems.every((p) => p.filing !== null)).toBe(true);
    expect(plan.problems[1]!.filing!.sourceRef).toBe('/etc/hostname'); // as written, not silently moved under the folder
  });

  it('reads them with allowOutside', () => {
    const plan = planFromManifest(manifest, join(root, 'manifest.tsv'), root, { allowOutside: true });
    expect(plan.jobs).toHaveLength(4);
  });
});
