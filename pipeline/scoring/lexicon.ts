/**
 * Loads and compiles the lexicon data file. The lexicon is data, reviewed like
 * code; its `version` is part of every stored score's scorer version.
 */
import { TOPICS, type Topic } from '../core/vocabulary.ts';
import bundled from './lexicon.json' with { type: 'json' };
import { PhraseMatcher, parsePhrase } from './matcher.ts';

export type { CoreClaim, Modality, Topic } from '../core/vocabulary.ts';

/**
 * Every class of term the classifier looks for. Topic terms are `topic.list`, one class per list of the
 * topic in `lexicon.json` (`mining.strong`, `ai_hpc.infra`, ...); the others are shared cues.
 */
export type TermClass =
  | `${Topic}.${string}`
  | 'metals'
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

/**
 * Term lists that never make a sentence a candidate on their own: `infra` words count only beside an AI
 * word, `context` words only in a filing that has established the topic's business.
 */
const CONTEXT_LISTS = new Set(['infra', 'context']);

export interface LexiconFile {
  version: string;
  /** Per topic of the vocabulary, its term lists by name (string entries are notes for reviewers). */
  topics: Record<Topic, Record<string, string[] | string>>;
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
  /** Topic term classes that can make a topic (all but the context lists), for negation scope. */
  topicClasses: TermClass[];
  /** The `context` lists of the topics: words that name a business only where the filing has established it. */
  contextMatcher: PhraseMatcher<TermTag>;
  peerNames: string[];
  taglines: string[];
}

/**
 * Compiles lexicon data (the bundled `lexicon.json` by default). The data is imported, not read from
 * disk, so scoring stays free of I/O; a caller with another lexicon file parses it and passes it in.
 */
export function loadLexicon(data: LexiconFile = bundled as unknown as LexiconFile): Lexicon {
  const topicLists: Array<[string[], TermTag]> = [];
  for (const topic of TOPICS) {
    const lists = data.topics[topic];
    if (!lists) throw new Error(`lexicon ${data.version} has no terms for the topic "${topic}" (pipeline/core/vocabulary.ts)`);
    for (const [name, list] of Object.entries(lists)) if (Array.isArray(list)) topicLists.push([list, { cls: `${topic}.${name}` }]);
  }
  const all: Array<[string[], TermTag]> = [
    ...topicLists,
    [data.metals, { cls: 'metals' }],
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

  // Every topic list makes a sentence a candidate for the expensive pass, except the context lists
  // (infrastructure words such as "data center" say nothing without an AI word beside them).
  const candidateClasses = new Set<TermClass>(topicLists.map(([, tag]) => tag.cls).filter((cls) => !CONTEXT_LISTS.has(cls.split('.')[1]!)));
  return {
    version: data.version,
    matcher: new PhraseMatcher(phrases),
    candidateMatcher: new PhraseMatcher(phrases.filter((p) => candidateClasses.has(p.tag.cls))),
    topicClasses: [...candidateClasses],
    contextMatcher: new PhraseMatcher(phrases.filter((p) => p.tag.cls.endsWith('.context'))),
    peerNames: data.companyNames.peers,
    taglines: data.companyNames.taglines,
  };
}
