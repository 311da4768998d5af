/**
 * Configuration, parsed and validated once. Nothing else in the project reads
 * `process.env`: commands call {@link loadConfig} and pass the result down.
 * Each variable is declared once below, with its zod schema, default and help
 * line; `--help`, the README table and the validation all come from it.
 */
import { z } from 'zod';
import { UserError } from './errors.ts';

export const DEFAULTS = {
  dbPath: './minerpivot.db',
  secDataUrl: 'https://data.sec.gov',
  secWwwUrl: 'https://www.sec.gov',
  secMaxRps: 8,
  cacheDir: './.minerpivot-cache',
  secPauseSeconds: 600,
  queuePrefix: 'minerpivot',
  lockSeconds: 30,
  maxDocumentMb: 100,
  maxTextChars: 3_000_000,
  documentSeconds: 45,
  downloadSeconds: 120,
  secRetrySeconds: 300,
  secTimeoutSeconds: 60,
  retryPauseSeconds: 30,
} as const;

/** The SEC's fair-access ceiling; a higher budget is refused rather than clamped silently. */
export const SEC_RPS_CEILING = 10;

/** An http(s) base URL, without trailing slashes. */
const baseUrl = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not a URL' });
        return;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
    })
    .transform((value) => value.replace(/\/+$/, ''));

/** A number above 0 and at most `max`. */
const positive = (fallback: number, max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0 || n > max) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return n;
    });

/** Every variable the project reads, by the config field it fills. */
const VARIABLES = {
  /** SQLite file the store stage writes and analysts read. */
  dbPath: { name: 'MINERPIVOT_DB', description: `SQLite file (default ${DEFAULTS.dbPath})`, schema: z.string().default(DEFAULTS.dbPath) },
  /** Folder of the content-addressed raw document cache. */
  cacheDir: {
    name: 'MINERPIVOT_CACHE',
    description: `raw document cache folder (default ${DEFAULTS.cacheDir})`,
    schema: z.string().default(DEFAULTS.cacheDir),
  },
  /** Redis for the BullMQ queues; null when unset (in-process mode needs none). */
  redisUrl: {
    name: 'REDIS_URL',
    description: 'Redis for the BullMQ queues, e.g. redis://127.0.0.1:6379 (only for enqueue/worker/status)',
    schema: z
      .string()
      .regex(/^rediss?:\/\/.+/, 'must look like redis://host:6379')
      .nullable()
      .default(null),
  },
  /** "Name email" sent as User-Agent to the SEC; null until a command needs the network. */
  secUserAgent: {
    name: 'SEC_USER_AGENT',
    description: 'required for EDGAR requests: "Name email", e.g. "Jane Doe Research jane@example.org"',
    schema: z
      .string()
      .regex(/\S+\s+\S*@\S+\.\S+/, 'the SEC asks for "Name email", e.g. "Jane Doe Research jane@example.org"')
      .nullable()
      .default(null),
  },
  /** Base of data.sec.gov (submissions JSON). */
  secDataUrl: { name: 'SEC_DATA_URL', description: `base URL of data.sec.gov (default ${DEFAULTS.secDataUrl})`, schema: baseUrl(DEFAULTS.secDataUrl) },
  /** Base of www.sec.gov (Archives, company_tickers.json). */
  secWwwUrl: { name: 'SEC_WWW_URL', description: `base URL of www.sec.gov (default ${DEFAULTS.secWwwUrl})`, schema: baseUrl(DEFAULTS.secWwwUrl) },
  /** Fleet-wide request budget per second towards the SEC; the SEC allows at most 10. */
  secMaxRps: {
    name: 'SEC_MAX_RPS',
    description: `fleet-wide SEC requests per second, 0 < n <= ${SEC_RPS_CEILING} (default ${DEFAULTS.secMaxRps})`,
    schema: positive(DEFAULTS.secMaxRps, SEC_RPS_CEILING, `must be a number above 0 and at most ${SEC_RPS_CEILING} (the SEC's limit)`),
  },
  /** How long the whole fleet stops after the SEC's 403 "Request Rate Threshold Exceeded" page. */
  secPauseSeconds: {
    name: 'SEC_PAUSE_SECONDS',
    description: `fleet-wide pause after the SEC's 403 rate page (default ${DEFAULTS.secPauseSeconds})`,
    schema: positive(DEFAULTS.secPauseSeconds, 24 * 3600, `must be a number above 0 and at most ${24 * 3600}`),
  },
  /**
   * How long one EDGAR request keeps retrying faults (5xx, resets, cut bodies, timeouts) before it
   * fails: minutes, to outlast a burst. Waits for the rate limit or a 403 pause do not count.
   */
  secRetrySeconds: {
    name: 'SEC_RETRY_SECONDS',
    description: `how long one EDGAR request retries 5xx, resets, cut bodies and timeouts (default ${DEFAULTS.secRetrySeconds})`,
    schema: positive(DEFAULTS.secRetrySeconds, 24 * 3600, `must be a number above 0 and at most ${24 * 3600}`),
  },
  /** One attempt of an EDGAR request: no complete answer within this long is a fault (retried). */
  secTimeoutSeconds: {
    name: 'SEC_TIMEOUT_SECONDS',
    description: `one EDGAR attempt without a complete answer within this long is retried (default ${DEFAULTS.secTimeoutSeconds})`,
    schema: positive(DEFAULTS.secTimeoutSeconds, 3600, 'must be a number above 0 and at most 3600'),
  },
  /** `run`: the pause before failed transient work is tried once more at the end of the run. */
  retryPauseSeconds: {
    name: 'MINERPIVOT_RETRY_PAUSE_SECONDS',
    description: `run: pause before filings that failed for a transient reason are tried once more (default ${DEFAULTS.retryPauseSeconds})`,
    schema: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return DEFAULTS.retryPauseSeconds;
        const n = Number(value);
        if (!Number.isFinite(n) || n < 0 || n > 3600) {
          ctx.addIssue({ code: 'custom', message: 'must be a number from 0 to 3600' });
          return z.NEVER;
        }
        return n;
      }),
  },
  /** Prefix of every Redis key (BullMQ queues, rate limit, pause): one prefix per deployment. */
  queuePrefix: {
    name: 'MINERPIVOT_QUEUE_PREFIX',
    description: `prefix of the Redis keys of queues and limits (default ${DEFAULTS.queuePrefix})`,
    // BullMQ joins key parts with ':', and job ids must not contain it either.
    schema: z.string().regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' and '-' only").default(DEFAULTS.queuePrefix),
  },
  /** Worker lock duration: a killed worker's jobs are picked up again after about this long. */
  lockSeconds: {
    name: 'MINERPIVOT_LOCK_SECONDS',
    description: `worker job lock; a dead worker's jobs return after it (default ${DEFAULTS.lockSeconds})`,
    schema: positive(DEFAULTS.lockSeconds, 3600, 'must be a number above 0 and at most 3600'),
  },
  /** Larger documents (a file, a download after decompression) are refused with their size: bounded work per document. */
  maxDocumentMb: {
    name: 'MINERPIVOT_MAX_DOCUMENT_MB',
    description: `largest document read or downloaded, in MB (default ${DEFAULTS.maxDocumentMb})`,
    schema: positive(DEFAULTS.maxDocumentMb, 4096, 'must be a number of MB above 0 and at most 4096'),
  },
  /**
   * Longest extracted text of one document: classification costs 2-40 s per million characters
   * (more when long sentences are dense with terms), so a larger text could not be scored in the
   * time budget. The corpus's largest document has 0.6 million.
   */
  maxTextChars: {
    name: 'MINERPIVOT_MAX_TEXT_CHARS',
    description: `longest extracted text of one document, in characters (default ${DEFAULTS.maxTextChars})`,
    schema: positive(DEFAULTS.maxTextChars, 1e9, 'must be a number of characters above 0 and at most 1000000000'),
  },
  /** Time budget of one document's extraction: past it the filing is recorded as failed and the run goes on. */
  documentSeconds: {
    name: 'MINERPIVOT_DOCUMENT_SECONDS',
    description: `time budget to extract one document, in seconds (default ${DEFAULTS.documentSeconds})`,
    schema: positive(DEFAULTS.documentSeconds, 3600, 'must be a number of seconds above 0 and at most 3600'),
  },
  /** Total time limit of one URL download (`add URL`), redirects included. */
  downloadSeconds: {
    name: 'MINERPIVOT_DOWNLOAD_SECONDS',
    description: `time limit of one URL download, redirects included (default ${DEFAULTS.downloadSeconds})`,
    schema: positive(DEFAULTS.downloadSeconds, 3600, 'must be a number of seconds above 0 and at most 3600'),
  },
} as const;

