/**
 * The hostile document set: broken, huge, endless and misleading files, generated
 * (never stored in the repository) into a folder with a `manifest.tsv`, so that
 * `minerpivot inspect` and `minerpivot run --dir` can be tried on every one.
 *
 * `scale: 'full'` writes the sizes of issue 15 (a 30 MB HTML page, a 600 MB
 * sparse file, a 1 GB PDF compression bomb: `npm run hostile`); `'small'` writes
 * the same shapes a hundred times smaller, for the vitest suite. The FIFO and the
 * endless device (a symlink to /dev/zero) are the same at both scales.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gzipSync, constants as zlibConstants, createDeflate } from 'node:zlib';

export type HostileScale = 'small' | 'full';

/** One generated document. */
export interface HostileDocument {
  /** File name inside the folder (the manifest's `path`). */
  file: string;
  /** What is hostile about it. */
  description: string;
  /** The manifest's form column. */
  form: string;
  /** The manifest's issuer column (a 100,000-character one for one case). */
  issuer: string;
  /** What a correct pipeline does with it: extract it, or refuse it with a one-line reason. */
  expect: 'text' | 'error' | 'either';
}

const PROSE = [
  'The Company operates Bitcoin mining facilities in Texas and is evaluating hosting of AI and HPC workloads for third parties.',
  'We signed a lease with a hyperscale customer for 100 MW of critical IT load at our data center campus.',
  'Our results depend on the price of Bitcoin, the network hash rate and the cost of electricity.',
  'We may convert part of the site to GPU cloud services if customers commit to long-term contracts.',
  'Management believes that demand response programs reduce our power costs during peak periods.',
];

/** `n` characters of prose sentences. */
function prose(n: number, sep = ' '): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < n; i++) {
    const s = PROSE[i % PROSE.length]!;
    parts.push(s);
    size += s.length + sep.length;
  }
  return parts.join(sep).slice(0, n);
}

/** Writes `total` bytes made of `chunk` repeated, without holding them all. */
function writeRepeated(path: string, head: string, chunk: string, total: number, tail = ''): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    const block = Buffer.from(chunk.repeat(Math.max(1, Math.floor((1 << 20) / chunk.length))));
    let written = head.length;
    while (written + block.length <= total) {
      writeSync(fd, block);
      written += block.length;
    }
    const rest = Math.max(0, total - written);
    if (rest > 0) writeSync(fd, block.subarray(0, rest));
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
}

