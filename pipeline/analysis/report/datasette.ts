/**
 * Datasette metadata from docs/SCHEMA.md: the description of every table, view and column, so
 * `datasette minerpivot.db -m metadata.json` shows the schema described. Pure: Markdown in, JSON out.
 */

export interface DatasetteMetadata {
  title: string;
  description: string;
  databases: Record<string, { tables: Record<string, { description: string; columns: Record<string, string> }> }>;
}

/** Markdown inline code and emphasis to plain text. */
const plain = (text: string) => text.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1').trim();

/** Every `### \`name\` (view|table)` of the schema document, with its first paragraph and its column table. */
export function datasetteMetadata(schemaMarkdown: string, database: string): DatasetteMetadata {
  const tables: DatasetteMetadata['databases'][string]['tables'] = {};
  let current: { description: string[]; columns: Record<string, string>; inTable: boolean } | null = null;
  for (const line of schemaMarkdown.split('\n')) {
    const heading = /^###\s+`(\w+)`\s+\((?:view|table|FTS5 table)\)/.exec(line);
    if (heading) {
      current = { description: [], columns: {}, inTable: false };
      tables[heading[1]!] = { description: '', columns: current.columns };
      continue;
    }
    if (/^#{1,3}\s/.test(line)) {
      current = null;
      continue;
    }
    if (!current) continue;
    const row = /^\|\s*`(\w+)`\s*\|\s*[^|]*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (row) {
      current.inTable = true;
      current.columns[row[1]!] = plain(row[2]!);
    } else if (!current.inTable && line.trim() !== '' && !line.startsWith('|')) {
      current.description.push(plain(line));
    }
    const name = Object.keys(tables).at(-1)!;
    tables[name]!.description = current.description.join(' ');
  }
  return {
    title: 'minerpivot',
    description: 'How far listed Bitcoin miners pivot to AI/HPC hosting, measured from their filings (docs/SCHEMA.md). Filter every view on scorer_version.',
    databases: { [database]: { tables } },
  };
}
