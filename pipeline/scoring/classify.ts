/**
 * The sentence classifier: topics (mining / ai_hpc / grid), modality and core
 * claim of one sentence about the issuing company's OWN business.
 *
 * Two passes, for speed: a compiled phrase matcher over stemmed tokens decides
 * whether a sentence is a candidate at all; only candidates are parsed with
 * compromise (about 0.35 ms a sentence, far too slow for whole documents).
 */
import { TOPICS, type CoreClaim, type Modality, type Topic } from '../core/vocabulary.ts';
import { bundledContextModel } from './context-model.ts';
import { LabelMemo } from './label-memo.ts';
import { loadLexicon, type Lexicon, type TermClass, type TermTag } from './lexicon.ts';
import { parsedMatch, tagged } from './nlp.ts';
import type { Match } from './matcher.ts';
import { tokenize, type Token } from './tokens.ts';

export type { CoreClaim, Modality, Topic } from '../core/vocabulary.ts';

export interface SentenceLabel {
  topics: Topic[];
  modality: Modality | null;
  core_claim: CoreClaim;
  /** Lexicon terms that decided the topics, for the analyst. */
  terms: string[];
  /** Words quoted from a person of another company ("..., said X, CIO of AMD"): not the filer's evidence. */
  otherCompanyQuote?: boolean;
}

/**
 * A quotation attributed to someone of another company: the quote, "said" (or says, added ...), a name,
 * a title, then "of" or "at" an organisation that is not the filer (whose names are masked as "the
 * Company" by then).
 */
const OTHER_COMPANY_QUOTE =
  /["“][^"”]{20,}[,.]?["”],?\s+(?:said|says|stated|added|noted|commented)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},\s+[^,.;]{0,80}?\b(?:of|at)\s+(?!the Company\b)[A-Z]/;

export interface ClassifyContext {
  /** Names of the filer (and former names): masked so "Cipher Mining" is not a topic word. */
  issuerNames: string[];
  /**
   * The filing has established an AI/HPC business (see `labelFiling` in score.ts): its plain words for
   * that business ("colocation services", "the data center", "tenant", "service credits") mean it.
   */
  hpcBusiness?: boolean;
}

/** Version of the classifier rules; bump on every change of behaviour. */
export const CLASSIFIER_VERSION = 'classify-15';

const NONE: SentenceLabel = Object.freeze({ topics: [], modality: null, core_claim: 'none', terms: [] }) as SentenceLabel;

let defaultLexicon: Lexicon | null = null;
function bundledLexicon(): Lexicon {
  defaultLexicon ??= loadLexicon();
  return defaultLexicon;
}

/** Counts calls into compromise, so tests and the benchmark can check it only runs on candidates. */
export const nlpCalls = { count: 0 };

/** Legal suffixes dropped from a company name before it is masked. */
const LEGAL_SUFFIX =
  /[,\s]+(inc|incorporated|corp|corporation|co|company|ltd|limited|llc|l\.?p|plc|n\.?v|s\.?a|ag|se|holdings?|group|technologies|technology)\.?$/i;
/** First words too common to mask on their own ("Core Scientific" is masked whole, "Core" alone is not). */
const COMMON_FIRST_WORDS = new Set(
  'core digital bit applied hut hive mining platforms scientific energy power data the american united first global blue green new north south east west great greenidge'.split(
    ' ',
  ),
);

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

/** Name variants worth masking: "Riot Platforms, Inc." -> "Riot Platforms, Inc.", "Riot Platforms", "Riot". */
export function nameVariants(name: string): string[] {
  const variants = new Set<string>();
  const parts = name.split(/\((?:formerly|f\/k\/a|previously)\s+|\)/i).map((p) => p.trim()).filter(Boolean);
  for (const part of parts) {
    let base = part.replace(/\s*\(.*?\)\s*/g, ' ').trim();
    variants.add(base);
    for (let i = 0; i < 3; i++) base = base.replace(LEGAL_SUFFIX, '').trim();
    if (base.length >= 3) variants.add(base);
    const first = base.split(/\s+/)[0] ?? '';
    if (first.length >= 4 && !COMMON_FIRST_WORDS.has(first.toLowerCase()) && base.includes(' ')) variants.add(first);
  }
  return [...variants].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length);
}

const maskCache = new Map<string, RegExp | null>();
function namesRegex(names: string[]): RegExp | null {
  const key = names.join('\u0000');
  let re = maskCache.get(key);
  if (re === undefined) {
    const variants = [...new Set(names.flatMap(nameVariants))].sort((a, b) => b.length - a.length);
    re = variants.length ? new RegExp(`\\b(?:${variants.map(escapeRegex).join('|')})(?:['’]s)?\\b`, 'gi') : null;
    if (maskCache.size > 1000) maskCache.clear();
    maskCache.set(key, re);
  }
  return re;
}

/** Replaces the filer's names by "the Company" and other companies' names by "another company". */
/** The month is not a possibility: "On May 9, 2024 we signed ..." reports a fact. */
function maskMonthMay(text: string): string {
  // Both patterns need the word itself; the look-behind is tried at every position of a text without it.
  if (!text.includes('May')) return text;
  return text.replace(/\bMay(?=,?\s+\d)|(?<=\b(in|of|since|until|by|during|through|early|late|mid-?) )May\b/g, 'Month');
}

export function maskNames(text: string, ctx: ClassifyContext, lexicon: Lexicon): string {
  const { taglines, own, peers } = maskingOf(ctx.issuerNames, lexicon);
  let out = text;
  if (taglines) out = out.replace(taglines, 'the Company');
  if (own) out = out.replace(own, 'the Company');
  if (peers) out = out.replace(peers, 'another firm');
  return out;
}

/** The three patterns {@link maskNames} replaces, for one filer's names under one lexicon. */
interface Masking {
  taglines: RegExp | null;
  own: RegExp | null;
  peers: RegExp | null;
}

