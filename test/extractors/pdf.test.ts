import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { extractPdf } from '../../extractors/pdf.ts';
import { ExtractionError } from '../../extractors/types.ts';
import { makePdf } from './helpers/make-pdf.ts';
import { samples } from './helpers/samples.ts';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ExtractionError);
    expect((e as Error).message).not.toContain('\n');
    return (e as ExtractionError).code;
  }
  return 'no error';
}

describe('extractPdf', () => {
  it('gives one span per page with 1-based page numbers', async () => {
    const doc = await extractPdf(samples.pdf(), 'a.pdf', '10-K');
    expect(doc.kind).toBe('pdf');
    expect(doc.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(doc.text.slice(doc.pages[1]?.start, doc.pages[1]?.end)).toContain('mining contracts');
    expect(doc.text.slice(doc.pages[2]?.start, doc.pages[2]?.end)).toContain('Norway');
    expect(doc.sections.map((s) => s.key)).toEqual(['item_1']);
  });

  it('removes running headers and page-number footers', async () => {
    const doc = await extractPdf(samples.pdf(), 'a.pdf', null);
    expect(doc.text).not.toContain('Annual Report 2024');
    expect(doc.text).not.toMatch(/(^|\n)\d(\n|$)/);
  });

  it('repairs hyphenation at line ends but keeps real hyphens', async () => {
    const doc = await extractPdf(samples.pdf(), 'a.pdf', null);
    expect(doc.text).toContain('data center infrastructure and the hosting');
    expect(doc.text).toContain('cost-effective');
    const split = await extractPdf(
      makePdf([
        [
          'We describe our cost-effective approach to power procurement in full here,',
          'and we believe our approach is cost-',
          'effective compared with our peers in the bitcoin mining industry today.',
        ],
      ]),
      'b.pdf',
      null,
    );
    expect(split.text).toContain('approach is cost-effective compared');
  });

  it('joins the lines of a paragraph and starts a new one at headings and bullets', async () => {
    const doc = await extractPdf(
      makePdf([
        [
          'Item 7. Management Discussion',
          'Our revenue from high performance computing hosting grew strongly during',
          'the year as we converted capacity from bitcoin mining to AI customers.',
          '\x95 We signed two new colocation contracts.',
          '\x95 We energized a new substation.',
        ],
      ], { winAnsi: true }),
      'c.pdf',
      '10-K',
    );
    expect(doc.text.split('\n\n')).toEqual([
      'Item 7. Management Discussion',
      'Our revenue from high performance computing hosting grew strongly during the year as we converted capacity from bitcoin mining to AI customers.',
      '• We signed two new colocation contracts.',
      '• We energized a new substation.',
    ]);
  });

  it('reports encrypted, corrupt and text-less PDFs with their codes', async () => {
    expect(await codeOf(extractPdf(makePdf([['Secret text on this page.']], { encrypted: true }), 'e.pdf', null))).toBe('encrypted');
    expect(await codeOf(extractPdf(new Uint8Array(Buffer.from('%PDF-1.4\nnot really a pdf')), 'c.pdf', null))).toBe('corrupt');
    const bulletsOnly = makePdf([['\x95', '\x95', 'o'], ['\x95', '\x95']], { winAnsi: true });
    expect(await codeOf(extractPdf(bulletsOnly, 'n.pdf', null))).toBe('no-text-layer');
    expect(await codeOf(extractPdf(new Uint8Array(), 'z.pdf', null))).toBe('empty');
  });

  it('leaves the caller\'s bytes usable (pdf.js detaches the buffer it is given)', async () => {
    const bytes = samples.pdf();
    const length = bytes.length;
    await extractPdf(bytes, 'a.pdf', null);
    expect(bytes.length).toBe(length);
    await expect(extractPdf(bytes, 'a.pdf', null)).resolves.toBeDefined();
  });

  it('prints nothing through console while parsing', async () => {
    const spies = (['log', 'warn', 'info', 'error'] as const).map((m) => vi.spyOn(console, m));
    await extractPdf(samples.pdf(), 'a.pdf', null);
    await codeOf(extractPdf(new Uint8Array(Buffer.from('%PDF-1.4\ngarbage')), 'c.pdf', null));
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it('lets a Node process exit promptly with nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'minerpivot-pdf-'));
    const pdfPath = join(dir, 'a.pdf');
    writeFileSync(pdfPath, samples.pdf());
    const script = join(dir, 'run.mts');
    const pdfModule = fileURLToPath(new URL('../../extractors/pdf.ts', import.meta.url));
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';\nimport { extractPdf } from ${JSON.stringify(pdfModule)};\n` +
        `const d = await extractPdf(new Uint8Array(readFileSync(${JSON.stringify(pdfPath)})), 'a.pdf', null);\n` +
        `process.stderr.write(String(d.pages.length));\n`,
    );
    const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, timeout: 60_000, encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('3');
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
