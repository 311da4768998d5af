/**
 * Inline XBRL facts of an HTML document: every `ix:nonFraction` with its context (period, explicit
 * dimension members) and unit, read from `ix:header` / `ix:resources`, which the text extractor drops as
 * noise. A set of htmlparser2 event handlers ({@link xbrlReader}, no DOM): extractors/index.ts feeds them
 * from the text walk's own parse (extractors/parse-markup.ts), so a filing is parsed once; on its own,
 * {@link extractXbrlFacts} runs them on a parser of their own over the XBRL parts of the markup. A
 * document without `ix:nonFraction` is not read at all. Pure: markup in, facts out.
 */
import { Parser } from 'htmlparser2';
import type { MarkupReader } from './parse-markup.ts';

/** The reporting period of a context: a duration (start and end) or an instant (end only). */
export interface XbrlPeriod {
  /** `YYYY-MM-DD`, null for an instant. */
  start: string | null;
  /** `YYYY-MM-DD`: the end date of a duration (as written, inclusive) or the instant. */
  end: string | null;
}

/** One dimension of a context's segment: `srt:ProductOrServiceAxis` = `btbt:CloudServicesMember`. */
export interface XbrlMember {
  axis: string;
  member: string;
}

/** One numeric fact, its value scaled and signed as the filer tagged it. */
export interface XbrlFact {
  /** `us-gaap:Revenues`, `riot:PowerCurtailmentCredits`. */
  concept: string;
  contextId: string;
  /** `ix:nonFraction` id, when the filer gave one. */
  factId: string | null;
  /** Number as displayed times 10^scale, negated when `sign="-"`; null for `xsi:nil`. */
  value: number | null;
  /** The text shown in the document (`58,591,608`, `33,685`). */
  displayed: string;
  scale: number;
  /** `-` when the filer negated the displayed number. */
  sign: '-' | null;
  /** `decimals` attribute: a number, `INF`, or null. */
  decimals: string | null;
  /** Unit measure: `iso4217:USD`, `xbrli:shares`, `iso4217:USD/xbrli:shares`; the unit id when undeclared. */
  unit: string | null;
  period: XbrlPeriod;
  /** Explicit members of the context's segment (and scenario), in document order. */
  dimensions: XbrlMember[];
  /** Facts with the same concept, context and unit seen again in the document (a number shown in two tables). */
  duplicates: number;
}

/** Result of {@link extractXbrlFacts}. */
export interface XbrlFacts {
  facts: XbrlFact[];
  /** Non-fatal problems: a fact whose context is not declared, two different values for one fact. */
  warnings: string[];
}

interface ContextDraft {
  start: string | null;
  end: string | null;
  dimensions: XbrlMember[];
}

interface RawFact {
  concept: string;
  contextId: string;
  unitId: string | null;
  factId: string | null;
  scale: number;
  sign: '-' | null;
  decimals: string | null;
  format: string | null;
  nil: boolean;
  text: string[];
}

const localName = (tag: string) => {
  const i = tag.indexOf(':');
  return i < 0 ? tag : tag.slice(i + 1);
};

const DASH_ONLY = /^[\s\-–—‒―]*$/;

/**
 * The number a fact displays, read by its `format` (Transformation Registry): dot decimal by default,
 * comma decimal (`num-comma-decimal`, `numcommadecimal`), zero for `fixed-zero` / `zerodash` and for a lone dash.
 * Returns null when nothing numeric is shown.
 */
