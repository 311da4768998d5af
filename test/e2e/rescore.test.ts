/** `minerpivot rescore` works from stored text alone: the source files can be gone. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { tableCounts } from '../../db/queries.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';

describe('minerpivot rescore', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('rescores stored filings without their files and changes nothing for the same scorer', async () => {
    const dir = join(tmp.dir, 'filings');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'q.htm'),
      '<html><body><p>PART I</p><p>Item 2. Management’s Discussion and Analysis</p><p>We mined 210 bitcoin during the quarter. We signed a lease with an AI cloud tenant for 20 MW of critical IT load. We earned demand response credits from the grid operator.</p></body></html>',
    );
    writeFileSync(join(dir, 'manifest.tsv'), 'path\tissuer\tform\tperiod_end\nq.htm\tPebble Hash Inc.\t10-Q\t2025-03-31\n');
    const db = join(tmp.dir, 'r.db');
    expect((await cli(['run', '--dir', dir, '--db', db])).code).toBe(0);
    const handle = openDb(db);
    const before = tableCounts(handle);
    const scores = handle.prepare('SELECT * FROM filing_scores').all();
    handle.close();

    rmSync(dir, { recursive: true });
    const { code, out } = await cli(['rescore', '--db', db, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ filings: 1, documents: 1 });
    const after = openDb(db);
    expect(tableCounts(after)).toEqual(before);
    expect(after.prepare('SELECT * FROM filing_scores').all()).toEqual(scores);
    after.close();
  });

  it('refuses a bad --since and a missing database in one line', async () => {
    expect((await cli(['rescore', '--since', '2024-02-31', '--db', join(tmp.dir, 'r.db')])).err).toMatch(/--since 2024-02-31: expected a date YYYY-MM-DD/);
    const missing = await cli(['rescore', '--db', join(tmp.dir, 'none.db')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no database at/);
  });
});
