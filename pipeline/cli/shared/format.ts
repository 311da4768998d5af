/** Aligned text tables and wrapped lines for people, fitted to the terminal; scripts use --json. */

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null;
  align?: 'left' | 'right';
  /**
   * A column that may be narrowed to fit the width: first down to `prefer` characters, then (when dropping
   * the optional columns was not enough) down to `min`. Its cells are shortened (in the middle for
   * sentences and paths, so both ends stay readable), or wrapped with `--full`.
   */
  shrink?: { min: number; prefer?: number; cut?: 'end' | 'middle' };
  /** A column left out when nothing else makes the table fit; lower goes first. Absent: always shown. */
  drop?: number;
}

export interface TableOptions {
  /** Widest line allowed; absent: no limit. */
  width?: number | null;
  /** Wrap shrunk cells onto continuation lines instead of shortening them. */
  full?: boolean;
}

const GAP = 2;

function cell(value: string | number | null): string {
  if (value === null || value === undefined) return '-';
  return String(value).replace(/\s+/g, ' ');
}

/** `text` at most `width` characters, shortened at the end or in the middle with an ellipsis. */
export function shorten(text: string, width: number, where: 'end' | 'middle' = 'end'): string {
  if (text.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  if (where === 'end') return `${text.slice(0, width - 1)}…`;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/** Words of `text` on lines of at most `width` characters (a word longer than the width is cut). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let w = word; w.length > 0; w = w.slice(width)) {
      const piece = w.slice(0, width);
      if (line === '') line = piece;
      else if (line.length + 1 + piece.length <= width) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** A paragraph of prose wrapped to the width, continuation lines indented. */
export function wrapLine(text: string, width: number | null | undefined, indent = '  '): string {
  if (!width || text.length <= width) return text;
  const [first, ...rest] = wrapText(text, width);
  const more = rest.join(' ');
  return [first, ...(more ? wrapText(more, width - indent.length).map((l) => indent + l) : [])].join('\n');
}

/**
 * Renders rows as an aligned table with a header and a rule, at most `width` characters wide: shrinkable
 * columns narrow first, then droppable columns are left out (the caller may say so).
 */
export function renderTable<T>(rows: ReadonlyArray<T>, columns: ReadonlyArray<Column<T>>, options: TableOptions = {}): string {
  const shown = fitColumns(rows, columns, options.width ?? null);
  const cells = rows.map((row) => shown.map((c) => cell(c.column.value(row))));
  const pad = (v: string, i: number) => (shown[i]!.column.align === 'right' ? v.padStart(shown[i]!.width) : v.padEnd(shown[i]!.width));
  const line = (values: string[]) => values.map(pad).join(' '.repeat(GAP)).trimEnd();
  const out = [line(shown.map((c) => c.column.header)), line(shown.map((c) => '-'.repeat(c.width)))];
  for (const row of cells) {
    // Each cell as one or more lines of its column's width.
    const parts = row.map((text, i) => {
      const { column, width } = shown[i]!;
      if (text.length <= width) return [text];
      if (options.full && column.shrink) return wrapText(text, width);
      return [shorten(text, width, column.shrink?.cut ?? 'end')];
    });
    const height = Math.max(...parts.map((p) => p.length));
    for (let k = 0; k < height; k++) out.push(line(parts.map((p) => p[k] ?? '')));
  }
  return out.join('\n');
}

/** The columns that fit in `width`, with the width of each. */
function fitColumns<T>(
  rows: ReadonlyArray<T>,
  columns: ReadonlyArray<Column<T>>,
  width: number | null,
): Array<{ column: Column<T>; width: number }> {
  const natural = (column: Column<T>) => Math.max(column.header.length, ...rows.map((r) => cell(column.value(r)).length));
  let shown = columns.map((column) => ({ column, width: natural(column) }));
  if (width === null) return shown;
  const excess = () => shown.reduce((s, c) => s + c.width, 0) + GAP * Math.max(0, shown.length - 1) - width;
  // Narrow the shrinkable columns down to a floor, the one with the most room first.
  const shrink = (floor: (c: Column<T>) => number) => {
    for (const c of [...shown].filter((c) => c.column.shrink).sort((a, b) => b.width - a.width)) {
      const over = excess();
      if (over <= 0) return;
      c.width -= Math.min(over, Math.max(0, c.width - Math.max(floor(c.column), c.column.header.length)));
    }
  };
  const prefer = (c: Column<T>) => c.shrink!.prefer ?? c.shrink!.min;
  shrink(prefer);
  // Then leave out optional columns, lowest priority first, giving the others their room back.
  for (;;) {
    if (excess() <= 0) return shown;
    const droppable = shown.filter((c) => c.column.drop !== undefined).sort((a, b) => a.column.drop! - b.column.drop!);
    if (droppable.length === 0) break;
    shown = shown.filter((c) => c !== droppable[0]).map((c) => ({ column: c.column, width: natural(c.column) }));
    shrink(prefer);
  }
  shrink((c) => c.shrink!.min);
  return shown;
}

/** The headers of the columns `renderTable` leaves out at this width, to tell the reader. */
export function droppedColumns<T>(rows: ReadonlyArray<T>, columns: ReadonlyArray<Column<T>>, width: number | null | undefined): string[] {
  const shown = new Set(fitColumns(rows, columns, width ?? null).map((c) => c.column));
  return columns.filter((c) => !shown.has(c)).map((c) => c.header);
}

/** A signed number with fixed decimals ("+0.412", "-0.050"), or "-" when unknown. */
export function signed(value: number | null, digits = 3): string {
  if (value === null) return '-';
  const text = value.toFixed(digits);
  return value > 0 ? `+${text}` : text;
}
