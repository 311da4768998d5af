/**
 * A filing's index, and the choice of documents worth downloading. Pure.
 *
 * `{accession}-index.html` is the only index that gives each document's type
 * (`10-K`, `EX-99.1`) and description; `index.json` is a bare directory listing
 * (names only), used when the HTML index is missing.
 */
import { load } from 'cheerio/slim';

/** One document listed by a filing index. */
export interface IndexEntry {
  /** File name inside the filing folder. */
  name: string;
  /** EDGAR document type (`10-K`, `EX-99.1`); null from index.json. */
  type: string | null;
  description: string | null;
  /** Sequence number; the primary document is 1. */
  seq: number | null;
}

/** Parses the "Document Format Files" table of `{accession}-index.html`. */
export function parseIndexHtml(html: string): IndexEntry[] {
  const $ = load(html);
  const entries: IndexEntry[] = [];
  $('table.tableFile').each((_, table) => {
    // Only the document table: the "Data Files" table lists XBRL parts.
    if (!/document format files/i.test($(table).attr('summary') ?? 'document format files')) return;
    $(table)
      .find('tr')
      .each((_, tr) => {
        const cells = $(tr).find('td');
        if (cells.length < 4) return;
        const href = cells.eq(2).find('a').attr('href') ?? '';
        // Inline XBRL documents link through the viewer: /ix?doc=/Archives/.../name.htm
        const target = href.replace(/^.*[?&]doc=/, '');
        const name = decodeURIComponent(target.split('/').pop() ?? '').trim() || cells.eq(2).text().trim().split(/\s+/)[0] || '';
        if (!name) return;
        const text = (i: number) => cells.eq(i).text().replace(/\s+/g, ' ').trim() || null;
        const seq = Number(text(0));
        entries.push({ name, type: text(3)?.toUpperCase() ?? null, description: text(1), seq: Number.isInteger(seq) && seq > 0 ? seq : null });
      });
  });
  return entries;
}

/** Parses `index.json` (`{ directory: { item: [{ name, type, size }] } }`). */
export function parseIndexJson(json: unknown): IndexEntry[] {
  const items = (json as { directory?: { item?: Array<{ name?: unknown }> } })?.directory?.item;
  if (!Array.isArray(items)) throw new Error('unexpected index.json: no directory.item list');
  return items
    .map((item) => (typeof item.name === 'string' ? item.name : ''))
    .filter((name) => name !== '')
    .map((name) => ({ name, type: null, description: null, seq: null }));
}

/** A document to download, with the type to record on it. */
export interface ChosenDocument {
  name: string;
  documentType: string | null;
  role: 'primary' | 'exhibit';
}

const TEXT_DOCUMENT = /\.(htm|html|txt|pdf)$/i;
// The folder also holds the index pages and the full submission: never documents of their own.
const FOLDER_FILE = /^(\d{10}-\d{2}-\d{6}(-index(-headers)?\.html|\.txt|-xbrl\.zip)|index\.json|FilingSummary\.xml|R\d+\.htm)$/i;
// 40-F: the Annual Information Form and the MD&A say what the business is; the
// audited statements and consents do not.
const AIF_OR_MDA = /annual information form|\baif\b|management'?s discussion|md&a|\bmda\b/i;

function exhibitNumber(type: string | null, name: string): string | null {
  if (type) return /^EX-99/.test(type) ? type : null;
  const m = /ex-?(99(?:[._-]?\d+)?)/i.exec(name);
  return m ? `EX-${m[1]!.replace(/[_-]/, '.').toUpperCase()}` : null;
}

/**
 * Picks the primary document and the exhibits worth scoring.
 *
 * Primary: the index row whose type is the form (or sequence 1), else the
 * `primaryDocument` named by the submissions JSON if the folder has it. Exhibits:
 * EX-99.* (press releases of an 8-K, the content of a 6-K); for a 40-F only the
 * AIF and MD&A exhibits when the descriptions say which they are. Returns
 * `primary: null` when nothing qualifies: the caller then falls back to the full
 * submission `.txt`.
 */
export function chooseDocuments(
  form: string,
  entries: IndexEntry[],
  primaryHint: string | null,
): { primary: ChosenDocument | null; exhibits: ChosenDocument[] } {
  const upperForm = form.toUpperCase();
  const docs = entries.filter((e) => TEXT_DOCUMENT.test(e.name) && !FOLDER_FILE.test(e.name));
  const typed = docs.some((e) => e.type !== null);

  let primary: IndexEntry | undefined;
  if (typed) primary = docs.find((e) => e.type === upperForm) ?? docs.find((e) => e.seq === 1 && !/^EX-/.test(e.type ?? ''));
  // The submissions JSON's primaryDocument may be a path (xslF345X03/doc4.xml) rendered by the SEC: only a plain name in the folder counts.
  if (!primary && primaryHint) primary = docs.find((e) => e.name === primaryHint);

  let exhibits = docs.filter((e) => e !== primary && exhibitNumber(e.type, e.name) !== null);
  if (upperForm.replace(/\/A$/, '') === '40-F') {
    const aifOrMda = exhibits.filter((e) => AIF_OR_MDA.test(`${e.description ?? ''} ${e.name}`));
    if (aifOrMda.length > 0) exhibits = aifOrMda;
  }
  return {
    primary: primary ? { name: primary.name, documentType: primary.type ?? upperForm, role: 'primary' } : null,
    exhibits: exhibits.map((e) => ({ name: e.name, documentType: exhibitNumber(e.type, e.name), role: 'exhibit' })),
  };
}
