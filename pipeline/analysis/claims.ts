/**
 * The news article's filings-checkable claims, checked against the database. Pure: query results in
 * ({@link ClaimData} from db/analyst.ts), verdicts, numbers and citations out. Every threshold is a named
 * constant in {@link THRESHOLDS}, documented in docs/SCHEMA.md ("Claims").
 */
import type { ClaimData, EvidenceRow, TimelineRow } from '../../db/analyst.ts';
import knownIssuers from '../core/known-issuers.json' with { type: 'json' };

export type Verdict = 'supported' | 'partly' | 'not supported' | 'not enough data';
export const VERDICTS: ReadonlyArray<Verdict> = ['supported', 'partly', 'not supported', 'not enough data'];

/** The thresholds behind the verdicts. Change them here and in docs/SCHEMA.md together. */
export const THRESHOLDS = {
  /** Fewer miners than this and no claim about "miners" in general is judged. */
  minMiners: 3,
  /**
   * An issuer missing from known-issuers.json counts as a miner with at least this many mining facts
   * (positive weight) over its filings: NVIDIA's 10-K has 4, the fictional sample miners 18 to 50.
   */
  minMiningFactsForMiner: 10,
  /** Claim 1: share of miners with an ai_hpc fact for "supported"; any such miner makes at least "partly". */
  claim1SupportedShare: 0.5,
  /** Claim 1: the trend compares the first and last years with at least this many miner filings. */
  claim1TrendMinFilings: 5,
  /** Claim 2: the cut-off date of "by mid-2025". */
  claim2Cutoff: '2025-06-30',
  /** Claim 2: "dozens" read as two dozen or more. */
  claim2Dozens: 24,
  /** Claim 2: with enough miners covered, at least a dozen is "partly". */
  claim2PartlyCount: 12,
  /** Claim 3: more than this share of miners stressing mining is "most" (supported) ... */
  claim3MostShare: 0.5,
  /** ... and at least this share "partly". */
  claim3PartlyShare: 0.25,
  /** Claim 3: the "latest filings" are those dated within this many days before the issuer's newest filing with evidence. */
  claim3RecentDays: 365,
  /** Claim 4: miners with grid facts for "supported" (and at least this share of miners); one is "partly". */
  claim4SupportedMiners: 2,
  claim4SupportedShare: 0.25,
  /** Citations per claim shown at most. */
  maxCitations: 12,
} as const;

/** A cited sentence: enough to find it in the filing. */
export interface Citation {
  sentenceId: number;
  issuer: string;
  ticker: string | null;
  form: string;
  date: string | null;
  section: string | null;
  sectionTitle: string | null;
  page: number | null;
  text: string;
  topics: string;
  modality: string | null;
  coreClaim: string;
  weight: number;
  source: string;
  /** Whether the sentence backs the claim or runs against it. */
  stance: 'supports' | 'against';
}

/** One issuer's part in a claim. */
export interface ClaimIssuer {
  issuer: string;
  ticker: string | null;
  /** Whether this issuer backs the claim. */
  meets: boolean;
  detail: string;
}

export interface ClaimResult {
  id: 1 | 2 | 3 | 4;
  claim: string;
  /** How the claim is checked against the filings. */
  test: string;
  verdict: Verdict;
  /** One sentence saying why. */
  summary: string;
  numbers: Record<string, number | string | null | Array<Record<string, number | string | null>>>;
  issuers: ClaimIssuer[];
  evidence: Citation[];
}

export interface MinerRow {
  issuerKey: string;
  issuer: string;
  ticker: string | null;
  miner: boolean;
  basis: 'known-issuers.json' | 'evidence';
}

export interface ClaimsReport {
  scorerVersion: string;
  coverage: {
    issuers: number;
    miners: number;
    filings: number;
    firstPeriod: string | null;
    lastPeriod: string | null;
  };
  miners: MinerRow[];
  thresholds: typeof THRESHOLDS;
  claims: ClaimResult[];
}

