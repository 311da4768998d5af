/**
 * AI/HPC deals from the text: in sentences already labelled ai_hpc (stated as fact or plan), the
 * counterparty, megawatts (critical IT or gross, as written), contract value and currency, term, site and
 * date of a lease, colocation, cloud or merger agreement. Regular expressions on every candidate; compromise
 * (slow) only to find an organisation in a candidate that names no known counterparty. A deal mentioned in
 * several sentences or filings is one deal (same issuer, counterparty, kind and site), each mention kept.
 * Pure: sentences in, mentions and deals out.
 */
import DATA from './deals.json' with { type: 'json' };
import type { DealTerms } from '../core/deals.ts';
import { compromise } from './nlp.ts';

export const dealsVersion: string = DATA.version;

export type DealKind = 'lease' | 'colocation' | 'cloud services' | 'merger' | 'agreement';

/** A labelled sentence, as the score stage or the database holds it. */
export interface DealSentence {
  start: number;
  text: string;
  topics: readonly string[];
  modality: string | null;
  weight: number;
}

/** What one sentence says of a deal. */
export interface DealMention extends DealTerms {
  /** Offset of the sentence in its document (its natural key with the document). */
  start: number;
  text: string;
  /** `named`: a known counterparty's name; `organisation`: compromise's; `nearby`: named by a sentence just before. */
  counterpartyBasis: 'named' | 'organisation' | 'nearby';
  kind: DealKind;
  mwBasis: 'critical IT' | 'gross' | null;
  /** A date the sentence gives the deal (`On January 16, 2026, ... entered into`), `YYYY-MM-DD`. */
  statedOn: string | null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const COUNTERPARTIES = DATA.counterparties.map((c) => ({
  name: c.name,
  // Short all-capital names (AMD, AWS, IBM) must match as written; longer names in any case.
  pattern: new RegExp(c.names.map((n) => `\\b${escape(n)}\\b`).join('|'), c.names.every((n) => n.length <= 4 && n === n.toUpperCase()) ? '' : 'i'),
}));

const words = (list: readonly string[]) => new RegExp(`\\b(?:${list.map(escape).join('|')})\\b`, 'i');
const DEAL_WORDS = words(DATA.dealWords);
const KINDS = DATA.kinds.map((k) => ({ kind: k.kind as DealKind, pattern: k.words.length ? words(k.words) : null }));
const NOT_AN_AMOUNT_OF = words(DATA.notAnAmountOf);
const SIGNED = words(DATA.stages.contracted);

const MW = /(\d{1,3}(?:,\d{3})*(?:\.\d+)?)\s*(?:MW|megawatts?)\b(?:\s*\(\s*MW\s*\))?(?:\s+of\s+(critical[\s-]IT|gross|IT))?/gi;
const MONEY = /(?:(US|C|CA|A|AU)?\$|USD\s?|EUR\s?|€)\s?(\d{1,3}(?:,\d{3})*(?:\.\d+)?)\s*(million|billion|thousand|bn|mm|m|b)?\b/gi;
const VALUE_WORDS = /\b(?:contract value|contracted value|total contract|aggregate (?:contract|revenue)|cumulative (?:contract|revenue)|worth|valued at|total (?:expected |anticipated )?revenue|revenue of|in (?:total |contracted )?revenue|of revenue|revenue over)\b/i;
const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20,
};
const TERM = /\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)[- ]year\b(?=[^.;]{0,60}\b(?:term|lease|agreement|contract|colocation|deal)s?\b)|\bterm of (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty) years\b/i;
const SITE = /\b(?:at|in) (?:the |its |our |their )?((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+) (?:Site|site|Facility|facility|Campus|campus|data center|Data Center)\b/;
const PLACE = /\b(?:in|at) ([A-Z][a-z]+(?: [A-Z][a-z]+)?), (?:Texas|North Dakota|Georgia|Kentucky|Oklahoma|New York|Pennsylvania|Tennessee|Alabama|Ohio|Quebec|Québec|Ontario|Manitoba|Alberta|British Columbia|Iceland|Norway|Sweden|Paraguay|Ethiopia|Bhutan|North Carolina|South Carolina|Nebraska|Wyoming|Mississippi)\b/;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const STATED_ON = /\b(?:On|on|As of|as of|Dated|dated) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})\b/;
/** Words that are not a counterparty however compromise tags them: an organisation must not contain any. */
const NOT_ORGANISATIONS = words(DATA.notCounterparties);
/** A name followed by a chip or server model is hardware bought, not a counterparty (NVIDIA H200s). */
const HARDWARE_AFTER_NAME = new RegExp(DATA.hardwareAfterName, 'i');
/** A value stated under an assumption ("assuming the customer utilizes the GPUs at full capacity") is a potential, not a contract. */
const ASSUMED = /\bassuming\b/i;

