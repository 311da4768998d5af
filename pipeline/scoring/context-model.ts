/**
 * The context model: a small logistic regression per topic that reads a sentence together with what stands
 * around it (its words, the topics the rules gave it and its neighbours, its sub-heading, its section, what
 * the filing has established) and says how likely the sentence is about the filer's mining or AI/HPC
 * business. The rules stay first; the model only
 *   - adds a topic the rules missed when it is confident (a sentence of a "Colocation Services" passage
 *     that says "the facility's capacity is fully leased"), and
 *   - removes a topic the rules gave when it is confident the passage is not about the filer's business
 *     (industry background: "miners with a greater hash rate ...").
 * It is trained on the dev split of the real-sentence evaluation set (test/eval/train-context-model.ts),
 * shipped as `context-model.json` and versioned with the scorer. Pure and deterministic; no call of compromise.
 */
import { MODALITIES, type Modality, type Topic } from '../core/vocabulary.ts';
import modelJson from './context-model.json' with { type: 'json' };
import { HEADING_REACH, isHeading, isNotAStatement, isSubHeading, SAFE_HARBOUR } from './statements.ts';
import { letterStems, tokenize } from './tokens.ts';

/**
 * A topic the model adds beside another one the rules gave ("our miners" in a mining data center) needs at
 * least this probability, whatever the topic's `add`: the rules read the sentence's own words and chose.
 */
export const ADD_BESIDE_ANOTHER_TOPIC = 0.5;

/** One topic's weights and decision thresholds. */
export interface TopicModel {
  bias: number;
  weights: Record<string, number>;
  /** Add the topic to a sentence the rules left without it when p >= add. */
  add: number;
  /** Remove a topic the rules gave when p < keep. */
  keep: number;
}

/** One-vs-rest weights per modality, and how sure the model must be to overrule the rules' modality. */
export interface ModalityModel {
  classes: Record<Modality, { bias: number; weights: Record<string, number> }>;
  /**
   * Per change the model may make, "<rules' modality>><model's modality>" (e.g. "plan>fact"): overrule the
   * rules when the model's share is at least this. No entry: the model never makes that change. It never
   * touches a denial the rules found, nor makes one.
   */
  override: Record<string, number>;
}

export interface ContextModel {
  version: string;
  /** What it was trained on and how well it did (cross-validated on dev), for the record. */
  about: string;
  topics: Partial<Record<Topic, TopicModel>>;
  modality?: ModalityModel;
}

/** What the model needs to know about a sentence's neighbours: the topics the rules gave them. */
export interface RuleLabelled {
  text: string;
  section: string | null;
  topics: readonly Topic[];
}

export interface FilingFacts {
  /** The filing states an AI/HPC business as a fact in several sentences (score.ts HPC_BUSINESS_MIN_FACTS). */
  hpcBusiness: boolean;
  /** Sentences the rules labelled per topic in the whole filing, to tell a miner's filing from a passing mention. */
  topicShare: Record<'mining' | 'ai_hpc', number>;
  documentType: string | null;
}

/** Neighbours on each side whose rule topics are features. */
const NEAR = 3;

const STOP = new Set(
  'the and for with that this from are was were has have had its our their which such any all not but may can will would could into other than also these those been being over under upon each per'.split(' '),
);

const MODEL_TOPICS = ['mining', 'ai_hpc'] as const;

function wordFeatures(prefix: string, text: string, out: Set<string>): void {
  for (const stem of letterStems(text, 3, STOP)) out.add(named(prefix, stem));
}

function filingProfile(filing: FilingFacts): (typeof PROFILES)[number] {
  const { mining, ai_hpc } = filing.topicShare;
  if (mining >= 0.01 && ai_hpc >= 0.01) return mining >= 3 * ai_hpc ? 'P:miner+' : 'P:mixed';
  if (mining >= 0.01) return 'P:miner';
  if (ai_hpc >= 0.01) return 'P:hpc';
  return 'P:other';
}

function share(x: number): string {
  return x >= 0.05 ? 'high' : x >= 0.01 ? 'some' : 'low';
}

/** What a sentence's text alone gives: its words, its form (heading, bullet, ...), its words as a sub-heading. */
interface TextFeatures {
  words: readonly string[];
  form: readonly string[];
  /** Set when the text is a sub-heading: its words, as features of the sentences under it. */
  headingWords: ReadonlySet<string> | null;
}

