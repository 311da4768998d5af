/**
 * The digest of one batch: what changed, read from the database before and
 * after it. Issuers whose pivot index moved (by how much, on which filing),
 * first AI/HPC facts, new core-business claims, the new filings with their
 * forms, and failures. Pure: rows in, a JSON-ready object out.
 */
import type { BatchFilingRow, CoreClaimRow, IssuerStanding } from '../../../db/batch.ts';

/** Moves smaller than this are rounding, not news. */
export const PIVOT_MOVE_MIN = 0.001;

export interface DigestFiling {
  filing: string;
  ticker: string | null;
  issuer: string;
  form: string;
  filedAt: string | null;
  periodEnd: string | null;
  status: 'stored' | 'failed' | 'duplicate' | 'pending';
  pivotIndex: number | null;
  duplicateOf: string | null;
  url: string;
}

export interface PivotMove {
  ticker: string | null;
  issuer: string;
  from: number | null;
  to: number;
  change: number | null;
  filing: string | null;
  form: string | null;
  date: string | null;
}

export interface FirstAiHpcFact {
  ticker: string | null;
  issuer: string;
  filing: string | null;
  date: string | null;
  text: string;
}

export interface DigestCoreClaim {
  ticker: string | null;
  filing: string;
  form: string;
  date: string | null;
  claim: string;
  text: string;
  url: string | null;
}

export interface DigestFailure {
  /** The filing, or null when the issuer's discovery failed. */
  filing: string | null;
  ticker: string | null;
  issuer: string;
  form: string | null;
  stage: string;
  reason: string;
}

export interface Digest {
  startedAt: string;
  finishedAt: string;
  mode: 'in-process' | 'queue';
  scorerVersion: string;
  /** Watched issuers asked on EDGAR. */
  issuers: number;
  newFilings: DigestFiling[];
  pivotMoves: PivotMove[];
  firstAiHpcFacts: FirstAiHpcFact[];
  coreClaims: DigestCoreClaim[];
  failures: DigestFailure[];
  /** Watched issuers with no CIK, left to `minerpivot add`. */
  sedarOnly: Array<{ ticker: string; name: string }>;
  /** Paths of the claims report written beside the digest, when one was. */
  claimsReport: string[];
}

export interface DigestInput {
  startedAt: string;
  finishedAt: string;
  mode: 'in-process' | 'queue';
  scorerVersion: string;
  issuers: number;
  before: ReadonlyMap<string, IssuerStanding>;
  after: ReadonlyMap<string, IssuerStanding>;
  /** Taken filings in the order taken, with what the database has of them (null: not there yet). */
  taken: Array<{ filingKey: string; ticker: string | null; issuer: string; form: string; filedAt: string | null; periodEnd: string | null; url: string; row: BatchFilingRow | null }>;
  coreClaims: CoreClaimRow[];
  /** Issuers whose discovery failed. */
  issuerErrors: Array<{ ticker: string; issuer: string; reason: string }>;
  sedarOnly: Array<{ ticker: string; name: string }>;
  claimsReport?: string[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function buildDigest(input: DigestInput): Digest {
  const takenKeys = new Set(input.taken.map((t) => t.filingKey));
  const newFilings: DigestFiling[] = input.taken.map((t) => ({
    filing: t.filingKey,
    ticker: t.ticker,
    issuer: t.issuer,
    form: t.form,
    filedAt: t.filedAt,
    periodEnd: t.periodEnd,
    status: !t.row ? 'pending' : t.row.status === 'failed' ? 'failed' : t.row.duplicateOfKey ? 'duplicate' : 'stored',
    pivotIndex: t.row?.pivotIndex ?? null,
    duplicateOf: t.row?.duplicateOfKey ?? null,
    url: t.url,
  }));

  const pivotMoves: PivotMove[] = [];
  const firstAiHpcFacts: FirstAiHpcFact[] = [];
  for (const [key, now] of input.after) {
    const was = input.before.get(key);
    if (now.latestPivotIndex !== null) {
      const from = was?.latestPivotIndex ?? null;
      const change = from === null ? null : now.latestPivotIndex - from;
      if (from === null || Math.abs(change!) >= PIVOT_MOVE_MIN) {
        pivotMoves.push({
          ticker: now.ticker,
          issuer: now.name,
          from: from === null ? null : round(from),
          to: round(now.latestPivotIndex),
          change: change === null ? null : round(change),
          filing: now.latestFilingKey,
          form: now.latestForm,
          date: now.latestDate,
        });
      }
    }
    const firstIsNew =
      now.firstAiHpcFactSentenceId !== null &&
      now.firstAiHpcFactSentenceId !== (was?.firstAiHpcFactSentenceId ?? null) &&
      now.firstAiHpcFactFilingKey !== null &&
      takenKeys.has(now.firstAiHpcFactFilingKey);
    if (firstIsNew) {
      firstAiHpcFacts.push({ ticker: now.ticker, issuer: now.name, filing: now.firstAiHpcFactFilingKey, date: now.firstAiHpcFactDate, text: now.firstAiHpcFactText ?? '' });
    }
  }
  pivotMoves.sort((a, b) => Math.abs(b.change ?? b.to) - Math.abs(a.change ?? a.to) || a.issuer.localeCompare(b.issuer));

  const failures: DigestFailure[] = [
    ...input.issuerErrors.map((e) => ({ filing: null, ticker: e.ticker, issuer: e.issuer, form: null, stage: 'discover', reason: e.reason })),
    ...input.taken.flatMap((t): DigestFailure[] => {
      if (!t.row) return [{ filing: t.filingKey, ticker: t.ticker, issuer: t.issuer, form: t.form, stage: 'pending', reason: 'not finished when the batch stopped waiting' }];
      if (t.row.status !== 'failed') return [];
      return [{ filing: t.filingKey, ticker: t.ticker, issuer: t.issuer, form: t.form, stage: t.row.failedStage ?? 'unknown', reason: t.row.errorReason ?? '' }];
    }),
  ];

  return {
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    mode: input.mode,
    scorerVersion: input.scorerVersion,
    issuers: input.issuers,
    newFilings,
    pivotMoves,
    firstAiHpcFacts,
    coreClaims: input.coreClaims.map((c) => ({ ticker: c.ticker, filing: c.filingKey, form: c.form, date: c.date, claim: c.coreClaim, text: c.text, url: c.edgarUrl })),
    failures,
    sedarOnly: input.sedarOnly,
    claimsReport: input.claimsReport ?? [],
  };
}