/** The mentions with a lower bound in a sentence: the initial megawatts, not an option for more. */
function firstAmount(text: string, pattern: RegExp): RegExpExecArray | null {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 45), m.index);
    if (!NOT_AN_AMOUNT_OF.test(before)) return m;
  }
  return null;
}

/** `critical IT` (or "IT load") or `gross`, as the words after the megawatts say; null when they do not. */
function mwBasisOf(basisWords: string, after: string): DealMention['mwBasis'] {
  if (basisWords.startsWith('critical') || basisWords === 'it' || /critical[\s-]IT|\bIT load\b/i.test(after)) return 'critical IT';
  if (basisWords === 'gross' || /\(gross\)|\bgross\b/i.test(after)) return 'gross';
  return null;
}

const toNumber = (s: string) => Number(s.replace(/,/g, ''));
const yearsOf = (s: string) => NUMBER_WORDS[s.toLowerCase()] ?? Number(s);

function money(text: string): { value: number; currency: string; text: string } | null {
  if (!VALUE_WORDS.test(text) || ASSUMED.test(text)) return null;
  const m = firstAmount(text, MONEY);
  if (!m) return null;
  const unit = (m[3] ?? '').toLowerCase();
  const factor = unit.startsWith('b') ? 1e9 : unit === 'thousand' ? 1e3 : unit === '' ? 1 : 1e6;
  const prefix = (m[1] ?? '').toUpperCase();
  const currency = m[0].includes('€') || m[0].toUpperCase().startsWith('EUR') ? 'EUR' : prefix === 'C' || prefix === 'CA' ? 'CAD' : prefix === 'A' || prefix === 'AU' ? 'AUD' : 'USD';
  const approx = /\b(?:approximately|about|roughly|nearly|over|more than|up to)\s*$/i.exec(text.slice(Math.max(0, m.index - 20), m.index));
  return { value: Math.round(toNumber(m[2]!) * factor), currency, text: `${approx ? `${approx[0].trim()} ` : ''}${m[0].trim()}` };
}

