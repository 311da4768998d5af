/**
 * From labelled sentences to a filing's numbers: weighted masses, densities,
 * core-claim counts and the pivot index. Pure functions; weights documented in
 * docs/SCORING.md.
 */
import { formSpec } from '../core/forms.ts';
import type { FilingScore } from '../core/jobs.ts';
import { CORE_CLAIM_TOPICS, PIVOT, perTopic, TOPICS, type CoreClaim, type Modality, type Topic } from '../core/vocabulary.ts';
import { classifyInContext, classifySentence, scorerVersion, type SentenceLabel } from './classify.ts';
import {
  ADD_BESIDE_ANOTHER_TOPIC,
  bundledContextModel,
  documentFeatures,
  modalityFeatures,
  modalityOverride,
  scoreDocument,
  type ContextModel,
  type DocumentFeatures,
  type DocumentScores,
  type FilingFacts,
  type ModalityModel,
  type RuleLabelled,
} from './context-model.ts';
import { CROSS_REFERENCE, HEADING_REACH, isHeading, isNotAStatement, isSubHeading, SAFE_HARBOUR } from './statements.ts';

export { HEADING_REACH, isHeading, isNotAStatement } from './statements.ts';

/**
 * How much a sentence counts by where it stands. Business and MD&A describe the
 * business; risk factors are mostly boilerplate that every miner now writes about AI.
 */
export function sectionWeight(section: string | null, documentType: string | null): number {
  // Exhibits 99, 6-K bodies and the SEDAR+ documents researchers add (MD&A, AIF, annual reports,
  // press releases) describe the business as a whole, like an MD&A section (core/forms.ts).
  if (formSpec(documentType)?.wholeDocument) return 1.0;
  if (section === null) return 0.6;
  if (/^(item_1|part_i_item_2|item_7|item_4|item_5|press_release|item_2_02|item_7_01|item_8_01|item_1_01)$/.test(section)) return 1.0;
  if (/^(item_1a|part_ii_item_1a|item_3_d|item_3d)$/.test(section)) return 0.3;
  if (/^(item_2|part_i_item_1|item_8|item_7a|part_i_item_3)$/.test(section)) return 0.6;
  if (/^(front)$/.test(section)) return 0.5;
  return 0.5;
}

/** Fact counts fully, plans half, risk talk a fifth; a denial counts against the topic. */
export const MODALITY_WEIGHT: Record<Modality, number> = {
  fact: 1.0,
  plan: 0.5,
  hypothetical: 0.2,
  negated: -0.5,
};

/** Pseudo-count of the pivot index: pulls thin evidence toward 0 (SCORING-NOTES: P = (A - M) / (A + M + 2a)). */
export const PIVOT_PSEUDO_COUNT = 2;

/** Weight of one labelled sentence: 0 for headings and safe-harbour language, else section x modality. */
export function sentenceWeight(label: SentenceLabel, section: string | null, documentType: string | null, text: string): number {
  if (label.modality === null) return 0;
  if (SAFE_HARBOUR.test(text) || isHeading(text) || isNotAStatement(text) || label.otherCompanyQuote) return 0;
  return sectionWeight(section, documentType) * MODALITY_WEIGHT[label.modality];
}

/** P = (A - M) / (A + M + 2a), in [-1, 1]; masses below zero (net denials) count as zero. */
export function pivotIndex(aiHpcMass: number, miningMass: number, pseudoCount = PIVOT_PSEUDO_COUNT): number {
  const a = Math.max(0, aiHpcMass);
  const m = Math.max(0, miningMass);
  const p = (a - m) / (a + m + 2 * pseudoCount);
  return Math.round(p * 1e6) / 1e6;
}

export interface SentenceInput {
  start: number;
  end: number;
  text: string;
  section: string | null;
  page: number | null;
}

export interface LabelledSentence extends SentenceInput {
  topics: Topic[];
  modality: Modality | null;
  coreClaim: CoreClaim;
  terms: string[];
  weight: number;
}

export interface DocumentInput {
  documentType: string | null;
  sentences: SentenceInput[];
  /** The document's text, when known: a blank line between two sentences ends a paragraph. */
  text?: string;
}

/** Labels every sentence of a document and returns the labelled ones: the evidence. */
export function labelDocument(doc: DocumentInput, issuerNames: string[], context: { hpcBusiness?: boolean } = {}): LabelledSentence[] {
  const evidence: LabelledSentence[] = [];
  for (const sentence of doc.sentences) {
    const label = classifySentence(sentence.text, { issuerNames, ...context });
    if (label.topics.length === 0 && label.core_claim === 'none') continue;
    evidence.push({
      // The fields one by one, not `...sentence`: objects spread from others got a hidden class each in V8
      // (about 350 bytes a labelled sentence, 50 MB on the synthetic filing of bench/memory.ts).
      start: sentence.start, end: sentence.end, text: sentence.text, section: sentence.section, page: sentence.page,
      topics: label.topics,
      modality: label.modality,
      coreClaim: label.core_claim,
      terms: label.terms,
      weight: sentenceWeight(label, sentence.section, doc.documentType, sentence.text),
    });
  }
  return evidence;
}

