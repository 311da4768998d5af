/**
 * Extract stage: bytes to clean text, sections and sentences. For a full
 * submission, keeps the primary document and its EX-99 exhibits (press
 * releases, AIF, MD&A); contracts, opinions and XBRL parts say nothing of strategy.
 */
import { createHash } from 'node:crypto';
import { extractFile } from '../../extractors/index.ts';
import { splitSentences } from '../../extractors/sentences.ts';
import { ExtractionError, type ExtractedDocument, type ExtractionResult } from '../../extractors/types.ts';
import { PermanentError } from '../core/errors.ts';
import type { StageResults } from '../core/graph.ts';
import type { ExtractedDoc, FilingRef, PayloadOf, RawDocument } from '../core/jobs.ts';
import { selectRevenueFacts } from '../scoring/revenue.ts';
import { countWords } from '../scoring/tokens.ts';
import { DEFAULTS } from '../core/config.ts';
import { FileRefusal, readRegularFile } from '../sources/local/read-file.ts';
import { threadPdfReader } from './pdf-thread.ts';

export interface ExtractDeps {
  /** The bytes at `path`, at most `maxBytes` (the size the fetch stage recorded). */
  readFile(path: string, maxBytes: number): Promise<Uint8Array>;
  /** Time budget of one filing's extraction, in ms (config `documentSeconds`). */
  budgetMs?: number;
  /** Longest text of one document (config `maxTextChars`): a longer one could not be scored in the budget. */
  maxTextChars?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export const localExtractDeps: ExtractDeps = {
  readFile: (path, maxBytes) => readRegularFile(path, maxBytes),
  budgetMs: DEFAULTS.documentSeconds * 1000,
  maxTextChars: DEFAULTS.maxTextChars,
};

/** Why a document's text is too long to score, or null. Shared with `inspect`. */
export function textTooLong(doc: { name: string; text: string }, maxTextChars: number): string | null {
  if (doc.text.length <= maxTextChars) return null;
  const m = (n: number) => `${(n / 1e6).toFixed(1)} million`;
  return `refused: ${doc.name} holds ${m(doc.text.length)} characters of text, over the ${m(maxTextChars)} limit per document (MINERPIVOT_MAX_TEXT_CHARS); scoring it would take minutes`;
}

/**
 * Past the budget the filing fails for good and the run moves on. The extractors are linear and the
 * size is capped, so the checks between steps bound the work; pdf.js, which cannot be interrupted,
 * reads in a thread of its own that is ended when the time left runs out (pdf-thread.ts).
 */
function budgetCheck(deps: ExtractDeps, origin: string): { left(): number; check(step: string): void } {
  const now = deps.now ?? Date.now;
  const budget = deps.budgetMs ?? Number.POSITIVE_INFINITY;
  const started = now();
  return {
    left: () => budget - (now() - started),
    check(step) {
      const spent = now() - started;
      if (spent > budget) {
        throw new PermanentError(`${origin}: extraction stopped after ${(spent / 1000).toFixed(0)} s (${step}): over the ${(budget / 1000).toFixed(0)} s budget per document (MINERPIVOT_DOCUMENT_SECONDS)`);
      }
    },
  };
}

/** Documents of a filing worth scoring: the primary one and EX-99.* exhibits. */
export function isScoredDocument(doc: ExtractedDocument, index: number, form: string): boolean {
  if (doc.text.trim() === '') return false;
  const type = (doc.documentType ?? '').toUpperCase();
  if (type === '' || index === 0) return true;
  if (type.startsWith('EX-99')) return true;
  return type === form.toUpperCase();
}

/** Fills what the SEC header knows and the manifest did not say. */
function refineFiling(filing: FilingRef, result: ExtractionResult): FilingRef {
  const header = result.header;
  if (!header) return filing;
  return {
    ...filing,
    accession: filing.accession ?? header.accession,
    filedAt: filing.filedAt ?? header.filedAt,
    periodEnd: filing.periodEnd ?? header.periodEnd,
  };
}

export async function runExtract(payload: PayloadOf<'extract'>, deps: ExtractDeps = localExtractDeps): Promise<StageResults['extract']> {
  let filing = payload.filing;
  const documents: ExtractedDoc[] = [];
  for (const raw of payload.documents) {
    const budget = budgetCheck(deps, raw.origin);
    // Handed over: the extractor lets the bytes go once decoded (a 50 MB filing's bytes need not outlive that).
    const bytes = { bytes: await readChecked(raw, deps) };
    let result: ExtractionResult;
    try {
      result = await extractFile(bytes, { fileName: raw.name, form: filing.form, documentType: raw.documentType, readPdfPages: threadPdfReader({ timeLimitMs: budget.left() }),
        maxTextChars: deps.maxTextChars ?? DEFAULTS.maxTextChars,
      });
    } catch (error) {
      if (error instanceof ExtractionError) throw new PermanentError(`${raw.origin}: ${error.message}`);
      throw error;
    }
    budget.check('reading the text');
    filing = refineFiling(filing, result);
    result.documents.forEach((doc, index) => {
      if (!isScoredDocument(doc, index, filing.form)) return;
      const tooLong = textTooLong(doc, deps.maxTextChars ?? DEFAULTS.maxTextChars);
      if (tooLong) throw new PermanentError(`${raw.origin}: ${tooLong}`);
      budget.check('splitting sentences');
      documents.push({
        ...raw,
        name: result.documents.length > 1 ? doc.name : raw.name,
        documentType: doc.documentType ?? raw.documentType ?? filing.form,
        kind: doc.kind,
        encoding: doc.encoding,
        text: doc.text,
        wordCount: countWords(doc.text),
        sections: doc.sections,
        pages: doc.pages,
        warnings: [...result.warnings, ...doc.warnings],
        sentences: splitSentences(doc.text, doc.sections, doc.pages),
        revenueFacts: selectRevenueFacts(doc.xbrlFacts ?? []),
      });
    });
  }
  if (documents.length === 0) {
    throw new PermanentError(`${payload.filing.sourceRef}: no document with text in this filing`);
  }
  return { filing, documents };
}

async function readChecked(raw: RawDocument, deps: ExtractDeps): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await deps.readFile(raw.path, raw.bytes);
  } catch (error) {
    if (error instanceof FileRefusal) {
      if (error.message.startsWith('refused:')) throw new PermanentError(`${raw.origin}: file changed since it was fetched`);
      throw new PermanentError(`${raw.origin}: ${error.message}`);
    }
    throw new PermanentError(`${raw.origin}: cannot read: ${(error as Error).message}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== raw.sha256) throw new PermanentError(`${raw.origin}: file changed since it was fetched`);
  return bytes;
}
