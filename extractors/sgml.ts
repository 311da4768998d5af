/**
 * EDGAR full-submission `.txt` files: an `<SEC-HEADER>` (or, before 2001 on
 * some feeds, `<IMS-HEADER>`) followed by `<DOCUMENT>` blocks, each with
 * `<TYPE>`, `<SEQUENCE>`, `<FILENAME>`, `<DESCRIPTION>` lines and a `<TEXT>`
 * body. The tags are SGML without end tags for the metadata lines, so this is
 * a line-oriented scanner, not an XML parser.
 */

import { isIsoDate } from '../pipeline/core/dates.ts';
import type { SecHeader } from './types.ts';

/** No company name is longer; a longer header field is cut here (it would only feed regexes and rows). */
export const MAX_NAME_CHARS = 300;

/** One `<DOCUMENT>` of a full submission. */
export interface SgmlDocument {
  /** `<TYPE>` (`8-K`, `EX-99.1`, `GRAPHIC`), or null when missing. */
  type: string | null;
  sequence: number | null;
  fileName: string | null;
  description: string | null;
  /** The `<TEXT>` body with `<XBRL>`/`<XML>` wrappers removed (empty for skipped parts). */
  body: string;
  /** True for parts that hold no readable text: images, archives, XBRL/XML, uuencoded data. */
  skipped: boolean;
  /** Why it was skipped, for the record. */
  skipReason: string | null;
  /** True when the block or its `<TEXT>` was not closed (truncated file). */
  truncated: boolean;
}

/** Result of {@link splitFullSubmission}. */
export interface FullSubmission {
  header: SecHeader | null;
  documents: SgmlDocument[];
}

/** Document types that never hold prose. */
const BINARY_TYPES = /^(?:GRAPHIC|ZIP|EXCEL|XML|JSON|PDF|EX-101(?:\..*)?|EX-?100(?:\..*)?|XBRL.*|.*\.(?:XSD|XML))$/i;
/** File names of parts that never hold prose. */
const BINARY_FILE = /\.(?:jpe?g|gif|png|bmp|tiff?|zip|xlsx?|xml|xsd|json|js|css|pdf|docx?|pptx?)$/i;

/**
 * Split an EDGAR full-submission text into its header and documents.
 *
 * Works on files with an `<SEC-HEADER>`, on single `<DOCUMENT>` wrappers
 * without a header, and on 1990s plain-text submissions. Truncated files
 * yield what was present, with `truncated` set on the cut document.
 *
 * @param text - the decoded file
 */
export function splitFullSubmission(text: string): FullSubmission {
  const header = parseHeader(text);
  const documents: SgmlDocument[] = [];
  let pos = 0;
  // Each search resumes where the last one found its tag, and a tag found nowhere is not searched for
  // again: 50,000 unclosed <DOCUMENT> tags must not cost 50,000 scans to the end of the file.
  const closes = tagScanner(text, '</DOCUMENT>');
  const opens = tagScanner(text, '<DOCUMENT>');
  for (;;) {
    const open = opens(pos);
    if (open < 0) break;
    const bodyFrom = open + '<DOCUMENT>'.length;
    const close = closes(bodyFrom);
    // A nested <DOCUMENT> before the close means the previous one was cut off.
    const nextOpen = opens(bodyFrom);
    let end: number;
    let truncated = false;
    if (close >= 0 && (nextOpen < 0 || close < nextOpen)) end = close;
    else {
      end = nextOpen >= 0 ? nextOpen : text.length;
      truncated = true;
    }
    documents.push(parseDocument(text.slice(bodyFrom, end), truncated));
    pos = close >= 0 && end === close ? close + '</DOCUMENT>'.length : end;
  }
  return { header, documents };
}

/** `indexOfTag` for searches from positions that only grow: each answer is reused while it lies ahead. */
function tagScanner(text: string, tag: string): (from: number) => number {
  let found = -2; // not searched yet
  let searchedFrom = 0;
  return (from) => {
    if (found === -1 && from >= searchedFrom) return -1;
    if (found >= from && from >= searchedFrom) return found;
    searchedFrom = from;
    found = indexOfTag(text, tag, from);
    return found;
  };
}

/** Case-insensitive search for an ASCII tag (EDGAR always writes them upper case; be lenient). */
function indexOfTag(text: string, tag: string, from: number): number {
  const i = text.indexOf(tag, from);
  if (i >= 0) return i;
  const lower = text.indexOf(tag.toLowerCase(), from);
  return lower;
}