/**
 * A filing has established an AI/HPC business when at least this many of its sentences state it as a fact
 * (with positive weight). Then its plain words for that business count too (`ClassifyContext.hpcBusiness`).
 */
export const HPC_BUSINESS_MIN_FACTS = 3;

/** Cheap pre-check for the second pass: only sentences with a context word can gain ai_hpc from it. */
const CONTEXT_WORD = /data ?cent(er|re)s?|co-?location|cloud services?|tenants?|service (levels?|credits?)|uptime|gpus?/i;

/** Opening words that continue the sentence before: "The lease term is ...", "This agreement ...". */
const CONTINUES_BEFORE =
  /^\s*(this|these|such|the (agreement|agreements|facility|facilities|site|lease|leases|lease term|contract|contracts|transaction|acquisition|expansion|project|campus|building|purchase agreement|performance fees|customer|tenant|term)|additionally|in addition|as a result|under (the|this|these) (agreement|contract|lease)s?|pursuant to (the|this))\b/i;


/**
 * Third pass: a sentence without topic words of its own takes the topics of its context, when
 * the context is unambiguous, and says so in its terms:
 * - the sentence it continues in the same paragraph ("The lease term is 20 years."), or
 * - the sub-heading it stands under, within {@link HEADING_REACH} sentences of the same section.
 */
function labelFromContext(doc: DocumentInput, labelled: Map<number, LabelledSentence>, issuerNames: string[]): void {
  let heading: { topics: Topic[]; title: string; section: string | null; at: number } | null = null;
  let previous: SentenceInput | null = null;
  doc.sentences.forEach((sentence, i) => {
    const own = labelled.get(sentence.start);
    const before = previous;
    previous = sentence;
    if (heading && heading.section !== sentence.section) heading = null;
    if (isSubHeading(sentence.text)) {
      heading = own && own.topics.length > 0 ? { topics: own.topics, title: sentence.text.trim(), section: sentence.section, at: i } : null;
      return;
    }
    if (own && own.topics.length > 0) return;
    const text = sentence.text;
    if (SAFE_HARBOUR.test(text) || isNotAStatement(text) || isHeading(text) || CROSS_REFERENCE.test(text)) return;
    let topics: Topic[] | null = null;
    let basis = '';
    const prior = before ? labelled.get(before.start) : undefined;
    const sameParagraph = before !== null && (doc.text === undefined || !doc.text.slice(before.end, sentence.start).includes('\n\n'));
    if (prior && prior.topics.length > 0 && prior.weight > 0 && sameParagraph && CONTINUES_BEFORE.test(text)) {
      topics = prior.topics;
      basis = '(previous sentence)';
    } else if (heading && i - heading.at <= HEADING_REACH) {
      topics = heading.topics;
      basis = `(heading) ${heading.title.slice(0, 80)}`;
    }
    if (!topics) return;
    const label = classifyInContext(text, { issuerNames }, topics, basis);
    if (!label) return;
    labelled.set(sentence.start, {
      start: sentence.start, end: sentence.end, text: sentence.text, section: sentence.section, page: sentence.page,
      topics: label.topics,
      modality: label.modality,
      coreClaim: 'none',
      terms: label.terms,
      weight: sentenceWeight(label, sentence.section, doc.documentType, text),
    });
  });
}

/**
 * Labels the documents of one filing, in four passes: each sentence on its own; then, when the filing has
 * established an AI/HPC business, the sentences holding that business's plain words again with that
 * context; then the sentences without topic words under a topical sub-heading or continuing a topical
 * sentence (labelFromContext); then the context model (context-model.ts), which adds or removes a topic
 * where it is confident. Returns the evidence of each document.
 */
export function labelFiling(
  documents: ReadonlyArray<DocumentInput>,
  issuerNames: string[],
  options: { knownNonMiner?: boolean; contextModel?: ContextModel | null } = {},
): LabelledSentence[][] {
  const rules = labelFilingByRules(documents, issuerNames, options);
  const model = options.contextModel === undefined ? bundledContextModel() : options.contextModel;
  if (options.knownNonMiner || model === null || (Object.keys(model.topics).length === 0 && !model.modality)) return rules;
  const scores = contextScores(documents, rules, model);
  return documents.map((doc, d) => applyContextModel(doc, rules[d]!, scores[d]!, model, issuerNames));
}

