/** `minerpivot inspect FILE --json`: the sentence contract, one JSON object per line. */
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli.ts';
import { tempDir } from '../helpers.ts';

const KEYS = ['section', 'page', 'start', 'end', 'text', 'topics', 'modality', 'core_claim', 'terms'];

describe('minerpivot inspect', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const file = join(tmp.dir, 'press.htm');
  writeFileSync(
    file,
    `<html><body><p>Frostline Digital Inc. Reports Results</p>
     <p>Our primary business is Bitcoin mining. We mined 312 bitcoin in the quarter.</p>
     <p>We signed a lease with an AI cloud provider for 40 MW of critical IT load at our Ohio campus.</p>
     <p>The Board will host a conference call on May 2, 2025.</p></body></html>`,
  );

  it('prints exactly the documented fields for every sentence', async () => {
    const { code, out } = await cli(['inspect', file, '--json', '--issuer', 'Frostline Digital Inc.']);
    expect(code).toBe(0);
    const lines = out.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(KEYS);
      expect(['mining', 'ai_hpc', 'none']).toContain(line.core_claim);
    }
    const byText = (needle: string) => lines.find((l) => String(l.text).includes(needle))!;
    expect(byText('primary business')).toMatchObject({ topics: ['mining'], modality: 'fact', core_claim: 'mining' });
    expect(byText('critical IT load')).toMatchObject({ topics: ['ai_hpc'], modality: 'fact' });
    expect(byText('conference call')).toMatchObject({ topics: [], modality: null, core_claim: 'none' });
  });

  it('labels a sentence as the score stage does, with its context, and says why in its terms', async () => {
    // A sub-heading of the filer's AI/HPC business, and under it a sentence with no topic word of its own.
    const passage = join(tmp.dir, 'hpc.htm');
    writeFileSync(
      passage,
      `<html><body><p>Frostline Digital Inc. operates AI data centers leased to hyperscale tenants.</p>
       <p>HPC Hosting</p>
       <p>The facility in Ohio was fully energized in March 2025.</p></body></html>`,
    );
    const { code, out } = await cli(['inspect', passage, '--json', '--issuer', 'Frostline Digital Inc.']);
    expect(code).toBe(0);
    const lines = out.split('\n').map((l) => JSON.parse(l) as { text: string; topics: string[]; terms: string[] });
    const facility = lines.find((l) => l.text.startsWith('The facility in Ohio'))!;
    expect(facility.topics).toEqual(['ai_hpc']);
    expect(facility.terms.join(' ')).toMatch(/\((heading|context model|previous sentence)\)/);
  });

  it('gives one line for a missing file', async () => {
    const { code, err } = await cli(['inspect', join(tmp.dir, 'missing.htm')]);
    expect(code).toBe(2);
    expect(err).toMatch(/missing\.htm: cannot read: file not found/);
  });
});
