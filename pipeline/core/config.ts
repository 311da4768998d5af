/**
 * Configuration, parsed and validated once. Nothing else in the project reads
 * `process.env`: commands call {@link loadConfig} and pass the result down.
 */
import { UserError } from './errors.ts';

export interface Config {
  /** SQLite file the store stage writes and analysts read. */
  dbPath: string;
  /** Redis for the BullMQ queues; null when unset (in-process mode needs none). */
  redisUrl: string | null;
  /** "Name email" sent as User-Agent to the SEC; null until a command needs the network. */
  secUserAgent: string | null;
  /** Base of data.sec.gov (submissions JSON). */
  secDataUrl: string;
  /** Base of www.sec.gov (Archives, company_tickers.json). */
  secWwwUrl: string;
  /** Fleet-wide request budget per second towards the SEC; the SEC allows at most 10. */
  secMaxRps: number;
  /** Folder of the content-addressed raw document cache. */
  cacheDir: string;
  /** How long the whole fleet stops after the SEC's 403 "Request Rate Threshold Exceeded" page. */
  secPauseSeconds: number;
  /** Prefix of every Redis key (BullMQ queues, rate limit, pause): one prefix per deployment. */
  queuePrefix: string;
  /** Worker lock duration: a killed worker's jobs are picked up again after about this long. */
  lockSeconds: number;
}

export const DEFAULTS = {
  dbPath: './minerpivot.db',
  secDataUrl: 'https://data.sec.gov',
  secWwwUrl: 'https://www.sec.gov',
  secMaxRps: 8,
  cacheDir: './.minerpivot-cache',
  secPauseSeconds: 600,
  queuePrefix: 'minerpivot',
  lockSeconds: 30,
} as const;

/** The SEC's fair-access ceiling; a higher budget is refused rather than clamped silently. */
export const SEC_RPS_CEILING = 10;

/** Every variable the project reads, with a one-line description, for `--help` and the README. */
export const ENV_VARS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'MINERPIVOT_DB', description: `SQLite file (default ${DEFAULTS.dbPath})` },
  { name: 'MINERPIVOT_CACHE', description: `raw document cache folder (default ${DEFAULTS.cacheDir})` },
  { name: 'REDIS_URL', description: 'Redis for the BullMQ queues, e.g. redis://127.0.0.1:6379 (only for enqueue/worker/status)' },
  { name: 'SEC_USER_AGENT', description: 'required for EDGAR requests: "Name email", e.g. "Jane Doe Research jane@example.org"' },
  { name: 'SEC_DATA_URL', description: `base URL of data.sec.gov (default ${DEFAULTS.secDataUrl})` },
  { name: 'SEC_WWW_URL', description: `base URL of www.sec.gov (default ${DEFAULTS.secWwwUrl})` },
  { name: 'SEC_MAX_RPS', description: `fleet-wide SEC requests per second, 0 < n <= ${SEC_RPS_CEILING} (default ${DEFAULTS.secMaxRps})` },
  { name: 'SEC_PAUSE_SECONDS', description: `fleet-wide pause after the SEC's 403 rate page (default ${DEFAULTS.secPauseSeconds})` },
  { name: 'MINERPIVOT_QUEUE_PREFIX', description: `prefix of the Redis keys of queues and limits (default ${DEFAULTS.queuePrefix})` },
  { name: 'MINERPIVOT_LOCK_SECONDS', description: `worker job lock; a dead worker's jobs return after it (default ${DEFAULTS.lockSeconds})` },
];

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the environment. Every bad variable is reported in one
 * {@link UserError}, so a user fixes them all in one go.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const text = (name: string): string | null => {
    const value = env[name]?.trim();
    return value ? value : null;
  };

  const url = (name: string, fallback: string): string => {
    const value = text(name) ?? fallback;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        problems.push(`${name}=${value}: must be an http(s) URL`);
      }
    } catch {
      problems.push(`${name}=${value}: not a URL`);
    }
    return value.replace(/\/+$/, '');
  };

  const redisUrl = text('REDIS_URL');
  if (redisUrl !== null && !/^rediss?:\/\/.+/.test(redisUrl)) {
    problems.push(`REDIS_URL=${redisUrl}: must look like redis://host:6379`);
  }

  const secUserAgent = text('SEC_USER_AGENT');
  if (secUserAgent !== null && !/\S+\s+\S*@\S+\.\S+/.test(secUserAgent)) {
    problems.push(
      `SEC_USER_AGENT=${secUserAgent}: the SEC asks for "Name email", e.g. "Jane Doe Research jane@example.org"`,
    );
  }

  let secMaxRps: number = DEFAULTS.secMaxRps;
  const rps = text('SEC_MAX_RPS');
  if (rps !== null) {
    const parsed = Number(rps);
    if (!Number.isFinite(parsed) || parsed <= 0 || parsed > SEC_RPS_CEILING) {
      problems.push(`SEC_MAX_RPS=${rps}: must be a number above 0 and at most ${SEC_RPS_CEILING} (the SEC's limit)`);
    } else {
      secMaxRps = parsed;
    }
  }

  const positive = (name: string, fallback: number, max = Number.POSITIVE_INFINITY): number => {
    const raw = text(name);
    if (raw === null) return fallback;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || parsed <= 0 || parsed > max) {
      problems.push(`${name}=${raw}: must be a number above 0${Number.isFinite(max) ? ` and at most ${max}` : ''}`);
      return fallback;
    }
    return parsed;
  };
  const queuePrefix = text('MINERPIVOT_QUEUE_PREFIX') ?? DEFAULTS.queuePrefix;
  // BullMQ joins key parts with ':', and job ids must not contain it either.
  if (!/^[A-Za-z0-9._-]+$/.test(queuePrefix)) {
    problems.push(`MINERPIVOT_QUEUE_PREFIX=${queuePrefix}: letters, digits, '.', '_' and '-' only`);
  }

  const config: Config = {
    dbPath: text('MINERPIVOT_DB') ?? DEFAULTS.dbPath,
    redisUrl,
    secUserAgent,
    secDataUrl: url('SEC_DATA_URL', DEFAULTS.secDataUrl),
    secWwwUrl: url('SEC_WWW_URL', DEFAULTS.secWwwUrl),
    secMaxRps,
    cacheDir: text('MINERPIVOT_CACHE') ?? DEFAULTS.cacheDir,
    secPauseSeconds: positive('SEC_PAUSE_SECONDS', DEFAULTS.secPauseSeconds, 24 * 3600),
    queuePrefix,
    lockSeconds: positive('MINERPIVOT_LOCK_SECONDS', DEFAULTS.lockSeconds, 3600),
  };

  if (problems.length > 0) {
    throw new UserError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}
