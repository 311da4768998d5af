/**
 * Section finding: 10-K / 10-Q / 20-F / 8-K items and press-release exhibits.
 *
 * An item heading occurs several times in a filing: in the table of contents,
 * in cross-references ("see Item 1A"), and once as the real body heading.
 * Like edgar-crawler, we keep only headings that start a line and, among the
 * occurrences of an item, take the one that gives the longest span to the
 * next later item heading: table-of-contents entries sit a line apart and
 * give tiny spans. Headings whose words match the item's standard title are
 * preferred, which also tells the 10-Q's two "Item 1"s apart.
 */

import { sectionSchemeOf } from '../pipeline/core/forms.ts';
import type { Section } from './types.ts';

interface ItemSpec {
  key: string;
  /** Item number as it appears after "Item", lower case: `1a`, `7`, `2.02`. */
  id: string;
  /** Words of the standard title, or null when titles are too varied to check. */
  title: RegExp | null;
}

const TEN_K: ItemSpec[] = [
  { key: 'item_1', id: '1', title: /business/i },
  { key: 'item_1a', id: '1a', title: /risk\s+factors/i },
  { key: 'item_1b', id: '1b', title: /unresolved|staff\s+comments/i },
  { key: 'item_1c', id: '1c', title: /cyber/i },
  { key: 'item_2', id: '2', title: /propert/i },
  { key: 'item_3', id: '3', title: /legal/i },
  { key: 'item_4', id: '4', title: /mine\s+safety|submission\s+of\s+matters|reserved/i },
  { key: 'item_5', id: '5', title: /market/i },
  { key: 'item_6', id: '6', title: /reserved|selected/i },
  { key: 'item_7', id: '7', title: /management/i },
  { key: 'item_7a', id: '7a', title: /quantitative|qualitative|market\s+risk/i },
  { key: 'item_8', id: '8', title: /financial\s+statements/i },
  { key: 'item_9', id: '9', title: /changes\s+in|disagreements/i },
  { key: 'item_9a', id: '9a', title: /controls/i },
  { key: 'item_9b', id: '9b', title: /other\s+information/i },
  { key: 'item_9c', id: '9c', title: /foreign|inspection/i },
  { key: 'item_10', id: '10', title: /directors|governance/i },
  { key: 'item_11', id: '11', title: /compensation/i },
  { key: 'item_12', id: '12', title: /security\s+ownership|beneficial/i },
  { key: 'item_13', id: '13', title: /relationships|related|independence/i },
  { key: 'item_14', id: '14', title: /accountant|accounting\s+fees|services/i },
  { key: 'item_15', id: '15', title: /exhibits/i },
  { key: 'item_16', id: '16', title: /summary/i },
];

const TEN_Q: ItemSpec[] = [
  { key: 'part_i_item_1', id: '1', title: /financial\s+statements/i },
  { key: 'part_i_item_2', id: '2', title: /management/i },
  { key: 'part_i_item_3', id: '3', title: /quantitative|qualitative|market\s+risk/i },
  { key: 'part_i_item_4', id: '4', title: /controls/i },
  { key: 'part_ii_item_1', id: '1', title: /legal/i },
  { key: 'part_ii_item_1a', id: '1a', title: /risk\s+factors/i },
  { key: 'part_ii_item_2', id: '2', title: /unregistered|sales|repurchase|proceeds/i },
  { key: 'part_ii_item_3', id: '3', title: /defaults/i },
  { key: 'part_ii_item_4', id: '4', title: /mine\s+safety|submission|reserved/i },
  { key: 'part_ii_item_5', id: '5', title: /other\s+information/i },
  { key: 'part_ii_item_6', id: '6', title: /exhibits/i },
];

const TWENTY_F: ItemSpec[] = [
  '1', '2', '3', '4', '4a', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15',
  '16', '16a', '16b', '16c', '16d', '16e', '16f', '16g', '16h', '16i', '16j', '16k', '17', '18', '19',
].map((id) => ({ key: `item_${id}`, id, title: null }));

/**
 * A line-start item heading of a 10-K / 10-Q / 20-F ("ITEM 1A.", "Item 7 -",
 * "PART II, ITEM 5."). Group 1 is the item id.
 */
const ITEM_HEADING = /^[ \t]*(?:PART[ \t]+[IVX]{1,3}[ \t]*[,.:\-–—]?[ \t]*)?ITEMS?[ \t]*(\d{1,2}[A-K]?)(?![0-9A-Z])/gim;
/** A line-start 8-K item heading ("Item 2.02", "ITEM 9.01."). Groups: major, minor. */
const EIGHT_K_HEADING = /^[ \t]*ITEM[ \t]*(\d{1,2})\.(\d{2})(?!\d)/gim;

