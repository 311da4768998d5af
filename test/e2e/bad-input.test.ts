/**
 * User mistakes give one line naming the file, the other filings still run,
 * and the failure is recorded on the filing row.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { cli } from '../cli.ts';
import { SAMPLES_DIR, tempDir } from '../helpers.ts';

describe('bad input', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('refuses a missing directory in one line', async () => {
    const { code, err, out } = await cli(['run', '--dir', join(tmp.dir, 'nope'), '--db', join(tmp.dir, 'x.db')]);
    expect(code).toBe(2);
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toMatch(/directory not found: .*nope/);
    expect(out).toBe('');
  });

  it('refuses unknown flags and commands without a stack trace', async () => {
    const flag = await cli(['run', '--sample']);
    expect(flag.code).toBe(2);
    expect(flag.err).toMatch(/Unknown option '--sample'/);
    expect(flag.err).not.toMatch(/\n\s+at /);
    const command = await cli(['frobnicate']);
    expect(command.code).toBe(2);
    expect(command.err).toMatch(/unknown command "frobnicate"/);
  });

  it('prints help for every command', async () => {
    for (const name of ['run', 'issuers']) {
      const { code, out } = await cli([name, '--help']);
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`^minerpivot ${name}:`));
      expect(out).toMatch(/--db PATH/);
    }
    const top = await cli(['--help']);
    expect(top.out).toMatch(/SEC_USER_AGENT/);
  });

  it('records missing, unreadable, unknown-type files and malformed lines, and processes the rest', async () => {
    const dir = join(tmp.dir, 'mixed');
    mkdirSync(dir);
    copyFileSync(join(SAMPLES_DIR, 'glacier-hash', '10-K_2024-12-31.htm'), join(dir, 'good.htm'));
    writeFileSync(join(dir, 'garbage.bin'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0xff, 0xfe, 0x00, 0x01, 0x02, 0x03, 0x9c, 0x88]));
    mkdirSync(join(dir, 'a-directory.htm'));
    writeFileSync(
      join(dir, 'manifest.tsv'),
      [
        'path\tissuer\tcik\tticker\tform\tfiling_date\tperiod_end\tcountry\tnotes',
        'good.htm\tGood Hash Inc.\t\tGOOD\t10-K\t2025-03-01\t2024-12-31\tUS\t',
        'missing.htm\tGood Hash Inc.\t\tGOOD\t10-Q\t2025-05-01\t\tUS\t',
        'garbage.bin\tGood Hash Inc.\t\tGOOD\t8-K\t2025-06-01\t\tUS\t',
        'a-directory.htm\tGood Hash Inc.\t\tGOOD\t8-K\t2025-07-01\t\tUS\t',
        'this line is malformed',
        'bad-date.htm\tGood Hash Inc.\t\tGOOD\t8-K\t2025-02-30\t\tUS\t',
      ].join('\n'),
    );
    const db = join(tmp.dir, 'mixed.db');
    const { code, err } = await cli(['run', '--dir', dir, '--db', db]);
    // Some filings failed: exit 1, after the others were stored.
    expect(code).toBe(1);
    const lines = err.split('\n').filter((l) => /FAILED|manifest\.tsv:/.test(l));
    expect(lines.some((l) => /missing\.htm: cannot read: file not found/.test(l))).toBe(true);
    expect(lines.some((l) => /garbage\.bin/.test(l))).toBe(true);
    expect(lines.some((l) => /a-directory\.htm: cannot read: is a directory/.test(l))).toBe(true);
    expect(lines.some((l) => /manifest\.tsv:6: malformed line/.test(l))).toBe(true);
    expect(lines.some((l) => /manifest\.tsv:7: bad filing_date "2025-02-30"/.test(l))).toBe(true);
    expect(err).not.toMatch(/\n\s+at /);

    const handle = openDb(db);
    const rows = handle.prepare('SELECT source_ref, status, failed_stage, error_reason FROM filings ORDER BY id').all() as Array<{
      source_ref: string;
      status: string;
      failed_stage: string | null;
      error_reason: string | null;
    }>;
    handle.close();
    const byFile = (name: string) => rows.find((r) => r.source_ref.endsWith(name));
    expect(byFile('good.htm')?.status).toBe('stored');
    expect(byFile('missing.htm')).toMatchObject({ status: 'failed', failed_stage: 'fetch' });
    expect(byFile('garbage.bin')).toMatchObject({ status: 'failed', failed_stage: 'extract' });
    expect(byFile('bad-date.htm')).toMatchObject({ status: 'failed' });
    expect(byFile('bad-date.htm')?.error_reason).toMatch(/bad filing_date/);
  });
});
