/**
 * End to end, as a user runs it: `minerpivot run --samples` into a temporary
 * SQLite file, twice, then `minerpivot issuers`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { tableCounts } from '../../db/queries.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';

describe('minerpivot run --samples', () => {
  const tmp = tempDir();
  const db = join(tmp.dir, 'samples.db');
  let first: Awaited<ReturnType<typeof cli>>;
  afterAll(() => tmp.cleanup());

  beforeAll(async () => {
    first = await cli(['run', '--samples', '--db', db]);
  });

  it('stores every sample filing and prints the per-issuer table', () => {
    expect(first.err).not.toMatch(/FAILED/);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/ticker\s+issuer\s+filings/);
    expect(first.out).toMatch(/filing\(s\) stored/);
  });

  it('orders the issuers as the samples intend: pivoting highest, mining-only lowest', async () => {
    const { out, code } = await cli(['issuers', '--db', db, '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Array<{ name: string; latestPivotIndex: number; gridSentences: number; aiHpcSentences: number; miningSentences: number }>;
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(row.latestPivotIndex).not.toBeNull();
    const byPivot = [...rows].sort((a, b) => b.latestPivotIndex - a.latestPivotIndex);
    const top = byPivot[0]!;
    const bottom = byPivot.at(-1)!;
    expect(top.aiHpcSentences).toBeGreaterThan(top.miningSentences / 2);
    expect(bottom.aiHpcSentences).toBeLessThan(bottom.miningSentences / 5);
    expect(top.latestPivotIndex).toBeGreaterThan(0);
    expect(bottom.latestPivotIndex).toBeLessThan(-0.5);
    // The grid issuer reports grid evidence.
    expect(Math.max(...rows.map((r) => r.gridSentences))).toBeGreaterThanOrEqual(3);
  });

  it('leaves the same rows when run twice', async () => {
    const handle = openDb(db);
    const before = tableCounts(handle);
    const labels = handle.prepare('SELECT * FROM sentence_labels ORDER BY sentence_id, scorer_version').all();
    handle.close();
    const second = await cli(['run', '--samples', '--db', db]);
    expect(second.code).toBe(0);
    const again = openDb(db);
    expect(tableCounts(again)).toEqual(before);
    expect(again.prepare('SELECT * FROM sentence_labels ORDER BY sentence_id, scorer_version').all()).toEqual(labels);
    again.close();
  });

  it('keeps evidence that traces back to the document text', () => {
    const handle = openDb(db);
    const rows = handle
      .prepare('SELECT s.start, s.end, s.text, d.text AS doc FROM sentences s JOIN documents d ON d.id = s.document_id')
      .all() as Array<{ start: number; end: number; text: string; doc: string }>;
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row.doc.slice(row.start, row.end)).toBe(row.text);
    handle.close();
  });
});