/** The first three passes of {@link labelFiling}: the rules alone. */
export function labelFilingByRules(
  documents: ReadonlyArray<DocumentInput>,
  issuerNames: string[],
  options: { knownNonMiner?: boolean } = {},
): LabelledSentence[][] {
  const first = documents.map((d) => labelDocument(d, issuerNames));
  // A chip maker or a cloud giant talks of data centers and GPUs as its customers' or its own
  // infrastructure: the context rules are for miners (and filers nobody has classified yet).
  if (options.knownNonMiner) return first;
  const hpcBusiness = establishesHpcBusiness(first);
  return documents.map((doc, i) => {
    const byStart = new Map(first[i]!.map((s) => [s.start, s]));
    if (hpcBusiness) {
      const candidates = doc.sentences.filter((s) => CONTEXT_WORD.test(s.text) && !byStart.get(s.start)?.topics.includes('ai_hpc'));
      for (const s of labelDocument({ documentType: doc.documentType, sentences: candidates }, issuerNames, { hpcBusiness: true })) byStart.set(s.start, s);
    }
    labelFromContext(doc, byStart, issuerNames);
    return [...byStart.values()].sort((a, b) => a.start - b.start);
  });
}

function establishesHpcBusiness(evidence: ReadonlyArray<ReadonlyArray<LabelledSentence>>): boolean {
  return evidence.flat().filter((s) => s.topics.includes('ai_hpc') && s.modality === 'fact' && s.weight > 0).length >= HPC_BUSINESS_MIN_FACTS;
}

/** What the context model reads of a filing beside each sentence: its profile, its AI/HPC business, its form. */
function filingFacts(documents: ReadonlyArray<DocumentInput>, rules: ReadonlyArray<ReadonlyArray<LabelledSentence>>): Omit<FilingFacts, 'documentType'> {
  const total = documents.reduce((n, d) => n + d.sentences.length, 0);
  let mining = 0;
  let aiHpc = 0;
  for (const doc of rules) {
    for (const s of doc) {
      if (s.topics.includes('mining')) mining++;
      if (s.topics.includes('ai_hpc')) aiHpc++;
    }
  }
  return {
    hpcBusiness: establishesHpcBusiness(rules),
    topicShare: { mining: total > 0 ? mining / total : 0, ai_hpc: total > 0 ? aiHpc / total : 0 },
  };
}

/** A document's sentences as the context model reads them: text, section and the rules' topics. */
function ruleLabelled(doc: DocumentInput, rules: ReadonlyArray<LabelledSentence>): RuleLabelled[] {
  const byStart = new Map(rules.map((s) => [s.start, s.topics]));
  return doc.sentences.map((s) => ({ text: s.text, section: s.section, topics: byStart.get(s.start) ?? [] }));
}

/** The context model's features of every sentence of every document, given the rules' labels (for training). */
export function contextFeatures(documents: ReadonlyArray<DocumentInput>, rules: ReadonlyArray<ReadonlyArray<LabelledSentence>>): DocumentFeatures[] {
  const facts = filingFacts(documents, rules);
  return documents.map((doc, d) => documentFeatures(ruleLabelled(doc, rules[d]!), { ...facts, documentType: doc.documentType }));
}

/** The context model's probabilities for every sentence of every document. */
function contextScores(documents: ReadonlyArray<DocumentInput>, rules: ReadonlyArray<ReadonlyArray<LabelledSentence>>, model: ContextModel): DocumentScores[] {
  const facts = filingFacts(documents, rules);
  return documents.map((doc, d) => scoreDocument(model, ruleLabelled(doc, rules[d]!), { ...facts, documentType: doc.documentType }));
}

