/**
 * Hand-made minimal PDFs for tests: one Helvetica text object per page, a line
 * per string, with a correct cross-reference table. Written as a latin-1
 * string so WinAnsi bytes (0x93/0x94 curly quotes) can be embedded.
 */

export interface MakePdfOptions {
  /** Declare /WinAnsiEncoding so bytes 0x80-0x9F are typographic characters. */
  winAnsi?: boolean;
  /** Add a standard-security /Encrypt dictionary whose empty user password does not match. */
  encrypted?: boolean;
  /** Font size; lines are spaced 1.2 x this. */
  fontSize?: number;
}

function escapePdfString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)');
}

/**
 * Build a PDF whose page i shows `pages[i]` lines from the top.
 *
 * @param pages - lines per page as latin-1 byte values; with `winAnsi` write a
 *   bullet as "\x95" and curly quotes as "\x93" and "\x94"
 */
export function makePdf(pages: readonly (readonly string[])[], options: MakePdfOptions = {}): Uint8Array {
  const size = options.fontSize ?? 10;
  const objects: string[] = [];
  // Object numbers: 1 catalog, 2 pages, 3 font, then per page: page, content.
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica${options.winAnsi ? ' /Encoding /WinAnsiEncoding' : ''} >>`;
  pages.forEach((lines, i) => {
    const pageId = 4 + i * 2;
    const contentId = pageId + 1;
    const ops = [`BT /F1 ${size} Tf ${size * 1.2} TL 56 760 Td`];
    for (const line of lines) ops.push(`(${escapePdfString(line)}) Tj T*`);
    ops.push('ET');
    const stream = ops.join('\n');
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`;
    objects[contentId] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  let encryptId = 0;
  if (options.encrypted) {
    encryptId = objects.length;
    const hex32 = 'A5'.repeat(32);
    objects[encryptId] = `<< /Filter /Standard /V 1 /R 2 /Length 40 /O <${hex32}> /U <${hex32}> /P -44 >>`;
  }

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  const id = '0123456789ABCDEF0123456789ABCDEF';
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R${encryptId ? ` /Encrypt ${encryptId} 0 R /ID [<${id}> <${id}>]` : ''} >>\n`;
  out += `startxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** One string placed at (x, y) points from the page's bottom-left corner. */
export interface PlacedText {
  x: number;
  y: number;
  text: string;
}

/**
 * Build a PDF whose page i draws `pages[i]` strings at their positions, in the
 * order given (the content-stream order, which is not always the reading order:
 * some producers write two columns row by row). A page with no strings has no
 * text layer at all, like a scanned page; `image` draws a filled rectangle on
 * such a page so it is not blank.
 */
export function makePlacedPdf(pages: readonly (readonly PlacedText[])[], options: { fontSize?: number; encrypted?: boolean } = {}): Uint8Array {
  const size = options.fontSize ?? 10;
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pages.forEach((items, i) => {
    const pageId = 4 + i * 2;
    const contentId = pageId + 1;
    const ops =
      items.length === 0
        ? ['0.6 g 56 100 500 600 re f'] // a grey box where a scan's image would be: marks, no text
        : items.map((t) => `BT /F1 ${size} Tf 1 0 0 1 ${t.x} ${t.y} Tm (${escapePdfString(t.text)}) Tj ET`);
    const stream = ops.join('\n');
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`;
    objects[contentId] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  let encryptId = 0;
  if (options.encrypted) {
    encryptId = objects.length;
    const hex32 = 'A5'.repeat(32);
    objects[encryptId] = `<< /Filter /Standard /V 1 /R 2 /Length 40 /O <${hex32}> /U <${hex32}> /P -44 >>`;
  }
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  const fileId = '0123456789ABCDEF0123456789ABCDEF';
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R${encryptId ? ` /Encrypt ${encryptId} 0 R /ID [<${fileId}> <${fileId}>]` : ''} >>\n`;
  out += `startxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
