/**
 * Validation of the text measure against the money: per issuer and period (a 10-K's year, a 10-Q's
 * quarter) where both exist, the filing's pivot index (from its sentences) against its ai_hpc share of
 * revenue (from its inline XBRL, pipeline/scoring/revenue.ts), as a Spearman rank correlation over the
 * corpus; the pairs where the two disagree most are listed for a reader to look at.
 *
 * Runs the periodic HTML filings of the corpus through the pipeline into a temporary database (about a
 * minute). `npm run eval` prints it after the classifier figures; skipped with a message without the corpus.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openDb } from '../../db/open.ts';
import { main as cli } from '../../pipeline/cli/main.ts';
import { scorerVersion } from '../../pipeline/scoring/classify.ts';
import { DEFAULT_CORPUS_ROOT } from './dev-set.ts';

export interface RevenuePair {
  ticker: string;
  form: string;
  periodEnd: string;
  periodKind: string;
  pivotIndex: number;
  aiHpcShare: number;
  /** 1 when the issuer is a Bitcoin miner (issuers.miner). */
  miner: number | null;
}

/** Average ranks (1-based), ties sharing the mean of their positions. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman's rho: the Pearson correlation of the average ranks (null with fewer than 3 pairs or no spread). */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length < 3) return null;
  const rx = ranks(xs);
  const ry = ranks(ys);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < rx.length; i++) {
    num += (rx[i]! - mx) * (ry[i]! - my);
    dx += (rx[i]! - mx) ** 2;
    dy += (ry[i]! - my) ** 2;
  }
  return dx === 0 || dy === 0 ? null : num / Math.sqrt(dx * dy);
}

/** Thresholds of a large disagreement: the text leans to AI/HPC while little revenue is, or the other way round. */
export const DISAGREEMENT = { leaningPivot: 0.1, littleShare: 0.05, largeShare: 0.25 } as const;

/**
 * Pairs where the text and the money point opposite ways: a pivot index of at least +0.1 with under 5% of
 * revenue from ai_hpc, or at least 25% of revenue from ai_hpc with a pivot index below 0. (Rank gaps are no
 * use here: most periods have no ai_hpc revenue, and their tied ranks would flag every mining filing.)
 */
export function disagreements(pairs: readonly RevenuePair[]): RevenuePair[] {
  return pairs.filter(
    (p) => (p.pivotIndex >= DISAGREEMENT.leaningPivot && p.aiHpcShare < DISAGREEMENT.littleShare) || (p.aiHpcShare >= DISAGREEMENT.largeShare && p.pivotIndex < 0),
  );
}

/** Runs the corpus's periodic HTML filings and reads the pairs back. */
export async function revenuePairs(corpusRoot = DEFAULT_CORPUS_ROOT): Promise<RevenuePair[] | null> {
  const manifest = join(corpusRoot, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'minerpivot-revenue-eval-'));
  try {
    const lines = readFileSync(manifest, 'utf8').split('\n');
    const header = lines[0]!.split('\t');
    const col = (name: string) => header.indexOf(name);
    const kept = lines.slice(1).filter((l) => {
      const cells = l.split('\t');
      return /^10-[KQ]$/.test(cells[col('form')] ?? '') && cells[col('kind')] === 'html';
    });
    const rel = (p: string) => relative(dir, join(corpusRoot, p));
    writeFileSync(join(dir, 'manifest.tsv'), [lines[0], ...kept.map((l) => [rel(l.split('\t')[0]!), ...l.split('\t').slice(1)].join('\t'))].join('\n'));
    const db = join(dir, 'eval.db');
    const quiet = { out: () => {}, err: () => {}, env: {}, isTty: false };
    const code = await cli(['run', '--dir', dir, '--allow-outside', '--db', db, '--quiet'], quiet);
    if (code !== 0) throw new Error(`the pipeline run for the revenue validation exited ${code}`);
    const d = openDb(db);
    try {
      return d
        .prepare(
          `SELECT COALESCE(NULLIF(i.tickers, ''), i.name) AS ticker, f.form, m.period_end AS periodEnd, m.period_kind AS periodKind,
                  s.pivot_index AS pivotIndex, i.miner,
                  COALESCE(SUM(CASE WHEN m.line = 'ai_hpc' AND m.kind = 'revenue' THEN m.share END), 0) AS aiHpcShare
             FROM revenue_mix m JOIN filings f ON f.id = m.filing_id JOIN issuers i ON i.id = f.issuer_id
             JOIN filing_scores s ON s.filing_id = f.id AND s.scorer_version = @version
            WHERE m.period_kind = CASE WHEN f.form LIKE '10-K%' THEN 'year' ELSE 'quarter' END
            GROUP BY f.id, m.period_start, m.period_end
            ORDER BY ticker, m.period_end`,
        )
        .all({ version: scorerVersion() }) as RevenuePair[];
    } finally {
      d.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/** What `npm run eval` prints: the rank correlation over all pairs and over the miners' pairs, and the disagreements. */
export async function printRevenueValidation(log: (line: string) => void = console.log): Promise<void> {
  log('');
  log('== text pivot index vs ai_hpc share of revenue (inline XBRL), per issuer and period ==');
  const pairs = await revenuePairs();
  if (pairs === null) {
    log(`  skipped: no corpus at ${DEFAULT_CORPUS_ROOT} (set MINERPIVOT_CORPUS)`);
    return;
  }
  const rho = spearman(pairs.map((p) => p.pivotIndex), pairs.map((p) => p.aiHpcShare));
  const issuers = new Set(pairs.map((p) => p.ticker));
  log(`  ${pairs.length} issuer-periods of ${issuers.size} issuers with both; Spearman rank correlation ${fmt(rho)}`);
  const miners = pairs.filter((p) => p.miner === 1);
  const minerRho = spearman(miners.map((p) => p.pivotIndex), miners.map((p) => p.aiHpcShare));
  log(`  miners only: ${miners.length} issuer-periods of ${new Set(miners.map((p) => p.ticker)).size} miners; Spearman rank correlation ${fmt(minerRho)}`);
  for (const p of pairs) log(`  ${p.ticker.padEnd(6)} ${p.form.padEnd(5)} ${p.periodEnd} ${p.periodKind.padEnd(7)} pivot ${p.pivotIndex >= 0 ? '+' : ''}${p.pivotIndex.toFixed(3)}  ai_hpc share ${(p.aiHpcShare * 100).toFixed(1)}%`);
  const gaps = disagreements(pairs);
  const rule = `pivot >= +${DISAGREEMENT.leaningPivot} with ai_hpc revenue under ${DISAGREEMENT.littleShare * 100}%, or ai_hpc revenue >= ${DISAGREEMENT.largeShare * 100}% with pivot < 0`;
  log(gaps.length ? `  large disagreements (${rule}), for a reader to look at:` : `  no large disagreement (${rule})`);
  for (const g of gaps) log(`    ${g.ticker} ${g.form} ${g.periodEnd}: pivot ${g.pivotIndex.toFixed(3)}, ai_hpc share ${(g.aiHpcShare * 100).toFixed(1)}%`);
}