/**
 * The patterns of {@link maskNames}, worked out once per lexicon and list of the filer's names, not per
 * sentence: the peer list less the filer's own names took a name-variant expansion and a join of some
 * sixty names for every sentence of a filing.
 */
const maskings = new WeakMap<Lexicon, Map<string, Masking>>();
function maskingOf(issuerNames: readonly string[], lexicon: Lexicon): Masking {
  let byNames = maskings.get(lexicon);
  if (!byNames) maskings.set(lexicon, (byNames = new Map()));
  const key = issuerNames.join('\u0000');
  let masking = byNames.get(key);
  if (masking === undefined) {
    const ownLower = new Set(issuerNames.flatMap(nameVariants).map((v) => v.toLowerCase()));
    masking = {
      taglines: namesRegex(lexicon.taglines),
      own: namesRegex(issuerNames.filter(Boolean)),
      peers: namesRegex(lexicon.peerNames.filter((p) => !ownLower.has(p.toLowerCase()))),
    };
    if (byNames.size > 1000) byNames.clear();
    byNames.set(key, masking);
  }
  return masking;
}

type Hits = Map<TermClass, Array<Match<TermTag>>>;

function groupHits(matches: Array<Match<TermTag>>): Hits {
  const hits: Hits = new Map();
  for (const m of matches) {
    const list = hits.get(m.phrase.tag.cls) ?? [];
    list.push(m);
    hits.set(m.phrase.tag.cls, list);
  }
  return hits;
}

/** Drops topic hits that lie inside a trap phrase ("web hosting", "power of attorney", "gold mining"). */
function removeTrapped(matches: Array<Match<TermTag>>): Array<Match<TermTag>> {
  const traps = matches.filter((m) => m.phrase.tag.cls === 'trap');
  if (traps.length === 0) return matches;
  return matches.filter((m) => {
    if (m.phrase.tag.cls === 'trap') return true;
    const topic = m.phrase.tag.cls.split('.')[0];
    return !traps.some(
      (t) =>
        m.from >= t.from &&
        m.to <= t.to &&
        (t.phrase.tag.trapTopic === '*' || t.phrase.tag.trapTopic === topic) &&
        t.phrase.tag.trapTopic !== 'none',
    );
  });
}

function count(hits: Hits, cls: TermClass): number {
  return hits.get(cls)?.length ?? 0;
}

function distinct(hits: Hits, cls: TermClass): Set<string> {
  return new Set((hits.get(cls) ?? []).map((m) => m.phrase.source));
}

const HOSTING_BUSINESS = /^=?(colocation|lease|leases|leased|leasing|tenant|tenants|mw|megawatts?|gw|gigawatts?|campus|site|sites|facility|facilities|hosting|host|hosts|hosted|convert|converting|conversion|retrofit|capacity)$/;

/**
 * Drops own-business cues and infrastructure words inside an others phrase: the "our" of
 * "our competitors" is not the filer acting, and "their data centers" are not the filer's.
 */
function removeInsideOthers(hits: Hits): void {
  const others = hits.get('others') ?? [];
  if (others.length === 0) return;
  for (const cls of ['own', 'ai_hpc.infra'] as const) {
    const list = hits.get(cls);
    if (!list) continue;
    const kept = list.filter((o) => !others.some((x) => o.from >= x.from && o.to <= x.to));
    if (kept.length > 0) hits.set(cls, kept);
    else hits.delete(cls);
  }
}

/** Supplier vocabulary other than buying and selling, which miners do with bitcoin too. */
function chipSellerNotTrade(hits: Hits): boolean {
  return (hits.get('chipSeller') ?? []).some((m) => !/^=(sell|sells|sold|sales|purchases|products?)$/.test(m.phrase.source));
}

/** Terms that only a miner uses of itself: its hashrate, its miners, bitcoin it mined. */
function ownMining(hits: Hits): boolean {
  return (hits.get('mining.strong') ?? []).some((m) =>
    /hash|eh s|ph s|mined|we mine|mines bitcoin|self|fleet|halving|hashprice|difficulty|asic|rig|antminer|whatsminer|s19|s21|bitcoin mining|btc mining|mining (operations|facilit|site|segment|business|revenue|digital assets|pool)/.test(m.phrase.source),
  );
}

const BITCOIN_WORD = /^=?(bitcoin|btc|hash|hashrate|eh s|ph s|asic|asics|antminer|whatsminer)/;
/**
 * Mining words that also describe the network and the industry (halving, block rewards, difficulty, pools):
 * with no word tying them to the filer they are background, not its business (LABELLING.md: network
 * statistics unless tied to the filer's own operations). Not "miners" or "hash rate": filings use them
 * for the filer's own machines and figures without a "we" ("these miners were delivered").
 */
const NETWORK_TERM = /^=?(halving|halvings|block reward|block rewards|block subsidy|network difficulty|mining difficulty|difficulty adjustment|mining pool|mining pools|proof of work|proof-of-work)$/;

/** Topics with rules of their own below; a topic added to the vocabulary later takes the generic rule. */
const RULED_TOPICS = new Set<Topic>(['mining', 'ai_hpc', 'grid']);

