import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../pipeline/core/errors.ts';
import { canonicalForm, normaliseTicker, parseCsv, planAdd, planAddManifest, resolveIssuer } from '../../pipeline/sources/sedar/intake.ts';
import { tempDir } from '../helpers.ts';

describe('canonicalForm', () => {
  it('accepts SEDAR+ document types in several spellings and EDGAR forms', () => {
    expect(canonicalForm('aif')).toEqual({ form: 'AIF', sedar: true });
    expect(canonicalForm('MDA')).toEqual({ form: 'MD&A', sedar: true });
    expect(canonicalForm('md&a')).toEqual({ form: 'MD&A', sedar: true });
    expect(canonicalForm('News Release')).toEqual({ form: 'press-release', sedar: true });
    expect(canonicalForm('annual report')).toEqual({ form: 'annual-report', sedar: true });
    expect(canonicalForm('40-f')).toEqual({ form: '40-F', sedar: false });
    expect(canonicalForm('ex-99.2')).toEqual({ form: 'EX-99.2', sedar: false });
  });

  it('refuses an unknown form with the list of known ones', () => {
    expect(() => canonicalForm('brochure')).toThrow(UserError);
    expect(() => canonicalForm('brochure')).toThrow(/unknown form "brochure": use one of AIF, MD&A/);
  });
});

describe('resolveIssuer', () => {
  it('joins a Canadian miner to its EDGAR issuer by ticker, in any exchange spelling', () => {
    for (const ticker of ['HIVE', 'hive', 'TSXV:HIVE', 'HIVE.V']) {
      const ref = resolveIssuer({ name: 'HIVE Digital Technologies Ltd.', ticker });
      expect(ref.key).toBe('cik-0001720424');
      expect(ref.cik).toBe('0001720424');
      expect(ref.tickers).toEqual(['HIVE']);
      expect(ref.country).toBe('CA');
    }
    expect(resolveIssuer({ name: 'Bitfarms Ltd.', ticker: 'BITF.TO' }).key).toBe('cik-0001812477');
    expect(resolveIssuer({ name: 'Digihost Technology Inc.', ticker: 'DGHI' }).key).toBe('cik-0001854368');
  });

  it('uses a given CIK, records a given SEDAR+ profile, and refuses a ticker of another CIK', () => {
    const ref = resolveIssuer({ name: 'HIVE Digital Technologies Ltd.', cik: '1720424', sedarProfile: '000012345' });
    expect(ref.key).toBe('cik-0001720424');
    expect(ref.sedarProfile).toBe('000012345');
    expect(ref.tickers).toEqual(['HIVE']);
    expect(() => resolveIssuer({ name: 'X', ticker: 'HIVE', cik: '1812477' })).toThrow(/ticker HIVE belongs to CIK 0001720424/);
    expect(() => resolveIssuer({ name: 'X', cik: '12345678901' })).toThrow(/bad CIK/);
    expect(() => resolveIssuer({ name: 'X', sedarProfile: 'a b' })).toThrow(/bad SEDAR\+ profile/);
  });

  it('keys an issuer without a CIK by its known entry, its SEDAR+ profile, or its name', () => {
    expect(resolveIssuer({ name: 'DMG Blockchain', ticker: 'DMGI' }).key).toBe('name-dmg-blockchain-solutions-inc');
    expect(resolveIssuer({ name: 'Small Miner Inc.', sedarProfile: '000099999' }).key).toBe('sedar-000099999');
    expect(resolveIssuer({ name: 'Small Miner Inc.', ticker: 'SMI' })).toMatchObject({ key: 'name-small-miner-inc', tickers: ['SMI'], cik: null });
  });
});

describe('parseCsv', () => {
  it('reads quoted cells with commas, quotes and line breaks, CRLF and a BOM', () => {
    const rows = parseCsv('\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nlast,,\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 5, cells: ['last', '', ''] },
    ]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(/line 2: unterminated quoted field/);
  });
});

describe('planAdd and planAddManifest', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('plans a SEDAR+ file with a stable key, its source and the filing date', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    writeFileSync(join(tmp.dir, 'aif.pdf'), '%PDF-1.4');
    const entry = { pathOrUrl: 'aif.pdf', issuer: 'HIVE Digital Technologies Ltd.', ticker: 'HIVE', form: 'AIF', date: '2024-06-20' };
    const job = planAdd(entry, tmp.dir);
    expect(job.filing).toMatchObject({ form: 'AIF', filedAt: '2024-06-20', source: 'sedar', accession: null });
    expect(job.filing.key).toMatch(/^doc-[0-9a-f]{16}$/);
    expect(job.location).toEqual({ kind: 'file', path: join(tmp.dir, 'aif.pdf') });
    expect(planAdd(entry, tmp.dir).filing.key).toBe(job.filing.key);
    expect(planAdd({ ...entry, date: '2025-06-20' }, tmp.dir).filing.key).not.toBe(job.filing.key);
    expect(planAdd({ ...entry, form: '40-F' }, tmp.dir).filing.source).toBe('local');
    expect(planAdd({ ...entry, pathOrUrl: 'https://example.org/a.pdf' }, tmp.dir).location).toEqual({ kind: 'url', url: 'https://example.org/a.pdf' });
  });

  it('refuses a missing file, a bad date and an unknown form with one line each', () => {
    const entry = { pathOrUrl: 'nope.pdf', issuer: 'X Corp.', form: 'AIF', date: '2024-06-20' };
    expect(() => planAdd(entry, '/tmp')).toThrow('nope.pdf: file not found');
    expect(() => planAdd({ ...entry, pathOrUrl: 'https://e.org/a.pdf', date: '2024-02-30' }, '/tmp')).toThrow('bad date "2024-02-30": expected YYYY-MM-DD');
    expect(() => planAdd({ ...entry, pathOrUrl: 'https://e.org/a.pdf', form: 'memo' }, '/tmp')).toThrow(/unknown form "memo"/);
  });

  it('plans a CSV manifest row by row, reporting bad rows by line', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    writeFileSync(join(tmp.dir, 'a.pdf'), '%PDF-1.4');
    const csv = [
      'path_or_url,issuer,ticker,cik,sedar_profile,form,date',
      'a.pdf,"Bitfarms Ltd., Toronto",BITF,,,MD&A,2024-03-07',
      '# a comment row',
      'missing.pdf,Bitfarms Ltd.,BITF,,,AIF,2024-03-07',
      'https://example.org/hive.pdf,HIVE Digital Technologies Ltd.,HIVE,,,AIF,2024/06/20',
      'a.pdf,"Bitfarms Ltd., Toronto",BITF,,,MD&A,2024-03-07',
    ].join('\n');
    writeFileSync(join(tmp.dir, 'docs.csv'), csv);
    const plan = planAddManifest(join(tmp.dir, 'docs.csv'));
    expect(plan.jobs).toHaveLength(1);
    expect(plan.jobs[0]!.filing.issuer).toMatchObject({ key: 'cik-0001812477', name: 'Bitfarms Ltd., Toronto' });
    expect(plan.problems).toEqual([
      { where: 'docs.csv:4', message: 'missing.pdf: file not found' },
      { where: 'docs.csv:5', message: 'bad date "2024/06/20": expected YYYY-MM-DD' },
      { where: 'docs.csv:6', message: 'same document as an earlier row (issuer, form, date and file)' },
    ]);
    writeFileSync(join(tmp.dir, 'bad.csv'), 'path,issuer\n');
    expect(() => planAddManifest(join(tmp.dir, 'bad.csv'))).toThrow(/bad.csv:1: header lacks column\(s\) path_or_url, form, date/);
  });
});
