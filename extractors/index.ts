/**
 * Entry point of the extractors: bytes of one file in, clean documents out.
 *
 * The kind of content is sniffed from the bytes, never trusted from the file
 * name: EDGAR serves inline-XBRL `.htm` files saved as `.txt`, full
 * submissions that are a single `<DOCUMENT>` wrapper, and PDFs behind any name.
 */

import { controlShare, magicName } from './clean.ts';
import { blankControls, decodeBytes } from './encoding.ts';
import { htmlDocument } from './html.ts';
import type { PdfPageReader } from './pdf.ts';
import { splitFullSubmission } from './sgml.ts';
import { textDocument } from './text.ts';
import { hasXbrlFacts, xbrlReader } from './xbrl.ts';
import { ExtractionError, type ContentKind, type ExtractedDocument, type ExtractionResult } from './types.ts';

/**
 * Version of the extraction logic, stored with every output so that results
 * can be traced to (and recomputed by) the code that produced them. Bump it
 * whenever the text, sections or sentences an input yields can change.
 */
export const extractorVersion = 'extract-3';

/** What the caller knows about a file besides its bytes. */
export interface ExtractHint {
  /** File name (recorded on the document; never used to decide the kind). */
  fileName: string;
  /** Form of the filing the file belongs to (`10-K`, `8-K`), if known. */
  form?: string | null;
  /** EDGAR document type of the file (`10-K`, `EX-99.1`), if known. */
  documentType?: string | null;
  /** How a PDF's pages are read (default: pdf.js in this thread; see pipeline/stages/pdf-thread.ts). */
  readPdfPages?: PdfPageReader;
  /**
   * Longest text the caller will take (config `maxTextChars`). Plain text more than 1.25 times as long is
   * refused before it is cleaned: its text would be refused anyway, and cleaning it costs memory.
   */
  maxTextChars?: number;
}

/**
 * A file's bytes handed over to {@link extractFile}, which takes them out of the box: once they are decoded
 * nothing holds them, so a big file's bytes are freed while its text is assembled (50 MB less at the peak
 * of a 50 MB HTML filing). A caller that passes a plain array keeps it, and its memory, until the call ends.
 */
export interface HandedBytes {
  bytes: Uint8Array | null;
}

/** Result of {@link sniffKind}: the kind, plus the decoded text for text kinds. */
export type Sniffed = { kind: 'pdf' } | { kind: Exclude<ContentKind, 'pdf'>; text: string; encoding: string };

/**
 * Extract every readable document of one file.
 *
 * PDF -> one document with pages; full submission (SGML) -> one document per
 * text part (images, archives and XBRL parts skipped), header parsed; HTML
 * and plain text -> one document. Each document gets its sections: the
 * filing form decides the scheme for the primary document, the exhibit type
 * for exhibits.
 *
 * @param input - the file content, or a {@link HandedBytes} box that extractFile empties
 * @param hint - file name and what is known of the filing
 * @throws ExtractionError `empty`, `unsupported`, `corrupt`, `encrypted`, `no-text-layer`
 */
export async function extractFile(input: Uint8Array | HandedBytes, hint: ExtractHint): Promise<ExtractionResult> {
  let bytes: Uint8Array | null = input instanceof Uint8Array ? input : input.bytes;
  if (!(input instanceof Uint8Array)) input.bytes = null;
  if (bytes === null) throw new Error('extractFile: the bytes were handed over already');
  const sniffed = sniffKind(bytes);
  const documentType = hint.documentType ?? hint.form ?? null;
  const form = hint.form ?? hint.documentType ?? null;
  if (sniffed.kind === 'pdf') {
    // Loaded on first use (issue 13): pdf.js and its canvas cost ~100 ms and 30 MB at every start otherwise.
    const { extractPdf } = await import('./pdf.ts');
    const doc = await extractPdf(bytes, hint.fileName, documentType, form, { readPages: hint.readPdfPages });
    return { kind: 'pdf', header: null, documents: [doc], warnings: [] };
  }
  // Decoded: text kinds need the bytes no more. Handed over, they can be freed while the text is assembled.
  bytes = null;
  switch (sniffed.kind) {
    case 'html':
      assertParsableHtml(sniffed.text, hint.fileName);
      return {
        kind: 'html',
        header: null,
        documents: [htmlWithXbrlFacts(sniffed.text, sniffed.encoding, hint.fileName, documentType, form)],
        warnings: [],
      };
    case 'text':
      assertTextSize(sniffed.text.length, hint);
      return {
        kind: 'text',
        header: null,
        documents: [textDocument(sniffed.text, sniffed.encoding, hint.fileName, documentType, form)],
        warnings: [],
      };
    case 'sgml':
      return extractSubmission(sniffed.text, sniffed.encoding, hint);
  }
}

