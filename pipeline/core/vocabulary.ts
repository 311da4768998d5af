/**
 * The vocabulary of the measure, declared once: the topics a sentence can be
 * about, the modality of what it says, and the core-business claims it can
 * make. Everything else (classifier, scores, database rows, views, CLI filters,
 * reports) imports these lists; a new topic is an entry here plus its lexicon
 * data (`pipeline/scoring/lexicon.json`), with no change in SQL (scores per
 * topic are rows of `filing_topic_scores`).
 */

/** What a sentence about the filer's own business is about. */
export const TOPICS = ['mining', 'ai_hpc', 'grid'] as const;
export type Topic = (typeof TOPICS)[number];

/** Plain-language names of the topics, for reports and help texts. */
export const TOPIC_LABELS: Record<Topic, string> = {
  mining: 'Bitcoin mining',
  ai_hpc: 'AI / HPC hosting',
  grid: 'grid services',
};

/** How a sentence speaks of its topic: done, planned, possible, or denied. */
export const MODALITIES = ['fact', 'plan', 'hypothetical', 'negated'] as const;
export type Modality = (typeof MODALITIES)[number];

/**
 * The topics a sentence can claim to be the filer's core business, and `none`.
 * A dual self-description that names both businesses side by side claims neither.
 */
export const CORE_CLAIM_TOPICS = ['mining', 'ai_hpc'] as const satisfies ReadonlyArray<Topic>;
export const CORE_CLAIMS = [...CORE_CLAIM_TOPICS, 'none'] as const;
export type CoreClaim = (typeof CORE_CLAIMS)[number];

/** The two ends of the pivot index: P = (A - M) / (A + M + 2a), A the `to` mass and M the `from` mass. */
export const PIVOT = { from: 'mining', to: 'ai_hpc' } as const satisfies { from: Topic; to: Topic };

export function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}

export function isModality(value: string): value is Modality {
  return (MODALITIES as readonly string[]).includes(value);
}

/** A record with one entry per topic, each made by `make`. */
export function perTopic<T>(make: (topic: Topic) => T): Record<Topic, T> {
  return Object.fromEntries(TOPICS.map((t) => [t, make(t)])) as Record<Topic, T>;
}

/** Business lines revenue is mapped to (by the words of XBRL member names, pipeline/scoring/revenue-lines.json). */
export const BUSINESS_LINES = ['mining', 'ai_hpc', 'grid', 'other'] as const;
export type BusinessLine = (typeof BUSINESS_LINES)[number];

/**
 * How far an issuer's pivot has come, lowest first: studying HPC uses, building for them, a signed lease
 * or contract with a customer, recognised AI/HPC revenue (pipeline/scoring/pivot-stage.ts).
 */
export const PIVOT_STAGES = ['evaluating', 'developing', 'contracted', 'revenue'] as const;
export type PivotStage = (typeof PIVOT_STAGES)[number];
