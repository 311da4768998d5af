/**
 * Real filings from the shared corpus (read in place, never copied into the
 * repository). Skipped, with a note, when the corpus is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../extractors/index.ts';
import { splitSentences } from '../../extractors/sentences.ts';
import { splitFullSubmission } from '../../extractors/sgml.ts';
import { decodeBytes } from '../../extractors/encoding.ts';
import { ExtractionError, type ExtractedDocument, type ExtractionResult } from '../../extractors/types.ts';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url);
const exists = existsSync(new URL('MANIFEST.tsv', CORPUS));
if (!exists) console.warn(`[extractors corpus tests] skipped: no corpus at ${CORPUS.pathname}`);

interface Row {
  path: string;
  cik: string;
  form: string;
  kind: string;
  notes: string;
}

const rows: Row[] = exists
  ? readFileSync(new URL('MANIFEST.tsv', CORPUS), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const c = line.split('\t');
        return { path: c[0] ?? '', cik: c[2] ?? '', form: c[3] ?? '', kind: c[5] ?? '', notes: c[8] ?? '' };
      })
      .filter((r) => !r.path.startsWith('edgar-api/'))
  : [];

const bytesOf = (path: string): Uint8Array => new Uint8Array(readFileSync(new URL(path, CORPUS)));
const cache = new Map<string, Promise<ExtractionResult>>();
const extract = (r: Row): Promise<ExtractionResult> => {
  let p = cache.get(r.path);
  if (!p) {
    p = extractFile(bytesOf(r.path), { fileName: r.path.split('/').pop() ?? r.path, form: r.form });
    cache.set(r.path, p);
  }
  return p;
};

const tenKs = rows.filter((r) => r.form === '10-K' && r.kind === 'html');
const tenQs = rows.filter((r) => r.form === '10-Q' && r.kind === 'html');
const submissions = rows.filter((r) => r.kind === 'txt');
const markup = rows.filter((r) => r.kind === 'html' || r.kind === 'txt');
const pdfs = rows.filter((r) => r.path.startsWith('pdf/'));

const ITEM_HEADING: Record<string, RegExp> = {
  item_1: /^(?:PART\s+I[\s,.:–—-]*)?ITEM\s*1\b(?!A)/i,
  item_1a: /^(?:PART\s+I[\s,.:–—-]*)?ITEM\s*1A\b/i,
  item_7: /^(?:PART\s+II[\s,.:–—-]*)?ITEM\s*7\b(?!A)/i,
};

function section(doc: ExtractedDocument | undefined, key: string) {
  const s = doc?.sections.find((x) => x.key === key);
  expect(s, `section ${key}`).toBeDefined();
  return s as NonNullable<typeof s>;
}

describe.skipIf(!exists)('real corpus', () => {
  describe.each(tenKs.map((r) => [r.path, r] as const))('10-K %s', (_, row) => {
    it('finds item_1, item_1a and item_7 at their body headings', async () => {
      const doc = (await extract(row)).documents[0];
      const text = doc?.text ?? '';
      for (const key of ['item_1', 'item_1a', 'item_7']) {
        const s = section(doc, key);
        const span = text.slice(s.start, s.end);
        expect(span, key).toMatch(ITEM_HEADING[key] as RegExp);
        // Smaller reporting companies may point elsewhere instead of giving risk factors.
        if (!s.flags.includes('pointer')) expect(span.length, key).toBeGreaterThan(3000);
      }
      const item1 = section(doc, 'item_1');
      // A table-of-contents entry would be followed at once by the next entry.
      expect(text.slice(item1.start, item1.start + 600)).not.toMatch(/\n\s*ITEM\s*1A/i);
      expect(item1.confidence).toBeGreaterThanOrEqual(0.9);
    });
  });

  describe.each(tenQs.map((r) => [r.path, r] as const))('10-Q %s', (_, row) => {
    it('finds part_i_item_2 at its body heading', async () => {
      const doc = (await extract(row)).documents[0];
      const s = section(doc, 'part_i_item_2');
      const span = (doc?.text ?? '').slice(s.start, s.end);
      expect(span).toMatch(/^ITEM\s*2\b/i);
      expect(span.length).toBeGreaterThan(3000);
    });
  });

  describe.each(markup.map((r) => [r.path, r] as const))('%s', (_, row) => {
    it('leaves no inline-XBRL residue in any sentence and keeps whitespace normalised', async () => {
      const result = await extract(row);
      expect(result.documents.length).toBeGreaterThan(0);
      for (const doc of result.documents) {
        expect(doc.text).not.toMatch(/ {2}|\n{3}|[ \t]\n/);
        for (const s of splitSentences(doc.text, doc.sections, doc.pages)) {
          expect(s.text).not.toMatch(/\b(?:us-gaap|dei|iso4217|xbrli):/);
          expect(doc.text.slice(s.start, s.end)).toBe(s.text);
          expect(s.text.length).toBeLessThanOrEqual(2000);
        }
      }
    });
  });

  describe.each(submissions.map((r) => [r.path, r] as const))('full submission %s', (_, row) => {
    it('splits into documents of the right types, parses the header, and gives EX-99.1 a press_release', async () => {
      const raw = decodeBytes(bytesOf(row.path)).text;
      const { header, documents } = splitFullSubmission(raw);
      expect(documents.length).toBeGreaterThan(0);
      // The manifest lists the first document types (the list may be cut short).
      const listed = /docs: (.*)$/.exec(row.notes)?.[1];
      if (listed) expect(documents.map((d) => d.type).join(' ').startsWith(listed)).toBe(true);
      expect(documents).toHaveLength(raw.match(/^<DOCUMENT>/gm)?.length ?? 0);
      const accession = /(\d{10}-\d{2}-\d{6})\.txt$/.exec(row.path)?.[1];
      if (header && accession) expect(header.accession).toBe(accession);
      if (header && row.cik) expect(header.cik).toBe(row.cik);
      if (header) expect(header.filedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      const result = await extract(row);
      expect(result.kind).toBe('sgml');
      expect(result.documents.map((d) => d.documentType)).toEqual(
        documents.filter((d) => !d.skipped).map((d) => d.type),
      );
      for (const doc of result.documents.filter((d) => d.documentType === 'EX-99.1')) {
        const pr = section(doc, 'press_release');
        expect(pr.end - pr.start).toBeGreaterThan(200);
      }
    });
  });

  it('reads single <DOCUMENT> wrappers without a header', async () => {
    const buckle = rows.find((r) => r.path === 'other-companies/buckle/EX-99.1_2024-11-22.htm');
    const athena = rows.find((r) => r.path === 'other-companies/athena/6-K.htm');
    if (buckle) {
      const r = await extract(buckle);
      expect(r.kind).toBe('sgml');
      expect(r.header).toBeNull();
      expect(r.documents.map((d) => d.documentType)).toEqual(['EX-99.1']);
      expect(r.documents[0]?.sections.map((s) => s.key)).toEqual(['press_release']);
    }
    if (athena) {
      const r = await extract(athena);
      expect(r.documents.map((d) => [d.documentType, d.kind])).toEqual([['6-K', 'html']]);
      expect(r.documents[0]?.text.length).toBeGreaterThan(500);
    }
  });

  it('reads the 1995 plain-text submission', async () => {
    const legacy = rows.find((r) => r.path.startsWith('other-companies/legacy-1995/'));
    if (!legacy) return;
    const r = await extract(legacy);
    expect(r.documents[0]).toMatchObject({ documentType: 'S-3/A', kind: 'text' });
    expect(r.documents[0]?.text).toMatch(/REGISTRATION STATEMENT/);
    expect(r.documents[0]?.text).not.toContain('<PAGE>');
  });

  describe.each(pdfs.map((r) => [r.path, r] as const))('PDF %s', (_, row) => {
    it('gives numbered pages with text and finds the main item', async () => {
      const doc = (await extract(row)).documents[0];
      expect(doc?.kind).toBe('pdf');
      const pages = doc?.pages ?? [];
      expect(pages.length).toBeGreaterThan(10);
      let last = 0;
      for (const p of pages) {
        expect(p.page).toBeGreaterThan(last);
        last = p.page;
        expect(doc?.text.slice(p.start, p.end).trim().length).toBeGreaterThan(0);
      }
      const key = row.form === '10-Q' ? 'part_i_item_2' : 'item_7';
      expect(doc?.text.slice(section(doc, key).start)).toMatch(/^ITEM\s*[27]\b/i);
      const sentences = splitSentences(doc?.text ?? '', doc?.sections, pages);
      expect(sentences.every((s) => s.page !== null)).toBe(true);
    });
  });

  it('removes the running header and footer of the two-column annual report PDF', async () => {
    const row = pdfs.find((r) => r.path.includes('two-column'));
    if (!row) return;
    const text = (await extract(row)).documents[0]?.text ?? '';
    expect(text).not.toMatch(/Annual Report 2024 - \d+/);
  });

  it('reports no-text-layer for the IREN press release without usable fonts', async () => {
    const path = 'iren/press-release_2025-08-28.pdf';
    if (!rows.some((r) => r.path === path)) return;
    const err = await extractFile(bytesOf(path), { fileName: 'press-release_2025-08-28.pdf' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractionError);
    expect((err as ExtractionError).code).toBe('no-text-layer');
  });
});