// Filings repeat their sentences (10-Qs their risk factors): the text part of the features is computed once.
// Bounded, the oldest out first, so memory stays flat over a long batch (a 10-Q has about 1,500 sentences).
const textFeaturesSeen = new Map<string, TextFeatures>();
const TEXT_FEATURES_MAX = 8_000;

function remember<V>(seen: Map<string, V>, key: string, value: V): V {
  if (seen.size >= TEXT_FEATURES_MAX) seen.delete(seen.keys().next().value!);
  seen.set(key, value);
  return value;
}

function textFeatures(raw: string): TextFeatures {
  const seen = textFeaturesSeen.get(raw);
  if (seen) return seen;
  const words = new Set<string>();
  wordFeatures('w:', raw, words);
  const text = raw.trim();
  const form: string[] = [];
  const subHeading = isSubHeading(text);
  if (subHeading) form.push('x:subheading');
  else if (isHeading(text)) form.push('x:heading');
  if (isNotAStatement(text)) form.push('x:notstatement');
  if (SAFE_HARBOUR.test(text)) form.push('x:safeharbour');
  if (/^[•●▪◦·-]/.test(text)) form.push('x:bullet');
  let headingWords: Set<string> | null = null;
  if (subHeading) {
    headingWords = new Set<string>();
    wordFeatures('h:', text, headingWords);
  }
  return remember(textFeaturesSeen, raw, { words: [...words], form, headingWords });
}

/** The features of a document's sentences, and the filing's profile under which each counts once more. */
export interface DocumentFeatures {
  profile: string;
  sentences: string[][];
}

/**
 * The features of every sentence of one document, given the rules' labels. Feature names are short strings
 * ("w:lease", "h:coloc", "n-1:ai_hpc"); the model's weights are keyed by them and by the same names under
 * the filing's profile ("P:miner|n-1:mining", see {@link expandFeatures}).
 */
export function documentFeatures(sentences: readonly RuleLabelled[], filing: FilingFacts): DocumentFeatures {
  const out: string[][] = [];
  const profile = forEachSentenceFeatures(sentences, filing, (_, features) => out.push([...features]));
  return { profile, sentences: out };
}

// Feature names made once, not per sentence ("r:mining", "n+1:ai_hpc", "w:leas", "v:signed"), one map per
// prefix: a name is looked up by its value, whose hash a stem or a topic already carries, instead of being
// concatenated and hashed anew. Word names grow with the vocabulary: a prefix's map is emptied when full.
const names = new Map<string, Map<string, string>>();
const NAMES_PER_PREFIX_MAX = 50_000;
function named(prefix: string, value: string): string {
  let byValue = names.get(prefix);
  if (byValue === undefined) names.set(prefix, (byValue = new Map()));
  let name = byValue.get(value);
  if (name === undefined) {
    if (byValue.size >= NAMES_PER_PREFIX_MAX) byValue.clear();
    byValue.set(value, (name = `${prefix}${value}`));
  }
  return name;
}

/**
 * Walks a document's sentences and hands each one's features to `onSentence`, in a buffer that is reused
 * for the next sentence (copy it to keep it). Every feature appears once, in a fixed order. Returns the
 * filing's profile. A filing has thousands of sentences: nothing is allocated per sentence but the buffer's
 * growth, so scoring a filing does not feed the garbage collector.
 */
