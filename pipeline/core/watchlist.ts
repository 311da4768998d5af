/**
 * The watchlist: the issuers `minerpivot batch` brings up to date. The default
 * one is `known-issuers.json` (its entries with `watch: true`), the same list
 * `issuers.ts` reads for tickers, country and miner flag, so there is one list.
 * A user's `--watchlist FILE` is a JSON array of `{ticker, cik, name}` objects
 * with the optional fields below, validated here with one-line errors. Pure.
 */
import { z } from 'zod';
import { UserError } from './errors.ts';
import { isEdgarForm } from './forms.ts';
import knownIssuers from './known-issuers.json' with { type: 'json' };

const cikField = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((v) => String(v).trim())
  .refine((v) => /^\d{1,10}$/.test(v), 'expected a CIK of up to 10 digits')
  .transform((v) => v.padStart(10, '0'));

const edgarForm = z
  .string()
  .transform((f) => f.trim().toUpperCase())
  .superRefine((f, ctx) => {
    if (!isEdgarForm(f)) ctx.addIssue({ code: 'custom', message: `${f} is not an EDGAR form minerpivot reads` });
  });

/** One watched issuer. `cik` null: files on SEDAR+ only (its documents come through `minerpivot add`). */
export const WatchlistEntrySchema = z.strictObject({
  ticker: z.string().trim().min(1, 'expected a ticker').transform((t) => t.toUpperCase()),
  cik: cikField.nullable(),
  name: z.string().trim().min(1, 'expected a name'),
  /** EDGAR forms to take; empty or absent: the batch default (10-K, 10-Q, 8-K, 20-F, 40-F, 6-K). */
  forms: z.array(edgarForm).optional(),
  /** ISO 3166 alpha-2 country of the headquarters. */
  country: z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter country code (US, CA)').optional(),
  miner: z.boolean().optional(),
  /** In the default watchlist (known-issuers.json); a user's file is watched whole. */
  watch: z.boolean().optional(),
  /** `["sedar"]` for issuers without a CIK. */
  sources: z.array(z.enum(['edgar', 'sedar'])).optional(),
  sedarProfile: z.string().regex(/^\d+$/, 'expected the digits of a SEDAR+ profile').optional(),
  note: z.string().optional(),
});
export type WatchlistEntry = z.output<typeof WatchlistEntrySchema>;

const WatchlistSchema = z.array(WatchlistEntrySchema).superRefine((entries, ctx) => {
  const seen = new Map<string, number>();
  for (const [i, e] of entries.entries()) {
    const key = e.cik ?? `ticker ${e.ticker}`;
    const first = seen.get(key);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i], message: `${e.ticker} repeats entry [${first}] (${key})` });
    else seen.set(key, i);
  }
});

/** "[3].cik: expected a CIK of up to 10 digits": the first problem of a watchlist, on one line. */
function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'not a watchlist';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${path || '(root)'}: ${issue.message}`;
}

/**
 * Validates a watchlist read from `where` (a file name, for the message).
 *
 * @throws UserError naming the file and the first bad field.
 */
export function parseWatchlist(json: unknown, where: string): WatchlistEntry[] {
  if (!Array.isArray(json)) throw new UserError(`${where}: expected a JSON array of {"ticker", "cik", "name"} objects`);
  const parsed = WatchlistSchema.safeParse(json);
  if (!parsed.success) throw new UserError(`${where}: ${firstProblem(parsed.error)}`);
  return parsed.data;
}

/** The issuer key of a watched issuer, as issuers.ts builds it: `cik-##########`, else `name-<slug>`. */
export function watchlistIssuerKey(entry: Pick<WatchlistEntry, 'cik' | 'name'>): string {
  return entry.cik ? `cik-${entry.cik}` : `name-${slugOf(entry.name)}`;
}

/** The slug of an issuer key without CIK. */
export function slugOf(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/** Every issuer this project follows (known-issuers.json), watched or not. */
export const FOLLOWED_ISSUERS: ReadonlyArray<WatchlistEntry> = parseWatchlist(
  (knownIssuers as { issuers: unknown }).issuers,
  'pipeline/core/known-issuers.json',
);

/** The default watchlist of `minerpivot batch`: the followed issuers marked `watch: true`. */
export const DEFAULT_WATCHLIST: ReadonlyArray<WatchlistEntry> = FOLLOWED_ISSUERS.filter((e) => e.watch === true);
