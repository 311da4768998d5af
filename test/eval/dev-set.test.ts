import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEV_SET, DEFAULT_REAL_SET_DIR, findSpanByHash, normaliseSentence, parseDevSet, sentenceHash } from './dev-set.ts';

describe('normalisation and hash', () => {
  it('keeps only lower-case [a-z0-9]', () => {
    expect(normaliseSentence('We mined 1,200 BTC — in Q3!')).toBe('wemined1200btcinq3');
  });
  it('sha1 of the normalised sentence', () => {
    // sha1("abc")
    expect(sentenceHash('A b, C.')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});

describe('findSpanByHash', () => {
  const sentence = 'We curtailed 40 MW for ERCOT.';
  const norm = normaliseSentence(sentence);
  it('finds a sentence inside a longer text (boundaries moved)', () => {
    const doc = `7. Footnote text.${sentence} Another sentence follows here.`;
    expect(findSpanByHash([doc], sentenceHash(sentence), norm.length)).toBe('We curtailed 40 MW for ERCOT');
  });
  it('returns null when the text changed', () => {
    expect(findSpanByHash(['We curtailed 41 MW for ERCOT.'], sentenceHash(sentence), norm.length)).toBeNull();
  });
});

describe('parseDevSet', () => {
  const ok = '{"id":"w-0001","split":"dev","issuer":"X Inc.","text":"We mine bitcoin.","topics":["mining"],"modality":"fact","core_claim":"none"}';
  it('accepts a valid written item', () => {
    expect(parseDevSet(ok)).toHaveLength(1);
  });
  it('rejects modality without topic, core claim without its topic, stored corpus text', () => {
    expect(() => parseDevSet(ok.replace('["mining"]', '[]'))).toThrow(/modality/);
    expect(() => parseDevSet(ok.replace('"none"', '"ai_hpc"'))).toThrow(/core_claim/);
    expect(() =>
      parseDevSet('{"id":"c-0001","split":"dev","issuer":"X","text":"t","ref":{"path":"a","hash":"' + 'a'.repeat(40) + '"},"topics":[],"modality":null,"core_claim":"none"}'),
    ).toThrow(/must not store/);
    expect(() => parseDevSet(ok + '\n' + ok)).toThrow(/duplicate id/);
  });
  it('the shipped dev-set.jsonl is valid and balanced', () => {
    const items = parseDevSet(readFileSync(DEFAULT_DEV_SET, 'utf8'));
    expect(items.length).toBeGreaterThanOrEqual(400);
    const refs = items.filter((i) => i.ref);
    expect(refs.length).toBeGreaterThanOrEqual(200);
    expect(new Set(refs.map((r) => r.ref!.hash)).size).toBe(refs.length);
    const test = items.filter((i) => i.split === 'test').length / items.length;
    expect(test).toBeGreaterThan(0.3);
    expect(test).toBeLessThan(0.4);
    const n = (f: (i: (typeof items)[number]) => boolean): number => items.filter(f).length;
    expect(n((i) => i.modality === 'negated')).toBeGreaterThanOrEqual(20);
    expect(n((i) => i.core_claim === 'mining')).toBeGreaterThanOrEqual(20);
    expect(n((i) => i.core_claim === 'ai_hpc')).toBeGreaterThanOrEqual(15);
    expect(n((i) => i.topics.length === 0)).toBeGreaterThanOrEqual(80);
    for (const t of ['mining', 'ai_hpc', 'grid'] as const) expect(n((i) => i.topics.includes(t))).toBeGreaterThanOrEqual(40);
  });
  it('the real-sentence set: whole passages of every corpus folder, split by filing as corpus-split.json drew it', () => {
    const split = JSON.parse(readFileSync(join(DEFAULT_REAL_SET_DIR, '..', 'corpus-split.json'), 'utf8')) as { test: string[] };
    const test = new Set(split.test);
    const files = readdirSync(DEFAULT_REAL_SET_DIR).filter((f) => f.endsWith('.jsonl'));
    const items = files.flatMap((f) => parseDevSet(readFileSync(join(DEFAULT_REAL_SET_DIR, f), 'utf8'), f));
    expect(items.length).toBeGreaterThanOrEqual(1500);
    for (const item of items) {
      expect(item.text, item.id).toBeUndefined();
      expect(item.split, item.id).toBe(test.has(item.ref!.path) ? 'test' : 'dev');
      expect(typeof item.evidence, item.id).toBe('boolean');
    }
    // Every issuer folder of the corpus, and the filings of a folder never on both sides of the split.
    const folders = new Set(items.map((i) => i.ref!.path.split('/')[0]));
    for (const f of ['riot-platforms', 'cleanspark', 'bit-digital', 'core-scientific', 'mara-holdings', 'bitdeer', 'iren', 'bitfufu', 'btcs-inc', 'other-companies']) {
      expect(folders, f).toContain(f);
    }
    const splitsOfPath = new Map<string, Set<string>>();
    for (const i of items) splitsOfPath.set(i.ref!.path, new Set([...(splitsOfPath.get(i.ref!.path) ?? []), i.split]));
    for (const [path, splits] of splitsOfPath) expect(splits.size, path).toBe(1);
    // The split is by filing (about 35% of the files); later parts L-R labelled dev filings only, as
    // training data for the context model, so the test split's share of the sentences fell to about 24%.
    expect(items.filter((i) => i.split === 'test').length).toBeGreaterThan(1100);
    expect(items.filter((i) => i.split === 'test').length).toBeGreaterThan(items.length * 0.2);
  });
});
