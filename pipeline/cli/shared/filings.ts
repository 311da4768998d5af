/** How a filing is named to a reader: by accession when it has one, else by its file name. */
import { basename } from 'node:path';

/** `0001104659-26-004551`, or `10-K_2024-12-31.htm` for a filing without an accession (never `doc-3aa0...`). */
export function filingName(row: { filingKey: string; sourceRef: string; accession?: string | null }): string {
  if (row.accession) return row.accession;
  if (/^\d{10}-\d{2}-\d{6}$/.test(row.filingKey)) return row.filingKey;
  return basename(row.sourceRef.replace(/[?#].*$/, '')) || row.filingKey;
}
