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

  it('gives one line for a missing file', async () => {
    const { code, err } = await cli(['inspect', join(tmp.dir, 'missing.htm')]);
    expect(code).toBe(2);
    expect(err).toMatch(/missing\.htm: cannot read: file not found/);
  });
});
