/**
 * Deals, stages and revenue mix across a scorer change: `rescore` reads the stored text and facts (the files
 * can be gone), writes deals and stages of the new scorer version beside the old ones, and keeps the revenue
 * mix (it comes from XBRL facts, not from labels). Fictional filing with a small inline-XBRL header.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { scorerVersion } from '../../pipeline/scoring/classify.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';

const ctx = (id: string, member: string | null) =>
  `<xbrli:context id="${id}"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0009999999</xbrli:identifier>${
    member ? `<xbrli:segment><xbrldi:explicitMember dimension="srt:ProductOrServiceAxis">${member}</xbrldi:explicitMember></xbrli:segment>` : ''
  }</xbrli:entity><xbrli:period><xbrli:startDate>2025-01-01</xbrli:startDate><xbrli:endDate>2025-03-31</xbrli:endDate></xbrli:period></xbrli:context>`;
const fact = (context: string, value: string) => `<ix:nonFraction name="us-gaap:Revenues" contextRef="${context}" unitRef="usd" decimals="-3" scale="3">${value}</ix:nonFraction>`;

const FILING = `<html><body><div style="display:none"><ix:header><ix:resources>${ctx('q', null)}${ctx('q-mining', 'pbl:BitcoinMiningMember')}${ctx('q-hpc', 'pbl:HPCColocationMember')}
<xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit></ix:resources></ix:header></div>
<p>PART I</p><p>Item 2. Management’s Discussion and Analysis</p>
<p>We mined 210 bitcoin during the quarter. On February 3, 2025, we signed a 7-year lease with Fluidstack for 20 MW of critical IT load at our Juniper Site.
Revenue was ${fact('q', '1,000')} thousand: mining ${fact('q-mining', '700')} and HPC colocation ${fact('q-hpc', '300')}.</p></body></html>`;

describe('the pivot in numbers across a rescore', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('rebuilds deals and stages for the new scorer version from stored text, keeping the revenue mix', async () => {
    const dir = join(tmp.dir, 'filings');
    mkdirSync(dir);
    writeFileSync(join(dir, 'q.htm'), FILING);
    writeFileSync(join(dir, 'manifest.tsv'), 'path\tissuer\tform\tperiod_end\nq.htm\tPebble Hash Inc.\t10-Q\t2025-03-31\n');
    const db = join(tmp.dir, 'p.db');
    expect((await cli(['run', '--dir', dir, '--db', db])).code).toBe(0);
    const version = scorerVersion();
    const read = () => {
      const d = openDb(db);
      try {
        return {
          deals: d.prepare('SELECT scorer_version, counterparty, mw, term_years, site FROM deals ORDER BY scorer_version').all(),
          stages: d.prepare('SELECT scorer_version, stage, basis FROM filing_pivot_stages ORDER BY scorer_version').all(),
          mix: d.prepare('SELECT line, amount, share FROM revenue_mix ORDER BY line').all(),
        };
      } finally {
        d.close();
      }
    };
    const first = read();
    expect(first.deals).toEqual([{ scorer_version: version, counterparty: 'Fluidstack', mw: 20, term_years: 7, site: 'Juniper' }]);
    expect(first.stages).toEqual([{ scorer_version: version, stage: 'revenue', basis: 'fact' }]);
    expect(first.mix).toEqual([
      { line: 'ai_hpc', amount: 300_000, share: 0.3 },
      { line: 'mining', amount: 700_000, share: 0.7 },
    ]);

    // As if the rows had been written by an older scorer: a rescore with this one adds its own beside them.
    const d = openDb(db);
    d.pragma('foreign_keys = OFF'); // per-topic rows refer to their (filing, version) score row: renamed together
    for (const table of ['sentence_labels', 'filing_scores', 'filing_topic_scores', 'issuer_scores', 'issuer_topic_scores', 'deal_mentions', 'deals', 'filing_pivot_stages']) {
      d.prepare(`UPDATE ${table} SET scorer_version = 'classify-0+lexicon-0'`).run();
    }
    d.close();
    rmSync(dir, { recursive: true });
    expect((await cli(['rescore', '--db', db])).code).toBe(0);
    const after = read();
    expect(after.deals.map((r) => (r as { scorer_version: string }).scorer_version)).toEqual(['classify-0+lexicon-0', version]);
    expect(after.stages).toEqual([
      { scorer_version: 'classify-0+lexicon-0', stage: 'revenue', basis: 'fact' },
      { scorer_version: version, stage: 'revenue', basis: 'fact' },
    ]);
    expect(after.mix).toEqual(first.mix);
    const facts = await cli(['facts', 'Pebble', '--json', '--db', db]);
    expect(facts.code).toBe(0);
    const issuer = (JSON.parse(facts.out) as { issuers: Array<{ deals: Array<{ counterparty: string }>; revenueMix: unknown[] }> }).issuers[0]!;
    expect(issuer.deals.map((x) => x.counterparty)).toEqual(['Fluidstack']);
    expect(issuer.revenueMix).toHaveLength(1);
  });
});
