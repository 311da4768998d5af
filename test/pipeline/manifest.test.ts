import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../pipeline/core/errors.ts';
import { cleanIssuerName, filingKey } from '../../pipeline/core/issuers.ts';
import { planFromDirectory, planFromManifest } from '../../pipeline/sources/local/manifest.ts';
import { CORPUS_DIR, HAS_CORPUS, tempDir } from '../helpers.ts';

const HEADER = 'path\tissuer\tcik\tticker\tform\tfiling_date\tperiod_end\tcountry\tnotes';

describe('manifest', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('plans one fetch job per line with issuer, form and dates', () => {
    const plan = planFromManifest(
      [HEADER, 'a/10-K_2024-12-31.htm\tGlacier Hash Corp.\t9990001\tGLHX\t10-K\t2025-02-20\t2024-12-31\tUS\tfictional'].join('\n'),
      '/x/manifest.tsv',
      '/x',
    );
    expect(plan.problems).toEqual([]);
    expect(plan.jobs).toHaveLength(1);
    const job = plan.jobs[0]!;
    expect(job.location).toEqual({ kind: 'file', path: '/x/a/10-K_2024-12-31.htm' });
    expect(job.filing).toMatchObject({
      form: '10-K',
      filedAt: '2025-02-20',
      periodEnd: '2024-12-31',
      source: 'local',
      issuer: { key: 'cik-0009990001', cik: '0009990001', tickers: ['GLHX'], country: 'US', name: 'Glacier Hash Corp.' },
    });
    expect(job.filing.key).toMatch(/^doc-[0-9a-f]{16}$/);
  });

  it('takes the accession number from the file name as the natural key', () => {
    const plan = planFromManifest(
      ['path\tissuer\tform', 'x/8-K_0001104659-26-004551.txt\tRiot Platforms, Inc.\t8-K'].join('\n'),
      '/x/MANIFEST.tsv',
      '/x',
    );
    expect(plan.jobs[0]!.filing.key).toBe('0001104659-26-004551');
    expect(plan.jobs[0]!.filing.accession).toBe('0001104659-26-004551');
  });

  it('reads the period end of a 10-Q and the filing date of an 8-K from file names', () => {
    const plan = planFromManifest(
      ['path\tissuer\tform', 'q/10-Q_2025-06-30.htm\tA Corp\t10-Q', 'k/8-K_2024-11-20.htm\tA Corp\t8-K'].join('\n'),
      '/x/manifest.tsv',
      '/x',
    );
    expect(plan.jobs.map((j) => [j.filing.periodEnd, j.filing.filedAt])).toEqual([
      ['2025-06-30', null],
      [null, '2024-11-20'],
    ]);
  });

  it('reports malformed lines with file and line number, and still plans the others', () => {
    const plan = planFromManifest(
      [HEADER, '# a comment', 'only-a-path.htm', 'b.htm\tB Corp\t\t\t10-Q\t2025-13-45\t\t\t', 'c.htm\tC Corp\t\t\t10-K\t\t\t\t'].join('\n'),
      '/x/manifest.tsv',
      '/x',
    );
    expect(plan.jobs.map((j) => j.filing.issuer.name)).toEqual(['C Corp']);
    expect(plan.problems.map((p) => p.where)).toEqual(['manifest.tsv:3', 'manifest.tsv:4']);
    expect(plan.problems[0]!.message).toMatch(/malformed line/);
    expect(plan.problems[1]!.message).toMatch(/bad filing_date "2025-13-45"/);
    // The bad date line is readable enough to record its failure on a filing row.
    expect(plan.problems[1]!.filing?.issuer.name).toBe('B Corp');
  });

  it('refuses a manifest without the required columns', () => {
    expect(() => planFromManifest('path,issuer,form\na,b,c', '/x/manifest.tsv', '/x')).toThrow(/header lacks column/);
  });

  it('gives a user error for a missing directory or manifest', () => {
    expect(() => planFromDirectory('/definitely/not/here')).toThrow(UserError);
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    mkdirSync(join(tmp.dir, 'empty'));
    expect(() => planFromDirectory(join(tmp.dir, 'empty'))).toThrow(/no manifest/);
    writeFileSync(join(tmp.dir, 'file.txt'), 'x');
    expect(() => planFromDirectory(join(tmp.dir, 'file.txt'))).toThrow(/not a directory/);
  });

  it('cleans corpus notes out of issuer names and keeps former names as aliases', () => {
    expect(cleanIssuerName('BTCS Inc. (non-miner control; repo folder mislabeled abtc)')).toBe('BTCS Inc.');
    const plan = planFromManifest(
      ['path\tissuer\tcik\tform', 'm.htm\tMARA Holdings, Inc. (formerly Marathon Digital Holdings)\t0001507605\t8-K'].join('\n'),
      '/x/m.tsv',
      '/x',
    );
    expect(plan.jobs[0]!.filing.issuer).toMatchObject({ name: 'MARA Holdings, Inc.', aliases: ['Marathon Digital Holdings'], tickers: ['MARA'] });
  });

  it('keys filings deterministically', () => {
    expect(filingKey(null, 'cik-1', '10-K', 'a.htm')).toBe(filingKey(null, 'cik-1', '10-K', 'a.htm'));
    expect(filingKey(null, 'cik-1', '10-K', 'a.htm')).not.toBe(filingKey(null, 'cik-1', '10-Q', 'a.htm'));
  });

  it.skipIf(!HAS_CORPUS)('reads the shared corpus MANIFEST.tsv and leaves out the EDGAR API captures', () => {
    const plan = planFromDirectory(CORPUS_DIR);
    expect(plan.problems).toEqual([]);
    expect(plan.skipped).toBeGreaterThan(10);
    expect(plan.jobs.length).toBeGreaterThan(100);
    const issuers = new Set(plan.jobs.map((j) => j.filing.issuer.tickers[0]));
    for (const ticker of ['RIOT', 'BTBT', 'CLSK', 'CORZ', 'MARA', 'BTDR', 'FUFU']) expect(issuers).toContain(ticker);
  });
});