/** Fourth pass: the context model adds the topics it is sure of and removes those it is sure are wrong. */
function applyContextModel(
  doc: DocumentInput,
  rules: ReadonlyArray<LabelledSentence>,
  scores: DocumentScores,
  model: ContextModel,
  issuerNames: string[],
): LabelledSentence[] {
  const byStart = new Map(rules.map((s) => [s.start, s]));
  const k = scores.topics.length;
  doc.sentences.forEach((sentence, i) => {
    const own = byStart.get(sentence.start);
    let topics: Topic[] = own ? [...own.topics] : [];
    const notes: string[] = [];
    for (let t = 0; t < k; t++) {
      const topic = scores.topics[t]!;
      const m = scores.models[t]!;
      const p = scores.p[i * k + t]!;
      const has = topics.includes(topic);
      // A core claim is a statement about the company as a whole: the model does not overrule it.
      if (has && p < m.keep && own?.coreClaim === 'none') {
        topics = topics.filter((t) => t !== topic);
        notes.push(`(context model) not ${topic} p=${p.toFixed(2)}`);
      } else if (!has && p >= (topics.length > 0 ? Math.max(m.add, ADD_BESIDE_ANOTHER_TOPIC) : m.add)) {
        topics.push(topic);
        notes.push(`(context model) ${topic} p=${p.toFixed(2)}`);
      }
    }
    if (notes.length === 0) return;
    topics = TOPICS.filter((t) => topics.includes(t));
    if (topics.length === 0) {
      if (own && own.coreClaim === 'none') byStart.delete(sentence.start);
      return;
    }
    if (own && own.modality !== null) {
      // Same sentence, same modality: its weight stands.
      byStart.set(sentence.start, relabelled(own, { topics, terms: [...own.terms, ...notes] }));
      return;
    }
    const label = classifyInContext(sentence.text, { issuerNames }, topics, notes.join('; '));
    if (!label) return;
    byStart.set(sentence.start, {
      start: sentence.start, end: sentence.end, text: sentence.text, section: sentence.section, page: sentence.page,
      topics: label.topics,
      modality: label.modality,
      coreClaim: own?.coreClaim ?? 'none',
      terms: label.terms,
      weight: sentenceWeight(label, sentence.section, doc.documentType, sentence.text),
    });
  });
  if (model.modality) overruleModality(doc, byStart, model.modality);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** A labelled sentence with some fields changed, built field by field (see labelDocument). */
function relabelled(s: LabelledSentence, change: Partial<Pick<LabelledSentence, 'topics' | 'modality' | 'terms' | 'weight'>>): LabelledSentence {
  return {
    start: s.start, end: s.end, text: s.text, section: s.section, page: s.page,
    topics: change.topics ?? s.topics,
    modality: change.modality === undefined ? s.modality : change.modality,
    coreClaim: s.coreClaim,
    terms: change.terms ?? s.terms,
    weight: change.weight ?? s.weight,
  };
}

/** The modality part of the fourth pass: the model's modality where it is sure the rules' is wrong. */
function overruleModality(doc: DocumentInput, byStart: Map<number, LabelledSentence>, model: ModalityModel): void {
  for (const [start, s] of byStart) {
    if (s.modality === null || s.topics.length === 0) continue;
    const change = modalityOverride(model, modalityFeatures(s.text, s.modality, s.section), s.modality);
    if (!change) continue;
    const label = { topics: s.topics, modality: change.modality, core_claim: s.coreClaim, terms: s.terms };
    byStart.set(
      start,
      relabelled(s, {
        modality: change.modality,
        terms: [...s.terms, `(context model) ${change.modality} ${change.share.toFixed(2)}`],
        // A sentence that weighed nothing (a heading, a quote of another company's person) still weighs nothing.
        weight: s.weight === 0 ? 0 : sentenceWeight(label, s.section, doc.documentType, s.text),
      }),
    );
  }
}

/** A filing's numbers: words, sentences, per topic its masses, counts and density, and the pivot indexes. */
export type FilingTotals = FilingScore;

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Sums a filing's evidence into masses, densities per 10,000 words and pivot indexes. */
export function filingTotals(
  documents: ReadonlyArray<{ evidence: ReadonlyArray<LabelledSentence>; words: number; sentenceCount: number }>,
): FilingTotals {
  let words = 0;
  let sentences = 0;
  const mass = perTopic(() => 0);
  const factMass = perTopic(() => 0);
  const counts = perTopic(() => 0);
  const coreClaims = perTopic(() => 0);
  for (const doc of documents) {
    words += doc.words;
    sentences += doc.sentenceCount;
    for (const s of doc.evidence) {
      for (const topic of s.topics) {
        mass[topic] += s.weight;
        counts[topic] += 1;
        if (s.modality === 'fact') factMass[topic] += s.weight;
      }
      if (s.coreClaim !== 'none') coreClaims[s.coreClaim] += 1;
    }
  }
  const density = (m: number) => (words > 0 ? round((Math.max(0, m) * 10_000) / words) : 0);
  return {
    scorerVersion: scorerVersion(),
    words,
    sentences,
    topics: perTopic((t: Topic) => ({
      mass: round(mass[t]),
      factMass: round(factMass[t]),
      sentences: counts[t],
      density: density(mass[t]),
      coreClaims: (CORE_CLAIM_TOPICS as readonly Topic[]).includes(t) ? coreClaims[t] : 0,
    })),
    pivotIndex: pivotIndex(mass[PIVOT.to], mass[PIVOT.from]),
    factPivotIndex: pivotIndex(factMass[PIVOT.to], factMass[PIVOT.from]),
  };
}
