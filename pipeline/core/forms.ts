/**
 * The form table: every kind of document the pipeline reads, and in one place
 * what follows from its form: its family (which filings are comparable), the
 * section scheme the extractors look for, how much a sentence outside a known
 * section weighs, whether a date in its file name is a period end, and whether
 * EDGAR discovery and `add` take it. A new form is one entry here (plus an item
 * list in `extractors/sections.ts` when it brings a new section scheme).
 */

/**
 * Filings comparable with each other. Annual and quarterly reports describe the
 * whole business; current reports describe one event; the rest (prospectuses,
 * circulars) stand in only when nothing else exists.
 */
export const FORM_FAMILIES = ['annual', 'quarterly', 'current', 'other'] as const;
export type FormFamily = (typeof FORM_FAMILIES)[number];

/** Item schemes of `extractors/sections.ts`: which headings a document of the form has. */
export type SectionScheme = '10-K' | '10-Q' | '20-F' | '8-K' | 'press-release';

export interface FormSpec {
  /** Canonical spelling, as stored in `filings.form`. */
  form: string;
  description: string;
  family: FormFamily;
  /** Headings to look for in the primary document; null: the document has no items. */
  sections: SectionScheme | null;
  /**
   * True for documents that describe the business as a whole from start to end (exhibits 99, 6-K
   * bodies, the SEDAR+ documents researchers add): every sentence weighs like one in MD&A.
   */
  wholeDocument: boolean;
  /** A date in a file name is the period end (periodic reports), not the filing date. */
  datedByPeriod: boolean;
  /** EDGAR discovery (`run/enqueue --forms`): taken by default, on request, or never. */
  edgar: 'default' | 'on-request' | null;
  /** `add` accepts it for a researcher's document: as a SEDAR+ document type (source sedar), or as a local EDGAR form. */
  add: 'sedar' | 'local' | null;
  /** Other spellings `add` accepts (compared without case, spaces, dashes or underscores). */
  aliases?: string[];
  /** Matches several document types at once (`EX-99.1`, `EX-99.2`): tested on the normalised form. */
  pattern?: RegExp;
}

export const FORMS: ReadonlyArray<FormSpec> = [
  // EDGAR reports and their exhibits (in the order `--help` lists them)
  { form: '10-K', description: 'annual report', family: 'annual', sections: '10-K', wholeDocument: false, datedByPeriod: true, edgar: 'default', add: 'local' },
  { form: '10-KT', description: 'transition report', family: 'annual', sections: '10-K', wholeDocument: false, datedByPeriod: true, edgar: 'on-request', add: 'local' },
  { form: '10-Q', description: 'quarterly report', family: 'quarterly', sections: '10-Q', wholeDocument: false, datedByPeriod: true, edgar: 'default', add: 'local' },
  { form: '8-K', description: 'current report', family: 'current', sections: '8-K', wholeDocument: false, datedByPeriod: false, edgar: 'default', add: 'local' },
  { form: '20-F', description: 'annual report of a foreign private issuer', family: 'annual', sections: '20-F', wholeDocument: false, datedByPeriod: true, edgar: 'default', add: 'local' },
  { form: '40-F', description: 'annual report of a Canadian issuer (AIF and MD&A exhibits)', family: 'annual', sections: null, wholeDocument: false, datedByPeriod: true, edgar: 'default', add: 'local' },
  { form: '6-K', description: 'report of a foreign private issuer', family: 'current', sections: null, wholeDocument: true, datedByPeriod: false, edgar: 'default', add: 'local' },
  { form: 'EX-99', description: 'exhibit 99 (press release, AIF, MD&A)', family: 'current', sections: 'press-release', wholeDocument: true, datedByPeriod: false, edgar: null, add: 'local', pattern: /^EX-99(\.\d{1,2})?$/ },
  { form: 'S-1', description: 'registration statement', family: 'other', sections: null, wholeDocument: false, datedByPeriod: false, edgar: 'on-request', add: null },
  { form: 'F-1', description: 'registration statement of a foreign issuer', family: 'other', sections: null, wholeDocument: false, datedByPeriod: false, edgar: 'on-request', add: null },
  // SEDAR+ documents researchers add (SEDAR+ forbids crawling)
  { form: 'AIF', description: 'Annual Information Form', family: 'annual', sections: null, wholeDocument: true, datedByPeriod: false, edgar: null, add: 'sedar', aliases: ['annual information form'] },
  { form: 'MD&A', description: 'annual MD&A', family: 'quarterly', sections: null, wholeDocument: true, datedByPeriod: false, edgar: null, add: 'sedar', aliases: ['mda', 'annual mda', 'annual md&a', "management's discussion and analysis"] },
  { form: 'interim-MD&A', description: 'interim (quarterly) MD&A', family: 'other', sections: null, wholeDocument: true, datedByPeriod: false, edgar: null, add: 'sedar', aliases: ['interim mda', 'quarterly mda', 'quarterly md&a'] },
  { form: 'annual-report', description: 'annual report to shareholders', family: 'annual', sections: null, wholeDocument: true, datedByPeriod: false, edgar: null, add: 'sedar', aliases: ['annual report'] },
  { form: 'financial-statements', description: 'annual financial statements', family: 'other', sections: null, wholeDocument: false, datedByPeriod: false, edgar: null, add: 'sedar', aliases: ['annual financial statements', 'afs'] },
  { form: 'interim-financial-statements', description: 'interim financial statements', family: 'other', sections: null, wholeDocument: false, datedByPeriod: false, edgar: null, add: 'sedar', aliases: ['interim financial statements', 'ifs'] },
  { form: 'press-release', description: 'news release', family: 'current', sections: null, wholeDocument: true, datedByPeriod: false, edgar: null, add: 'sedar', aliases: ['news release', 'news-release', 'pr'] },
  { form: 'material-change-report', description: 'material change report', family: 'other', sections: null, wholeDocument: true, datedByPeriod: false, edgar: null, add: 'sedar', aliases: ['mcr', 'material change report'] },
  { form: 'circular', description: 'management information circular', family: 'other', sections: null, wholeDocument: false, datedByPeriod: false, edgar: null, add: 'sedar', aliases: ['management information circular', 'mic'] },
  { form: 'prospectus', description: 'prospectus', family: 'other', sections: null, wholeDocument: false, datedByPeriod: false, edgar: null, add: 'sedar', aliases: ['short form prospectus', 'base shelf prospectus'] },
  // Other periodic documents some issuers publish
  { form: 'interim-report', description: 'interim report to shareholders', family: 'quarterly', sections: null, wholeDocument: false, datedByPeriod: false, edgar: null, add: null },
];

