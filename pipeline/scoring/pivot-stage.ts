/**
 * The stage of an issuer's pivot that one filing shows: `revenue` (recognised AI/HPC revenue: a tagged
 * ai_hpc revenue line, else an ai_hpc fact sentence that states revenue in money), `contracted` (a signed
 * lease or contract with a named customer), `developing` (building, energising, converting for AI/HPC),
 * `evaluating` (studying, exploring). Each finding names the fact or sentence that set it. Pure.
 */
import { PIVOT_STAGES, type PivotStage } from '../core/vocabulary.ts';
import type { DealMention, DealSentence } from './deals.ts';
import DATA from './deals.json' with { type: 'json' };
import type { RevenueMix } from './revenue.ts';
import { opensAsTable } from './statements.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cue = (list: readonly string[]) => new RegExp(`\\b(?:${list.map(escape).join('|')})\\b`, 'i');
const REVENUE = cue(DATA.stages.revenue);
const LINES = DATA.stages.revenueLines.map(escape).join('|');
/** Revenue said of an AI/HPC line: "HPC hosting revenue was", "recognized $12.5 million of HPC revenue", "revenue from our cloud". */
const AI_REVENUE = new RegExp(`\\b(?:${LINES})\\b[^;]{0,40}\\brevenues?\\b|\\brevenues?\\s+(?:from|of|in)\\s+(?:our\\s+|its\\s+)?(?:${LINES})\\b`, 'i');
const DEVELOPING = cue(DATA.stages.developing);
const EVALUATING = cue(DATA.stages.evaluating);
const MONEY = /\$\s?\d/;

export const stageRank = (stage: PivotStage): number => PIVOT_STAGES.indexOf(stage);

/** A stage and what set it: a revenue mix line (its period and amount) or a sentence (its offset in a document). */
export interface StageFinding {
  stage: PivotStage;
  /** `fact`: an XBRL revenue line; `deal`: a deal mention; `sentence`: a labelled sentence's cue. */
  basis: 'fact' | 'deal' | 'sentence';
  /** Set for basis `deal` and `sentence`. */
  sentence: { documentName: string; start: number; text: string } | null;
  /** Set for basis `fact`: the period and ai_hpc revenue. */
  fact: { periodStart: string; periodEnd: string; amount: number; share: number; members: string[] } | null;
  reason: string;
}

/** A labelled sentence of a filing, with the document it is in. */
export interface StageSentence extends DealSentence {
  documentName: string;
}

/** The first of the sentences that does not open as a flattened table (the one a reader is shown), else the first. */
const quotable = (list: readonly StageSentence[]): StageSentence | undefined => list.find((s) => !opensAsTable(s.text)) ?? list[0];

const usable = (s: StageSentence) => s.topics.includes('ai_hpc') && s.weight > 0 && (s.modality === 'fact' || s.modality === 'plan');

/**
 * The highest stage one filing shows, or null when it shows none.
 *
 * @param sentences - the filing's labelled sentences
 * @param mentions - the filing's deal mentions, with their document
 * @param mix - the filing's revenue mix (empty without tagged XBRL)
 */
export function filingStage(
  sentences: readonly StageSentence[],
  mentions: ReadonlyArray<DealMention & { documentName: string }>,
  mix: readonly RevenueMix[],
): StageFinding | null {
  for (const m of [...mix].sort((a, b) => a.months - b.months)) {
    const ai = m.lines.find((l) => l.line === 'ai_hpc' && l.kind === 'revenue' && l.amount > 0);
    if (ai) {
      return {
        stage: 'revenue',
        basis: 'fact',
        sentence: null,
        fact: { periodStart: m.periodStart, periodEnd: m.periodEnd, amount: ai.amount, share: ai.share ?? 0, members: ai.facts.map((f) => f.member ?? f.concept) },
        reason: `tagged ai_hpc revenue ${Math.round(ai.amount).toLocaleString('en-US')} ${m.unit.replace('iso4217:', '')} (${ai.facts.map((f) => f.member ?? f.concept).join(', ')}), ${m.periodStart} to ${m.periodEnd}`,
      };
    }
  }
  const facts = sentences.filter((s) => usable(s) && s.modality === 'fact');
  const revenue = quotable(facts.filter((s) => REVENUE.test(s.text) && AI_REVENUE.test(s.text) && MONEY.test(s.text)));
  if (revenue) return sentenceFinding('revenue', revenue, 'an ai_hpc fact stating AI/HPC revenue in money');
  const deal = mentions.find((m) => m.signed);
  if (deal) {
    return {
      stage: 'contracted',
      basis: 'deal',
      sentence: { documentName: deal.documentName, start: deal.start, text: deal.text },
      fact: null,
      reason: `signed ${deal.kind} with ${deal.counterparty}`,
    };
  }
  const developing = quotable(facts.filter((s) => DEVELOPING.test(s.text))) ?? quotable(sentences.filter((s) => usable(s) && DEVELOPING.test(s.text)));
  if (developing) return sentenceFinding('developing', developing, 'an ai_hpc sentence about building or converting');
  const evaluating = quotable(sentences.filter((s) => usable(s) && EVALUATING.test(s.text)));
  if (evaluating) return sentenceFinding('evaluating', evaluating, 'an ai_hpc sentence about studying or exploring');
  return null;
}

function sentenceFinding(stage: PivotStage, s: StageSentence, reason: string): StageFinding {
  return { stage, basis: 'sentence', sentence: { documentName: s.documentName, start: s.start, text: s.text }, fact: null, reason };
}