function decideTopics(hits: Hits, hpcBusiness: boolean): { topics: Topic[]; terms: string[] } {
  removeInsideOthers(hits);
  const topics: Topic[] = [];
  const terms = new Set<string>();
  // Report maximal matches only: "critical IT load", not also "critical IT" and "IT load". A hit is covered
  // by a longer hit of its topic that contains it; one sweep over the topic's hits sorted by start, longest
  // first, finds them (linear after the sort, so a sentence dense with terms stays cheap).
  const coveredOf = new Map<string, Set<Match<TermTag>>>();
  const coveredIn = (topic: string): Set<Match<TermTag>> => {
    let covered = coveredOf.get(topic);
    if (covered) return covered;
    covered = new Set();
    const all = [...hits.entries()].filter(([c]) => c.split('.')[0] === topic).flatMap(([, list]) => list);
    all.sort((a, b) => a.from - b.from || b.to - a.to);
    let reach = -1; // the furthest end among hits of other spans started so far
    for (let i = 0; i < all.length; ) {
      let j = i;
      while (j < all.length && all[j]!.from === all[i]!.from && all[j]!.to === all[i]!.to) j++;
      if (reach >= all[i]!.to) for (let k = i; k < j; k++) covered.add(all[k]!);
      reach = Math.max(reach, all[i]!.to);
      i = j;
    }
    coveredOf.set(topic, covered);
    return covered;
  };
  const add = (cls: TermClass) => {
    const covered = coveredIn(cls.split('.')[0]!);
    for (const m of hits.get(cls) ?? []) if (!covered.has(m)) terms.add(m.phrase.source.replace(/^=/, ''));
  };

  const own = count(hits, 'own') > 0;
  const others = count(hits, 'others') > 0;
  // Industry or competitor talk with no word tying it to the filer is not the filer's business.
  const aboutOthers = others && !own;

  // AI/HPC first: miner hosting and AI hosting share words, and the AI context decides.
  const aiStrong = count(hits, 'ai_hpc.strong');
  const aiWords = distinct(hits, 'ai_hpc.ai');
  const infra = [...distinct(hits, 'ai_hpc.infra')];
  const hostingBusiness = infra.some((w) => HOSTING_BUSINESS.test(w));
  const chipSeller = count(hits, 'chipSeller') > 0;
  // A chip maker selling GPUs, or a supplier's AI, is not hosting: generic AI words need a hosting-business word then.
  const aiByContext = aiWords.size > 0 && infra.length > 0 && (!chipSeller || hostingBusiness);
  const aiByWords = own && aiWords.size >= 2 && !chipSeller;
  let aiHpc = aiStrong > 0 || aiByContext || aiByWords;
  const miningTerms = count(hits, 'mining.strong') + count(hits, 'mining.weak');
  // "Colocation" of mining machines is miner hosting.
  if (aiHpc && aiWords.size === 0 && [...distinct(hits, 'ai_hpc.strong')].every((x) => x === '=colocation') && miningTerms > 0) {
    aiHpc = false;
  }
  aiHpc = aiHpc && !aboutOthers && (own || aiStrong > 0 || (aiByContext && (hostingBusiness || aiWords.size >= 2)));
  // In a filing that has established its AI/HPC business, that business's plain words name it, unless
  // the sentence speaks of mining ("mining data centers", hosting miners).
  const byFilingContext =
    !aiHpc && hpcBusiness && count(hits, 'ai_hpc.context') > 0 && !aboutOthers && miningTerms === 0 && count(hits, 'mining.hosting') === 0;
  if (byFilingContext) aiHpc = true;

  // Mining: one strong term, or "mining"/"miner" tied to the filer; miner-hosting phrases when nothing says AI.
  const miningStrong = hits.get('mining.strong') ?? [];
  const weakMining = [...distinct(hits, 'mining.weak')].filter((w) => w === '=mining' || w === '=miner');
  const hostingAsMining = count(hits, 'mining.hosting') > 0 && !aiHpc && aiWords.size === 0;
  let mining = miningStrong.length > 0 || (own && weakMining.length > 0) || hostingAsMining;
  // Metals mining: copper, gold, ore ... without a Bitcoin word.
  if (mining && count(hits, 'metals') > 0) {
    const bitcoinish = [...(hits.get('mining.strong') ?? []), ...(hits.get('mining.weak') ?? [])].some((m) => BITCOIN_WORD.test(m.phrase.source));
    if (!bitcoinish) mining = false;
  }
  // A supplier's talk of mining (GPUs or mining processors sold to miners) is its customers' business.
  if (mining && chipSellerNotTrade(hits) && !ownMining(hits)) mining = false;
  if (mining && !own && !hostingAsMining && miningStrong.every((m) => NETWORK_TERM.test(m.phrase.source))) mining = false;
  if (mining && !aboutOthers) {
    topics.push('mining');
    add('mining.strong');
    add('mining.weak');
    if (hostingAsMining) add('mining.hosting');
  }
  if (aiHpc) {
    topics.push('ai_hpc');
    add('ai_hpc.strong');
    add('ai_hpc.ai');
    if (byFilingContext) add('ai_hpc.context');
  }

  // Grid: a strong term, or curtailment / the grid together with credits, a program or the operator.
  const gridStrong = count(hits, 'grid.strong');
  const gridWeak = distinct(hits, 'grid.weak');
  // Curtailment counts as grid with credits, a program, the utility or the grid operator; credits with the grid or power.
  const curtail = [...gridWeak].some((w) => /curtail/.test(w));
  const credits = [...gridWeak].some((w) => /credit/.test(w));
  const counterpart = [...gridWeak].some((w) => /credit|program|grid|ercot|utility|utilities|operator/.test(w));
  const powerSide = [...gridWeak].some((w) => /grid|ercot|utility|utilities|power|energy|electricity/.test(w));
  const gridByWeak = (curtail && counterpart) || (credits && powerSide);
  if (!aboutOthers && (gridStrong > 0 || gridByWeak)) {
    topics.push('grid');
    add('grid.strong');
    if (gridByWeak) add('grid.weak');
  }

  // Any other topic of the vocabulary: one of its strong terms, said of the filer's own business.
  for (const topic of TOPICS) {
    if (RULED_TOPICS.has(topic) || aboutOthers || count(hits, `${topic}.strong`) === 0) continue;
    topics.push(topic);
    add(`${topic}.strong`);
  }
  return { topics, terms: [...terms] };
}

