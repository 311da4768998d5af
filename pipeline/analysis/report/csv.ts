/** CSV as RFC 4180 writes it: CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, quotes doubled. */

/**
 * One field: null as empty, numbers as they are, text quoted when it must be. Text a spreadsheet would run
 * as a formula (starting with =, +, -, @, a tab or a CR: a filing's text is not to be trusted) gets a
 * leading apostrophe, as OWASP advises; numbers are never changed.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Buffer.isBuffer(value) ? value.toString('base64') : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRecord(values: ReadonlyArray<unknown>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