/** Words after an item id that show a cross-reference, not a heading ("Item 7 of this report"). */
const LOWERCASE_START = /^\p{Ll}/u;
/** ... except for combined headings ("Items 1 and 2. Business and Properties"). */
const COMBINED_ITEMS = /^(?:and|&|through|to)\s+\d/i;

/** Body text that only points elsewhere instead of holding content. */
const POINTER =
  /\b(?:not\s+applicable|see\s+(?:item|part)|omitted|incorporated\s+(?:herein\s+)?by\s+reference|reserved|none)\b/i;

interface Candidate {
  pos: number;
  /** End of the heading's id (where the title starts). */
  idEnd: number;
  id: string;
  /** First characters after the id, for title matching. */
  after: string;
}

/**
 * Find the logical sections of a document's text.
 *
 * Schemes: 10-K items (`item_1` ... `item_16`), 10-Q Part I/II items
 * (`part_i_item_2`, `part_ii_item_1a`), 20-F items (`item_4`, `item_16a`),
 * 8-K items (`item_2_02`, `item_8_01`), and EX-99.* exhibits as one
 * `press_release` section. Text before the first item becomes `front`.
 * Other forms and exhibits give no sections.
 *
 * @param text - the document text
 * @param form - the filing form for a primary document, the exhibit type for an exhibit
 * @param documentType - the document's EDGAR type, if known
 */
export function findSections(text: string, form: string | null, documentType: string | null): Section[] {
  // Which scheme a form has is the form table's to say (pipeline/core/forms.ts); the items of each are here.
  const scheme = sectionSchemeOf(form, documentType);
  if (scheme === 'press-release') return [pressRelease(text, normaliseForm(documentType) ?? normaliseForm(form) ?? 'EX-99')];
  let sections: Section[];
  if (scheme === '10-K') sections = findItems(text, TEN_K, collectItems(text));
  else if (scheme === '10-Q') sections = findItems(text, TEN_Q, collectItems(text));
  else if (scheme === '20-F') sections = findItems(text, TWENTY_F, collectItems(text));
  else if (scheme === '8-K') {
    const candidates = collectEightKItems(text);
    const ids = [...new Set(candidates.map((c) => c.id))].sort(compareEightK);
    sections = findItems(
      text,
      ids.map((id) => ({ key: `item_${id.replace('.', '_')}`, id, title: null })),
      candidates,
    );
  } else return [];
  return withFront(text, sections);
}

function normaliseForm(form: string | null): string | null {
  if (form === null) return null;
  const f = form.trim().toUpperCase().replace(/\s+/g, ' ');
  return f === '' ? null : f;
}

function pressRelease(text: string, type: string): Section {
  const flags: string[] = [];
  if (text.trim() === '') flags.push('empty');
  else if (text.length < 200) flags.push('tiny');
  return {
    key: 'press_release',
    title: type,
    start: 0,
    end: text.length,
    confidence: flags.length === 0 ? 0.9 : 0.5,
    method: `exhibit type ${type}`,
    flags,
  };
}

function collectItems(text: string): Candidate[] {
  const out: Candidate[] = [];
  ITEM_HEADING.lastIndex = 0;
  for (let m = ITEM_HEADING.exec(text); m !== null; m = ITEM_HEADING.exec(text)) {
    const id = (m[1] ?? '').toLowerCase();
    const idEnd = m.index + m[0].length;
    const lead = /^[ \t]*/.exec(m[0])?.[0].length ?? 0;
    const after = text.slice(idEnd, idEnd + 160).replace(/^[\s.:\-–—)]+/, '');
    if (LOWERCASE_START.test(after) && !COMBINED_ITEMS.test(after)) continue;
    out.push({ pos: m.index + lead, idEnd, id, after });
  }
  return out;
}

function collectEightKItems(text: string): Candidate[] {
  const out: Candidate[] = [];
  EIGHT_K_HEADING.lastIndex = 0;
  for (let m = EIGHT_K_HEADING.exec(text); m !== null; m = EIGHT_K_HEADING.exec(text)) {
    const id = `${Number(m[1])}.${m[2] ?? ''}`;
    const idEnd = m.index + m[0].length;
    const lead = /^[ \t]*/.exec(m[0])?.[0].length ?? 0;
    const after = text.slice(idEnd, idEnd + 160).replace(/^[\s.:\-–—)]+/, '');
    if (LOWERCASE_START.test(after)) continue;
    out.push({ pos: m.index + lead, idEnd, id, after });
  }
  return out;
}

function compareEightK(a: string, b: string): number {
  return Number(a) - Number(b);
}

/**
 * Choose one heading per item, in item order, each after the previous one:
 * among the candidates (title-matching ones when there are any), the one with
 * the longest span to the next heading of any later item.
 */
