/**
 * Revenue by business line from inline-XBRL facts: which facts are revenue (or a credit a line earns),
 * which business line a member is by the words of its own name (revenue-lines.json; a member whose words
 * mislead, as the filer's own text shows, has an override there with the sentence that says so), and per reporting
 * period the tagged breakdown that adds up to the total. Pure: facts in, rows out. A filing without a
 * tagged breakdown gets no mix: nothing is guessed from the text.
 */
import type { XbrlFact } from '../../extractors/xbrl.ts';
import type { RevenueFact } from '../core/jobs.ts';
import { BUSINESS_LINES, type BusinessLine } from '../core/vocabulary.ts';
import RULES from './revenue-lines.json' with { type: 'json' };

export type { RevenueFact } from '../core/jobs.ts';

/** Version of the mapping; stored with every mapped fact and mix row. */
export const revenueMappingVersion: string = RULES.version;

/** camelCase / PascalCase name to lower-case words: `btbt:DigitalAssetMiningMember` -> `digital asset mining`. */
export function nameWords(qname: string): string {
  const local = qname.slice(qname.indexOf(':') + 1).replace(/Member$|Axis$/, '');
  return local
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
}

const hasWords = (words: string, phrase: string) => ` ${words} `.includes(` ${phrase} `);

/** The line of a breakdown member by the words of its name, with the words that decided it; null for an aggregate (eliminations, totals). */
export function lineOfMember(member: string): { line: BusinessLine; basis: string } | null {
  const override = (RULES.memberOverrides as Record<string, { line: string; why: string } | undefined>)[member];
  if (override) return { line: override.line as BusinessLine, basis: `override: ${override.why}` };
  const words = nameWords(member);
  if (RULES.notALine.some((w) => hasWords(words, w))) return null;
  for (const rule of RULES.memberRules) {
    if (rule.words.length === 0) return { line: rule.line as BusinessLine, basis: 'no rule matched' };
    const hit = rule.words.find((w) => hasWords(words, w));
    if (hit) return { line: rule.line as BusinessLine, basis: hit };
  }
  return { line: 'other', basis: 'no rule matched' };
}

const EXCLUDED = new Set(RULES.otherRevenueConceptWords.exclude);

/** Whether a concept is revenue: a listed one, or a name starting with Revenue(s) without words of balances or costs. */
export function isRevenueConcept(concept: string): boolean {
  if (RULES.revenueConcepts.includes(concept)) return true;
  const words = nameWords(concept).split(' ');
  if (!RULES.otherRevenueConceptWords.startsWith.includes(words[0] ?? '')) return false;
  return !words.some((w) => EXCLUDED.has(w));
}

/** The line a credit concept earns for (Riot's power curtailment credits: grid), or null. */
export function creditLineOf(concept: string): { line: BusinessLine; basis: string } | null {
  const words = nameWords(concept);
  for (const rule of RULES.creditConcepts) {
    const hit = rule.words.find((w) => hasWords(words, w));
    if (hit) return { line: rule.line as BusinessLine, basis: hit };
  }
  return null;
}

const DAY = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function monthsBetween(start: string | null, end: string | null): number | null {
  if (!start || !end) return null;
  const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY + 1;
  return Math.round(days / (365.25 / 12));
}

/** The revenue and credit facts among a document's XBRL facts (monetary, with a value), each mapped to its line. */
export function selectRevenueFacts(facts: readonly XbrlFact[]): RevenueFact[] {
  const out: RevenueFact[] = [];
  for (const f of facts) {
    if (f.value === null || !Number.isFinite(f.value) || !f.unit || !/^iso4217:[A-Z]{3}$/.test(f.unit)) continue;
    // A malformed date would fail the job payload's validation (core/jobs.ts): such a fact is no use anyway.
    if (![f.period.start, f.period.end].every((d) => d === null || ISO_DATE.test(d))) continue;
    const credit = isRevenueConcept(f.concept) ? null : creditLineOf(f.concept);
    if (!credit && !isRevenueConcept(f.concept)) continue;
    const only = f.dimensions.length === 1 ? f.dimensions[0]! : null;
    const breakdown = only && RULES.breakdownAxes.includes(only.axis) ? only : null;
    const mapped = credit ?? (breakdown ? lineOfMember(breakdown.member) : null);
    out.push({
      concept: f.concept,
      kind: credit ? 'credit' : 'revenue',
      contextId: f.contextId,
      factId: f.factId,
      axis: breakdown?.axis ?? null,
      member: breakdown?.member ?? null,
      dimensions: f.dimensions,
      periodStart: f.period.start,
      periodEnd: f.period.end,
      months: monthsBetween(f.period.start, f.period.end),
      value: f.value,
      unit: f.unit,
      displayed: f.displayed,
      decimals: f.decimals,
      scale: f.scale,
      sign: f.sign,
      duplicates: f.duplicates,
      line: mapped?.line ?? null,
      lineBasis: mapped?.basis ?? null,
    });
  }
  return out;
}

/** Which figure of a filing a mix line comes from, so that a reader can find it in the filing. */
export interface FactRef {
  concept: string;
  member: string | null;
  contextId: string;
  factId: string | null;
  value: number;
}

export interface MixLine {
  line: BusinessLine;
  amount: number;
  /** Of the period's total revenue; null for a credit (not revenue). */
  share: number | null;
  kind: 'revenue' | 'credit';
  facts: FactRef[];
}