type KnownIssuer = { tickers: string[]; miner?: boolean };
const KNOWN = knownIssuers as unknown as { issuers: Record<string, KnownIssuer>; withoutCik?: Record<string, KnownIssuer> };

/** The `miner` flag of known-issuers.json for an issuer (by CIK, else by issuer key), or null when not listed. */
export function knownMinerFlag(cik: string | null, issuerKey: string): boolean | null {
  const entry = (cik !== null ? KNOWN.issuers[cik] : undefined) ?? KNOWN.withoutCik?.[issuerKey];
  return typeof entry?.miner === 'boolean' ? entry.miner : null;
}

export interface ClaimOptions {
  /** Overrides known-issuers.json (tests). */
  knownMiner?: (cik: string | null, issuerKey: string) => boolean | null;
}

const label = (i: { ticker: string | null; issuerName: string }) => i.ticker ?? i.issuerName;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const positive = (x: number) => Math.max(0, x);

function cite(row: EvidenceRow, stance: Citation['stance'] = 'supports'): Citation {
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
    stance,
  };
}

const hasTopic = (row: EvidenceRow, topic: string) => row.topics.split(',').includes(topic);
const isPositiveFact = (row: EvidenceRow, topic: string) => hasTopic(row, topic) && row.modality === 'fact' && row.weight > 0;
const termCount = (row: EvidenceRow) => {
  try {
    return (JSON.parse(row.terms) as unknown[]).length;
  } catch {
    return 0;
  }
};
/** At most about 60 words: a sentence a reader can check at a glance, not a table row or a legal paragraph. */
const quotable = (row: EvidenceRow) => (row.text.length <= 400 ? 1 : 0);
/** Strongest first: weight (section x modality), then quotable, then lexicon terms matched, then newest. */
const byStrength = (a: EvidenceRow, b: EvidenceRow) =>
  b.weight - a.weight || quotable(b) - quotable(a) || termCount(b) - termCount(a) || (b.date ?? '').localeCompare(a.date ?? '') || a.sentenceId - b.sentenceId;

