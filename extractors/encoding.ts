/**
 * Character-encoding detection for filing bytes.
 *
 * EDGAR serves whatever the filer uploaded: modern inline-XBRL documents are
 * UTF-8 or plain ASCII, but many older `.htm` and full-submission `.txt` files
 * are windows-1252 (curly quotes as 0x93/0x94, a section sign as 0xA7) while
 * claiming `us-ascii` or `iso-8859-1`, or claiming nothing at all.
 */

/** Result of {@link decodeBytes}. */
export interface DecodedText {
  text: string;
  /** WHATWG name of the encoding actually used (`utf-8`, `windows-1252`, `utf-16le` ...). */
  encoding: string;
}

/** How many leading bytes are searched for a `<meta charset>` declaration. */
const SNIFF_BYTES = 2048;

/**
 * Declared charsets that we do not trust as such: filers (and their tools)
 * label windows-1252 files as ASCII or Latin-1 and vice versa, and an
 * "ASCII" file that decodes as valid UTF-8 is UTF-8 in practice. For these we
 * verify the bytes instead of believing the label.
 */
const WESTERN_LABELS = new Set([
  'utf-8',
  'utf8',
  'unicode-1-1-utf-8',
  'us-ascii',
  'ascii',
  'iso-8859-1',
  'iso8859-1',
  'latin1',
  'l1',
  'windows-1252',
  'cp1252',
  'x-cp1252',
]);

/**
 * Decode raw bytes to a string, detecting the encoding from the bytes.
 *
 * Order: byte-order mark (UTF-8, UTF-16LE/BE); then a charset declared in the
 * first 2 KB (`<meta charset>`, `http-equiv="Content-Type"`, `<?xml encoding>`);
 * then strict UTF-8, falling back to windows-1252. Western labels (ASCII,
 * Latin-1, windows-1252, UTF-8) are verified rather than trusted, because
 * EDGAR files frequently mislabel themselves.
 *
 * @param bytes - the file content
 * @returns the decoded text (without BOM) and the encoding used
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  const b2 = bytes[2];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }

  const declared = sniffDeclaredCharset(bytes);
  if (declared && !WESTERN_LABELS.has(declared)) {
    const decoder = tryDecoder(declared);
    if (decoder && !(decoder.encoding.startsWith('utf-16') && !looksLikeUtf16(bytes))) {
      const text = decoder.decode(bytes);
      // A label the bytes contradict (Shift_JIS on UTF-8, say) decodes to replacement characters: not believed.
      if (replacementShare(text) <= 0.01) return { text, encoding: decoder.encoding };
    }
  }
  return decodeUtf8OrWindows1252(bytes);
}

/**
 * UTF-16 without a byte-order mark has a NUL in every other byte of its ASCII markup. A
 * `<meta charset="utf-16">` found at all was read as single bytes, so the label is usually a lie
 * (the page was converted and the tag kept): believed only when the NULs are there.
 */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros++;
  return n > 0 && zeros / n > 0.2;
}

/** Share of U+FFFD in a sample of decoded text. */
function replacementShare(text: string, sample = 65536): number {
  const n = Math.min(text.length, sample);
  let bad = 0;
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  return n === 0 ? 0 : bad / n;
}

/** Strict UTF-8 when the bytes are valid UTF-8, else windows-1252 (which never fails). */
function decodeUtf8OrWindows1252(bytes: Uint8Array): DecodedText {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/**
 * windows-1252 code points of bytes 0x80-0x9F (0 = undefined, kept as the C1
 * control like browsers do). Everything else maps 1:1 to Latin-1.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/**
 * Decode windows-1252 by table. Node 20's `TextDecoder('windows-1252')`
 * silently decodes ISO-8859-1 instead (0x93 becomes a C1 control, not "“"),
 * so it cannot be used for the curly quotes that matter here.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const codes = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    codes[i] = b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? b) : b;
  }
  const parts: string[] = [];
  const CHUNK = 8192; // keeps String.fromCharCode's argument list small
  for (let i = 0; i < codes.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, codes.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return parts.join('');
}

function tryDecoder(label: string): InstanceType<typeof TextDecoder> | null {
  try {
    return new TextDecoder(label);
  } catch {
    // Unknown label (typo, vendor name): fall through to byte-based detection.
    return null;
  }
}

/**
 * The charset named in the first {@link SNIFF_BYTES} bytes, lower-cased, or null.
 * The head is read as Latin-1, which maps bytes 1:1 so ASCII markup survives
 * whatever the real encoding is.
 */
function sniffDeclaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, SNIFF_BYTES));
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  if (meta?.[1]) return meta[1].toLowerCase();
  const xml = /<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/i.exec(head);
  if (xml?.[1]) return xml[1].toLowerCase();
  return null;
}

/** C0 controls other than tab, line feed, form feed and carriage return, and DEL. */
const STRAY_CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;

/**
 * Stray control characters (NUL padding, a BEL, escape codes) become spaces: they are
 * never text, would reach stored sentences and the full-text index, and a space keeps
 * every offset where it was. Files with many of them are refused before this as binary.
 */
export function blankControls(text: string): string {
  STRAY_CONTROLS.lastIndex = 0;
  return STRAY_CONTROLS.test(text) ? text.replace(STRAY_CONTROLS, ' ') : text;
}