function findItems(text: string, specs: readonly ItemSpec[], candidates: readonly Candidate[]): Section[] {
  const chosen: Array<{ spec: ItemSpec; cand: Candidate; titled: boolean; pool: number }> = [];
  let lastPos = -1;
  for (let k = 0; k < specs.length; k++) {
    const spec = specs[k];
    if (!spec) continue;
    let pool = candidates.filter((c) => c.id === spec.id && c.pos > lastPos);
    let titled = false;
    if (spec.title && pool.length > 0) {
      const re = spec.title;
      const matching = pool.filter((c) => re.test(c.after));
      if (matching.length > 0) {
        pool = matching;
        titled = true;
      } else {
        // No heading with this item's title: never take one that carries the
        // title of a later item with the same number (10-Q Part II "Item 4.
        // Mine Safety Disclosures" is not Part I "Item 4. Controls").
        const later = specs.slice(k + 1).filter((s) => s.id === spec.id && s.title !== null);
        pool = pool.filter((c) => !later.some((s) => s.title?.test(c.after)));
      }
    }
    if (pool.length === 0) continue;
    const laterIds = new Set(specs.slice(k + 1).map((s) => s.id));
    let best: Candidate | null = null;
    let bestSpan = -1;
    for (const c of pool) {
      let next = text.length;
      for (const d of candidates) {
        if (d.pos > c.pos && laterIds.has(d.id)) {
          next = d.pos;
          break; // candidates are in document order
        }
      }
      const span = next - c.pos;
      if (span > bestSpan) {
        best = c;
        bestSpan = span;
      }
    }
    if (!best) continue;
    chosen.push({ spec, cand: best, titled, pool: pool.length });
    lastPos = best.pos;
  }

  const sections: Section[] = [];
  for (let i = 0; i < chosen.length; i++) {
    const c = chosen[i];
    if (!c) continue;
    const start = c.cand.pos;
    const end = chosen[i + 1]?.cand.pos ?? text.length;
    const { title, titleEnd } = headingTitle(text, start, c.cand.idEnd, end);
    const body = text.slice(titleEnd, end).trim();
    const flags: string[] = [];
    if (body === '') flags.push('empty');
    else if (end - start < 200) flags.push('tiny');
    if (body !== '' && body.length < 400 && POINTER.test(body)) flags.push('pointer');
    let confidence = c.titled || c.spec.title === null ? 0.9 : 0.7;
    if (flags.includes('empty')) confidence = 0.3;
    else if (flags.includes('tiny') && !flags.includes('pointer')) confidence = Math.min(confidence, 0.5);
    sections.push({
      key: c.spec.key,
      title,
      start,
      end,
      confidence,
      method:
        `line-start heading${c.titled ? ' with standard title' : ''}, ` +
        `longest span to the next item (${c.pool} candidate${c.pool === 1 ? '' : 's'})`,
      flags,
    });
  }
  if (sections.length >= 2) {
    for (const s of sections) {
      if (s.end - s.start > 0.8 * text.length) {
        s.flags.push('dominant');
        s.confidence = Math.max(0.1, Math.round((s.confidence - 0.2) * 100) / 100);
      }
    }
  }
  return sections;
}

/**
 * The heading as printed: its line, plus the next line when the first holds
 * little more than the item number ("ITEM 1." then "BUSINESS").
 */
function headingTitle(text: string, start: number, idEnd: number, limit: number): { title: string; titleEnd: number } {
  let lineEnd = text.indexOf('\n', idEnd);
  if (lineEnd < 0 || lineEnd > limit) lineEnd = limit;
  let titleEnd = lineEnd;
  const firstLine = text.slice(start, lineEnd);
  if (firstLine.replace(/[^A-Za-z]/g, '').length <= 6) {
    const m = /^\s*([^\n]{1,120})(?:\n|$)/.exec(text.slice(lineEnd, Math.min(limit, lineEnd + 200)));
    if (m?.[1]) titleEnd = lineEnd + m[0].trimEnd().length;
  }
  if (titleEnd - start > 200) titleEnd = start + Math.min(200, lineEnd - start);
  const title = text.slice(start, titleEnd).replace(/\s+/g, ' ').trim();
  return { title, titleEnd };
}

function withFront(text: string, sections: Section[]): Section[] {
  const first = sections[0];
  if (!first) return sections;
  if (first.start > 0 && text.slice(0, first.start).trim() !== '') {
    return [
      {
        key: 'front',
        title: 'Front matter',
        start: 0,
        end: first.start,
        confidence: 1,
        method: 'text before the first item heading',
        flags: [],
      },
      ...sections,
    ];
  }
  return sections;
}