function parseDocument(block: string, truncatedBlock: boolean): SgmlDocument {
  const textOpen = indexOfTag(block, '<TEXT>', 0);
  const meta = textOpen >= 0 ? block.slice(0, textOpen) : block.slice(0, 2000);
  const type = metaValue(meta, 'TYPE');
  const sequenceRaw = metaValue(meta, 'SEQUENCE');
  const sequence = sequenceRaw !== null && /^\d+$/.test(sequenceRaw) ? Number(sequenceRaw) : null;
  const fileName = metaValue(meta, 'FILENAME');
  const description = metaValue(meta, 'DESCRIPTION');

  let body = '';
  let truncated = truncatedBlock;
  if (textOpen >= 0) {
    const from = textOpen + '<TEXT>'.length;
    const textClose = block.lastIndexOf('</TEXT>');
    if (textClose >= from) body = block.slice(from, textClose);
    else {
      body = block.slice(from);
      truncated = true;
    }
  }
  body = unwrap(body);

  const skipReason = whySkip(type, fileName, body);
  return {
    type,
    sequence,
    fileName,
    description,
    body: skipReason ? '' : body,
    skipped: skipReason !== null,
    skipReason,
    truncated,
  };
}

/** The value of a `<TAG>value` metadata line. */
function metaValue(meta: string, tag: string): string | null {
  const m = new RegExp(`<${tag}>([^\\n<]*)`, 'i').exec(meta);
  const v = m?.[1]?.trim();
  return v ? v : null;
}

/** Remove the `<XBRL>`, `<XML>`, `<PDF>` wrappers EDGAR puts around some bodies. */
function unwrap(body: string): string {
  const head = body.slice(0, 200).trimStart();
  const m = /^<(XBRL|XML)>/i.exec(head);
  if (!m?.[1]) return body;
  const tag = m[1];
  const start = body.indexOf('>', body.search(new RegExp(`<${tag}>`, 'i'))) + 1;
  const closeAt = body.search(new RegExp(`</${tag}>\\s*$`, 'i'));
  return body.slice(start, closeAt >= 0 ? closeAt : body.length);
}

function whySkip(type: string | null, fileName: string | null, body: string): string | null {
  if (type && BINARY_TYPES.test(type)) return `non-text document type ${type}`;
  if (fileName && BINARY_FILE.test(fileName)) return `non-text file ${fileName}`;
  const head = body.slice(0, 600).trimStart();
  if (/^begin [0-7]{3} /.test(head)) return 'uuencoded data';
  if (/^<PDF>/i.test(head)) return 'uuencoded PDF';
  if (/^<\?xml/i.test(head) && !/<html/i.test(head)) return 'XML data';
  if (/^[{[]/.test(head) && !/<[a-z]/i.test(head.slice(0, 100))) return 'JSON data';
  return null;
}

/** A header field (`ACCESSION NUMBER:` style, or the `<ACCESSION-NUMBER>` style of the dissemination feed). */
function headerValue(header: string, name: string): string | null {
  const escaped = name.replace(/ /g, '[ -]');
  const m =
    new RegExp(`^[ \\t]*${escaped}:[ \\t]*([^\\n]*)`, 'mi').exec(header) ??
    new RegExp(`<${name.replace(/ /g, '-')}>[ \\t]*([^\\n<]*)`, 'i').exec(header);
  const v = m?.[1]?.trim();
  return v ? v : null;
}

/** `YYYYMMDD` -> `YYYY-MM-DD`; anything else, or no such day (`20241399`), -> null. */
function isoDate(raw: string | null): string | null {
  const m = raw ? /^(\d{4})(\d{2})(\d{2})/.exec(raw) : null;
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : null;
  return date && isIsoDate(date) ? date : null;
}

/** Parse `<SEC-HEADER>` / `<IMS-HEADER>`; null when the file has no header. */
export function parseHeader(text: string): SecHeader | null {
  const open = /<(SEC|IMS)-HEADER>/i.exec(text.slice(0, 200_000));
  if (!open?.[1]) return null;
  const closeTag = `</${open[1].toUpperCase()}-HEADER>`;
  let close = text.indexOf(closeTag, open.index);
  if (close < 0) {
    // Truncated inside the header, or a header without its end tag: stop at the first document.
    close = indexOfTag(text, '<DOCUMENT>', open.index);
    if (close < 0) close = text.length;
  }
  const header = text.slice(open.index, close);
  const cik = headerValue(header, 'CENTRAL INDEX KEY');
  return {
    accession: headerValue(header, 'ACCESSION NUMBER'),
    form: headerValue(header, 'CONFORMED SUBMISSION TYPE'),
    filedAt: isoDate(headerValue(header, 'FILED AS OF DATE')),
    periodEnd: isoDate(headerValue(header, 'CONFORMED PERIOD OF REPORT')),
    cik: cik && /^\d+$/.test(cik) ? cik.padStart(10, '0') : null,
    companyName: headerValue(header, 'COMPANY CONFORMED NAME')?.slice(0, MAX_NAME_CHARS) ?? null,
  };
}