export function parseDisplayed(text: string, format: string | null): number | null {
  const f = (format ?? '').toLowerCase();
  if (/fixed-?zero|zerodash|numdash/.test(f)) return 0;
  if (DASH_ONLY.test(text)) return text.trim() === '' ? null : 0;
  let s = text.replace(/[\s\u00a0$€£¥()%]/g, '');
  if (/comma-?decimal|numcommadecimal/.test(f)) s = s.replace(/[.'’]/g, '').replace(',', '.');
  else s = s.replace(/[,'’]/g, '');
  if (!/^\d*\.?\d+$/.test(s)) return null;
  return Number(s);
}

/** Whether the markup holds any inline-XBRL fact (else it need not be read for facts). */
export function hasXbrlFacts(html: string): boolean {
  return /<ix:nonfraction/i.test(html);
}

/**
 * Every `ix:nonFraction` fact of the markup, with its context and unit resolved.
 *
 * Duplicates (the same concept, context and unit shown twice, which iXBRL allows) are kept once: the
 * fact with the most decimals; `duplicates` counts the others, and two different values make a warning.
 *
 * @param html - decoded markup of one document
 */
export function extractXbrlFacts(html: string): XbrlFacts {
  if (!hasXbrlFacts(html)) return { facts: [], warnings: [] };
  const reader = xbrlReader();
  new Parser(reader, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true }).end(
    xbrlMarkup(html),
  );
  return reader.result();
}

/** The fact reader: htmlparser2 event handlers, and the facts they read once the markup has ended. */
export interface XbrlReader extends MarkupReader {
  /** The facts of the markup read, resolved and deduplicated; call once, after the parser's end. */
  result(): XbrlFacts;
}

/**
 * A fact reader for one document. It expects the events of an HTML-mode parser that honours `/>`
 * (`recognizeSelfClosing`, as extractors/parse-markup.ts emulates), over the whole markup or over
 * {@link xbrlMarkup}'s parts of it: outside `ix:header` and `ix:nonFraction` it reads nothing, so both
 * give the same facts.
 */
export function xbrlReader(): XbrlReader {
  const contexts = new Map<string, ContextDraft>();
  const units = new Map<string, string>();
  const raw: RawFact[] = [];

  // Where we are in ix:resources.
  let context: { id: string; draft: ContextDraft } | null = null;
  let unit: { id: string; measures: string[]; inDenominator: boolean; denominator: string[] } | null = null;
  let member: { axis: string; text: string[] } | null = null;
  let dateField: 'start' | 'end' | null = null;
  let dateText: string[] = [];
  let measureText: string[] | null = null;
  // Open ix:nonFraction elements (they may nest in iXBRL 1.1): the text belongs to each of them.
  const open: RawFact[] = [];
  let excluded = 0;
  // Open ix:header elements: with the open facts, the parts of the markup that xbrlMarkup keeps.
  let header = 0;

  return {
    onopentag(name, attribs) {
      if (name === 'ix:nonfraction') {
        const fact: RawFact = {
          concept: attribs['name'] ?? '',
          contextId: attribs['contextref'] ?? '',
          unitId: attribs['unitref'] ?? null,
          factId: attribs['id'] ?? null,
          scale: Number(attribs['scale'] ?? '0') || 0,
          sign: attribs['sign'] === '-' ? '-' : null,
          decimals: attribs['decimals'] ?? null,
          format: attribs['format'] ?? null,
          nil: (attribs['xsi:nil'] ?? '').toLowerCase() === 'true',
          text: [],
        };
        open.push(fact);
        raw.push(fact);
        return;
      }
      if (name === 'ix:header') {
        header++;
        return;
      }
      if (header === 0 && open.length === 0) return;
      if (name === 'ix:exclude') {
        excluded++;
        return;
      }
      const local = localName(name);
      switch (local) {
        case 'context':
          if (attribs['id']) context = { id: attribs['id'], draft: { start: null, end: null, dimensions: [] } };
          return;
        case 'explicitmember':
          if (context) member = { axis: attribs['dimension'] ?? '', text: [] };
          return;
        case 'startdate':
          if (context) dateField = 'start';
          dateText = [];
          return;
        case 'enddate':
        case 'instant':
          if (context) dateField = 'end';
          dateText = [];
          return;
        case 'unit':
          if (attribs['id']) unit = { id: attribs['id'], measures: [], inDenominator: false, denominator: [] };
          return;
        case 'unitdenominator':
          if (unit) unit.inDenominator = true;
          return;
        case 'measure':
          if (unit) measureText = [];
          return;
      }
    },
    ontext(text) {
      if (header === 0 && open.length === 0) return;
      if (open.length > 0 && excluded === 0) for (const f of open) f.text.push(text);
      if (member) member.text.push(text);
      if (dateField) dateText.push(text);
      if (measureText) measureText.push(text);
    },
    onclosetag(name) {
      if (name === 'ix:nonfraction') {
        open.pop();
        return;
      }
      if (name === 'ix:header') {
        header = Math.max(0, header - 1);
        return;
      }
      if (header === 0 && open.length === 0) return;
      if (name === 'ix:exclude') {
        excluded = Math.max(0, excluded - 1);
        return;
      }
      const local = localName(name);
      switch (local) {
        case 'context':
          if (context) contexts.set(context.id, context.draft);
          context = null;
          return;
        case 'explicitmember':
          if (context && member) context.draft.dimensions.push({ axis: member.axis, member: member.text.join('').trim() });
          member = null;
          return;
        case 'startdate':
        case 'enddate':
        case 'instant':
          if (context && dateField) context.draft[dateField] = dateText.join('').trim().slice(0, 10) || null;
          dateField = null;
          return;
        case 'measure':
          if (unit && measureText) (unit.inDenominator ? unit.denominator : unit.measures).push(measureText.join('').trim());
          measureText = null;
          return;
        case 'unit':
          if (unit) {
            const numerator = unit.measures.join('*');
            units.set(unit.id, unit.denominator.length ? `${numerator}/${unit.denominator.join('*')}` : numerator);
          }
          unit = null;
          return;
      }
    },
    result: () => resolveFacts(raw, contexts, units),
  };
}

/** The facts read, with their contexts and units resolved and duplicates folded. */
function resolveFacts(raw: RawFact[], contexts: Map<string, ContextDraft>, units: Map<string, string>): XbrlFacts {
  const warnings: string[] = [];
  const byKey = new Map<string, XbrlFact>();
  const missing = new Set<string>();
  for (const r of raw) {
    if (!r.concept || !r.contextId) continue;
    const ctx = contexts.get(r.contextId);
    if (!ctx) {
      missing.add(r.contextId);
      continue;
    }
    const displayed = r.text.join('').replace(/\s+/g, ' ').trim();
    const shown = r.nil ? null : parseDisplayed(displayed, r.format);
    const value = shown === null ? null : scaled(shown, r.scale) * (r.sign === '-' ? -1 : 1);
    const fact: XbrlFact = {
      concept: r.concept,
      contextId: r.contextId,
      factId: r.factId,
      value,
      displayed,
      scale: r.scale,
      sign: r.sign,
      decimals: r.decimals,
      unit: r.unitId === null ? null : (units.get(r.unitId) ?? r.unitId),
      period: { start: ctx.start, end: ctx.end },
      dimensions: ctx.dimensions,
      duplicates: 0,
    };
    const key = `${r.concept}|${r.contextId}|${r.unitId ?? ''}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, fact);
      continue;
    }
    if (seen.value !== null && fact.value !== null && !sameWithin(seen, fact)) {
      warnings.push(`XBRL fact ${r.concept} (context ${r.contextId}) has two values: ${seen.displayed} and ${displayed}`);
    }
    const keep = precision(fact) > precision(seen) ? fact : seen;
    keep.duplicates = seen.duplicates + 1;
    byKey.set(key, keep);
  }
  if (missing.size > 0) warnings.push(`XBRL facts refer to ${missing.size} undeclared context(s): ${[...missing].slice(0, 3).join(', ')}`);
  return { facts: [...byKey.values()], warnings };
}

/**
 * The parts of the markup that carry XBRL: the `ix:header` blocks (contexts, units, hidden facts) and every
 * `ix:nonFraction` element outside them, in document order. The parser reads these instead of the whole
 * document (a tenth of it, or less, in the corpus's 10-Ks), so the pass costs little beside the text walk.
 */
export function xbrlMarkup(html: string): string {
  const parts: Array<[number, string]> = [];
  const headers: Array<[number, number]> = [];
  const open = /<ix:header[\s>]/gi;
  for (let m = open.exec(html); m !== null; m = open.exec(html)) {
    const close = /<\/ix:header\s*>/gi;
    close.lastIndex = m.index;
    const end = close.exec(html);
    const stop = end ? end.index + end[0].length : html.length;
    headers.push([m.index, stop]);
    parts.push([m.index, html.slice(m.index, stop)]);
    open.lastIndex = stop;
  }
  const fact = /<ix:nonfraction\b/gi;
  const tag = /<(\/?)ix:nonfraction\b[^>]*?(\/?)>/gi;
  let h = 0;
  for (let m = fact.exec(html); m !== null; m = fact.exec(html)) {
    while (h < headers.length && headers[h]![1] <= m.index) h++;
    const header = headers[h];
    if (header && header[0] <= m.index) {
      fact.lastIndex = header[1];
      continue;
    }
    // From the opening tag to its matching close (facts may nest), or the tag alone when it closes itself.
    tag.lastIndex = m.index;
    let depth = 0;
    let stop = html.length;
    for (let t = tag.exec(html); t !== null; t = tag.exec(html)) {
      if (t[1] === '/') depth--;
      else if (t[2] !== '/') depth++;
      if (depth <= 0) {
        stop = t.index + t[0].length;
        break;
      }
    }
    parts.push([m.index, html.slice(m.index, stop)]);
    fact.lastIndex = stop;
  }
  // Document order, so that of two renderings of a fact the first one seen stays the first.
  return parts.sort((a, b) => a[0] - b[0]).map(([, part]) => part).join('\n');
}

/** Multiply by 10^scale without binary noise (0.6 x 10^6 is 600000, not 599999.9999). */
function scaled(value: number, scale: number): number {
  if (scale === 0) return value;
  return Number(`${value}e${scale}`);
}

function precision(f: XbrlFact): number {
  if (f.decimals === null) return -Infinity;
  if (f.decimals.toUpperCase() === 'INF') return Infinity;
  return Number(f.decimals) || 0;
}

/** Two renderings of one fact agree when they round to the same number at the coarser precision. */
function sameWithin(a: XbrlFact, b: XbrlFact): boolean {
  const d = Math.min(precision(a), precision(b));
  if (!Number.isFinite(d)) return a.value === b.value;
  const step = 10 ** -d;
  return Math.abs((a.value ?? 0) - (b.value ?? 0)) < step;
}
