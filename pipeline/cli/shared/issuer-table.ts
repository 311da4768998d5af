/** The issuer table printed by `issuers`, and after `run` and `rescore`. */
import type { IssuerRow } from '../../../db/queries.ts';
import type { Io } from './command.ts';
import { droppedColumns, renderTable, signed, wrapLine, type Column } from './format.ts';

export const ISSUER_COLUMNS: ReadonlyArray<Column<IssuerRow>> = [
  { header: 'ticker', value: (r) => r.tickers || '-', shrink: { min: 6 } },
  { header: 'issuer', value: (r) => r.name, shrink: { min: 10, prefer: 22 } },
  { header: 'filings', value: (r) => (r.failed > 0 ? `${r.filings} (+${r.failed} failed)` : r.filings), align: 'right', shrink: { min: 7 }, drop: 5 },
  { header: 'latest', value: (r) => (r.latestForm ? `${r.latestForm} ${r.latestDate ?? ''}`.trim() : null), shrink: { min: 10, prefer: 16 } },
  { header: 'pivot', value: (r) => signed(r.latestPivotIndex), align: 'right' },
  { header: 'change', value: (r) => signed(r.pivotChange), align: 'right', drop: 4 },
  { header: 'mining', value: (r) => r.miningSentences, align: 'right' },
  { header: 'ai_hpc', value: (r) => r.aiHpcSentences, align: 'right' },
  { header: 'grid', value: (r) => r.gridSentences, align: 'right', drop: 3 },
  { header: 'core m/ai', value: (r) => `${r.coreMining}/${r.coreAiHpc}`, align: 'right', drop: 2 },
  { header: 'first ai fact', value: (r) => r.firstAiHpcFactDate, drop: 1 },
];

/** Prints the issuer table fitted to `width`, saying which columns a narrow terminal left out. */
export function printIssuerTable(rows: ReadonlyArray<IssuerRow>, io: Io, width: number): void {
  io.out(renderTable(rows, ISSUER_COLUMNS, { width }));
  const dropped = droppedColumns(rows, ISSUER_COLUMNS, width);
  if (dropped.length > 0) io.out(wrapLine(`(left out at ${width} columns: ${dropped.join(', ')}; --width N or --json shows every column)`, width));
}