function statedOn(text: string): string | null {
  const m = STATED_ON.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
  return `${m[3]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
}

/** Counts calls into compromise: it must run on candidate sentences only. */
export const dealNlpCalls = { count: 0 };

/** A company named with its legal suffix: `Helios Compute, Inc.` gives `Helios Compute`. */
const LEGAL_NAME = /\b((?:[A-Z][\w&'’.-]*\s+){0,4}[A-Z][\w&'’.-]*),?\s+(?:Inc|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|plc|PLC|GmbH|S\.A|AG|Co)\b\.?/g;
const LEGAL_SUFFIX_ONLY = /^(?:inc|llc|ltd|limited|corp|corporation|plc|gmbh|co|company)\.?$/i;

function organisation(text: string, filerNames: readonly string[]): string | null {
  const filer = filerNames.map((n) => n.toLowerCase().replace(/[,.]|\b(inc|corp|ltd|llc|plc)\b/g, '').trim()).filter((n) => n.length > 2);
  const isFiler = (lower: string) => filer.some((f) => lower.includes(f) || f.includes(lower));
  LEGAL_NAME.lastIndex = 0;
  for (let m = LEGAL_NAME.exec(text); m !== null; m = LEGAL_NAME.exec(text)) {
    const name = m[1]!.replace(/^(?:The|the|with|With|to|To|and|by)\s+/, '').trim();
    if (name.length >= 3 && !NOT_ORGANISATIONS.test(name) && !isFiler(name.toLowerCase())) return name;
  }
  dealNlpCalls.count++;
  const orgs = compromise()(text).organizations().out('array') as string[];
  for (const raw of orgs) {
    const org = raw.replace(/[“”"(),.;:]+/g, ' ').replace(/\s+/g, ' ').trim();
    const lower = org.toLowerCase();
    if (org.length < 3 || NOT_ORGANISATIONS.test(org) || LEGAL_SUFFIX_ONLY.test(org) || !/^[A-Z0-9]/.test(org)) continue;
    if (isFiler(lower)) continue;
    return org;
  }
  return null;
}

/** How far back (characters of the document) a sentence without a name may take the counterparty of a deal sentence. */
const NEARBY_CHARS = 1500;

/**
 * The deal mentions of one document's labelled sentences (in document order). A candidate is an ai_hpc
 * sentence stated as fact or plan with deal words; it needs a counterparty (a known name, an organisation
 * compromise finds, or the counterparty of a deal sentence just before it, as in a press release's bullets)
 * and at least one of: megawatts, a contract value, a term, a site, or a kind of agreement.
 *
 * @param filerNames - the issuer's names: the filer is never its own counterparty
 */
export function findDealMentions(sentences: readonly DealSentence[], filerNames: readonly string[]): DealMention[] {
  const out: DealMention[] = [];
  let last: { counterparty: string; end: number } | null = null;
  const filerPattern = filerNames.length ? new RegExp(filerNames.map((n) => `\\b${escape(n.replace(/[,.]?\s*(Inc|Corp|Ltd|LLC|plc)\.?$/i, ''))}\\b`).join('|'), 'i') : null;
  for (const s of [...sentences].sort((a, b) => a.start - b.start)) {
    if (!s.topics.includes('ai_hpc') || (s.modality !== 'fact' && s.modality !== 'plan') || s.weight <= 0) continue;
    const text = s.text;
    const mw = firstAmount(text, MW);
    const value = money(text);
    const term = TERM.exec(text);
    const hasDealWords = DEAL_WORDS.test(text);
    if (!hasDealWords && !mw && !value) continue;
    let counterparty: string | null = null;
    let basis: DealMention['counterpartyBasis'] = 'named';
    for (const c of COUNTERPARTIES) {
      const hit = c.pattern.exec(text);
      if (!hit || HARDWARE_AFTER_NAME.test(text.slice(hit.index + hit[0].length, hit.index + hit[0].length + 30))) continue;
      // A filer that shares a name with a counterparty (Core Scientific is not CoreWeave) is not its own customer.
      if (filerPattern && filerPattern.test(c.name)) continue;
      counterparty = c.name;
      break;
    }
    if (!counterparty && last && s.start - last.end <= NEARBY_CHARS && hasDealWords && (mw || value || term)) {
      counterparty = last.counterparty;
      basis = 'nearby';
    }
    if (!counterparty && hasDealWords && (mw || value || term)) {
      counterparty = organisation(text, filerNames);
      basis = 'organisation';
    }
    if (!counterparty) continue;
    const kind = KINDS.find((k) => k.pattern === null || k.pattern.test(text))!.kind;
    const site = SITE.exec(text)?.[1] ?? PLACE.exec(text)?.[1] ?? null;
    if (!mw && !value && !term && !site && !hasDealWords) continue;
    const basisWords = mw?.[2]?.toLowerCase() ?? '';
    out.push({
      start: s.start,
      text,
      counterparty,
      counterpartyBasis: basis,
      kind,
      mw: mw ? toNumber(mw[1]!) : null,
      mwBasis: mw ? mwBasisOf(basisWords, text.slice(mw.index, mw.index + mw[0].length + 30)) : null,
      value: value?.value ?? null,
      currency: value?.currency ?? null,
      valueText: value?.text ?? null,
      termYears: term ? yearsOf(term[1] ?? term[2]!) : null,
      site: site ? site.replace(/^(?:the|its|our)\s+/i, '') : null,
      statedOn: statedOn(text),
      signed: s.modality === 'fact' && kind !== 'merger' && SIGNED.test(text),
    });
    if (basis !== 'nearby') last = { counterparty, end: s.start + text.length };
  }
  return out;
}

/** A mention with where it was found, as grouped into deals. */
export interface LocatedMention extends DealMention {
  sentenceId: number;
  /** Date of the filing (filed, else period end). */
  date: string | null;
}

export interface Deal extends DealTerms {
  /** `counterparty|kind group|site`: the deal's natural key within its issuer. */
  key: string;
  kind: DealKind;
  mwBasis: 'critical IT' | 'gross' | null;
  /** The earliest of the mentions' dates: the date a sentence gives, else its filing's date. */
  firstDate: string | null;
  /** Mentions, oldest first; each figure of the deal comes from the first mention that states it. */
  mentions: LocatedMention[];
  /** For each figure, the sentence it comes from. */
  sources: Partial<Record<'mw' | 'value' | 'termYears' | 'site' | 'firstDate', number>>;
}

const KIND_ORDER: DealKind[] = ['lease', 'colocation', 'cloud services', 'agreement'];

/**
 * One deal per counterparty, kind (a merger apart from the contracts) and site, from all mentions of one
 * issuer. A mention without a site joins the counterparty's deal of that kind with a site when there is one.
 * Figures come from the earliest mention that states them (a later filing restating it is evidence, not a change).
 */
export function groupDeals(mentions: readonly LocatedMention[]): Deal[] {
  const ordered = [...mentions].sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.sentenceId - b.sentenceId);
  const group = (m: DealMention) => (m.kind === 'merger' ? 'merger' : 'contract');
  const sited = new Map<string, string>();
  for (const m of ordered) if (m.site && !sited.has(`${m.counterparty}|${group(m)}`)) sited.set(`${m.counterparty}|${group(m)}`, m.site);
  const deals = new Map<string, LocatedMention[]>();
  for (const m of ordered) {
    const site = m.site ?? sited.get(`${m.counterparty}|${group(m)}`) ?? '';
    const key = `${m.counterparty}|${group(m)}|${site}`;
    deals.set(key, [...(deals.get(key) ?? []), m]);
  }
  return [...deals.entries()].map(([key, list]) => {
    const first = <K extends keyof DealMention>(field: K) => list.find((m) => m[field] !== null && m[field] !== undefined);
    const mw = list.find((m) => m.mw !== null && m.mwBasis !== null) ?? first('mw');
    const value = first('value');
    const term = first('termYears');
    const site = first('site');
    // The earliest date of any mention: the date it states, else its filing's.
    const dated = list.filter((m) => (m.statedOn ?? m.date) !== null).sort((a, b) => (a.statedOn ?? a.date)!.localeCompare((b.statedOn ?? b.date)!))[0];
    const kinds = list.map((m) => m.kind);
    const kind = kinds.includes('merger') ? 'merger' : (KIND_ORDER.find((k) => kinds.includes(k)) ?? 'agreement');
    const sources: Deal['sources'] = {};
    if (mw) sources.mw = mw.sentenceId;
    if (value) sources.value = value.sentenceId;
    if (term) sources.termYears = term.sentenceId;
    if (site) sources.site = site.sentenceId;
    sources.firstDate = (dated ?? list[0]!).sentenceId;
    return {
      key,
      counterparty: list[0]!.counterparty,
      kind,
      mw: mw?.mw ?? null,
      mwBasis: mw?.mwBasis ?? null,
      value: value?.value ?? null,
      currency: value?.currency ?? null,
      valueText: value?.valueText ?? null,
      termYears: term?.termYears ?? null,
      site: site?.site ?? null,
      firstDate: dated ? (dated.statedOn ?? dated.date) : null,
      signed: list.some((m) => m.signed),
      mentions: list,
      sources,
    };
  });
}
