/**
 * The registries are whole and agree with each other: every source fetches its own kind and refuses
 * another's location, every command entry loads a command, every form has a family and is found by
 * its name, every topic of the vocabulary has lexicon terms and score rows.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/open.ts';
import { COMMANDS, main } from '../../pipeline/cli/main.ts';
import { loadConfig } from '../../pipeline/core/config.ts';
import { PermanentError } from '../../pipeline/core/errors.ts';
import { addForm, EDGAR_DEFAULT_FORMS, EDGAR_FORMS, FORM_FAMILIES, FORMS, formSpec, sectionSchemeOf } from '../../pipeline/core/forms.ts';
import type { FilingRef } from '../../pipeline/core/jobs.ts';
import { TOPICS } from '../../pipeline/core/vocabulary.ts';
import { loadLexicon, type LexiconFile } from '../../pipeline/scoring/lexicon.ts';
import { filingTotals } from '../../pipeline/scoring/score.ts';
import bundled from '../../pipeline/scoring/lexicon.json' with { type: 'json' };
import { openSources } from '../../pipeline/sources/registry.ts';
import { SEDAR_FORMS } from '../../pipeline/sources/sedar/intake.ts';
import { FilingRepository } from '../../db/repository.ts';
import { storeScoredFiling } from '../../pipeline/stages/store.ts';
import { tempDir } from '../helpers.ts';

const tmp = tempDir('mp-registries-');
afterAll(() => tmp.cleanup());

const filing: FilingRef = {
  key: 'doc-registry',
  issuer: { key: 'name-acme', name: 'Acme Hash, Inc.', aliases: [], cik: null, tickers: [], country: null, sedarProfile: null },
  accession: null,
  form: '10-K',
  filedAt: '2025-03-01',
  periodEnd: '2024-12-31',
  source: 'local',
  sourceRef: 'acme.htm',
};

describe('the source registry', () => {
  const sources = openSources({ config: loadConfig({ MINERPIVOT_CACHE: join(tmp.dir, 'cache') }) });

  it('has one source per kind of location: files, EDGAR, URLs', () => {
    expect(sources.kinds.sort()).toEqual(['edgar', 'file', 'url']);
  });

  it('reads a local file where it is, with its sha256', async () => {
    const path = join(tmp.dir, 'acme.htm');
    writeFileSync(path, '<p>We mine bitcoin.</p>');
    const [doc] = await sources.fetch(filing, { kind: 'file', path });
    expect(doc).toMatchObject({ name: 'acme.htm', path, bytes: 23, sha256: createHash('sha256').update('<p>We mine bitcoin.</p>').digest('hex') });
  });

  it('refuses for good a kind no source reads, and a location its source does not accept', async () => {
    await expect(sources.fetch(filing, { kind: 'ftp', host: 'x' })).rejects.toThrow(PermanentError);
    await expect(sources.fetch(filing, { kind: 'ftp', host: 'x' })).rejects.toThrow(/no source fetches "ftp" locations/);
    await expect(sources.fetch(filing, { kind: 'edgar', cik: '12' })).rejects.toThrow(/bad edgar location/);
    await expect(sources.fetch(filing, { kind: 'url', url: 'file:///etc/passwd' })).rejects.toThrow(/bad url location/);
  });

  it('an EDGAR location without SEC_USER_AGENT fails its filing, not the process', async () => {
    const location = { kind: 'edgar', cik: '0001167419', accession: '0001167419-24-000001' };
    await expect(sources.fetch(filing, location)).rejects.toThrow(/needs SEC_USER_AGENT/);
  });
});

describe('the command registry', () => {
  it('names each command once, and every entry loads a command with usage, options and run', async () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of COMMANDS) {
      const { default: command } = await entry.load();
      expect(command.usage, entry.name).toMatch(new RegExp(`^minerpivot ${entry.name}\\b`));
      expect(typeof command.run, entry.name).toBe('function');
      expect(entry.summary.length, entry.name).toBeGreaterThan(10);
    }
  });

  it('lists every command in --help, each with its summary', async () => {
    const out: string[] = [];
    expect(await main(['--help'], { out: (l) => out.push(l), err: () => {}, env: {}, isTty: false })).toBe(0);
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    for (const entry of COMMANDS) expect(out.join('\n')).toContain(`${entry.name.padEnd(width)}  ${entry.summary}`);
  });
});

describe('the form table', () => {
  it('gives every form a family, finds it by its name and as an amendment', () => {
    for (const f of FORMS) {
      expect(FORM_FAMILIES, f.form).toContain(f.family);
      expect(formSpec(f.form), f.form).toBe(f);
      expect(formSpec(`${f.form.toLowerCase()}/A`), f.form).toBe(f);
    }
    expect(formSpec('EX-99.2')?.form).toBe('EX-99');
    expect(formSpec('424B5')).toBeNull();
  });

  it('agrees with discovery, add and the section finder', () => {
    for (const f of EDGAR_DEFAULT_FORMS) expect(EDGAR_FORMS).toContain(f);
    expect(SEDAR_FORMS.map((f) => f.form)).toEqual(FORMS.filter((f) => f.add === 'sedar').map((f) => f.form));
    for (const f of SEDAR_FORMS) expect(addForm(f.form)).toEqual({ form: f.form, sedar: true });
    expect(sectionSchemeOf('8-K', 'EX-99.1')).toBe('press-release');
    expect(sectionSchemeOf('8-K', 'EX-10.1')).toBeNull();
    expect(sectionSchemeOf('10-K405', null)).toBe('10-K');
  });
});

describe('the topic vocabulary', () => {
  it('every topic has terms in the lexicon; a lexicon without one is refused by name', () => {
    const data = bundled as unknown as LexiconFile;
    for (const topic of TOPICS) expect(Object.keys(data.topics), topic).toContain(topic);
    const { grid: _grid, ...withoutGrid } = data.topics;
    expect(() => loadLexicon({ ...data, topics: withoutGrid as LexiconFile['topics'] })).toThrow(/no terms for the topic "grid"/);
  });

  it('every topic gets a score row per filing and per issuer, none a column', () => {
    const db = openDb(':memory:');
    const doc = {
      name: 'acme.htm', path: 'acme.htm', sha256: 'a'.repeat(64), bytes: 1, origin: 'acme.htm', documentType: '10-K', kind: 'html' as const,
      encoding: 'utf-8', text: 'We mine bitcoin.', wordCount: 3, sections: [], pages: [], warnings: [], sentenceCount: 1,
      evidence: [{ start: 0, end: 16, text: 'We mine bitcoin.', section: null, page: null, topics: ['mining' as const], modality: 'fact' as const, coreClaim: 'none' as const, terms: ['mine'], weight: 0.6 }],
    };
    storeScoredFiling(new FilingRepository(db), filing, [doc], filingTotals([{ evidence: doc.evidence, words: 3, sentenceCount: 1 }]), 'x');
    expect(db.prepare('SELECT topic FROM filing_topic_scores ORDER BY topic').pluck().all()).toEqual([...TOPICS].sort());
    expect(db.prepare('SELECT topic FROM issuer_topic_scores ORDER BY topic').pluck().all()).toEqual([...TOPICS].sort());
    db.close();
  });
});
