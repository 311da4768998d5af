/** Aligned text tables for people; scripts use --json. */

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null;
  align?: 'left' | 'right';
}

function cell(value: string | number | null): string {
  if (value === null || value === undefined) return '-';
  return String(value);
}

/** Renders rows as an aligned table with a header and a rule. */
export function renderTable<T>(rows: ReadonlyArray<T>, columns: ReadonlyArray<Column<T>>): string {
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** A signed number with fixed decimals ("+0.412", "-0.050"), or "-" when unknown. */
export function signed(value: number | null, digits = 3): string {
  if (value === null) return '-';
  const text = value.toFixed(digits);
  return value > 0 ? `+${text}` : text;
}
