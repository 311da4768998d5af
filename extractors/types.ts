/**
 * Shared shapes of everything an extractor produces. Extractors are pure:
 * bytes in, text / sections / pages / warnings out. No network, no database.
 */
import type { XbrlFact } from './xbrl.ts';

/** What the bytes turned out to be. */
export type ContentKind = 'html' | 'text' | 'pdf' | 'sgml';

/**
 * A span of a document's text that belongs to one logical section
 * (10-K "Item 1", 10-Q "Part I Item 2", 8-K "Item 8.01", a press release ...).
 * Offsets index into {@link ExtractedDocument.text}, `end` exclusive.
 */
export interface Section {
  /** Stable machine key: `item_1`, `item_1a`, `item_7`, `part_i_item_2`, `item_8_01`, `press_release`, `front`. */
  key: string;
  /** The heading as it appears in the document ("Item 1. Business"). */
  title: string;
  start: number;
  end: number;
  /** 0..1: how sure the extractor is that this is the real section. */
  confidence: number;
  /** How it was found, for audit ("line-start heading, longest span", "exhibit type EX-99.1"). */
  method: string;
  /** Doubts worth showing: `empty`, `tiny`, `dominant`, `pointer`. */
  flags: string[];
}

/** A page of a paginated source (PDF). Offsets index into the document text. */
export interface PageSpan {
  page: number;
  start: number;
  end: number;
}

/** One document of a filing after extraction. */
export interface ExtractedDocument {
  /** File name inside the filing (`riot-20241231.htm`), or the local file name. */
  name: string;
  /** EDGAR document type when known (`10-K`, `EX-99.1`, `GRAPHIC`), else null. */
  documentType: string | null;
  kind: ContentKind;
  /** Clean text; paragraphs and headings separated by a blank line ("\n\n"). */
  text: string;
  sections: Section[];
  /** Empty for non-paginated sources. */
  pages: PageSpan[];
  /** Non-fatal problems worth recording (`dropped 12 numeric tables` is not one; `no text layer on page 3` is). */
  warnings: string[];
  /** Character encoding the bytes were decoded with (`utf-8`, `windows-1252`). */
  encoding: string;
  /** Numeric inline-XBRL facts with their contexts (`xbrl.ts`); absent for kinds that carry none (PDF, plain text). */
  xbrlFacts?: XbrlFact[];
}

/** What an EDGAR full-submission `<SEC-HEADER>` says about the filing. */
export interface SecHeader {
  accession: string | null;
  form: string | null;
  filedAt: string | null; // YYYY-MM-DD
  periodEnd: string | null; // YYYY-MM-DD
  cik: string | null; // 10 digits, zero padded
  companyName: string | null;
}

/** Everything one input file yields: one document, or several for a full submission. */
export interface ExtractionResult {
  kind: ContentKind;
  header: SecHeader | null;
  documents: ExtractedDocument[];
  warnings: string[];
}

/** A sentence of a document. Offsets index into the document text, `end` exclusive. */
export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
  /** Key of the section the sentence starts in, or null. */
  section: string | null;
  /** Page number (1-based) for paginated sources, else null. */
  page: number | null;
}

/**
 * An input an extractor cannot make sense of (unknown type, binary garbage,
 * encrypted or text-less PDF). The message is one line, meant for a user.
 */
export class ExtractionError extends Error {
  override readonly name = 'ExtractionError';
  constructor(
    message: string,
    readonly code: 'unsupported' | 'empty' | 'corrupt' | 'encrypted' | 'no-text-layer' | 'too-large' | 'timeout',
  ) {
    super(message);
  }
}
