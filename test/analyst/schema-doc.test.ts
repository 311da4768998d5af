/**
 * docs/SCHEMA.md describes the database: every view, table and column it names exists, and every view,
 * table and column of a migrated database is named there (the doc cannot drift from the migrations).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../db/open.ts';

const DOC = readFileSync(fileURLToPath(new URL('../../docs/SCHEMA.md', import.meta.url)), 'utf8');

/** `### \`name\` (view|table)` headings and the first column of the table under each. */
function documented(): Map<string, { kind: string; columns: string[] }> {
  const result = new Map<string, { kind: string; columns: string[] }>();
  let current: { kind: string; columns: string[] } | null = null;
  for (const line of DOC.split('\n')) {
    const heading = /^###\s+`(\w+)`\s+\((view|table|FTS5 table)\)/.exec(line);
    if (heading) {
      current = { kind: heading[2]!, columns: [] };
      result.set(heading[1]!, current);
      continue;
    }
    if (/^#{1,3}\s/.test(line)) current = null;
    const row = /^\|\s*`(\w+)`\s*\|/.exec(line);
    if (row && current) current.columns.push(row[1]!);
  }
  return result;
}

describe('docs/SCHEMA.md', () => {
  const db = openDb(':memory:');
  const objects = db
    .prepare(`SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'`)
    .all() as Array<{ name: string; type: string }>;
  const columns = (name: string) => db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(name) as string[];
  const doc = documented();

  it('names the three analyst views and the FTS index', () => {
    for (const view of ['issuer_latest', 'pivot_timeline', 'evidence']) expect(doc.get(view)?.kind, view).toBe('view');
    expect(doc.get('evidence_fts')?.kind).toBe('FTS5 table');
  });

  it('every view and column it names exists', () => {
    for (const [name, entry] of doc) {
      const object = objects.find((o) => o.name === name);
      expect(object, `${name} in docs/SCHEMA.md`).toBeDefined();
      if (entry.kind !== 'FTS5 table') expect(object!.type, name).toBe(entry.kind);
      const actual = columns(name);
      for (const column of entry.columns) expect(actual, `${name}.${column}`).toContain(column);
    }
  });

  it('every view, table and column of the database is described', () => {
    const fts = /^evidence_fts(_\w+)?$/;
    for (const object of objects) {
      if (fts.test(object.name)) {
        expect(DOC, object.name).toContain(`\`${object.name}\``);
        continue;
      }
      const entry = doc.get(object.name);
      expect(entry, `${object.type} ${object.name} is not in docs/SCHEMA.md`).toBeDefined();
      expect(entry!.columns.sort(), object.name).toEqual(columns(object.name).sort());
    }
  });
});
