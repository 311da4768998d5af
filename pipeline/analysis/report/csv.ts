/** CSV as RFC 4180 writes it: CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, quotes doubled. */

/** One field: null as empty, numbers as they are, text quoted when it must be. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = Buffer.isBuffer(value) ? value.toString('base64') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRecord(values: ReadonlyArray<unknown>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
