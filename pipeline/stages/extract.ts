/**
 * Extract stage: bytes to clean text, sections and sentences. For a full
 * submission, keeps the primary document and its EX-99 exhibits (press
 * releases, AIF, MD&A); contracts, opinions and XBRL parts say nothing of strategy.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extractFile } from '../../extractors/index.ts';
import { splitSentences } from '../../extractors/sentences.ts';
import { ExtractionError, type ExtractedDocument, type ExtractionResult } from '../../extractors/types.ts';
import { PermanentError } from '../core/errors.ts';
import type { StageResults } from '../core/graph.ts';
import type { ExtractedDoc, FilingRef, PayloadOf, RawDocument } from '../core/jobs.ts';
import { selectRevenueFacts } from '../scoring/revenue.ts';
import { countWords } from '../scoring/tokens.ts';

export interface ExtractDeps {
  readFile(path: string): Promise<Uint8Array>;
}

export const localExtractDeps: ExtractDeps = { readFile: (path) => readFile(path) };

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
    const bytes = await readChecked(raw, deps);
    let result: ExtractionResult;
    try {
      result = await extractFile(bytes, { fileName: raw.name, form: filing.form, documentType: raw.documentType });
    } catch (error) {
      if (error instanceof ExtractionError) throw new PermanentError(`${raw.origin}: ${error.message}`);
      throw error;
    }
    filing = refineFiling(filing, result);
    result.documents.forEach((doc, index) => {
      if (!isScoredDocument(doc, index, filing.form)) return;
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
    bytes = await deps.readFile(raw.path);
  } catch (error) {
    throw new PermanentError(`${raw.origin}: cannot read: ${(error as Error).message}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== raw.sha256) throw new PermanentError(`${raw.origin}: file changed since it was fetched`);
  return bytes;
}