/** Upper case, amendment suffix dropped, spaces as dashes: `10-k/a` -> `10-K`, `Annual Report` -> `ANNUAL-REPORT`. */
export function normaliseForm(form: string): string {
  return form.trim().toUpperCase().replace(/\s+/g, '-').replace(/\/A$/, '');
}

const BY_NAME = new Map(FORMS.map((f) => [normaliseForm(f.form), f]));

/** The entry of a form, amendments included (`10-K/A` is a 10-K); null for a form the table does not know. */
export function formSpec(form: string | null | undefined): FormSpec | null {
  if (!form) return null;
  const key = normaliseForm(form);
  return BY_NAME.get(key) ?? FORMS.find((f) => f.pattern?.test(key)) ?? null;
}

/** The family of a form; unknown forms (424B5, S-3, Form 4) are `other`. */
export function formFamily(form: string): FormFamily {
  return formSpec(form)?.family ?? 'other';
}

/** Annual and quarterly reports: the filings that describe the whole business. */
export function isPeriodic(form: string): boolean {
  const family = formFamily(form);
  return family === 'annual' || family === 'quarterly';
}

/**
 * The section scheme of a document: an exhibit 99 is a press release whatever the form that carries
 * it; another exhibit has no sections; else the form's scheme.
 */
export function sectionSchemeOf(form: string | null, documentType: string | null): SectionScheme | null {
  const type = documentType ? formSpec(documentType) : null;
  if (type?.sections === 'press-release' || (form !== null && formSpec(form)?.sections === 'press-release')) return 'press-release';
  if (documentType !== null && /^EX-/i.test(documentType.trim())) return null;
  const spec = formSpec(form ?? documentType);
  // "10-K405" and other variants read like their base form.
  if (!spec && form) return (['10-K', '10-Q', '20-F', '8-K'] as const).find((s) => normaliseForm(form).startsWith(s)) ?? null;
  return spec?.sections ?? null;
}

/** Forms EDGAR discovery takes when `--forms` is not given. */
export const EDGAR_DEFAULT_FORMS: ReadonlyArray<string> = FORMS.filter((f) => f.edgar === 'default').map((f) => f.form);
/** Every form EDGAR discovery can take. */
export const EDGAR_FORMS: ReadonlyArray<string> = FORMS.filter((f) => f.edgar !== null).map((f) => f.form);

/** True when EDGAR discovery can take this form (amendment or not). */
export function isEdgarForm(form: string): boolean {
  return formSpec(form)?.edgar != null;
}

const squash = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * The canonical form a researcher means for `add` (`mda` -> `MD&A`, `ex-99.2` -> `EX-99.2`), and
 * whether it is a SEDAR+ document type; null when `add` does not take it.
 */
export function addForm(input: string): { form: string; sedar: boolean } | null {
  const raw = input.trim();
  const key = squash(raw);
  for (const f of FORMS) {
    if (f.add !== 'sedar') continue;
    if (squash(f.form) === key || (f.aliases ?? []).some((a) => squash(a) === key)) return { form: f.form, sedar: true };
  }
  const spec = formSpec(raw);
  if (spec?.add === 'local') return { form: raw.toUpperCase(), sedar: false };
  return null;
}

const FORM_IN_NAME = new RegExp(`(${EDGAR_DEFAULT_FORMS.join('|')})`, 'i');

/** The first EDGAR report form named in a file name (`10-K_2024-12-31.htm` -> `10-K`), for `inspect`. */
export function formInFileName(name: string): string | null {
  return FORM_IN_NAME.exec(name)?.[1]?.toUpperCase() ?? null;
}
