/**
 * Fetch of one EDGAR filing: its index, then the primary document and the
 * EX-99 exhibits, each into the raw cache. When no primary document can be
 * found, the full submission `{accession}.txt` (every document in one SGML
 * file, which the extractor splits) stands in.
 */
import { PermanentError } from '../../core/errors.ts';
import { EDGAR_FORMS, isEdgarForm } from '../../core/forms.ts';
import type { FilingRef, RawDocument } from '../../core/jobs.ts';
import type { EdgarClient } from './client.ts';
import { chooseDocuments, parseIndexHtml, parseIndexJson, type ChosenDocument, type IndexEntry } from './filing-index.ts';
import type { EdgarLocation as EdgarLocationOf } from './location.ts';
import { documentUrl, fullSubmissionUrl, indexHtmlUrl, indexJsonUrl } from './paths.ts';

type EdgarLocation = Omit<EdgarLocationOf, 'kind'>;

/** The filing's index: the HTML one (types, descriptions), else index.json; null when neither exists. */
export async function readFilingIndex(client: EdgarClient, cik: string, accession: string): Promise<IndexEntry[] | null> {
  try {
    const entries = parseIndexHtml(await client.getText(indexHtmlUrl(client.bases, cik, accession)));
    if (entries.length > 0) return entries;
  } catch (error) {
    if (!(error instanceof PermanentError)) throw error;
  }
  try {
    return parseIndexJson(await client.getJson(indexJsonUrl(client.bases, cik, accession)));
  } catch (error) {
    if (error instanceof PermanentError) return null;
    throw error;
  }
}

async function download(client: EdgarClient, location: EdgarLocation, doc: ChosenDocument): Promise<RawDocument> {
  const url = documentUrl(client.bases, location.cik, location.accession, doc.name);
  const fetched = await client.get(url);
  return { name: doc.name, path: fetched.path, sha256: fetched.sha256, bytes: fetched.bytes, origin: url, documentType: doc.documentType };
}

/** Downloads what is worth scoring in one filing; the primary document comes first. */
export async function fetchEdgarFiling(client: EdgarClient, filing: FilingRef, location: EdgarLocation): Promise<RawDocument[]> {
  if (!isEdgarForm(filing.form)) throw new PermanentError(`${filing.form}: unsupported form (supported: ${EDGAR_FORMS.join(', ')})`);
  const entries = await readFilingIndex(client, location.cik, location.accession);
  const { primary, exhibits } = chooseDocuments(filing.form, entries ?? [], entries ? (location.primaryDocument ?? null) : null);

  const documents: RawDocument[] = [];
  if (primary) {
    try {
      documents.push(await download(client, location, primary));
    } catch (error) {
      if (!(error instanceof PermanentError)) throw error; // listed but gone: the full submission has it
    }
  }
  if (documents.length === 0) {
    const url = fullSubmissionUrl(client.bases, location.cik, location.accession);
    const fetched = await client.get(url);
    // The full submission already holds the exhibits: the extractor splits them out.
    return [{ name: `${location.accession}.txt`, path: fetched.path, sha256: fetched.sha256, bytes: fetched.bytes, origin: url, documentType: null }];
  }
  for (const exhibit of exhibits) {
    try {
      documents.push(await download(client, location, exhibit));
    } catch (error) {
      // An exhibit listed but missing does not sink the filing; its text is a bonus.
      if (!(error instanceof PermanentError)) throw error;
    }
  }
  return documents;
}
