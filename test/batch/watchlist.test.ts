/**
 * The watchlist: one list (known-issuers.json) behind both the default watchlist and issuers.ts; every
 * CIK of the default list agrees with the SEC's real company_tickers.json copy in ../shared; a user's
 * --watchlist file is validated with one-line errors; add, remove and check work as a user runs them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cikOfTicker, issuerNames, KNOWN_ISSUERS, KNOWN_WITHOUT_CIK, knownIssuer } from '../../pipeline/core/issuers.ts';
import { classifySentence } from '../../pipeline/scoring/classify.ts';
import { DEFAULT_WATCHLIST, FOLLOWED_ISSUERS, parseWatchlist } from '../../pipeline/core/watchlist.ts';
import { cli } from '../cli.ts';
import { CORPUS_DIR, HAS_CORPUS, tempDir } from '../helpers.ts';
import { EDGAR_FIXTURES, startEdgarServer } from '../support/edgar-server.ts';
import { TEST_USER_AGENT } from '../support/fleet-env.ts';

const REAL_TICKERS = join(CORPUS_DIR, 'edgar-api', 'company_tickers.json');
const FIXTURE_TICKERS = join(EDGAR_FIXTURES, 'www', 'files', 'company_tickers.json');

/** The issuers issue 12 names, by ticker. */
const NAMED = ['RIOT', 'MARA', 'CLSK', 'CORZ', 'IREN', 'HUT', 'HIVE', 'BITF', 'CIFR', 'WULF', 'BTDR', 'BTBT', 'APLD', 'GREE', 'SLNH', 'FUFU', 'CAN', 'ARBK', 'GRYP', 'MIGI', 'SAI', 'GLXY', 'DMGI'];

