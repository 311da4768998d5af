import { describe, expect, it } from 'vitest';
import { extractFile } from '../../extractors/index.ts';
import {
  fingerprint,
  isNearDuplicate,
  NEAR_DUPLICATE_JACCARD,
  similarity,
  SKETCH_SIZE,
  splitNearDuplicates,
} from '../../pipeline/stages/fingerprint.ts';
import { sketchFromBytes, sketchToBytes } from '../../db/repository.ts';
import { copyThreshold, RENDERING_JACCARD } from '../../pipeline/stages/store.ts';
import { AIF_PARAGRAPHS, fortyFSubmission, MDA_PARAGRAPHS, mdaPdf } from './fixtures.ts';

const MDA = MDA_PARAGRAPHS.join('\n\n');

describe('fingerprint', () => {
  it('ignores case, punctuation, spacing and line breaks', () => {
    const a = fingerprint(MDA);
    const b = fingerprint(MDA.toUpperCase().replace(/\n\n/g, '\n').replace(/,/g, ' ;'));
    expect(similarity(a, b)).toBe(1);
    expect(a.shingles).toBeGreaterThan(300);
  });

  it('is a pure function of the text', () => {
    expect(fingerprint(MDA)).toEqual(fingerprint(MDA));
  });

  it('scores a copy with a few words changed above 0.9, another document of the same issuer far below', () => {
    const edited = MDA.replace('mainly because', 'largely because').replace('roughly double', 'approximately double');
    expect(similarity(fingerprint(MDA), fingerprint(edited))).toBeGreaterThan(0.9);
    expect(similarity(fingerprint(MDA), fingerprint(AIF_PARAGRAPHS.join('\n\n')))).toBeLessThan(0.1);
    expect(isNearDuplicate(fingerprint(MDA), fingerprint(edited))).toBe(true);
  });

  it('estimates Jaccard within a few points on long texts (bottom-k sketch)', () => {
    // 4,000 distinct sentences; B shares the first 3,000 of A's and adds 1,000 of its own: J = 3000 / 5000 = 0.6.
    const sentence = (i: number) => `Sentence number ${i} describes machine ${i * 7} at site ${i % 13}.`;
    const a = Array.from({ length: 4000 }, (_, i) => sentence(i)).join(' ');
    const b = [...Array.from({ length: 3000 }, (_, i) => sentence(i)), ...Array.from({ length: 1000 }, (_, i) => sentence(10_000 + i))].join(' ');
    const fa = fingerprint(a);
    expect(fa.sketch.length).toBe(SKETCH_SIZE);
    const s = similarity(fa, fingerprint(b));
    expect(s).toBeGreaterThan(0.5);
    expect(s).toBeLessThan(0.7);
  });

  it('does not call short texts duplicates', () => {
    const short = 'Item 9.01 Financial Statements and Exhibits.';
    expect(isNearDuplicate(fingerprint(short), fingerprint(short))).toBe(false);
  });

  it('round-trips a sketch through bytes', () => {
    const fp = fingerprint(MDA);
    expect(Array.from(sketchFromBytes(sketchToBytes(fp.sketch)))).toEqual(Array.from(fp.sketch));
  });

  it('finds the HTML exhibit of a 40-F and the SEDAR+ PDF of the same MD&A near-duplicates', async () => {
    const submission = await extractFile(new Uint8Array(Buffer.from(fortyFSubmission())), { fileName: 'full-submission.txt' });
    const ex992 = submission.documents.find((d) => d.documentType === 'EX-99.2')!;
    const ex991 = submission.documents.find((d) => d.documentType === 'EX-99.1')!;
    const pdf = (await extractFile(mdaPdf(), { fileName: 'mda.pdf', form: 'MD&A' })).documents[0]!;
    expect(pdf.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pdf.text).not.toContain('MD&A 2023');
    const s = similarity(fingerprint(ex992.text), fingerprint(pdf.text));
    expect(s).toBeGreaterThanOrEqual(0.9);
    expect(s).toBeLessThan(1);

    const stored = submission.documents.map((d, i) => ({ documentId: i + 1, filingId: 1, filingKey: 'k', name: d.name, fingerprint: fingerprint(d.text) }));
    const { keep, duplicates } = splitNearDuplicates([pdf, ex991], stored);
    expect(keep.map((k) => k.document)).toEqual([]);
    expect(duplicates.map((d) => d.kept.name)).toEqual(['nhc-ex992.htm', 'nhc-ex991.htm']);
  });
});

describe('copyThreshold: renderings of one filing, never two filings', () => {
  const filing = { accession: null, form: '10-Q', periodEnd: '2025-09-30', filedAt: null } as const;
  const ref = (over: Partial<{ accession: string | null; form: string; periodEnd: string | null; filedAt: string | null }>) =>
    ({ key: 'doc-x', issuer: { key: 'name-x', name: 'X', aliases: [], cik: null, tickers: [], country: null, sedarProfile: null }, source: 'local', sourceRef: 'x', ...filing, ...over }) as Parameters<typeof copyThreshold>[0];
  it('is lower for the same form and period, none across accessions or filing days, else the copy threshold', () => {
    expect(copyThreshold(ref({}), { ...filing })).toBe(RENDERING_JACCARD);
    expect(copyThreshold(ref({ accession: '0000000001-25-000001' }), { ...filing, accession: '0000000001-25-000002' })).toBeNull();
    expect(copyThreshold(ref({ form: '6-K', periodEnd: null, filedAt: '2024-11-15' }), { accession: null, form: '6-K', periodEnd: null, filedAt: '2024-11-12' })).toBeNull();
    expect(copyThreshold(ref({ form: 'MD&A', periodEnd: null, filedAt: '2024-06-20' }), { accession: '0000000001-24-000009', form: '40-F', periodEnd: '2024-12-31', filedAt: '2024-06-21' })).toBe(NEAR_DUPLICATE_JACCARD);
    expect(copyThreshold(ref({ form: '10-Q/A' }), { ...filing })).toBe(NEAR_DUPLICATE_JACCARD);
  });
});
