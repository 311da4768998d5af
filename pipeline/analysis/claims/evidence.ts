/** Helpers the claims share: citing a sentence, ordering evidence by strength, yearly shares. */
import type { EvidenceRow, TimelineRow } from '../../../db/analyst.ts';
import { THRESHOLDS, type Citation, type ClaimContext } from './types.ts';

export const label = (i: { ticker: string | null; issuerName: string }) => i.ticker ?? i.issuerName;
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const positive = (x: number) => Math.max(0, x);

export function cite(row: EvidenceRow, stance: Citation['stance'] = 'supports'): Citation {
  return {
    sentenceId: row.sentenceId,
    issuer: row.issuerName,
    ticker: row.ticker,
    form: row.form,
    date: row.date,
    section: row.section,
    sectionTitle: row.sectionTitle,
    page: row.page,
    text: row.text,
    topics: row.topics,
    modality: row.modality,
    coreClaim: row.coreClaim,
    weight: row.weight,
    source: row.documentOrigin || row.sourceRef,
    accession: row.accession,
    link: row.edgarUrl,
    stance,
  };
}

export const hasTopic = (row: EvidenceRow, topic: string) => row.topics.split(',').includes(topic);
export const isPositiveFact = (row: EvidenceRow, topic: string) => hasTopic(row, topic) && row.modality === 'fact' && row.weight > 0;
const termCount = (row: EvidenceRow) => {
  try {
    return (JSON.parse(row.terms) as unknown[]).length;
  } catch {
    return 0;
  }
};
/** At most about 60 words: a sentence a reader can check at a glance, not a table row or a legal paragraph. */
const quotable = (row: EvidenceRow) => (row.text.length <= 400 ? 1 : 0);
/**
 * A complete statement a reader can cite: it ends as a sentence ends, and is not a footnote ("1. Total net
 * electricity costs are ..."), an item of a list ("● our ability to ...;") or a metric's definition, which
 * a citation would present as the filer's claim.
 */
export const citable = (row: EvidenceRow): 0 | 1 => {
  const text = row.text.trim();
  const statement = /[.!?]["”’)]?$/.test(text) && !/^(\(?\d{1,2}[.)]|\*)\s/.test(text);
  // A metric's definition ("Net electricity costs are calculated as ...") says how a number is made, not what the filer does.
  const definition = /\b(?:is|are) (?:calculated|defined|computed|measured|presented) (?:as|on)\b|\bwe define\b/i.test(text);
  return statement && !definition ? 1 : 0;
};
/** Strongest first: a citable statement, then weight (section x modality), then quotable, then lexicon terms matched, then newest. */
export const byStrength = (a: EvidenceRow, b: EvidenceRow) =>
  citable(b) - citable(a) ||
  b.weight - a.weight ||
  quotable(b) - quotable(a) ||
  termCount(b) - termCount(a) ||
  (b.date ?? '').localeCompare(a.date ?? '') ||
  a.sentenceId - b.sentenceId;

/** Yearly pooled ai_hpc share of the miners' mass: Σ ai_hpc / Σ (ai_hpc + mining), negative masses as 0. */
export function yearlyShare(timeline: TimelineRow[]): Array<{ year: string; filings: number; aiHpcShare: number | null; minersWithAiHpc: number }> {
  const years = new Map<string, { ai: number; mining: number; filings: number; issuers: Set<number> }>();
  for (const t of timeline) {
    if (!t.period) continue;
    const year = t.period.slice(0, 4);
    const y = years.get(year) ?? { ai: 0, mining: 0, filings: 0, issuers: new Set<number>() };
    y.ai += positive(t.aiHpcMass);
    y.mining += positive(t.miningMass);
    y.filings += 1;
    if (t.aiHpcFactMass > 0) y.issuers.add(t.issuerId);
    years.set(year, y);
  }
  return [...years.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([year, y]) => ({
      year,
      filings: y.filings,
      aiHpcShare: y.ai + y.mining > 0 ? Math.round((y.ai / (y.ai + y.mining)) * 1000) / 1000 : null,
      minersWithAiHpc: y.issuers.size,
    }));
}

/** The strongest positive fact of an issuer on a topic, if any. */
export function strongest(context: ClaimContext, issuerId: number, topic: string): EvidenceRow | undefined {
  return context.evidence.filter((e) => e.issuerId === issuerId && isPositiveFact(e, topic)).sort(byStrength)[0];
}

/** At most THRESHOLDS.maxCitations citations. */
export const limit = (list: Citation[]): Citation[] => list.slice(0, THRESHOLDS.maxCitations);

/** `YYYY-MM-DD` moved by `days`. */
export function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