/** A minimal PDF: one page per content stream (already encoded, with its filter), fonts standard. */
export function buildPdf(streams: ReadonlyArray<{ data: Uint8Array; filter?: string }>, options: { brokenXref?: boolean } = {}): Buffer {
  const objects: Buffer[] = [];
  const pageIds = streams.map((_, i) => 4 + i * 2);
  objects.push(Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'));
  objects.push(Buffer.from(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${streams.length} >>`));
  objects.push(Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'));
  streams.forEach((s, i) => {
    const contentId = 5 + i * 2;
    objects.push(Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`));
    const filter = s.filter ? ` /Filter /${s.filter}` : '';
    objects.push(Buffer.concat([Buffer.from(`<< /Length ${s.data.length}${filter} >>\nstream\n`), Buffer.from(s.data), Buffer.from('\nendstream')]));
  });
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let size = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(size);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(obj);
    size += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(options.brokenXref ? o + 7 : o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A page content stream showing `lines` of text. */
function pageContent(lines: readonly string[]): string {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  return `BT /F1 10 Tf 50 750 Td 12 TL ${lines.map((l) => `(${esc(l)}) '`).join(' ')} ET`;
}

/** Deflates `total` bytes of `chunk` repeated, streaming (a 1 GB bomb never sits in memory). */
async function deflateRepeated(chunk: string, total: number): Promise<Buffer> {
  const deflate = createDeflate({ level: zlibConstants.Z_BEST_COMPRESSION });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const block = Buffer.from(chunk.repeat(Math.ceil((4 << 20) / chunk.length))).subarray(0, 4 << 20);
  for (let left = total; left > 0; left -= block.length) {
    const piece = left >= block.length ? block : block.subarray(0, left);
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

function sgml(header: Record<string, string>, documents: ReadonlyArray<{ type: string; fileName: string; body: string }>): string {
  const lines = Object.entries(header).map(([k, v]) => `${k}:\t\t${v}`);
  return [
    '<SEC-DOCUMENT>0009990099-24-000001.txt : 20240315',
    '<SEC-HEADER>0009990099-24-000001.hdr.sgml : 20240315',
    ...lines,
    '</SEC-HEADER>',
    ...documents.map((d, i) =>
      ['<DOCUMENT>', `<TYPE>${d.type}`, `<SEQUENCE>${i + 1}`, `<FILENAME>${d.fileName}`, '<TEXT>', d.body, '</TEXT>', '</DOCUMENT>'].join('\n'),
    ),
    '</SEC-DOCUMENT>',
  ].join('\n');
}

const HEADER = {
  'ACCESSION NUMBER': '0009990099-24-000001',
  'CONFORMED SUBMISSION TYPE': '8-K',
  'PUBLIC DOCUMENT COUNT': '2',
  'CONFORMED PERIOD OF REPORT': '20240314',
  'FILED AS OF DATE': '20240315',
  'COMPANY CONFORMED NAME': 'Hostile Hash Corp.',
  'CENTRAL INDEX KEY': '0009990099',
};

/** uuencoded lines of `n` bytes of pseudo-random data, 45 bytes a line as uuencode writes them. */
function uuencodedBlock(n: number): string {
  const lines = ['begin 644 chart.bin'];
  let seed = 7;
  for (let done = 0; done < n; done += 45) {
    const len = Math.min(45, n - done);
    let line = String.fromCharCode(32 + len);
    for (let i = 0; i < len; i += 3) {
      const bytes = [0, 1, 2].map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
      const v = (bytes[0]! << 16) | (bytes[1]! << 8) | bytes[2]!;
      for (const shift of [18, 12, 6, 0]) {
        const c = (v >> shift) & 63;
        line += String.fromCharCode(c === 0 ? 96 : c + 32);
      }
    }
    lines.push(line);
  }
  lines.push('`', 'end');
  return lines.join('\n');
}

/**
 * Writes the hostile set into `dir` (created) with its `manifest.tsv`, and
 * returns what was written. The FIFO needs `mkfifo` (skipped with a note when absent).
 */
export async function generateHostileSet(dir: string, scale: HostileScale = 'small'): Promise<HostileDocument[]> {
  mkdirSync(dir, { recursive: true });
  const k = scale === 'full' ? 1 : 0.01;
  const mb = (n: number) => Math.round(n * 1e6 * k);
  const docs: HostileDocument[] = [];
  const add = (file: string, description: string, expect: HostileDocument['expect'], form = '10-K', issuer = 'Hostile Hash Corp.') =>
    docs.push({ file, description, form, issuer, expect });
  const at = (file: string) => join(dir, file);

  // --- Sizes and shapes that made extraction super-linear.
  writeRepeated(at('paragraphs-30mb.htm'), '<html><body>\n', `<p>${PROSE.join(' ')}</p>\n`, mb(30), '</body></html>\n');
  add('paragraphs-30mb.htm', '30 MB HTML page of short paragraphs', 'either');
  writeRepeated(at('one-sentence-5mb.txt'), 'The Company ', 'mines bitcoin and hosts ai workloads and ', mb(5), 'ends here.\n');
  add('one-sentence-5mb.txt', '5 MB .txt holding one sentence (no period until the end)', 'either');
  writeRepeated(at('item-lines.txt'), '', 'Item 1. Business\nItem 1A. Risk Factors\nItem 7. Management\u2019s Discussion\nItem 2.02 Results\n', scale === 'full' ? 200_000 * 22 : 2000 * 22);
  add('item-lines.txt', '.txt of 200,000 "Item" heading lines', 'either');
  writeRepeated(at('cr-only-10mb.txt'), '', `${PROSE.join('\r')}\r`, mb(10));
  add('cr-only-10mb.txt', '10 MB of text with CR-only line ends (one huge paragraph)', 'either');
  writeRepeated(at('single-line-20mb.txt'), '', `${PROSE.join(' ')} `, mb(20), '\n');
  add('single-line-20mb.txt', '20 MB .txt on a single line', 'either');
  writeRepeated(at('no-spaces-5mb.txt'), 'Header\n\n', 'abcdefghij', mb(5), '\n');
  add('no-spaces-5mb.txt', '5 MB word without a space or a period', 'either');
  writeRepeated(at('abbreviations-5mb.txt'), '', 'Inc. Corp. No. Ltd. U.S. e.g. ', mb(5), '\n');
  add('abbreviations-5mb.txt', '5 MB of abbreviations (periods that never end a sentence)', 'either');
  writeRepeated(at('term-dense-5mb.txt'), '', 'We host AI and HPC workloads on GPU clusters at our data center and mine Bitcoin with ASIC miners under demand response. ', mb(5), '\n');
  add('term-dense-5mb.txt', '5 MB of term-dense prose (every sentence labelled)', 'either');
  writeRepeated(at('lines-no-blank-10mb.txt'), '', 'infra-\nstructure and mining operations continue to grow in Texas\n', mb(10));
  add('lines-no-blank-10mb.txt', '10 MB paragraph of wrapped, hyphenated lines (no blank line)', 'either');
  writeRepeated(at('nested-divs.htm'), '<html><body>', '<div>', scale === 'full' ? 500_000 : 5000, `${PROSE[0]}</body></html>`);
  add('nested-divs.htm', 'HTML nested 100,000 levels deep', 'either');
  writeRepeated(at('unclosed-comment.htm'), `<html><body><p>${PROSE[1]}</p><!-- `, 'never closed ', mb(10));
  add('unclosed-comment.htm', 'HTML whose comment never closes (10 MB)', 'either');
  writeRepeated(at('huge-attribute.htm'), `<html><body><p title="`, 'x', mb(10), `">${PROSE[2]}</p></body></html>`);
  add('huge-attribute.htm', 'HTML with a 10 MB attribute value', 'either');
  writeRepeated(at('table-cells.htm'), '<html><body><table>', '<tr><td>1</td><td>AI</td><td>2.5</td></tr>', mb(10), '</table></body></html>');
  add('table-cells.htm', 'HTML table of 250,000 rows', 'either');

  // --- Files that are not regular files, or too big to read.
  const fifo = at('fifo.htm');
  try {
    execFileSync('mkfifo', [fifo]);
    add('fifo.htm', 'a FIFO named .htm (a reader blocks forever)', 'error');
  } catch {
    // No mkfifo on this system: the case is left out.
  }
  symlinkSync('/dev/zero', at('endless.htm'));
  add('endless.htm', 'symlink to /dev/zero named .htm (endless bytes)', 'error');
  const sparse = openSync(at('sparse-600mb.htm'), 'w');
  writeSync(sparse, `<html><body><p>${PROSE[0]}</p>`);
  ftruncateSync(sparse, scale === 'full' ? 600e6 : 600e6); // sparse: costs no disk at either scale
  closeSync(sparse);
  add('sparse-600mb.htm', '600 MB sparse .htm (NUL bytes after the first paragraph)', 'error');
  mkdirSync(at('a-directory.htm'));
  add('a-directory.htm', 'a directory named .htm', 'error');
  writeFileSync(at('empty.htm'), '');
  add('empty.htm', 'empty file', 'error');
  writeFileSync(at('whitespace.txt'), ' \n\t\n   \r\n'.repeat(1000));
  add('whitespace.txt', 'whitespace only', 'error');

  // --- PDFs.
  const pdfText = prose(4000, '\n').split('\n');
  writeFileSync(at('good.pdf'), buildPdf([{ data: Buffer.from(pageContent(pdfText.slice(0, 20))) }]));
  add('good.pdf', 'a small valid PDF (control case)', 'text');
  const bigPage = pageContent(pdfText);
  const copies = Math.ceil(mb(100) / bigPage.length);
  writeFileSync(at('text-100mb.pdf'), buildPdf([{ data: await deflateRepeated(`${bigPage}\n`, copies * (bigPage.length + 1)), filter: 'FlateDecode' }]));
  add('text-100mb.pdf', 'PDF page whose compressed content stream inflates to 100 MB of text operators', 'either');
  writeFileSync(at('bomb-1gb.pdf'), buildPdf([{ data: await deflateRepeated(' ', scale === 'full' ? 1e9 : 1e8), filter: 'FlateDecode' }]));
  add('bomb-1gb.pdf', 'PDF compression bomb: a stream of 1 GB of spaces in 1 MB', 'error');
  const pages = Array.from({ length: scale === 'full' ? 5000 : 200 }, (_, i) => ({ data: deflateSync(pageContent([`Page ${i + 1}`, ...pdfText.slice(i % 20, (i % 20) + 8)])), filter: 'FlateDecode' }));
  writeFileSync(at('many-pages.pdf'), buildPdf(pages));
  add('many-pages.pdf', 'PDF of 5,000 pages', 'either');
  const good = buildPdf([{ data: Buffer.from(pageContent(pdfText.slice(0, 20))) }]);
  writeFileSync(at('truncated.pdf'), good.subarray(0, Math.floor(good.length / 2)));
  add('truncated.pdf', 'PDF cut in the middle', 'either');
  writeFileSync(at('broken-xref.pdf'), buildPdf([{ data: Buffer.from(pageContent(pdfText.slice(0, 20))) }], { brokenXref: true }));
  add('broken-xref.pdf', 'PDF whose xref offsets are all wrong', 'either');
  writeFileSync(at('bad-flate.pdf'), buildPdf([{ data: Buffer.from('this is not deflate data at all'), filter: 'FlateDecode' }]));
  add('bad-flate.pdf', 'PDF with a corrupt FlateDecode stream', 'error');
  writeFileSync(at('header-only.pdf'), '%PDF-1.7\n');
  add('header-only.pdf', 'a PDF header and nothing else', 'error');
  writeFileSync(at('pdf-in-html.htm'), Buffer.concat([Buffer.from('<html><body>'), good]));
  add('pdf-in-html.htm', 'HTML with a PDF pasted in the first KB', 'either');

  // --- Text that is not text.
  writeFileSync(at('utf16-label-ascii.htm'), `<html><head><meta charset="utf-16"></head><body><p>${PROSE.join('</p><p>')}</p></body></html>`);
  add('utf16-label-ascii.htm', '<meta charset="utf-16"> on ASCII bytes (mojibake if believed)', 'text');
  writeFileSync(at('shift-jis-label.htm'), `<html><head><meta charset="shift_jis"></head><body><p>${PROSE.join('</p><p>')} \u00e9\u00e8</p></body></html>`);
  add('shift-jis-label.htm', 'a Shift_JIS label on UTF-8 bytes', 'either');
  writeFileSync(
    at('uuencode-late.txt'),
    sgml(HEADER, [
      { type: '8-K', fileName: 'hostile-8k.txt', body: prose(3000, '\n\n') },
      { type: 'EX-99.1', fileName: 'ex99.txt', body: `${prose(900, ' ')}\n\n${uuencodedBlock(scale === 'full' ? 900_000 : 9000)}\n\n${PROSE[1]}` },
    ]),
  );
  add('uuencode-late.txt', 'full submission: uuencoded attachment whose begin line is after 600 characters', 'text', '8-K');
  writeFileSync(at('uuencode-plain.txt'), `${prose(2000, '\n\n')}\n\n${uuencodedBlock(scale === 'full' ? 900_000 : 9000)}\n`);
  add('uuencode-plain.txt', 'plain .txt with a uuencoded block after its prose', 'text', '8-K');
  writeFileSync(at('nul-bytes.txt'), prose(200_000, ' ').replace(/ The /g, ' The\u0000'));
  add('nul-bytes.txt', 'text with NUL bytes inside sentences', 'text');
  writeFileSync(at('nul-bytes.htm'), `<html><body><p>${PROSE.join('</p><p>').replace(/ /g, (s, i: number) => (i % 50 === 0 ? '\u0000 ' : s))}</p></body></html>`);
  add('nul-bytes.htm', 'HTML with NUL bytes inside paragraphs', 'text');
  const random = Buffer.alloc(mb(1) || 10_000);
  let seed = 42;
  for (let i = 0; i < random.length; i++) random[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
  writeFileSync(at('random.txt'), random);
  add('random.txt', 'random bytes named .txt', 'error');
  writeFileSync(at('gzip.htm'), gzipSync(Buffer.from(prose(10_000))));
  add('gzip.htm', 'gzip data named .htm', 'error');
  writeFileSync(at('json.htm'), JSON.stringify({ filings: PROSE }));
  add('json.htm', 'JSON named .htm', 'error');
  writeFileSync(at('xml.htm'), `<?xml version="1.0"?><root>${PROSE.map((p) => `<p>${p}</p>`).join('')}</root>`);
  add('xml.htm', 'XML (not XHTML) named .htm', 'error');

  // --- SGML full submissions.
  writeFileSync(at('bad-date.txt'), sgml({ ...HEADER, 'CONFORMED PERIOD OF REPORT': '20241399', 'FILED AS OF DATE': '20241399' }, [{ type: '8-K', fileName: 'a.txt', body: prose(3000, '\n\n') }]));
  add('bad-date.txt', 'SGML header dates 2024-13-99', 'text', '8-K');
  const longName = `Hostile ${'(Hash) [Mining] *Corp+ '.repeat(Math.ceil(100_000 / 23))}`.slice(0, 100_000);
  writeFileSync(at('long-issuer.txt'), sgml({ ...HEADER, 'COMPANY CONFORMED NAME': longName }, [{ type: '8-K', fileName: 'a.txt', body: prose(3000, '\n\n') }]));
  add('long-issuer.txt', 'SGML header and manifest line with a 100,000-character issuer name full of regex characters', 'either', '8-K', longName);
  writeFileSync(at('many-documents.txt'), sgml(HEADER, Array.from({ length: scale === 'full' ? 20_000 : 200 }, (_, i) => ({ type: 'EX-99.1', fileName: `ex${i}.txt`, body: PROSE[i % PROSE.length]! }))));
  add('many-documents.txt', 'full submission of 20,000 <DOCUMENT> parts', 'either', '8-K');
  writeFileSync(at('unclosed-documents.txt'), `<SEC-DOCUMENT>\n<SEC-HEADER>\nACCESSION NUMBER: 0009990099-24-000002\n${'<DOCUMENT>\n<TYPE>EX-99.1\n<TEXT>\n'.repeat(scale === 'full' ? 50_000 : 500)}${prose(2000)}`);
  add('unclosed-documents.txt', 'SGML: 50,000 <DOCUMENT> tags never closed, header never closed', 'either', '8-K');
  writeFileSync(at('header-only.txt'), sgml(HEADER, []));
  add('header-only.txt', 'SGML header without a document', 'error', '8-K');
  writeFileSync(at('meta-lines.txt'), sgml(HEADER, [{ type: `8-K${'<'.repeat(1)}`, fileName: '*(.txt', body: `<TYPE>${'x'.repeat(mb(1))}\n${prose(2000, '\n\n')}` }]));
  add('meta-lines.txt', 'SGML with regex characters in TYPE and FILENAME, a 1 MB TYPE line in the body', 'either', '8-K');

  // --- Manifest lines reaching outside the folder.
  docs.push({ file: '../../../../../../etc/passwd', description: 'manifest path climbing out of the folder', form: '8-K', issuer: 'Hostile Hash Corp.', expect: 'error' });
  docs.push({ file: '/etc/hostname', description: 'absolute manifest path', form: '8-K', issuer: 'Hostile Hash Corp.', expect: 'error' });

  const rows = docs.map((d, i) => [d.file, d.issuer, d.form, `2024-03-${String((i % 28) + 1).padStart(2, '0')}`, d.description].join('\t'));
  writeFileSync(join(dir, 'manifest.tsv'), ['path\tissuer\tform\tfiling_date\tnotes', ...rows, ''].join('\n'));
  return docs;
}