const STOPPED = /\b(discontinued|ceased|no longer|terminated|suspended|abandoned|halted|exited|withdrew|wound down)\b/i;
/** Words that keep a present-tense sentence looking ahead: a future, a negotiation, an intention, a duty. */
const STILL_AHEAD = /\b(will|would|shall|yet to|negotiat\w*|in the process of|expectation|intend\w*|intention|strategy is to|must|need to)\b/i;
/** The sentence without futures of its relative clauses ("..., which will support ...", "that will add to ..."). */
function withoutRelativeFutures(text: string): string {
  return text.replace(/\b(which|that|where|who)\b[^,;.]{0,60}?\b(will|would)\b/gi, ' ');
}
/** What makes a target a goal: a figure with a unit, a share, a year or quarter, a deadline. */
const GOAL_FIGURE = /\d\s?(eh\/?s|ph\/?s|th\/?s|mw|gw|%|percent|btc|bitcoin)\b|\b(19|20)\d\d\b|\bq[1-4]\b|\bby (the )?(end|middle|mid|early|late|start)\b/i;
/** An announcement of an act done: "announced that it has secured", "announced that we had completed". */
const ANNOUNCED_DONE = /\bannounced,? (that )?(it|we|the company) (has|have|had) (\w+ed|begun|built|won|made|taken|become)\b/i;
const PLAN_VERB = /^(expect|plan|intend|anticipat|aim|target|seek|sought|announc|propos|schedul|estimat|project|forecast|contemplat|consider|evaluat|explor)/i;

/** What compromise reads in a sentence's opening words: is the main verb past, is there a future? */
type Verbs = {
  firstVerb: string;
  firstIsPast: boolean;
  firstIsPresent: boolean;
  startsWithVerb: boolean;
  /** A future in the head ("will expand", "going to build"); read only where no plan cue has decided. */
  future(): boolean;
};

/**
 * compromise's readings of sentence heads already seen: boilerplate repeats across a filing's documents
 * and across filings (a third of the calls on the corpus). Bounded; emptied when full.
 */
const verbsSeen = new Map<string, Verbs>();
const VERBS_SEEN_MAX = 20_000;

/** The main clause opens the sentence: its first 30 words are the head compromise may read. */
const HEAD_WORDS = 30;
/**
 * compromise costs about 0.1 ms a word, so the verb group at the first verb is read from the opening 12
 * words when at least 3 of them follow it: its tags only look a word or two ahead. Every head of the
 * corpus (757 met scoring it, 837 by the evaluation) got the first verb and tenses of the 30-word parse
 * (2 words after it already sufficed), and with the verb groups of classify-7 the evaluation's report and
 * the corpus run's evidence are identical to those of a build that parses every head whole. The other
 * heads are parsed whole. Halves the words parsed (Riot FY2023 10-K: 86 heads, 0.23 s of compromise to
 * about 0.13 s).
 */
const OPENING_WORDS = 12;
const WORDS_AFTER_VERB = 3;

function readVerbs(text: string): Verbs {
  const words = text.split(/\s+/).slice(0, HEAD_WORDS);
  const head = words.join(' ');
  const seen = verbsSeen.get(head);
  if (seen) return seen;
  if (verbsSeen.size >= VERBS_SEEN_MAX) verbsSeen.clear();
  const verbs = parseVerbs(head, words);
  verbsSeen.set(head, verbs);
  return verbs;
}

/** parseVerbs' match statements, parsed by compromise once instead of on every call of `match` and `has`. */
let verbStatements: Record<'verb' | 'past' | 'present' | 'willVerb' | 'goingTo', ReturnType<typeof parsedMatch>> | null = null;

function verbMatches(): NonNullable<typeof verbStatements> {
  verbStatements ??= {
    verb: parsedMatch('#Verb'),
    past: parsedMatch('#PastTense'),
    present: parsedMatch('#PresentTense'),
    willVerb: parsedMatch('(will|shall) #Adverb? #Verb'),
    goingTo: parsedMatch('going to #Verb'),
  };
  return verbStatements;
}

/** compromise's parse of a text, counted. */
function parse(text: string): ReturnType<typeof tagged> {
  nlpCalls.count++;
  return tagged(text);
}

/** A term of compromise's document: its normalised form and its tags. */
type Term = { normal: string; tags: Set<string> };

/** Auxiliaries that put a verb group in the past ("was built", "had signed", "did not") or the present ("is developing", "are expected"). */
const PAST_AUXILIARY = /^(was|were|had|did)$/;
const PRESENT_AUXILIARY = /^(am|is|are|do|does)$/;
/** The perfect ("has signed", "have been operating"): an act completed, reported as the past is. */
const PERFECT_AUXILIARY = /^(has|have)$/;

/**
 * The verb group that opens at a text's first verb: its auxiliaries and its main verb ("have signed", "are
 * also developing" as "are developing", "is expected", "began"), adverbs and "not" between them left out,
 * with the tense the group reads in. compromise tags an auxiliary or a copula with no tense ("are" in "we
 * are developing", "is" in "the facility is the largest", "have" in "we have signed"): the group's first
 * word decides then, so a present progressive, a present copula and a perfect are no longer read as
 * tenseless (which ended on "plan" when the sentence had a plan cue anywhere).
 */