/** Yearly pooled ai_hpc share of the miners' mass: Σ ai_hpc / Σ (ai_hpc + mining), negative masses as 0. */
function yearlyShare(timeline: TimelineRow[]): Array<{ year: string; filings: number; aiHpcShare: number | null; minersWithAiHpc: number }> {
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

function notEnough(id: ClaimResult['id'], claim: string, test: string, miners: number): ClaimResult {
  return {
    id,
    claim,
    test,
    verdict: 'not enough data',
    summary: `The database covers ${miners} miner(s) scored with this scorer version; at least ${THRESHOLDS.minMiners} are needed to judge a claim about miners in general.`,
    numbers: { miners },
    issuers: [],
    evidence: [],
  };
}

/** Checks the four claims. */
export function evaluateClaims(data: ClaimData, options: ClaimOptions = {}): ClaimsReport {
  const knownMiner = options.knownMiner ?? knownMinerFlag;
  const minerRows: MinerRow[] = data.issuers.map((i) => {
    const known = knownMiner(i.cik, i.issuerKey);
    return known !== null
      ? { issuerKey: i.issuerKey, issuer: i.issuerName, ticker: i.ticker, miner: known, basis: 'known-issuers.json' }
      : { issuerKey: i.issuerKey, issuer: i.issuerName, ticker: i.ticker, miner: i.miningFactSentences >= THRESHOLDS.minMiningFactsForMiner, basis: 'evidence' };
  });
  const miners = data.issuers.filter((_, n) => minerRows[n]!.miner);
  const minerIds = new Set(miners.map((m) => m.issuerId));
  const timeline = data.timeline.filter((t) => minerIds.has(t.issuerId));
  const evidence = data.evidence.filter((e) => minerIds.has(e.issuerId));
  const periods = data.timeline.map((t) => t.period).filter((p): p is string => p !== null).sort();
  const enough = miners.length >= THRESHOLDS.minMiners;

  const strongest = (issuerId: number, topic: string) =>
    evidence.filter((e) => e.issuerId === issuerId && isPositiveFact(e, topic)).sort(byStrength)[0];
  const limit = (list: Citation[]) => list.slice(0, THRESHOLDS.maxCitations);

  // 1. Redirecting power or compute to AI/HPC hosting.
  const claim1Text = 'Miners are redirecting part of their power or compute to AI/HPC hosting.';
  const claim1Test =
    'Miners whose filings state an ai_hpc fact (positive weight: not negated, not risk language), and the yearly ai_hpc share of the miners\' mining + ai_hpc mass.';
  let claim1: ClaimResult;
  if (!enough) claim1 = notEnough(1, claim1Text, claim1Test, miners.length);
  else {
    const withAi = miners.filter((m) => m.aiHpcFactSentences > 0);
    const share = withAi.length / miners.length;
    const years = yearlyShare(timeline).filter((y) => y.aiHpcShare !== null);
    const trendYears = years.filter((y) => y.filings >= THRESHOLDS.claim1TrendMinFilings);
    const first = trendYears[0];
    const last = trendYears.at(-1);
    const rising = first && last && first !== last ? (last.aiHpcShare ?? 0) > (first.aiHpcShare ?? 0) : null;
    const verdict: Verdict =
      withAi.length === 0 ? 'not supported' : share >= THRESHOLDS.claim1SupportedShare && rising !== false ? 'supported' : 'partly';
    const trend =
      rising === null
        ? `fewer than two years with ${THRESHOLDS.claim1TrendMinFilings} or more miner filings, so no trend`
        : `the miners' ai_hpc share went from ${pct(first!.aiHpcShare!)} in ${first!.year} to ${pct(last!.aiHpcShare!)} in ${last!.year}`;
    claim1 = {
      id: 1,
      claim: claim1Text,
      test: claim1Test,
      verdict,
      summary: `${withAi.length} of ${miners.length} miners (${pct(share)}) state AI/HPC hosting as a fact; ${trend}.`,
      numbers: {
        miners: miners.length,
        minersWithAiHpcFacts: withAi.length,
        shareWithAiHpcFacts: Math.round(share * 1000) / 1000,
        aiHpcShareByYear: years.map((y) => ({ ...y })),
      },
      issuers: miners.map((m) => ({
        issuer: m.issuerName,
        ticker: m.ticker,
        meets: m.aiHpcFactSentences > 0,
        detail: `${m.aiHpcFactSentences} ai_hpc fact(s), ${m.miningFactSentences} mining fact(s)`,
      })),
      evidence: limit(withAi.flatMap((m) => {
        const row = strongest(m.issuerId, 'ai_hpc');
        return row ? [cite(row)] : [];
      })),
    };
  }

  // 2. Dozens of miners leasing capacity by mid-2025.
  const claim2Text = 'By mid-2025 dozens of miners had started leasing capacity or power to cloud / AI customers.';
  const claim2Test = `Miners whose first ai_hpc fact is in a filing dated on or before ${THRESHOLDS.claim2Cutoff}; "dozens" read as at least ${THRESHOLDS.claim2Dozens}.`;
  let claim2: ClaimResult;
  if (!enough) claim2 = notEnough(2, claim2Text, claim2Test, miners.length);
  else {
    const early = miners.filter((m) => m.firstAiHpcFactDate !== null && m.firstAiHpcFactDate <= THRESHOLDS.claim2Cutoff);
    const later = miners.filter((m) => m.firstAiHpcFactDate !== null && m.firstAiHpcFactDate > THRESHOLDS.claim2Cutoff);
    let verdict: Verdict;
    let summary: string;
    if (early.length >= THRESHOLDS.claim2Dozens) {
      verdict = 'supported';
      summary = `${early.length} miners state an AI/HPC fact in filings dated on or before ${THRESHOLDS.claim2Cutoff}.`;
    } else if (miners.length < THRESHOLDS.claim2Dozens) {
      verdict = 'not enough data';
      summary = `The database covers only ${miners.length} miners, too few to judge "dozens" (at least ${THRESHOLDS.claim2Dozens}); of these, ${early.length} state an AI/HPC fact by ${THRESHOLDS.claim2Cutoff}.`;
    } else if (early.length >= THRESHOLDS.claim2PartlyCount) {
      verdict = 'partly';
      summary = `${early.length} of ${miners.length} miners state an AI/HPC fact by ${THRESHOLDS.claim2Cutoff}: a dozen or more, not dozens.`;
    } else {
      verdict = 'not supported';
      summary = `Only ${early.length} of ${miners.length} miners state an AI/HPC fact by ${THRESHOLDS.claim2Cutoff}.`;
    }
    const firstFacts = new Map(evidence.map((e) => [e.sentenceId, e]));
    claim2 = {
      id: 2,
      claim: claim2Text,
      test: claim2Test,
      verdict,
      summary,
      numbers: {
        miners: miners.length,
        minersWithAiHpcFactByCutoff: early.length,
        minersWithFirstAiHpcFactAfterCutoff: later.length,
        dozensThreshold: THRESHOLDS.claim2Dozens,
        cutoff: THRESHOLDS.claim2Cutoff,
      },
      issuers: miners.map((m) => ({
        issuer: m.issuerName,
        ticker: m.ticker,
        meets: early.includes(m),
        detail: m.firstAiHpcFactDate ? `first ai_hpc fact ${m.firstAiHpcFactDate}` : 'no ai_hpc fact',
      })),
      evidence: limit(early.flatMap((m) => {
        const row = m.firstAiHpcFactSentenceId !== null ? firstFacts.get(m.firstAiHpcFactSentenceId) : undefined;
        return row ? [cite(row)] : [];
      })),
    };
  }

  // 3. Mining remains the core business.
  const claim3Text = 'Most companies, from Riot to Marathon, stress in their filings that mining remains their core business.';
  const claim3Test = `Miners whose latest filings (those dated within ${THRESHOLDS.claim3RecentDays} days before their newest filing with evidence) carry mining core-business claims and more mining than ai_hpc mass; "most" is more than ${pct(THRESHOLDS.claim3MostShare)}.`;
  let claim3: ClaimResult;
  if (!enough) claim3 = notEnough(3, claim3Text, claim3Test, miners.length);
  else {
    const rows = miners.map((m) => {
      const filings = timeline.filter((t) => t.issuerId === m.issuerId && t.period !== null && t.miningMass + t.aiHpcMass > 0);
      const newest = filings.map((t) => t.period!).sort().at(-1) ?? null;
      const from = newest ? shiftDays(newest, -THRESHOLDS.claim3RecentDays) : null;
      const recent = filings.filter((t) => from !== null && t.period! >= from);
      const recentIds = new Set(recent.map((t) => t.filingId));
      const coreMining = recent.reduce((s, t) => s + t.coreMining, 0);
      const coreAiHpc = recent.reduce((s, t) => s + t.coreAiHpc, 0);
      const mining = recent.reduce((s, t) => s + positive(t.miningMass), 0);
      const ai = recent.reduce((s, t) => s + positive(t.aiHpcMass), 0);
      const meets = coreMining > 0 && mining > ai;
      const claims = evidence.filter((e) => e.issuerId === m.issuerId && recentIds.has(e.filingId));
      return { m, recent, coreMining, coreAiHpc, mining, ai, meets, from, newest, claims };
    });
    const stress = rows.filter((r) => r.meets);
    const share = stress.length / miners.length;
    const verdict: Verdict =
      share > THRESHOLDS.claim3MostShare ? 'supported' : share >= THRESHOLDS.claim3PartlyShare ? 'partly' : 'not supported';
    const named = ['RIOT', 'MARA']
      .map((ticker) => rows.find((r) => r.m.tickers.split(',').includes(ticker)))
      .filter((r): r is (typeof rows)[number] => r !== undefined);
    const namedText = named.length
      ? `; ${named.map((r) => `${label(r.m)} ${r.meets ? 'does' : 'does not'}`).join(', ')}`
      : '; neither Riot nor Marathon is in the database';
    // Riot and Marathon first: the article names them.
    const order = (r: (typeof rows)[number]) => (named.includes(r) ? 0 : 1);
    const sorted = [...rows].sort((a, b) => order(a) - order(b));
    claim3 = {
      id: 3,
      claim: claim3Text,
      test: claim3Test,
      verdict,
      summary: `${stress.length} of ${miners.length} miners (${pct(share)}) still call mining their core business in their latest filings and report more mining than AI/HPC${namedText}.`,
      numbers: {
        miners: miners.length,
        minersStressingMining: stress.length,
        share: Math.round(share * 1000) / 1000,
        minersWithMiningCoreClaims: rows.filter((r) => r.coreMining > 0).length,
        minersWithMoreMiningMass: rows.filter((r) => r.mining > r.ai).length,
        minersWithAiHpcCoreClaims: rows.filter((r) => r.coreAiHpc > 0).length,
      },
      issuers: sorted.map((r) => ({
        issuer: r.m.issuerName,
        ticker: r.m.ticker,
        meets: r.meets,
        detail: `${r.recent.length} filing(s) ${r.from ?? '?'}..${r.newest ?? '?'}: core claims mining ${r.coreMining} / ai_hpc ${r.coreAiHpc}; mass mining ${r.mining.toFixed(1)} / ai_hpc ${r.ai.toFixed(1)}`,
      })),
      evidence: limit(
        sorted.flatMap((r) => {
          const kind = r.meets ? 'mining' : 'ai_hpc';
          const row = r.claims.filter((e) => e.coreClaim === kind).sort(byStrength)[0];
          return row ? [cite(row, r.meets ? 'supports' : 'against')] : [];
        }),
      ),
    };
  }

  // 4. Grid balancing or demand response.
  const claim4Text = 'Miners sell grid balancing or demand response.';
  const claim4Test = `Miners whose filings state a grid fact (demand response, curtailment credits, ancillary services, power sales); supported with at least ${THRESHOLDS.claim4SupportedMiners} miners and ${pct(THRESHOLDS.claim4SupportedShare)} of them.`;
  let claim4: ClaimResult;
  if (!enough) claim4 = notEnough(4, claim4Text, claim4Test, miners.length);
  else {
    const grid = miners.filter((m) => m.gridFactSentences > 0);
    const share = grid.length / miners.length;
    const verdict: Verdict =
      grid.length >= THRESHOLDS.claim4SupportedMiners && share >= THRESHOLDS.claim4SupportedShare
        ? 'supported'
        : grid.length > 0
          ? 'partly'
          : 'not supported';
    claim4 = {
      id: 4,
      claim: claim4Text,
      test: claim4Test,
      verdict,
      summary: `${grid.length} of ${miners.length} miners (${pct(share)}) state grid services as a fact${grid.length ? ` (${grid.map(label).join(', ')})` : ''}.`,
      numbers: {
        miners: miners.length,
        minersWithGridFacts: grid.length,
        share: Math.round(share * 1000) / 1000,
        gridFactSentences: grid.reduce((s, m) => s + m.gridFactSentences, 0),
      },
      issuers: miners.map((m) => ({
        issuer: m.issuerName,
        ticker: m.ticker,
        meets: m.gridFactSentences > 0,
        detail: `${m.gridFactSentences} grid fact(s), ${m.gridSentences} grid sentence(s)`,
      })),
      evidence: limit(grid.flatMap((m) => {
        const row = strongest(m.issuerId, 'grid');
        return row ? [cite(row)] : [];
      })),
    };
  }

  return {
    scorerVersion: data.scorerVersion,
    coverage: {
      issuers: data.issuers.length,
      miners: miners.length,
      filings: data.timeline.length,
      firstPeriod: periods[0] ?? null,
      lastPeriod: periods.at(-1) ?? null,
    },
    miners: minerRows,
    thresholds: THRESHOLDS,
    claims: [claim1, claim2, claim3, claim4],
  };
}

/** `YYYY-MM-DD` moved by `days`. */
function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