function extractSubmission(text: string, encoding: string, hint: ExtractHint): ExtractionResult {
  const { header, documents } = splitFullSubmission(text);
  if (documents.length === 0) {
    throw new ExtractionError(`corrupt submission: ${hint.fileName} has no <DOCUMENT> part`, 'corrupt');
  }
  if (documents.length > MAX_SUBMISSION_PARTS) {
    throw new ExtractionError(
      `submission too large to read: ${hint.fileName} has ${documents.length} <DOCUMENT> parts, more than the ${MAX_SUBMISSION_PARTS} an EDGAR filing can hold`,
      'too-large',
    );
  }
  const warnings: string[] = [];
  const out: ExtractedDocument[] = [];
  const filingForm = header?.form ?? hint.form ?? null;
  documents.forEach((d, i) => {
    if (d.skipped) {
      // Image and XBRL parts are expected; an embedded PDF is text we do not read.
      if (d.skipReason?.includes('PDF')) warnings.push(`skipped ${d.skipReason} part ${d.fileName ?? `#${i + 1}`}`);
      return;
    }
    const name = d.fileName ?? `${hint.fileName}#${d.sequence ?? i + 1}`;
    if (!looksLikeHtml(d.body)) assertTextSize(d.body.length, { ...hint, fileName: name });
    const type = d.type ?? (i === 0 ? (hint.documentType ?? null) : null);
    const form = i === 0 ? (filingForm ?? type) : type;
    if (looksLikeHtml(d.body)) assertParsableHtml(d.body, name);
    const doc = looksLikeHtml(d.body)
      ? htmlWithXbrlFacts(d.body, encoding, name, type, form)
      : textDocument(d.body, encoding, name, type, form);
    if (d.truncated) doc.warnings.push('document is truncated (no closing </TEXT> or </DOCUMENT>)');
    out.push(doc);
  });
  return { kind: 'sgml', header, documents: out, warnings };
}

/**
 * An HTML document with the inline-XBRL facts of its markup. One parse: the fact reader of xbrl.ts gets the
 * events of html.ts's text walk (the facts live in `ix:header`, which the text drops), so the markup is not
 * read a second time (issue 13); the facts are those `extractXbrlFacts(html)` returns.
 */
function htmlWithXbrlFacts(
  html: string,
  encoding: string,
  name: string,
  documentType: string | null,
  form: string | null,
): ExtractedDocument {
  const reader = hasXbrlFacts(html) ? xbrlReader() : null;
  const doc = htmlDocument(html, encoding, name, documentType, form, reader);
  const { facts, warnings } = reader ? reader.result() : { facts: [], warnings: [] };
  return { ...doc, xbrlFacts: facts, warnings: [...doc.warnings, ...warnings] };
}

/**
 * The filings' largest HTML documents hold about 70,000 tags; the parsed tree costs a few hundred
 * bytes a node, so a page of millions of tags (a 250,000-row table) would take gigabytes to parse.
 */
export const MAX_HTML_TAGS = 1_000_000;

function assertParsableHtml(html: string, name: string): void {
  let tags = 0;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) {
    if (++tags > MAX_HTML_TAGS) {
      throw new ExtractionError(
        `HTML too large to parse: ${name} has more than ${MAX_HTML_TAGS.toLocaleString('en-US')} tags (the largest filings have about 70,000)`,
        'too-large',
      );
    }
  }
}