function verbGroup(terms: ReadonlyArray<Term>, from: number): { words: string[]; past: boolean; present: boolean; end: number } {
  const words: string[] = [];
  let i = from;
  let main: Term | null = null;
  while (i < terms.length) {
    const t = terms[i]!;
    if (t.tags.has('Verb')) {
      words.push(t.normal);
      i++;
      if (!t.tags.has('Auxiliary')) {
        main = t;
        break;
      }
    } else if (words.length > 0 && (t.tags.has('Adverb') || t.tags.has('Negative'))) i++;
    else break;
  }
  // "The facility is expected, upon completion, to have 1.0 GW": compromise may tag a plan participle after
  // a copula as an adjective; it is the group's main verb all the same.
  if (main && /^(is|are|was|were)$/.test(main.normal)) {
    let j = i;
    while (j < terms.length && terms[j]!.tags.has('Adverb')) j++;
    const participle = terms[j];
    if (participle && !participle.tags.has('Verb') && /ed$/.test(participle.normal) && PLAN_VERB.test(participle.normal)) {
      words.push(participle.normal);
      main = participle;
      i = j + 1;
    }
  }
  const first = words[0] ?? '';
  if (words.length <= 1) {
    const t = main ?? terms[from];
    const past = (t?.tags.has('PastTense') ?? false) || /^(was|were)$/.test(first);
    const present = (t?.tags.has('PresentTense') ?? false) || /^(am|is|are)$/.test(first);
    return { words, past, present, end: i };
  }
  return { words, past: PAST_AUXILIARY.test(first) || PERFECT_AUXILIARY.test(first), present: PRESENT_AUXILIARY.test(first), end: i };
}

/** The verb group at a text's first verb and its tense, with the number of terms that follow it ("" and 0: none). */
function firstVerbOf(text: string): { verb: string; past: boolean; present: boolean; termsAfter: number } {
  const s = verbMatches();
  const doc = parse(text);
  const verbs = doc.match(s.verb);
  if (!verbs.found) return { verb: '', past: false, present: false, termsAfter: 0 };
  const sentences = doc.document as Term[][];
  const pointers = verbs.pointer as number[][];
  // "Block Mining consists of ...": compromise reads the opening word of a name as a verb ("Block"); a
  // present-tense verb that opens the text before a proper noun is the name's, and the next verb is the main one.
  const opensName = (p: number[] | undefined): boolean => {
    const terms = p && p[1] === 0 ? sentences[p[0]!] : undefined;
    const [a, b] = [terms?.[0], terms?.[1]];
    return !!a && !!b && !a.tags.has('PastTense') && !a.tags.has('Gerund') && b.tags.has('ProperNoun') && !b.tags.has('Possessive');
  };
  const pick = opensName(pointers[0]) && pointers.length > 1 ? pointers[1] : pointers[0];
  const [n = 0, start = 0] = pick ?? [];
  const group = verbGroup(sentences[n] ?? [], start);
  let termsAfter = (sentences[n]?.length ?? 0) - group.end;
  for (let i = n + 1; i < sentences.length; i++) termsAfter += sentences[i]!.length;
  return { verb: group.words.join(' '), past: group.past, present: group.present, termsAfter };
}

function parseVerbs(head: string, words: ReadonlyArray<string>): Verbs {
  let first = words.length > OPENING_WORDS ? firstVerbOf(words.slice(0, OPENING_WORDS).join(' ')) : null;
  if (first === null || first.verb === '' || first.termsAfter < WORDS_AFTER_VERB) first = firstVerbOf(head);
  let future: boolean | null = null;
  return {
    firstVerb: first.verb,
    firstIsPast: first.past,
    firstIsPresent: first.present,
    startsWithVerb: first.verb !== '' && head.trimStart().toLowerCase().startsWith(first.verb.split(/\s+/)[0] ?? ''),
    future() {
      if (future === null) {
        // A text with no word for a future has none, whatever its parse (see FUTURE_TEXT).
        const doc = FUTURE_TEXT.test(head) ? parse(head) : null;
        future = doc !== null && (doc.has(verbMatches().willVerb) || doc.has(verbMatches().goingTo));
      }
      return future;
    },
  };
}