export function forEachSentenceFeatures(
  sentences: readonly RuleLabelled[],
  filing: FilingFacts,
  onSentence: (index: number, features: readonly string[]) => void,
): string {
  const profile = filingProfile(filing);
  const perFiling = [
    named('d:', filing.documentType ?? 'none'),
    ...(filing.hpcBusiness ? ['f:hpc'] : []),
    ...MODEL_TOPICS.map((t) => named(`f:${t}:`, share(filing.topicShare[t]))),
  ];
  const f: string[] = [];
  const near = new Set<string>();
  let heading: { words: ReadonlySet<string>; topics: readonly Topic[]; section: string | null; at: number } | null = null;
  sentences.forEach((s, i) => {
    if (heading && (heading.section !== s.section || i - heading.at > HEADING_REACH)) heading = null;
    const own = textFeatures(s.text);
    f.length = 0;
    for (const w of own.words) f.push(w);
    for (const t of s.topics) f.push(named('r:', t));
    if (s.topics.length === 0) f.push('r:none');
    near.clear();
    for (let d = -NEAR; d <= NEAR; d++) {
      const n = sentences[i + d];
      if (d === 0 || !n || n.section !== s.section) continue;
      for (const t of n.topics) {
        if (!near.has(t)) {
          near.add(t);
          f.push(named('n:', t));
        }
        if (d === -1) f.push(named('n-1:', t));
        else if (d === 1) f.push(named('n+1:', t));
      }
    }
    if (heading) {
      for (const w of heading.words) f.push(w);
      for (const t of heading.topics) f.push(named('ht:', t));
    }
    f.push(named('s:', s.section ?? 'none'));
    for (const x of perFiling) f.push(x);
    for (const x of own.form) f.push(x);
    onSentence(i, f);
    if (own.headingWords) heading = { words: own.headingWords, topics: s.topics, section: s.section, at: i };
  });
  return profile;
}

/**
 * A sentence's features as the model reads them: each base feature, and each once more under the filing's
 * profile. The same words mean different things in a pure miner's filing and in a hosting company's, so
 * the model can weigh them apart.
 */
export function expandFeatures(base: readonly string[], profile: string): string[] {
  return [...base, ...base.map((f) => `${profile}|${f}`)];
}

const PROFILES = ['P:miner', 'P:miner+', 'P:mixed', 'P:hpc', 'P:other'] as const;

/** The topic model arranged for scoring whole filings: per base feature, its weights bare and under each profile. */
interface CompiledTopics {
  topics: Topic[];
  models: TopicModel[];
  /** base feature -> weights: for topic k, [k * SLOTS] bare, [k * SLOTS + 1 + p] under PROFILES[p]. */
  weights: Map<string, Float64Array>;
}
const SLOTS = 1 + PROFILES.length;
const compiled = new WeakMap<ContextModel, CompiledTopics>();

function compileTopics(model: ContextModel): CompiledTopics {
  let c = compiled.get(model);
  if (c) return c;
  const topics = MODEL_TOPICS.filter((t) => model.topics[t]);
  const models = topics.map((t) => model.topics[t]!);
  const weights = new Map<string, Float64Array>();
  models.forEach((m, k) => {
    for (const [name, w] of Object.entries(m.weights)) {
      const bar = name.indexOf('|');
      const profile = bar > 0 ? PROFILES.indexOf(name.slice(0, bar) as (typeof PROFILES)[number]) : -1;
      const base = profile >= 0 ? name.slice(bar + 1) : name;
      let entry = weights.get(base);
      if (!entry) weights.set(base, (entry = new Float64Array(topics.length * SLOTS)));
      entry[k * SLOTS + (profile >= 0 ? 1 + profile : 0)] = w;
    }
  });
  c = { topics, models, weights };
  compiled.set(model, c);
  return c;
}

/** Every sentence's probability per topic of the model: `p[i * topics.length + k]` for sentence i and topic k. */
export interface DocumentScores {
  topics: readonly Topic[];
  models: readonly TopicModel[];
  p: Float64Array;
}

/** The model's probabilities for every sentence of a document, computed as the features are walked. */
export function scoreDocument(model: ContextModel, sentences: readonly RuleLabelled[], filing: FilingFacts): DocumentScores {
  const c = compileTopics(model);
  const k = c.models.length;
  const p = new Float64Array(sentences.length * k);
  const slot = 1 + PROFILES.indexOf(filingProfile(filing));
  const z = new Float64Array(k);
  forEachSentenceFeatures(sentences, filing, (i, features) => {
    for (let t = 0; t < k; t++) z[t] = c.models[t]!.bias;
    for (const f of features) {
      const entry = c.weights.get(f);
      if (!entry) continue;
      for (let t = 0; t < k; t++) z[t] = z[t]! + entry[t * SLOTS]! + (slot > 0 ? entry[t * SLOTS + slot]! : 0);
    }
    for (let t = 0; t < k; t++) p[i * k + t] = 1 / (1 + Math.exp(-z[t]!));
  });
  return { topics: c.topics, models: c.models, p };
}


