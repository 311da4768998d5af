/**
 * The submissions JSON of data.sec.gov, parsed and filtered. Pure.
 *
 * `filings.recent` holds the latest filings (about 1,000) as column arrays;
 * older ones sit in the pages listed in `filings.files`, whose top level is
 * the bare column arrays, with no `filings.recent` wrapper.
 */
import { z } from 'zod';

const columns = {
  accessionNumber: z.array(z.string()),
  filingDate: z.array(z.string()),
  reportDate: z.array(z.string()).optional(),
  form: z.array(z.string()),
  primaryDocument: z.array(z.string()).optional(),
  primaryDocDescription: z.array(z.string()).optional(),
};

/** One page of column arrays: `filings.recent`, or an older page as a whole. */
const ColumnsSchema = z.object(columns);
type Columns = z.infer<typeof ColumnsSchema>;

const PageRefSchema = z.object({
  name: z.string().regex(/^CIK\d{10}-submissions-\d{3}\.json$/, 'unexpected page name'),
  filingCount: z.number().optional(),
  filingFrom: z.string().optional(),
  filingTo: z.string().optional(),
});
export type SubmissionsPageRef = z.infer<typeof PageRefSchema>;

const SubmissionsSchema = z.object({
  cik: z.union([z.string(), z.number()]),
  name: z.string(),
  tickers: z.array(z.string()).optional(),
  formerNames: z.array(z.object({ name: z.string() })).optional(),
  stateOfIncorporation: z.string().nullable().optional(),
  filings: z.object({ recent: ColumnsSchema, files: z.array(PageRefSchema).optional() }),
});

/** One row of the column arrays. */
export interface FilingEntry {
  accession: string;
  form: string;
  filingDate: string;
  /** Period of report; null when EDGAR leaves it empty (8-K, 6-K often). */
  reportDate: string | null;
  primaryDocument: string | null;
  primaryDocDescription: string | null;
}

/** What a filer's main submissions JSON says. */
export interface Submissions {
  cik: string;
  name: string;
  tickers: string[];
  formerNames: string[];
  recent: FilingEntry[];
  /** Older pages, to fetch only when the date range reaches them. */
  pages: SubmissionsPageRef[];
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown problem';
}

function rows(c: Columns): FilingEntry[] {
  const out: FilingEntry[] = [];
  for (let i = 0; i < c.accessionNumber.length; i++) {
    const empty = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null);
    out.push({
      accession: c.accessionNumber[i]!,
      form: c.form[i] ?? '',
      filingDate: c.filingDate[i] ?? '',
      reportDate: empty(c.reportDate?.[i]),
      primaryDocument: empty(c.primaryDocument?.[i]),
      primaryDocDescription: empty(c.primaryDocDescription?.[i]),
    });
  }
  return out;
}

/** Parses `/submissions/CIK##########.json`. Throws with the first bad field. */
export function parseSubmissions(json: unknown): Submissions {
  const parsed = SubmissionsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`unexpected submissions JSON: ${describe(parsed.error)}`);
  const d = parsed.data;
  return {
    cik: String(d.cik).padStart(10, '0'),
    name: d.name,
    tickers: d.tickers ?? [],
    formerNames: (d.formerNames ?? []).map((f) => f.name),
    recent: rows(d.filings.recent),
    pages: d.filings.files ?? [],
  };
}

/** Parses an older page `/submissions/CIK##########-submissions-001.json` (bare column arrays). */
export function parseSubmissionsPage(json: unknown): FilingEntry[] {
  const parsed = ColumnsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`unexpected submissions page: ${describe(parsed.error)}`);
  return rows(parsed.data);
}

/** Which filings a user asked for. Dates are inclusive YYYY-MM-DD. */
export interface FilingFilter {
  /** Base forms, upper case: `10-K`, `6-K`. */
  forms: string[];
  since: string | null;
  until: string | null;
  /** Also keep `10-K/A` and the like. Off by default: amendments often repeat a few pages only. */
  amendments: boolean;
}

/** True when a filing's form and date pass the filter. */
export function matchesFilter(entry: FilingEntry, filter: FilingFilter): boolean {
  const form = entry.form.toUpperCase();
  const base = form.endsWith('/A') ? form.slice(0, -2) : form;
  if (!filter.forms.includes(base)) return false;
  if (base !== form && !filter.amendments) return false;
  if (filter.since && entry.filingDate < filter.since) return false;
  if (filter.until && entry.filingDate > filter.until) return false;
  return true;
}

/** An older page is worth fetching only when its date span meets the filter's range. */
export function pageOverlaps(page: SubmissionsPageRef, filter: FilingFilter): boolean {
  if (filter.since && page.filingTo && page.filingTo < filter.since) return false;
  if (filter.until && page.filingFrom && page.filingFrom > filter.until) return false;
  return true;
}