describe('the default watchlist', () => {
  const tmp = tempDir('mp-watchlist-');
  afterAll(() => tmp.cleanup());

  it('names every issuer of the issue, with forms, country and miner flag; DMG Blockchain on SEDAR+ only', () => {
    const byTicker = new Map(DEFAULT_WATCHLIST.map((e) => [e.ticker, e]));
    for (const t of NAMED) {
      const e = byTicker.get(t);
      expect(e, t).toBeDefined();
      expect(e!.country, t).toMatch(/^[A-Z]{2}$/);
      expect(typeof e!.miner, t).toBe('boolean');
      if (e!.cik !== null) expect(e!.forms!.length, t).toBeGreaterThan(0);
    }
    expect(byTicker.get('DMGI')).toMatchObject({ cik: null, sources: ['sedar'], miner: true });
    expect(byTicker.get('HIVE')!.forms).toEqual(['40-F', '6-K']);
    expect(byTicker.get('BTDR')!.forms).toEqual(['20-F', '6-K']);
    expect(byTicker.get('RIOT')!.forms).toEqual(['10-K', '10-Q', '8-K']);
    // The corpus controls are followed, not watched.
    expect(byTicker.has('AAPL')).toBe(false);
    expect(FOLLOWED_ISSUERS.some((e) => e.ticker === 'AAPL' && e.miner === false)).toBe(true);
  });

  it('is the list issuers.ts reads: same tickers, country and miner flag by CIK, SEDAR+-only issuers by key', () => {
    for (const e of FOLLOWED_ISSUERS.filter((x) => x.cik !== null)) {
      expect(KNOWN_ISSUERS[e.cik!], e.ticker).toEqual({ name: e.name, tickers: [e.ticker], country: e.country, miner: e.miner });
      expect(cikOfTicker(e.ticker)).toBe(e.cik);
    }
    expect(KNOWN_WITHOUT_CIK['name-dmg-blockchain-solutions-inc']).toMatchObject({ name: 'DMG Blockchain Solutions Inc.', tickers: ['DMGI'], miner: true });
    expect(knownIssuer(null, 'name-dmg-blockchain-solutions-inc')?.country).toBe('CA');
    expect(cikOfTicker('DMGI')).toBeNull();
  });

  it('gives the scorer the known-issuers name as one of the filer\'s names, so a renamed filer\'s old name is its own', () => {
    const mara = { cik: '0001507605', key: 'cik-0001507605', name: 'MARA Holdings, Inc.', aliases: [] };
    expect(issuerNames(mara)).toEqual(['MARA Holdings, Inc.', 'MARATHON DIGITAL HOLDINGS, INC.']);
    expect(issuerNames({ cik: '0001167419', key: 'cik-0001167419', name: 'Riot Platforms, Inc.' })).toEqual(['Riot Platforms, Inc.']);
    expect(issuerNames({ cik: null, key: 'name-unknown', name: 'Frostline Digital Inc.', aliases: ['Frostline Mining Corp.'] })).toEqual(['Frostline Digital Inc.', 'Frostline Mining Corp.']);
    // "Marathon" is a peer's name for any other filer, and the filer itself in MARA's own filings.
    const text = 'Marathon is a digital asset technology company that is principally engaged in producing or mining digital assets.';
    expect(classifySentence(text, { issuerNames: issuerNames(mara) })).toMatchObject({ topics: ['mining'], core_claim: 'mining' });
    expect(classifySentence(text, { issuerNames: ['Riot Platforms, Inc.'] }).topics).toEqual([]);
  });

  it.skipIf(!HAS_CORPUS || !existsSync(REAL_TICKERS))('`watchlist check` finds no mismatch against the real company_tickers.json copy', async () => {
    const r = await cli(['watchlist', 'check', '--tickers-file', REAL_TICKERS, '--json'], {});
    expect(r.code, r.out).toBe(0);
    const report = JSON.parse(r.out) as { mismatches: number; entries: Array<{ ticker: string; status: string }> };
    expect(report.mismatches).toBe(0);
    expect(report.entries.filter((e) => e.status === 'ok')).toHaveLength(DEFAULT_WATCHLIST.filter((e) => e.cik !== null).length);
    // And every followed issuer (controls too) has the CIK and name the SEC lists for its ticker.
    const sec = Object.values(JSON.parse(readFileSync(REAL_TICKERS, 'utf8')) as Record<string, { cik_str: number; ticker: string; title: string }>);
    for (const e of FOLLOWED_ISSUERS.filter((x) => x.cik !== null)) {
      const row = sec.find((s) => s.ticker === e.ticker);
      expect(row && String(row.cik_str).padStart(10, '0'), e.ticker).toBe(e.cik);
      expect(row!.title, e.ticker).toBe(e.name);
    }
  });

  it('`watchlist check` names a ticker listed under another CIK, or missing, and exits 1', async () => {
    const file = join(tmp.dir, 'wrong.json');
    writeFileSync(file, JSON.stringify([
      { ticker: 'VGMC', cik: '9990001', name: 'Voltgrid Mining Corp' },
      { ticker: 'NLCI', cik: '9990003', name: 'Northern Lights Compute Inc.' },
      { ticker: 'NOPE', cik: '1', name: 'Nobody Inc.' },
    ]));
    const r = await cli(['watchlist', 'check', '--watchlist', file, '--tickers-file', FIXTURE_TICKERS], {});
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/mismatch {2}NLCI \(CIK 0009990003\): company_tickers.json has CIK 0009990002/);
    expect(r.out).toMatch(/mismatch {2}NOPE \(CIK 0000000001\): ticker not in company_tickers.json/);
    expect(r.out).toMatch(/3 issuer\(s\) checked .*: 2 mismatch\(es\)/);
  });

  it('`watchlist check` without --tickers-file asks EDGAR for company_tickers.json (one request, with the User-Agent)', async () => {
    const server = await startEdgarServer();
    try {
      const file = join(tmp.dir, 'fictional.json');
      writeFileSync(file, JSON.stringify([{ ticker: 'VGMC', cik: '9990001', name: 'Voltgrid Mining Corp' }]));
      const env = { ...server.env(), SEC_USER_AGENT: TEST_USER_AGENT, MINERPIVOT_CACHE: join(tmp.dir, 'cache') };
      const r = await cli(['watchlist', 'check', '--watchlist', file], env);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/1 issuer\(s\) checked against http:\/\/127\.0\.0\.1:\d+\/www\/files\/company_tickers\.json: 0 mismatch/);
      expect(server.requests.map((q) => [q.path, q.userAgent])).toEqual([['/files/company_tickers.json', TEST_USER_AGENT]]);
      const anonymous = await cli(['watchlist', 'check', '--watchlist', file], { ...server.env(), MINERPIVOT_CACHE: join(tmp.dir, 'cache2') });
      expect(anonymous.code).toBe(2);
      expect(anonymous.err).toMatch(/SEC_USER_AGENT is not set/);
    } finally {
      await server.close();
    }
  });

  it('add looks the CIK and name up in company_tickers.json, remove takes it out, list shows the file', async () => {
    const file = join(tmp.dir, 'mine.json');
    writeFileSync(file, JSON.stringify([{ ticker: 'VGMC', cik: 9990001, name: 'Voltgrid Mining Corp' }]));
    const added = await cli(['watchlist', 'add', 'nlci', '--watchlist', file, '--tickers-file', FIXTURE_TICKERS, '--forms', '40-F,6-K'], {});
    expect(added.code, added.err).toBe(0);
    expect(parseWatchlist(JSON.parse(readFileSync(file, 'utf8')), file)).toEqual([
      { ticker: 'VGMC', cik: '0009990001', name: 'Voltgrid Mining Corp' },
      { ticker: 'NLCI', cik: '0009990002', name: 'Northern Lights Compute Inc.', forms: ['40-F', '6-K'], miner: true },
    ]);
    const again = await cli(['watchlist', 'add', 'NLCI', '--watchlist', file, '--tickers-file', FIXTURE_TICKERS], {});
    expect(again.code).toBe(2);
    const unknown = await cli(['watchlist', 'add', 'ZZZZ', '--watchlist', file, '--tickers-file', FIXTURE_TICKERS], {});
    expect(unknown.err).toMatch(/ZZZZ is not in .*company_tickers.json: give --cik and --name/);
    const removed = await cli(['watchlist', 'remove', 'VGMC', '--watchlist', file], {});
    expect(removed.out).toMatch(/removed VGMC/);
    const listed = await cli(['watchlist', 'list', '--watchlist', file, '--json'], {});
    expect(JSON.parse(listed.out).map((e: { ticker: string }) => e.ticker)).toEqual(['NLCI']);
  });

  it('a bad --watchlist file is one line naming the file, the entry and the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ticker: 'X' }, /expected a JSON array of \{"ticker", "cik", "name"\} objects/],
      [[{ ticker: 'X', cik: '1' }], /\[0\]\.name: /],
      [[{ ticker: 'X', cik: '1', name: 'X', forms: ['10-K', 'S-8'] }], /\[0\]\.forms\[1\]: S-8 is not an EDGAR form/],
      [[{ ticker: 'X', cik: '1', name: 'X', colour: 'red' }], /\[0\]: Unrecognized key/],
      [[{ ticker: 'X', cik: '1', name: 'X' }, { ticker: 'Y', cik: 1, name: 'Y' }], /\[1\]: Y repeats entry \[0\]/],
    ];
    for (const [json, message] of cases) {
      const file = join(tmp.dir, 'bad.json');
      writeFileSync(file, JSON.stringify(json));
      const r = await cli(['watchlist', 'list', '--watchlist', file], {});
      expect(r.code).toBe(2);
      const lines = r.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    }
    const notJson = join(tmp.dir, 'not.json');
    writeFileSync(notJson, '[{');
    expect((await cli(['watchlist', 'list', '--watchlist', notJson], {})).err).toMatch(/not\.json: not JSON/);
  });
});