type Variables = typeof VARIABLES;
export type Config = { -readonly [K in keyof Variables]: z.output<Variables[K]['schema']> };

/** Every variable the project reads, with a one-line description, for `--help` and the README. */
export const ENV_VARS: ReadonlyArray<{ name: string; description: string }> = Object.values(VARIABLES).map((v) => ({
  name: v.name,
  description: v.description,
}));

type Env = Readonly<Record<string, string | undefined>>;

/** The configuration fields, for commands that read only some of them. */
export type ConfigKey = keyof Config;

/**
 * Reads and validates the environment. Every bad variable is reported in one
 * {@link UserError}, so a user fixes them all in one go. A blank variable counts as unset.
 * With `only`, the other variables are not read at all (they keep their defaults): a command
 * does not fail on a variable it never uses.
 */
export function loadConfig(env: Env = process.env, only?: ReadonlyArray<ConfigKey>): Config {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(VARIABLES)) {
    const used = only === undefined || only.includes(key as ConfigKey);
    const raw = used ? env[variable.name]?.trim() || undefined : undefined;
    const parsed = (variable.schema as z.ZodType).safeParse(raw);
    if (parsed.success) config[key] = parsed.data;
    // A User-Agent holds an email: name the variable, never echo its value.
    else problems.push(`${variable.name}${key === 'secUserAgent' ? '' : `=${raw}`}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (problems.length > 0) {
    throw new UserError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config as Config;
}