function assertTextSize(length: number, hint: ExtractHint): void {
  const max = hint.maxTextChars;
  if (max === undefined || length <= 1.25 * max) return;
  const m = (n: number) => `${(n / 1e6).toFixed(1)} million`;
  throw new ExtractionError(
    `refused: ${hint.fileName} holds ${m(length)} characters of plain text, over 1.25 times the ${m(max)} limit per document (MINERPIVOT_MAX_TEXT_CHARS)`,
    'too-large',
  );
}

/** EDGAR's filer manual caps a submission at a few hundred documents; the largest 10-Ks with XBRL viewer pages have about 300. */
export const MAX_SUBMISSION_PARTS = 2000;

/** Markup that makes a body or file HTML rather than plain text. */
const HTML_TAG = /<(?:html|body|div|p|table|font|br|span|center|h[1-6])[\s>/]/i;

function looksLikeHtml(body: string): boolean {
  const head = body.slice(0, 4096).trimStart();
  return /^<(?:!doctype html|html|\?xml|head|body|div|p|table|font|center|title|meta|!--)/i.test(head) || HTML_TAG.test(head);
}

/**
 * Decide what the bytes are.
 *
 * @throws ExtractionError `empty` for empty or whitespace-only input;
 *   `unsupported` for binary or structured data, naming what it looks like
 */
export function sniffKind(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) throw new ExtractionError('empty input: the file has no bytes', 'empty');
  // The PDF header may follow a little junk; readers accept it within the first KB.
  const prefix = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (prefix.includes('%PDF-')) return { kind: 'pdf' };
  const magic = magicName(bytes);
  if (magic) throw new ExtractionError(`unsupported input: binary data (${magic})`, 'unsupported');

  const decoded = decodeBytes(bytes);
  let text = decoded.text;
  const encoding = decoded.encoding;
  if (text.trim() === '') throw new ExtractionError('empty input: the file holds only whitespace', 'empty');
  if (controlShare(text) > 0.02) {
    throw new ExtractionError('unsupported input: binary data (unrecognised format)', 'unsupported');
  }
  text = blankControls(text);
  const head = text.slice(0, 4096).trimStart();
  if (/^<(?:SEC-DOCUMENT|SEC-HEADER|IMS-DOCUMENT|IMS-HEADER|DOCUMENT|SUBMISSION)>/i.test(head)) {
    return { kind: 'sgml', text, encoding };
  }
  if (/^<\?xml/i.test(head)) {
    if (/<html[\s>]|xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"/i.test(head)) return { kind: 'html', text, encoding };
    throw new ExtractionError('unsupported input: XML data (not XHTML)', 'unsupported');
  }
  if (head.startsWith('<') && looksLikeHtml(head)) return { kind: 'html', text, encoding };
  if (/^[{[]/.test(head) && isJson(text)) throw new ExtractionError('unsupported input: JSON data', 'unsupported');
  return { kind: 'text', text, encoding };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export { ExtractionError } from './types.ts';
export type { ContentKind, ExtractedDocument, ExtractionResult, PageSpan, SecHeader, Section, SentenceSpan } from './types.ts';
export { decodeBytes } from './encoding.ts';
export { extractHtml, htmlToText } from './html.ts';
// extractPdf is imported from './pdf.ts' itself: re-exporting it here would load pdf.js with every extractor (issue 13).
export { findSections } from './sections.ts';
export { splitSentences } from './sentences.ts';
export { splitFullSubmission, type SgmlDocument } from './sgml.ts';
export { extractText, plainTextToText } from './text.ts';
export { extractXbrlFacts, type XbrlFact, type XbrlFacts, type XbrlMember, type XbrlPeriod } from './xbrl.ts';