/** A target or goal reached ("exceeded our hashrate target"): an achievement, so its "target" is no plan word. */
const REACHED_TARGET = /\b(reached|achieved|met|exceeded|surpassed|attained|hit)\b[^.;:]{0,30}\b(targets?|goals?)\b/i;
/** Words that look ahead whatever the tense of the main clause: "we intend", "the potential to expand". */
const FORWARD_WORDS = /\b(intends?|plans?|expects?|anticipates?|evaluat\w*|explor\w*|feasibility|potential|goal|target\w*|aim)\b/i;
/** Any text from which compromise could read a future ("will", "shall", "won't", "we'll", "going to", "gonna"). */
const FUTURE_TEXT = /will|shall|won['’]t|shan['’]t|['’]ll|going|gonna/i;

/**
 * The modality {@link decideModality} ends on whatever compromise reads of the main verb, or null when
 * the verb decides. Both of its "fact" rules need a main clause without forward words; with them, a plan
 * cue ends on "plan" when the sentence is also hypothetical or still looks ahead (which rules out the
 * present-tense fact), and a sentence with only a hypothetical cue on "hypothetical" unless compromise
 * finds a future, which it cannot in a text with no word for one. Saves the parse (2 to 3 ms) of 11 of the
 * Riot FY2023 10-K's 104 heads, 391 of the corpus's 5,157; every corpus sentence that reaches the tense
 * rules (21,175 calls) gets the modality the parse gives.
 */
function decidedWithoutVerbs(text: string, planCue: boolean, hypotheticalCue: boolean, forwardWords: boolean): Modality | null {
  if (!forwardWords) return null;
  if (planCue) return hypotheticalCue || STILL_AHEAD.test(withoutRelativeFutures(text)) ? 'plan' : null;
  return FUTURE_TEXT.test(text) ? null : 'hypothetical';
}

/**
 * Modality. Lexical cues decide most sentences; compromise is called only when the
 * tense of the main clause decides between a report of the past and a plan or a risk.
 */
function decideModality(text: string, hits: Hits, topicClasses: ReadonlyArray<TermClass>): Modality {
  const conditional = /\b(if|unless|in the event|to the extent)\b/i.test(text);
  const assurance = /\b(no assurances?|cannot assure|can ?not assure|no guarantee)\b/i.test(text);
  const possibility = /\b(may|might|could)\b/i.test(text);
  // The terms of a signed agreement ("Pursuant to the Agreement, GreenBlocks will provide ...", "Under the
  // agreement, the Company will provide the client 5 MW"): facts, their "will", "may" and "unless" included.
  const contractTerms = CONTRACT_TERMS.test(text);
  // Conditions and possibility outrank everything else: "we may not be able to lease" is a risk, not a denial.
  if ((conditional || possibility) && !contractTerms) return 'hypothetical';
  if (assurance) return 'hypothetical';
  // Announced but not done; a non-binding agreement (a memorandum of understanding, a letter of intent) binds
  // no one yet, however past the verb that signed it.
  if (/\bnot yet\b/i.test(text) || /\bnon-?binding\b/i.test(text)) return 'plan';

  // A denial must bear on the activity: a negation shortly before a topic term ("we have not entered
  // into any HPC lease"), or a word that ends an activity ("discontinued", "ceased", "no longer").
  const exceptions = hits.get('negException') ?? [];
  const negations = (hits.get('neg') ?? []).filter((n) => !exceptions.some((e) => n.from >= e.from && n.to <= e.to));
  const topicTerms = topicClasses.flatMap((cls) => hits.get(cls) ?? []);
  const scopedNegation = negations.some((n) => topicTerms.some((t) => t.from >= n.to && t.from - n.to <= 10));
  if (scopedNegation || STOPPED.test(text)) return 'negated';
  if (contractTerms) return 'fact';

  // A target or goal that was reached is a past achievement, not a plan ("we reached our target of 10 EH/s").
  const reached = REACHED_TARGET.test(text);
  // "periodically will curtail", "will typically replace": a habit, told in the present, not a plan.
  const habitual = HABITUAL_WILL.test(text);
  const plans = (hits.get('plan') ?? []).filter(
    (h) => !(reached && /^=(target|targets|targeted|goal)$/.test(h.phrase.source)) && !(habitual && h.phrase.source === '=will'),
  );
  const planCue = plans.length > 0 || /\b(would|shall)\b/i.test(text) || (!habitual && /\bwill\b/i.test(text));
  const hypotheticalCue = count(hits, 'hypothetical') > 0;
  if (!planCue && !hypotheticalCue) return 'fact';

  const forwardWords = FORWARD_WORDS.test(reached ? text.replace(/\b(targets?|goals?)\b/gi, '') : text);
  return decidedWithoutVerbs(text, planCue, hypotheticalCue, forwardWords) ?? modalityByVerbs(text, readVerbs(text), planCue, hypotheticalCue, forwardWords);
}

/** Is the main verb (the last word of the verb group) itself a plan ("expects", "are evaluating", "is scheduled")? */
function isPlanVerb(verb: string, text: string): boolean {
  // "positioned to become ..." looks ahead; "positioned as one of the largest" states a rank.
  if (verb === 'positioned') return /\bpositioned to\b/i.test(text);
  if (!PLAN_VERB.test(verb)) return false;
  // "announced that it has secured ...": the announcement reports an act done, not one planned.
  if (/^announc/.test(verb) && ANNOUNCED_DONE.test(text)) return false;
  // "we target sites powered by green energy": a habit in the present, unless a figure or a date makes it a goal.
  if (/^targets?$/.test(verb) && !GOAL_FIGURE.test(text)) return false;
  return true;
}

/** A "will" of habit: next to an adverb of frequency. */
const HABITUAL_WILL = /\b(periodically|routinely|regularly|typically|generally|usually|normally) will\b|\bwill (periodically|routinely|regularly|typically|generally|usually|normally)\b/i;

/** A sentence that opens on the terms of an agreement: "Pursuant to the terms of the agreement, ...", "Under the lease, ...". */
const CONTRACT_TERMS = /^\W*(under|pursuant to) (the|this|that|such|each|these|its|our)\b[^,;.]{0,60}?\b(agreements?|contracts?|leases?|amendments?|msa|order form|purchase order|terms)\b/i;

/** The end of {@link decideModality}, where the main clause's tense decides (compromise's reading of it). */
function modalityByVerbs(text: string, verbs: Verbs, planCue: boolean, hypotheticalCue: boolean, forwardWords: boolean): Modality {
  // A main clause in the past reports what happened, even when a later clause looks ahead
  // ("we signed a lease under which the tenant will occupy ..."). A bullet fragment
  // ("Focused on AI colocation") has no subject: its participle reports nothing.
  const lastWordOfVerb = verbs.firstVerb.split(/\s+/).at(-1) ?? '';
  const planVerb = isPlanVerb(lastWordOfVerb, text);
  if (verbs.firstIsPast && !verbs.startsWithVerb && !planVerb && !forwardWords && !/\b(would|will)\b/.test(verbs.firstVerb)) {
    return 'fact';
  }
  // A main clause in the present that states what is ("Block Mining consists of two operational sites, ...
  // with the potential to expand", "we currently derive the majority of our revenue from ... but expect to
  // ..."): a fact, unless its verb is itself a plan ("we are evaluating", "is expected to").
  if (
    verbs.firstIsPresent &&
    !verbs.startsWithVerb &&
    !planVerb &&
    !/\b(will|would|shall|going|believe|believes|think)\b/.test(verbs.firstVerb) &&
    !STILL_AHEAD.test(withoutRelativeFutures(text)) &&
    hypotheticalCue === false
  ) {
    return 'fact';
  }
  if (planCue || verbs.future()) return 'plan';
  return 'hypothetical';
}

type ClaimTopic = Exclude<CoreClaim, 'none'>;

/** The mining business named by its commodity, in a self-description beside AI/HPC. */
const DIGITAL_ASSET_WORD = /\b(bitcoin|btc|digital assets?|crypto ?currenc(y|ies)|crypto assets?)\b/;

/** Does the sentence assert that mining (or AI/HPC) is the filer's primary business or focus? */
function decideCoreClaim(hits: Hits, topics: Topic[], modality: Modality | null, tokens: ReadonlyArray<Token>): CoreClaim {
  if (topics.length === 0 || modality === 'negated') return 'none';
  if (count(hits, 'own') === 0) return 'none';
  const primary = hits.get('core.primary') ?? [];
  const business = hits.get('core.business') ?? [];
  const self = hits.get('core.self') ?? [];
  const shift = hits.get('core.shift') ?? [];
  const nouns = hits.get('core.noun') ?? [];
  const topicTerms: Array<{ topic: ClaimTopic; match: Match<TermTag> }> = [];
  if (topics.includes('mining')) {
    for (const m of [...(hits.get('mining.strong') ?? []), ...(hits.get('mining.weak') ?? [])]) {
      // Words that name a commodity or a unit, not the business.
      if (!/^=(bitcoin|btc|mw|megawatts|fleet|hosting|hosted|machines|units|production)$/.test(m.phrase.source)) {
        topicTerms.push({ topic: 'mining', match: m });
      }
    }
  }
  if (topics.includes('ai_hpc')) {
    // Where the topic came from what the filing has established, its plain words name the business
    // ("we are in the business of ... operating data centers" at a company with an HPC business).
    const aiWords = [...(hits.get('ai_hpc.strong') ?? []), ...(hits.get('ai_hpc.ai') ?? [])];
    for (const m of aiWords.length > 0 ? aiWords : (hits.get('ai_hpc.context') ?? [])) topicTerms.push({ topic: 'ai_hpc', match: m });
  }
  const claims = new Set<ClaimTopic>();

  // "our primary business is Bitcoin mining", "focused primarily on bitcoin mining",
  // "HPC is now our core business": a primary word beside a business word, attributed to the nearest topic term.
  const word = (i: number) => tokens[i]?.word ?? '';
  const text = tokens.map((t) => t.word).join(' ');
  // What revenue or a cost "primarily" consists of describes the accounts, not the company.
  const accounts = /\b(revenues?|costs?|expenses?)( of revenues?)? (is|are|was|were|consists?|consisted) (primarily|mainly|principally|predominantly|chiefly)\b|\b(primarily|mainly|principally) (derived|generated|comprised|consist\w*|attributable)\b/.test(
    text,
  );
  for (const p of accounts ? [] : primary) {
    // "primarily" alone is mostly "primarily due to"; it claims a focus only after "focused" or "engaged".
    const adverb = /^=(primarily|principally|predominantly|chiefly|mainly|exclusively|solely|entirely)$/.test(p.phrase.source);
    // ... or before it: "we are principally engaged in mining bitcoin".
    const verbAfter = adverb && /^(focused|engaged|dedicated)$/.test(word(p.to));
    const standsAlone = p.phrase.source === '=pure-play' || verbAfter || (adverb && /^(focused|engaged|operate|operates|focus|dedicated)$/.test(word(p.from - 1)));
    const nearBusiness = business.filter((b) => Math.abs(b.from - p.from) <= 3);
    if (!standsAlone && nearBusiness.length === 0) continue;
    // "our core business is X" looks forward; "X is now our core business" looks back.
    const end = Math.max(verbAfter ? p.to + 1 : p.to, ...nearBusiness.map((b) => b.to));
    const copula = /^(is|are|was|remains|remain|will|continues)$/;
    const forward = copula.test(word(end)) || /^(on|in|to)$/.test(word(end));
    const backward = !forward && [1, 2, 3, 4].some((k) => copula.test(word(p.from - k)));
    let best: { topic: ClaimTopic; distance: number } | null = null;
    for (const t of topicTerms) {
      const after = t.match.from >= p.to;
      if ((forward && !after) || (backward && after)) continue;
      const distance = after ? t.match.from - end : p.from - t.match.to;
      if (distance < 0 || distance > 12) continue;
      if (!best || distance < best.distance) best = { topic: t.topic, distance };
    }
    if (best) claims.add(best.topic);
  }
  // "we are a Bitcoin mining company": the self-description, the topic, then a company noun right after it,
  // or within the topic's own words ("one of the largest producers of bitcoin").
  for (const s of self) {
    for (const t of topicTerms) {
      if (t.match.from >= s.to && t.match.from - s.to <= 5 && nouns.some((n) => n.from >= t.match.from && n.from - t.match.to <= 3)) {
        claims.add(t.topic);
      }
    }
  }
  // "we are a leading provider of AI infrastructure": the self-description, a company noun, then the topic.
  for (const s of self) {
    for (const n of nouns) {
      if (n.from < s.to || n.from - s.to > 3) continue;
      for (const t of topicTerms) {
        if (!(t.match.from > n.to && t.match.from - n.to <= 4 && /^(of|in|for)$/.test(word(n.to)))) continue;
        claims.add(t.topic);
        // "a platform for digital assets and artificial intelligence": both businesses side by side, even
        // where the mining one is named by its commodity alone (docs/SCORING.md, core claims).
        if (t.topic === 'ai_hpc' && DIGITAL_ASSET_WORD.test(tokens.slice(n.to, t.match.to + 6).map((x) => x.word).join(' '))) claims.add('mining');
      }
    }
  }
  // "our business and development strategy is focused on expanding our Bitcoin Mining operations",
  // "a foundational element in the Company's strategy to become an industry-leading Bitcoin mining platform".
  // "we are in the business of owning, acquiring, developing and operating data centers" says what the company is.
  const strategy = /\bstrateg(y|ies) (is|are|remains?) (focused|centred|centered) on\b|\bstrategy (is )?to become\b|\b(we are|company is) (primarily |principally )?in the business of\b/.exec(text);
  if (strategy) {
    const offset = text.slice(0, strategy.index + strategy[0].length).split(' ').length;
    const near = topicTerms.filter((t) => t.match.from >= offset && t.match.from - offset <= 8);
    const topicsNear = new Set(near.map((t) => t.topic));
    if (topicsNear.size === 1) claims.add([...topicsNear][0]!);
  }
  // A shift of emphasis toward AI/HPC names the new core: a shift word with a business word, with the
  // company's whole footprint ("converting most of our existing facilities to support AI workloads"), or
  // mining paused to focus on AI ("pausing further mining expansion to focus on scaling our AI infrastructure").
  const wholeFootprint = /\b(most|all|majority|rest) of (our|its|the company s) (existing |remaining )?(facilities|sites|fleet|infrastructure|capacity|data centers)\b|\b(our|its) remaining (facilities|sites)\b/.test(text);
  // ... or with the expansion paused: "further expansion paused to prioritize continued build-out of AI verticals".
  const pausedForAi =
    /\b(paus\w*|halt\w*|stop\w*|slow\w*) (further |our )?(bitcoin )?mining( expansion| growth)?\b.{0,40}\bto (focus on|prioriti[sz]e)\b/.test(text) ||
    /\b(mining )?(expansion|growth) (is |was |has been )?(paused|halted|stopped)\b.{0,20}\bto (focus on|prioriti[sz]e)\b/.test(text);
  // The shift must bear on AI/HPC: a shift word a few words before an AI/HPC term ("transitioned to U.S.
  // domestic issuer status, and ... our AI Cloud business" is no shift of the business).
  const aiTerms = topicTerms.filter((t) => t.topic === 'ai_hpc');
  const shiftToAi = shift.some((sh) =>
    aiTerms.some(
      (t) =>
        t.match.from > sh.from &&
        // near the shift word, or just after its "to" ("transitioning from a bitcoin mining company to a provider of HPC ...")
        (t.match.from - sh.from <= (wholeFootprint ? 20 : 8) ||
          [1, 2, 3, 4].some((k) => /^(to|toward|towards|into)$/.test(word(t.match.from - k)) && t.match.from - k - sh.from <= 8)),
    ),
  );
  if (aiTerms.length > 0 && ((shiftToAi && (primary.length > 0 || business.length > 0 || wholeFootprint)) || pausedForAi)) {
    return 'ai_hpc';
  }
  // A dual self-description names both businesses without ranking them.
  if (claims.size !== 1) return 'none';
  return [...claims][0]!;
}

/** Labels of sentences already seen in the same context (boilerplate repeats across a run's filings). */
const labelsSeen = new LabelMemo<SentenceLabel>(20_000);

/**
 * Labels one sentence, from memory when the same text was labelled in the same context (the context's
 * JSON is part of the key: keep {@link ClassifyContext} plain data). The label is frozen and shared.
 */
export function classifySentence(text: string, ctx: ClassifyContext, lexicon: Lexicon = bundledLexicon()): SentenceLabel {
  return labelsSeen.get(lexicon, [JSON.stringify(ctx), text], () => labelSentence(text, ctx, lexicon));
}

/**
 * Labels one sentence. Sentences without a candidate term return at once,
 * without calling compromise.
 */
function labelSentence(text: string, ctx: ClassifyContext, lexicon: Lexicon): SentenceLabel {
  const masked = maskMonthMay(maskNames(text, ctx, lexicon));
  const tokens = tokenize(masked);
  if (!lexicon.candidateMatcher.hasAny(tokens) && !(ctx.hpcBusiness && lexicon.contextMatcher.hasAny(tokens))) return NONE;

  const hits = groupHits(removeTrapped(lexicon.matcher.matchAll(tokens)));
  const { topics, terms } = decideTopics(hits, ctx.hpcBusiness ?? false);
  if (topics.length === 0) return NONE;

  const modality = decideModality(masked, hits, lexicon.topicClasses);
  const core_claim = decideCoreClaim(hits, topics, modality, tokens);
  return OTHER_COMPANY_QUOTE.test(masked) ? { topics, modality, core_claim, terms, otherCompanyQuote: true } : { topics, modality, core_claim, terms };
}

/**
 * Labels a sentence with topics it takes from its context (its heading, the sentence it continues) rather
 * than from its own words: the modality is read from the sentence itself, it makes no core claim, and its
 * terms say where the topics came from ("(heading) HPC Hosting"). Null when the sentence has topic words
 * of its own.
 */
export function classifyInContext(text: string, ctx: ClassifyContext, topics: Topic[], basis: string, lexicon: Lexicon = bundledLexicon()): SentenceLabel | null {
  const masked = maskMonthMay(maskNames(text, ctx, lexicon));
  const tokens = tokenize(masked);
  const hits = groupHits(removeTrapped(lexicon.matcher.matchAll(tokens)));
  // Words of another topic that the rules did not take ("as the bitcoin mining industry has expanded" under
  // "Grid Curtailment"): the sentence speaks of something else, and its context does not overrule it.
  const otherTopicWords = (['mining.strong', 'ai_hpc.strong', 'ai_hpc.ai', 'grid.strong'] as const).filter((cls) => !topics.some((t) => cls.startsWith(`${t}.`)));
  if (otherTopicWords.some((cls) => count(hits, cls) > 0)) return null;
  const modality = decideModality(masked, hits, lexicon.topicClasses);
  const label: SentenceLabel = { topics, modality, core_claim: 'none', terms: [basis] };
  return OTHER_COMPANY_QUOTE.test(masked) ? { ...label, otherCompanyQuote: true } : label;
}

/** The scorer version stored with every label and score: classifier rules, lexicon and context model versions. */
export function scorerVersion(lexicon: Lexicon = bundledLexicon()): string {
  return `${CLASSIFIER_VERSION}+${lexicon.version}+${bundledContextModel().version}`;
}
