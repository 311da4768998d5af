/**
 * The pivot in numbers on real filings of ../shared/corpus (a subset, run once for this file): Bit Digital's
 * FY2024 revenue by line, Riot's mining and engineering lines and power curtailment credits, Riot's AMD lease,
 * Core Scientific's CoreWeave deals, each figure traced to its XBRL fact or sentence in `facts --json`; a PDF
 * and a 1995 .txt give no mix and no error; storing and rescoring again change nothing. Skipped with a
 * message when the corpus is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cli } from '../cli.ts';
import { CORPUS_DIR, HAS_CORPUS, tempDir } from '../helpers.ts';
import { openDb } from '../../db/open.ts';
import type { IssuerFacts } from '../../pipeline/cli/shared/pivot-numbers.ts';

const WANTED = [
  /^bit-digital\/10-K_2024-12-31\.htm$/,
  /^riot-platforms\/10-K_/,
  /^riot-platforms\/8-K_0001104659-26-004551\.txt$/,
  /^core-scientific\//,
  /^pdf\/riot-platforms_10-Q_2025-09-30\.pdf$/,
  /^other-companies\/legacy-1995\//,
];

const PIVOT_TABLES = ['revenue_facts', 'revenue_mix', 'deal_mentions', 'deals', 'filing_pivot_stages', 'sentences', 'sentence_labels'];

describe.skipIf(!HAS_CORPUS)('the pivot in numbers on ../shared/corpus', () => {
  const tmp = tempDir('minerpivot-pivot-numbers-');
  const db = join(tmp.dir, 'pivot.db');
  let facts: IssuerFacts[] = [];
  const counts = () => {
    const d = openDb(db);
    try {
      return Object.fromEntries(PIVOT_TABLES.map((t) => [t, d.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number]));
    } finally {
      d.close();
    }
  };
  const issuer = (ticker: string) => {
    const found = facts.find((f) => f.tickers?.split(',').includes(ticker));
    expect(found, ticker).toBeDefined();
    return found!;
  };

  afterAll(() => tmp.cleanup());
  beforeAll(async () => {
    // A manifest of the filings the checks need, pointing into the corpus (never copied).
    const lines = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').split('\n');
    const kept = lines.slice(1).filter((l) => WANTED.some((w) => w.test(l.split('\t')[0] ?? '')));
    const rel = (p: string) => relative(tmp.dir, join(CORPUS_DIR, p));
    writeFileSync(join(tmp.dir, 'manifest.tsv'), [lines[0], ...kept.map((l) => [rel(l.split('\t')[0]!), ...l.split('\t').slice(1)].join('\t'))].join('\n'));
    const run = await cli(['run', '--dir', tmp.dir, '--allow-outside', '--db', db, '--quiet']);
    expect(run.code, run.err).toBe(0);
    const out = await cli(['facts', '--json', '--db', db]);
    expect(out.code, out.err).toBe(0);
    facts = (JSON.parse(out.out) as { issuers: IssuerFacts[] }).issuers;
  }, 600_000);

  it("Bit Digital's FY2024 10-K: cloud services and colocation are ai_hpc, digital asset mining is mining, summing to total revenue", () => {
    const year = issuer('BTBT').revenueMix.find((p) => p.periodKind === 'year' && p.periodEnd === '2024-12-31');
    expect(year).toBeDefined();
    const members = (line: string) => year!.lines.find((l) => l.line === line && l.kind === 'revenue')?.facts.map((f) => f.member) ?? [];
    expect(members('ai_hpc').sort()).toEqual(['btbt:CloudServicesMember', 'btbt:ColocationServicesMember']);
    expect(members('mining')).toEqual(['btbt:DigitalAssetMiningMember']);
    const revenueLines = year!.lines.filter((l) => l.kind === 'revenue');
    const sum = revenueLines.reduce((s, l) => s + l.amount, 0);
    expect(year!.reconciles).toBe(true);
    expect(Math.abs(sum - year!.total)).toBeLessThanOrEqual(year!.total * 0.005);
    expect(revenueLines.reduce((s, l) => s + (l.share ?? 0), 0)).toBeCloseTo(1, 3);
    // Every figure names its fact: concept, member, context and the ix:nonFraction id.
    for (const l of revenueLines) {
      expect(l.amount).toBe(l.facts.reduce((s, f) => s + f.value, 0));
      for (const f of l.facts) {
        expect(f.concept).toMatch(/^us-gaap:/);
        expect(f.contextId).not.toBe('');
        expect(f.factId).not.toBeNull();
      }
    }
    const ai = revenueLines.find((l) => l.line === 'ai_hpc')!;
    expect(ai.share!).toBeGreaterThan(0.3);
    expect(ai.share!).toBeLessThan(0.6);
  });

  it("Riot's 10-Ks: mining and engineering lines, power curtailment credits as grid", () => {
    const riot = issuer('RIOT');
    for (const end of ['2023-12-31', '2024-12-31']) {
      const year = riot.revenueMix.find((p) => p.periodKind === 'year' && p.periodEnd === end && p.form === '10-K');
      expect(year, end).toBeDefined();
      const memberLine = new Map(year!.lines.flatMap((l) => l.facts.map((f) => [f.member ?? f.concept, `${l.line}/${l.kind}`] as const)));
      expect(memberLine.get('riot:MiningMember'), end).toBe('mining/revenue');
      expect(memberLine.get('riot:EngineeringMember'), end).toBe('other/revenue');
      expect(memberLine.get('riot:PowerCurtailmentCredits'), end).toBe('grid/credit');
      const credit = year!.lines.find((l) => l.kind === 'credit')!;
      expect(credit.share).toBeNull();
      expect(credit.amount).toBeGreaterThan(1e7);
      expect(year!.reconciles, end).toBe(true);
    }
  });

  it("Riot's January 2026 8-K: a lease with AMD of 25 MW, about $311 million, 10 years, each figure with its sentence", () => {
    const deal = issuer('RIOT').deals.find((d) => d.counterparty === 'AMD');
    expect(deal).toBeDefined();
    expect(deal!.mw).toBe(25);
    expect(deal!.mwBasis).toBe('critical IT');
    expect(deal!.value).toBeGreaterThan(300e6);
    expect(deal!.value).toBeLessThan(320e6);
    expect(deal!.termYears).toBe(10);
    expect(deal!.site).toBe('Rockdale');
    expect(deal!.signed).toBe(true);
    const sentence = (id: number | null) => deal!.mentions.find((m) => m.sentenceId === id)?.text ?? '';
    expect(sentence(deal!.sources.mw)).toMatch(/25 (?:MW|megawatts)/);
    expect(sentence(deal!.sources.value)).toMatch(/\$311 million/);
    expect(sentence(deal!.sources.termYears)).toMatch(/10-year/);
    expect(deal!.mentions.every((m) => m.accession === '0001104659-26-004551')).toBe(true);
  });

  it("Core Scientific's 8-Ks: deals with CoreWeave", () => {
    const deals = issuer('CORZ').deals.filter((d) => d.counterparty === 'CoreWeave');
    expect(deals.length).toBeGreaterThan(0);
    expect(deals.map((d) => d.kind)).toContain('colocation');
    for (const d of deals) for (const m of d.mentions) expect(m.text).toMatch(/CoreWeave/);
  });

  it('the stage of the pivot, each with what set it', () => {
    const riot = issuer('RIOT');
    expect(riot.stage?.stage).toBe('contracted');
    expect(riot.stage?.sentence).toMatch(/AMD/);
    const btbt = issuer('BTBT');
    expect(btbt.stage?.stage).toBe('revenue');
    expect(btbt.stage?.basis).toBe('fact');
    expect(btbt.stage?.reason).toMatch(/CloudServicesMember/);
    for (const f of facts) for (const s of f.stages) expect(s.sentence !== null || s.basis === 'fact', `${f.issuerName} ${s.filingKey}`).toBe(true);
  });

  it('a PDF and a 1995 .txt filing give no revenue mix and no error', () => {
    const d = openDb(db);
    try {
      const rows = d
        .prepare(
          `SELECT f.form, f.status, d.content_kind AS kind, (SELECT COUNT(*) FROM revenue_mix m WHERE m.filing_id = f.id) AS mix
             FROM filings f JOIN documents d ON d.filing_id = f.id WHERE d.content_kind IN ('pdf', 'sgml', 'text') OR f.form LIKE 'S-3%'`,
        )
        .all() as Array<{ form: string; status: string; kind: string; mix: number }>;
      const pdf = rows.find((r) => r.kind === 'pdf');
      const legacy = rows.find((r) => r.form.startsWith('S-3'));
      expect(pdf).toBeDefined();
      expect(legacy).toBeDefined();
      for (const r of [pdf!, legacy!]) {
        expect(r.status).toBe('stored');
        expect(r.mix).toBe(0);
      }
    } finally {
      d.close();
    }
  });

  it('storing the filings again and rescoring change nothing', async () => {
    const before = counts();
    const again = await cli(['run', '--dir', tmp.dir, '--allow-outside', '--db', db, '--quiet']);
    expect(again.code).toBe(0);
    expect(counts()).toEqual(before);
    const rescored = await cli(['rescore', '--db', db, '--quiet']);
    expect(rescored.code).toBe(0);
    expect(counts()).toEqual(before);
    const out = await cli(['facts', '--json', '--db', db]);
    expect((JSON.parse(out.out) as { issuers: IssuerFacts[] }).issuers).toEqual(facts);
  }, 600_000);

  it('facts prints the same as text, and show has a short block', async () => {
    const text = await cli(['facts', 'RIOT', '--db', db, '--width', '120']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/AMD .*25 critical IT .*\$311\.0m .*10/);
    const show = await cli(['show', 'BTBT', '--db', db, '--width', '120']);
    expect(show.code).toBe(0);
    expect(show.out).toMatch(/stage of the pivot: revenue/);
    expect(show.out).toMatch(/revenue mix/);
    const unknown = await cli(['facts', 'NOPE', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.err.split('\n')).toHaveLength(1);
  });
});