/** Probability that a sentence with these features is about `topic`, under one topic's model. */
export function probability(model: TopicModel, features: readonly string[]): number {
  return logistic(model, features);
}

function logistic(model: { bias: number; weights: Record<string, number> }, features: readonly string[]): number {
  let z = model.bias;
  for (const f of features) {
    const w = model.weights[f];
    if (w !== undefined) z += w;
  }
  return 1 / (1 + Math.exp(-z));
}

/**
 * Features for the modality of a labelled sentence: the rules' modality, every word as written (modal verbs
 * and tense endings matter here, so no stems and no stop list), its first two words, a bullet's case (a
 * lower-case bullet continues a lead-in, as risk lists do) and the section.
 */
export function modalityFeatures(text: string, ruleModality: Modality, section: string | null): string[] {
  return [named('m:', ruleModality), named('s:', section ?? 'none'), ...modalityTextFeatures(text)];
}

const modalityTextSeen = new Map<string, readonly string[]>();

/** The text part of {@link modalityFeatures}, computed once per distinct text. */
function modalityTextFeatures(text: string): readonly string[] {
  const seen = modalityTextSeen.get(text);
  if (seen) return seen;
  const f = new Set<string>();
  tokenize(text).forEach((t, i) => {
    if (/\d/.test(t.word)) return;
    f.add(named('v:', t.word));
    if (i < 2) f.add(named(i === 0 ? 'f0:' : 'f1:', t.word));
  });
  const bullet = /^\s*[•●▪◦·]\s*(\S)/.exec(text);
  if (bullet) f.add(/[a-z]/.test(bullet[1]!) ? 'b:lower' : 'b:other');
  return remember(modalityTextSeen, text, [...f]);
}

const compiledModality = new WeakMap<ModalityModel['classes'], Map<string, Float64Array>>();

/** The four classes' weights by feature, one lookup per feature. */
function compileModality(classes: ModalityModel['classes']): Map<string, Float64Array> {
  let c = compiledModality.get(classes);
  if (c) return c;
  c = new Map();
  MODALITIES.forEach((m, k) => {
    for (const [name, w] of Object.entries(classes[m].weights)) {
      let entry = c!.get(name);
      if (!entry) c!.set(name, (entry = new Float64Array(MODALITIES.length)));
      entry[k] = w;
    }
  });
  compiledModality.set(classes, c);
  return c;
}

/** The modality the model prefers for a sentence and its share of the four one-vs-rest probabilities. */
export function modalityPreference(model: Pick<ModalityModel, 'classes'>, features: readonly string[]): { modality: Modality; share: number } {
  const c = compileModality(model.classes);
  const ps = MODALITIES.map((m) => model.classes[m].bias);
  for (const f of features) {
    const w = c.get(f);
    if (!w) continue;
    for (let k = 0; k < ps.length; k++) ps[k] = ps[k]! + w[k]!;
  }
  for (let k = 0; k < ps.length; k++) ps[k] = 1 / (1 + Math.exp(-ps[k]!));
  const total = ps.reduce((a, b) => a + b, 0);
  let best = 0;
  for (let i = 1; i < ps.length; i++) if (ps[i]! > ps[best]!) best = i;
  return { modality: MODALITIES[best]!, share: ps[best]! / total };
}

/** The model's modality for a sentence, or null when it is not sure enough to overrule the rules. */
export function modalityOverride(model: ModalityModel, features: readonly string[], ruleModality: Modality): { modality: Modality; share: number } | null {
  // A denial the rules found bears on a topic word by construction ("we do not sell power back to the
  // grid"); the model, which has seen few denials, does not overrule it, nor does it make one.
  if (ruleModality === 'negated') return null;
  const preferred = modalityPreference(model, features);
  const threshold = model.override[`${ruleModality}>${preferred.modality}`];
  if (preferred.modality === ruleModality || threshold === undefined) return null;
  return preferred.share >= threshold ? preferred : null;
}

/** The model shipped with the scorer. */
export function bundledContextModel(): ContextModel {
  return modelJson as ContextModel;
}

export const MODEL_TOPIC_LIST: readonly Topic[] = MODEL_TOPICS;
