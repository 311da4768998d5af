/**
 * What a user of the CLI can expect of every command: --version, "did you mean", one prefix per error
 * line, syntax errors named as such, plain words searched as words, no silent empty runs, only the
 * configuration a command uses is validated, output fitted to the terminal, and evidence that names
 * its filing and links to it on EDGAR.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../pipeline/analysis/report/csv.ts';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';
import { startEdgarServer, type EdgarServer } from '../support/edgar-server.ts';
import { TEST_USER_AGENT } from '../support/fleet-env.ts';

const PACKAGE = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
const longest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('CLI conventions', () => {
  const tmp = tempDir('mp-cli-');
  const db = join(tmp.dir, 'samples.db');
  beforeAll(async () => {
    expect((await cli(['run', '--samples', '--db', db])).code).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('--version prints the version of package.json', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`minerpivot ${PACKAGE.version}`);
  });

  it('suggests the command or option a typo meant, in one line', async () => {
    const command = await cli(['isuers']);
    expect(command.code).toBe(2);
    expect(command.err).toBe('minerpivot: unknown command "isuers"; did you mean "issuers"? (see minerpivot --help)');
    const option = await cli(['search', 'HPC', '--limt', '3', '--db', db]);
    expect(option.code).toBe(2);
    expect(option.err.split('\n')).toHaveLength(1);
    expect(option.err).toMatch(/^minerpivot search: Unknown option '--limt' \(did you mean --limit\?\)/);
  });

  it('names a command once at the start of its error lines', async () => {
    for (const argv of [['add', join(tmp.dir, 'nothing.pdf'), '--form', 'AIF'], ['rescore', '--since', 'soon', '--db', db], ['run']]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(new RegExp(`^minerpivot ${argv[0]}: `));
      expect(r.err, argv.join(' ')).not.toMatch(new RegExp(`^minerpivot ${argv[0]}: ${argv[0]}: `));
    }
  });

  it('reports a typo in SQL as a syntax error, a write as refused', async () => {
    const typo = await cli(['sql', 'SELEC ticker FROM issuer_latest', '--db', db]);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/^minerpivot sql: SQL syntax error: near "SELEC"/);
    expect(typo.err).not.toMatch(/refused/);
    expect((await cli(['sql', 'DELETE FROM issuers', '--db', db])).err).toMatch(/refused DELETE/);
  });

  it('searches words with punctuation as words; --raw passes FTS5 syntax on', async () => {
    const plain = await cli(['search', 'AI-HPC', '--db', db, '--json']);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.out).length).toBeGreaterThan(0);
    expect((await cli(['search', 'NOT', '--db', db])).code).toBe(0);
    const raw = await cli(['search', 'AI-HPC', '--raw', '--db', db]);
    expect(raw.code).toBe(2);
    expect(raw.err).not.toMatch(/SqliteError|at .*\.ts/);
  });

  it('a run that matches no filing says so, exits 1 and leaves no database behind', async () => {
    const dir = join(tmp.dir, 'empty-folder');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.tsv'), 'path\tissuer\tform\n# nothing yet\n');
    const path = join(tmp.dir, 'empty.db');
    const r = await cli(['run', '--dir', dir, '--db', path]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no filing matched/);
    expect(existsSync(path)).toBe(false);
  });

  it('checks only the configuration a command uses', async () => {
    expect((await cli(['issuers', '--db', db], { SEC_MAX_RPS: '50', REDIS_URL: 'localhost' })).code).toBe(0);
    const run = await cli(['run', '--samples', '--db', db], { SEC_MAX_RPS: '50' });
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/SEC_MAX_RPS=50/);
  });

  it('fits issuers, show and search in $COLUMNS (or --width); --json is never cut', async () => {
    for (const argv of [['issuers'], ['show', 'RDWX'], ['search', 'HPC'], ['search', 'mining']]) {
      const r = await cli([...argv, '--db', db], { COLUMNS: '80' });
      expect(r.code, argv.join(' ')).toBe(0);
      expect(longest(r.out), argv.join(' ')).toBeLessThanOrEqual(80);
      const narrow = await cli([...argv, '--db', db, ...(argv[0] === 'issuers' ? [] : ['--full']), '--width', '60']);
      expect(longest(narrow.out), `${argv.join(' ')} --width 60`).toBeLessThanOrEqual(60);
    }
    const json = JSON.parse((await cli(['show', 'RDWX', '--db', db, '--json'], { COLUMNS: '80' })).out) as {
      evidence: Record<string, Array<{ text: string }>>;
    };
    expect(Math.max(...Object.values(json.evidence).flat().map((e) => e.text.length))).toBeGreaterThan(80);
    // --full shows a long sentence whole, wrapped; without it the sentence is shortened in the middle.
    const full = (await cli(['show', 'RDWX', '--db', db, '--full'], { COLUMNS: '80' })).out.replace(/\s+/g, ' ');
    const sentence = Object.values(json.evidence).flat().find((e) => e.text.length > 120)!.text.replace(/\s+/g, ' ');
    expect(full).toContain(sentence.slice(-40));
    expect((await cli(['show', 'RDWX', '--db', db], { COLUMNS: '80' })).out).toContain('…');
  });

  it('export --datasette describes every table, view and column of the database for Datasette', async () => {
    const r = await cli(['export', '--datasette', '--db', db]);
    expect(r.code).toBe(0);
    const metadata = JSON.parse(readFileSync(join(tmp.dir, 'metadata.json'), 'utf8')) as {
      databases: Record<string, { tables: Record<string, { description: string; columns: Record<string, string> }> }>;
    };
    const tables = metadata.databases['samples']!.tables;
    const handle = new Database(db, { readonly: true });
    const objects = handle.prepare(`SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'evidence_fts_%'`).pluck().all() as string[];
    for (const name of objects) {
      expect(tables[name], name).toBeDefined();
      if (name === 'evidence_fts') continue;
      expect(tables[name]!.description.length, name).toBeGreaterThan(10);
      for (const column of handle.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(name) as string[]) {
        expect(tables[name]!.columns[column], `${name}.${column}`).toMatch(/\w/);
      }
    }
    handle.close();
  });

  it('sql refuses a file that is not a minerpivot database (and never migrates it), and parameters, in one line', async () => {
    const other = join(tmp.dir, 'other.db');
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    foreign.close();
    const r = await cli(['sql', 'SELECT 1', '--db', other]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^minerpivot sql: .*other\.db is not a minerpivot database/);
    const after = new Database(other, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['notes']);
    after.close();
    const param = await cli(['sql', 'SELECT ?', '--db', db]);
    expect(param.code).toBe(2);
    expect(param.err).toBe('minerpivot sql: parameters (?, :name) are not supported: write the values into the statement');
  });

  it('escapes CSV cells a spreadsheet would run as formulas; numbers stay numbers', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    for (const text of ['+1', '-cmd', '@SUM(A1)']) expect(csvField(text)).toBe(`'${text}`);
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField('We mine bitcoin.')).toBe('We mine bitcoin.');
  });

  it('documents its exit codes, stays quiet when asked, and prints no colour codes', async () => {
    const help = (await cli(['--help'])).out;
    expect(help).toMatch(/Exit codes: 0 everything asked for is stored; 1 something failed/);
    expect(help).toMatch(/70 an internal error/);
    const quiet = await cli(['rescore', '--quiet', '--db', db]);
    expect(quiet.code).toBe(0);
    expect(quiet.err).toBe('');
    expect((await cli(['rescore', '--db', db])).err).toMatch(/rescored/);
    for (const argv of [['issuers'], ['show', 'RDWX'], ['search', 'HPC'], ['claims']]) {
      const r = await cli([...argv, '--db', db], { NO_COLOR: '1' });
      // No SGR colour sequence anywhere: colour is never used, on a terminal or not.
      expect(`${r.out}${r.err}`, argv.join(' ')).not.toMatch(/\x1b\[[0-9;]*m/);
    }
  });

  it('names filings by accession or file name, never by an internal key', async () => {
    const out = (await cli(['show', 'RDWX', '--db', db, '--width', '200'])).out;
    expect(out).not.toMatch(/doc-[0-9a-f]{8}/);
    expect(out).toMatch(/0009990002-25-000123|10-K_2024-12-31\.htm/);
  });
});

describe('evidence links to EDGAR', () => {
  let server: EdgarServer;
  const tmp = tempDir('mp-links-');
  beforeAll(async () => {
    server = await startEdgarServer();
  });
  afterAll(async () => {
    await server.close();
    tmp.cleanup();
  });

  it('every evidence row of a filing fetched from EDGAR links to its document on sec.gov', async () => {
    const db = join(tmp.dir, 'edgar.db');
    const env = { ...server.env(), SEC_USER_AGENT: TEST_USER_AGENT, SEC_MAX_RPS: '10', MINERPIVOT_CACHE: join(tmp.dir, 'cache') };
    const run = await cli(['run', '--tickers', 'VGMC', '--forms', '10-K,8-K', '--since', '2024-01-01', '--db', db], env);
    expect(run.code, run.err).toBe(0);
    const rows = JSON.parse((await cli(['sql', 'SELECT accession, cik, document_name, edgar_url FROM evidence', '--db', db, '--json'])).out) as Array<{
      accession: string;
      cik: string;
      document_name: string;
      edgar_url: string | null;
    }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.edgar_url).toBe(`https://www.sec.gov/Archives/edgar/data/${Number(r.cik)}/${r.accession.replace(/-/g, '')}/${r.document_name}`);
    }
    const hits = JSON.parse((await cli(['search', 'mining', '--db', db, '--json'])).out) as Array<{ edgarUrl: string | null }>;
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.edgarUrl).toMatch(/^https:\/\/www\.sec\.gov\/Archives\/edgar\/data\//);
  });

  it('a filer EDGAR does not know ends in one line and exit 1, not a stack trace', async () => {
    const env = { ...server.env(), SEC_USER_AGENT: TEST_USER_AGENT, SEC_MAX_RPS: '10', MINERPIVOT_CACHE: join(tmp.dir, 'cache') };
    const r = await cli(['run', '--ciks', '99999999', '--since', '2024-01-01', '--db', join(tmp.dir, 'none.db')], env);
    expect(r.code).toBe(1);
    expect(r.err.split('\n').filter((l) => l.startsWith('minerpivot run:'))).toHaveLength(1);
    expect(r.err).not.toMatch(/Error:|at .*\.ts:\d+/);
  });

  it('a local copy with an accession links to the filing index on sec.gov', async () => {
    const db = join(tmp.dir, 'samples.db');
    expect((await cli(['run', '--samples', '--db', db])).code).toBe(0);
    const rows = JSON.parse(
      (await cli(['sql', "SELECT DISTINCT edgar_url FROM evidence WHERE accession = '0009990002-25-000123'", '--db', db, '--json'])).out,
    ) as Array<{ edgar_url: string }>;
    expect(rows).toEqual([{ edgar_url: 'https://www.sec.gov/Archives/edgar/data/9990002/000999000225000123/0009990002-25-000123-index.htm' }]);
  });
});
