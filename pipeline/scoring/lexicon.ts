/**
 * Loads and compiles the lexicon data file. The lexicon is data, reviewed like
 * code; its `version` is part of every stored score's scorer version.
 */
import bundled from './lexicon.json' with { type: 'json' };
import { PhraseMatcher, parsePhrase } from './matcher.ts';

export type Topic = 'mining' | 'ai_hpc' | 'grid';
export type Modality = 'fact' | 'plan' | 'hypothetical' | 'negated';
export type CoreClaim = 'mining' | 'ai_hpc' | 'none';

/** Every class of term the classifier looks for. */
export type TermClass =
  | 'mining.strong'
  | 'mining.weak'
  | 'mining.hosting'
  | 'metals'
  | 'ai_hpc.strong'
  | 'ai_hpc.ai'
  | 'ai_hpc.infra'
  | 'grid.strong'
  | 'grid.weak'
  | 'trap'
  | 'own'
  | 'others'
  | 'chipSeller'
  | 'neg'
  | 'negException'
  | 'hypothetical'
  | 'plan'
  | 'core.primary'
  | 'core.business'
  | 'core.self'
  | 'core.shift'
  | 'core.noun';

export interface TermTag {
  cls: TermClass;
  /** For traps: which topic the trap cancels (`*` for all). */
  trapTopic?: Topic | '*' | 'none';
}

export interface LexiconFile {
  version: string;
  topics: {
    mining: { strong: string[]; weak: string[]; hosting: string[] };
    ai_hpc: { strong: string[]; ai: string[]; infra: string[] };
    grid: { strong: string[]; weak: string[] };
  };
  traps: Array<{ phrase: string; topic: Topic | '*' | 'none'; why: string }>;
  own: string[];
  others: string[];
  chipSeller: string[];
  metals: string[];
  modality: { negated: string[]; negationExceptions: string[]; hypothetical: string[]; plan: string[] };
  coreClaim: { primaryWords: string[]; businessWords: string[]; selfDescription: string[]; shift: string[]; companyNouns: string[] };
  companyNames: { peers: string[]; taglines: string[] };
}

export interface Lexicon {
  version: string;
  matcher: PhraseMatcher<TermTag>;
  /** The subset that makes a sentence a candidate for the expensive pass. */
  candidateMatcher: PhraseMatcher<TermTag>;
  peerNames: string[];
  taglines: string[];
}

/**
 * Compiles lexicon data (the bundled `lexicon.json` by default). The data is imported, not read from
 * disk, so scoring stays free of I/O; a caller with another lexicon file parses it and passes it in.
 */
export function loadLexicon(data: LexiconFile = bundled as unknown as LexiconFile): Lexicon {
  const all: Array<[string[], TermTag]> = [
    [data.topics.mining.strong, { cls: 'mining.strong' }],
    [data.topics.mining.weak, { cls: 'mining.weak' }],
    [data.topics.mining.hosting, { cls: 'mining.hosting' }],
    [data.metals, { cls: 'metals' }],
    [data.topics.ai_hpc.strong, { cls: 'ai_hpc.strong' }],
    [data.topics.ai_hpc.ai, { cls: 'ai_hpc.ai' }],
    [data.topics.ai_hpc.infra, { cls: 'ai_hpc.infra' }],
    [data.topics.grid.strong, { cls: 'grid.strong' }],
    [data.topics.grid.weak, { cls: 'grid.weak' }],
    [data.own, { cls: 'own' }],
    [data.others, { cls: 'others' }],
    [data.chipSeller, { cls: 'chipSeller' }],
    [data.modality.negated, { cls: 'neg' }],
    [data.modality.negationExceptions, { cls: 'negException' }],
    [data.modality.hypothetical, { cls: 'hypothetical' }],
    [data.modality.plan, { cls: 'plan' }],
    [data.coreClaim.primaryWords, { cls: 'core.primary' }],
    [data.coreClaim.businessWords, { cls: 'core.business' }],
    [data.coreClaim.selfDescription, { cls: 'core.self' }],
    [data.coreClaim.shift, { cls: 'core.shift' }],
    [data.coreClaim.companyNouns, { cls: 'core.noun' }],
  ];
  const phrases = all.flatMap(([list, tag]) => list.map((source) => parsePhrase(source, tag)));
  for (const trap of data.traps) phrases.push(parsePhrase(trap.phrase, { cls: 'trap', trapTopic: trap.topic }));

  const candidateClasses = new Set<TermClass>([
    'mining.strong',
    'mining.weak',
    'mining.hosting',
    'ai_hpc.strong',
    'ai_hpc.ai',
    'grid.strong',
    'grid.weak',
  ]);
  return {
    version: data.version,
    matcher: new PhraseMatcher(phrases),
    candidateMatcher: new PhraseMatcher(phrases.filter((p) => candidateClasses.has(p.tag.cls))),
    peerNames: data.companyNames.peers,
    taglines: data.companyNames.taglines,
  };
}