/** One period's revenue by line. */
export interface RevenueMix {
  periodStart: string;
  periodEnd: string;
  months: number;
  periodKind: 'quarter' | 'year to date' | 'year' | 'other';
  /** The concept and axis of the breakdown chosen. */
  concept: string;
  axis: string;
  unit: string;
  /** The tagged total (the concept without dimensions), or the breakdown's sum when none is tagged. */
  total: number;
  totalFact: FactRef | null;
  breakdownSum: number;
  /** The breakdown adds up to the total within rounding (0.5% or the facts' precision). */
  reconciles: boolean;
  lines: MixLine[];
}

const periodKind = (months: number): RevenueMix['periodKind'] =>
  months === 3 ? 'quarter' : months === 12 ? 'year' : months === 6 || months === 9 ? 'year to date' : 'other';

const ref = (f: RevenueFact): FactRef => ({ concept: f.concept, member: f.member, contextId: f.contextId, factId: f.factId, value: f.value });

/** Rounding allowed between a breakdown and its total: half a percent, and never less than the facts' precision. */
function tolerance(total: number, facts: readonly RevenueFact[]): number {
  const coarsest = Math.min(...facts.map((f) => (f.decimals && f.decimals.toUpperCase() !== 'INF' ? Number(f.decimals) : 0)));
  return Math.max(Math.abs(total) * 0.005, 10 ** -Math.min(0, coarsest) * facts.length);
}

/**
 * Revenue by line for every duration that ends on the filing's period end (the year of a 10-K; the quarter
 * and the year to date of a 10-Q), from the tagged breakdown that adds up best: revenue concepts in
 * preference order, product-or-service before segment axis. Credits of the same period are added as
 * lines of their own. Periods of comparatives (the prior year in a 10-K) are not mixed: their own filing
 * does that. Empty when nothing is broken down by a member that maps to a line.
 *
 * @param periodEnd - the filing's period end; when null, the latest end date of a revenue total
 */
export function revenueMix(facts: readonly RevenueFact[], periodEnd: string | null): RevenueMix[] {
  const revenue = facts.filter((f) => f.kind === 'revenue' && f.periodStart !== null && f.months !== null);
  const totals = revenue.filter((f) => f.dimensions.length === 0);
  const ends = [...new Set(revenue.map((f) => f.periodEnd!))].sort();
  const end = periodEnd !== null && ends.includes(periodEnd) ? periodEnd : (totals.map((f) => f.periodEnd!).sort().at(-1) ?? ends.at(-1));
  if (!end) return [];
  const periods = [...new Set(revenue.filter((f) => f.periodEnd === end).map((f) => f.periodStart!))].sort().reverse();
  const preference = (concept: string) => {
    const i = RULES.revenueConcepts.indexOf(concept);
    return i < 0 ? RULES.revenueConcepts.length : i;
  };
  const out: RevenueMix[] = [];
  for (const start of periods) {
    const inPeriod = revenue.filter((f) => f.periodStart === start && f.periodEnd === end);
    let best: { mix: RevenueMix; error: number; rank: number } | null = null;
    const concepts = [...new Set(inPeriod.map((f) => f.concept))].sort((a, b) => preference(a) - preference(b) || a.localeCompare(b));
    for (const concept of concepts) {
      for (const [axisRank, axis] of RULES.breakdownAxes.entries()) {
        const parts = inPeriod.filter((f) => f.concept === concept && f.axis === axis && f.line !== null);
        if (parts.length === 0) continue;
        const total = inPeriod.find((f) => f.concept === concept && f.dimensions.length === 0) ?? null;
        const sum = parts.reduce((s, f) => s + f.value, 0);
        const totalValue = total?.value ?? sum;
        if (totalValue <= 0) continue;
        const error = Math.abs(sum - totalValue);
        const reconciles = error <= tolerance(totalValue, total ? [...parts, total] : parts);
        const lines = new Map<BusinessLine, MixLine>();
        for (const p of parts) {
          const l = lines.get(p.line!) ?? { line: p.line!, amount: 0, share: null, kind: 'revenue' as const, facts: [] };
          l.amount += p.value;
          l.facts.push(ref(p));
          lines.set(p.line!, l);
        }
        for (const l of lines.values()) l.share = l.amount / totalValue;
        const months = parts[0]!.months!;
        const mix: RevenueMix = {
          periodStart: start,
          periodEnd: end,
          months,
          periodKind: periodKind(months),
          concept,
          axis,
          unit: parts[0]!.unit,
          total: totalValue,
          totalFact: total ? ref(total) : null,
          breakdownSum: sum,
          reconciles,
          lines: BUSINESS_LINES.flatMap((b) => (lines.has(b) ? [lines.get(b)!] : [])),
        };
        // Reconciling beats not; then the preferred concept and axis.
        const rank = (reconciles ? 0 : 1000) + preference(concept) * 10 + axisRank;
        if (!best || rank < best.rank) best = { mix, error, rank };
      }
    }
    if (!best) continue;
    // Credits of the period: the undimensioned fact, as a positive amount earned.
    const credits = facts.filter((f) => f.kind === 'credit' && f.periodStart === start && f.periodEnd === end && f.dimensions.length === 0);
    const byLine = new Map<BusinessLine, MixLine>();
    for (const c of credits) {
      const l = byLine.get(c.line!) ?? { line: c.line!, amount: 0, share: null, kind: 'credit' as const, facts: [] };
      l.amount += Math.abs(c.value);
      l.facts.push(ref(c));
      byLine.set(c.line!, l);
    }
    best.mix.lines.push(...byLine.values());
    out.push(best.mix);
  }
  return out;
}
