/**
 * A local HTTP server in EDGAR's shapes, for tests: it serves fixture files at
 * EDGAR's paths under two bases (`/data` for data.sec.gov, `/www` for
 * www.sec.gov), records every request (time, User-Agent, Accept-Encoding),
 * counts requests per one-second window, gzips when asked, and can be told to
 * answer 429 with Retry-After, 503, the SEC's 403 rate page, or to hold a
 * response for a while (to kill a worker mid-request). With {@link EdgarServer.faults}
 * it answers a seeded share of requests with a fault: 503 with Retry-After, a
 * connection reset, a body cut short of its Content-Length, or a stall mid-body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { seededRandom } from './random.ts';

/** Fixture tree of fictional issuers: `data/` and `www/` mirror the two hosts. */
export const EDGAR_FIXTURES = fileURLToPath(new URL('../fixtures/edgar/', import.meta.url));

export interface RecordedRequest {
  /** Epoch ms of arrival. */
  at: number;
  /** Path without the base (`/submissions/CIK0009990001.json`). */
  path: string;
  base: 'data' | 'www' | 'other';
  userAgent: string | undefined;
  acceptEncoding: string | undefined;
  status: number;
  /** The injected fault this request met, if any. */
  fault?: FaultKind;
}

/** The faults {@link EdgarServer.faults} injects. */
export const FAULT_KINDS = ['503', 'reset', 'truncate', 'stall'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A seeded share of faulty answers. */
export interface FaultPlan {
  /** Share of requests that meet a fault, 0 to 1. */
  rate: number;
  /** Seed of the generator: the same seed and request order give the same faults. */
  seed: number;
  kinds?: ReadonlyArray<FaultKind>;
  /** Retry-After of the 503s (default '1'). */
  retryAfter?: string;
  /** How long a stall holds the second half of a body (default 3000 ms; set it above the client's timeout). */
  stallMs?: number;
  /** Only paths that match (default all). */
  match?: RegExp;
}


/** A scripted answer for matching paths, used `times` times (default: forever). */
export interface Rule {
  match: RegExp;
  status?: 429 | 503 | 403 | 404 | 500;
  retryAfter?: string;
  /** Body of the scripted answer; the 403 default is the SEC's rate page. */
  body?: string;
  /** Serve the real file, but only after this many ms (status ignored). */
  delayMs?: number;
  /** Serve the real file uncompressed with its full Content-Length, but close the connection halfway (status ignored). */
  truncate?: boolean;
  /** Close the connection without an answer (status ignored). */
  reset?: boolean;
  /** Answer 302 to this URL (status ignored). */
  redirectTo?: string;
  times?: number;
}

export interface EdgarServer {
  /** Base to use as SEC_DATA_URL. */
  dataUrl: string;
  /** Base to use as SEC_WWW_URL. */
  wwwUrl: string;
  requests: RecordedRequest[];
  /** Adds a scripted answer; rules are tried in order before the files. */
  rule(rule: Rule): void;
  /** Injects faults into a seeded share of the answers from now on (null: none); rules still come first. */
  faults(plan: FaultPlan | null): void;
  /** Serves `file` at `path` (e.g. a real body from ../shared/corpus) on a base. */
  serveFile(base: 'data' | 'www', path: string, file: string): void;
  /** The most requests seen in any window of `windowMs` (sliding). */
  maxInWindow(windowMs?: number): number;
  /** Requests whose path matches. */
  hits(match: RegExp): RecordedRequest[];
  reset(): void;
  env(): Record<string, string>;
  close(): Promise<void>;
}

const RATE_PAGE = readFileSync(join(EDGAR_FIXTURES, 'errors/rate-threshold-403.html'), 'utf8');
const NOT_FOUND = readFileSync(join(EDGAR_FIXTURES, 'errors/not-found-404.xml'), 'utf8');

function contentType(path: string): string {
  if (path.endsWith('.json')) return 'application/json';
  if (/\.html?$/.test(path)) return 'text/html';
  if (path.endsWith('.txt')) return 'text/plain';
  return 'application/octet-stream';
}

/** Max number of times within any window of `windowMs` (half-open, sliding). */
export function maxInWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let i = 0;
  for (let j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

export interface EdgarServerOptions {
  /** Every answer waits this long before it is sent, like a distant server (the fetch benchmark uses 20 ms). */
  latencyMs?: number;
}

export async function startEdgarServer(root = EDGAR_FIXTURES, options: EdgarServerOptions = {}): Promise<EdgarServer> {
  const latencyMs = options.latencyMs ?? 0;
  const requests: RecordedRequest[] = [];
  const rules: Array<Rule & { used: number }> = [];
  const extra = new Map<string, string>();

  let faultPlan: FaultPlan | null = null;
  let random = seededRandom(0);

  /** How a body is sent: whole, or cut halfway (the connection closed), or stalled halfway. */
  type Delivery = { kind: 'whole' } | { kind: 'cut'; gzip: boolean } | { kind: 'stall'; ms: number };

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: Buffer | string,
    type: string,
    headers: Record<string, string> = {},
    delivery: Delivery = { kind: 'whole' },
  ) {
    let data = typeof body === 'string' ? Buffer.from(body) : body;
    const out: Record<string, string> = { 'content-type': type, ...headers };
    const gzip = delivery.kind === 'cut' ? delivery.gzip : true;
    if (gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      data = gzipSync(data);
      out['content-encoding'] = 'gzip';
    }
    res.writeHead(status, { ...out, 'content-length': String(data.length) });
    if (delivery.kind === 'whole') {
      res.end(data);
      return;
    }
    const half = Math.floor(data.length / 2);
    res.write(data.subarray(0, half));
    if (delivery.kind === 'cut') {
      // Let the first half leave, then drop the connection: a body shorter than its Content-Length.
      setTimeout(() => res.destroy(), 20);
      return;
    }
    const timer = setTimeout(() => res.end(data.subarray(half)), delivery.ms);
    res.on('close', () => clearTimeout(timer));
  }

  /** The fault this request meets under the plan, if any. */
  function drawFault(path: string): FaultKind | null {
    if (!faultPlan || (faultPlan.match && !faultPlan.match.test(path))) return null;
    if (random() >= faultPlan.rate) return null;
    const kinds = faultPlan.kinds ?? FAULT_KINDS;
    return kinds[Math.floor(random() * kinds.length)] ?? null;
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, first, ...rest] = url.pathname.split('/');
    const base: RecordedRequest['base'] = first === 'data' || first === 'www' ? first : 'other';
    const path = base === 'other' ? url.pathname : `/${rest.join('/')}`;
    const record: RecordedRequest = {
      at: Date.now(),
      path,
      base,
      userAgent: req.headers['user-agent'],
      acceptEncoding: req.headers['accept-encoding'] as string | undefined,
      status: 0,
    };
    requests.push(record);

    const rule = rules.find((r) => r.match.test(path) && (r.times === undefined || r.used < r.times));
    if (rule) rule.used++;
    const fault = rule ? null : drawFault(path);
    if (fault) record.fault = fault;
    const serveFile = (delivery: Delivery = { kind: 'whole' }) => {
      const file = extra.get(`${base}${path}`) ?? join(root, base, normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, ''));
      let body: Buffer | null = null;
      try {
        if (statSync(file).isFile()) body = readFileSync(file);
      } catch {
        body = null;
      }
      record.status = body ? 200 : 404;
      if (body) send(req, res, 200, body, contentType(path), {}, delivery);
      else send(req, res, 404, NOT_FOUND, 'application/xml');
    };
    if (rule?.reset || fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (rule?.redirectTo) {
      record.status = 302;
      res.writeHead(302, { location: rule.redirectTo, 'content-length': '0' });
      res.end();
      return;
    }
    if (rule?.truncate) {
      serveFile({ kind: 'cut', gzip: false });
      return;
    }
    if (fault === 'truncate') {
      serveFile({ kind: 'cut', gzip: true });
      return;
    }
    if (fault === 'stall') {
      serveFile({ kind: 'stall', ms: faultPlan?.stallMs ?? 3000 });
      return;
    }
    if (fault === '503') {
      record.status = 503;
      send(req, res, 503, '<html><body>503 Service Unavailable</body></html>', 'text/html', { 'retry-after': faultPlan?.retryAfter ?? '1' });
      return;
    }
    if (rule && rule.delayMs !== undefined) {
      setTimeout(serveFile, rule.delayMs + latencyMs);
      return;
    }
    if (latencyMs > 0 && !rule) {
      setTimeout(serveFile, latencyMs);
      return;
    }
    if (rule) {
      const status = rule.status ?? 503;
      record.status = status;
      const headers: Record<string, string> = rule.retryAfter !== undefined ? { 'retry-after': rule.retryAfter } : {};
      const body = rule.body ?? (status === 403 ? RATE_PAGE : status === 404 ? NOT_FOUND : `<html><body>${status}</body></html>`);
      send(req, res, status, body, status === 403 ? 'text/html' : 'text/html', headers);
      return;
    }
    serveFile();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const origin = `http://127.0.0.1:${address.port}`;

  const dataUrl = `${origin}/data`;
  const wwwUrl = `${origin}/www`;
  return {
    dataUrl,
    wwwUrl,
    requests,
    rule: (rule) => rules.push({ ...rule, used: 0 }),
    faults: (plan) => {
      faultPlan = plan;
      random = seededRandom(plan?.seed ?? 0);
    },
    serveFile: (base, path, file) => extra.set(`${base}${path}`, file),
    maxInWindow: (windowMs = 1000) => maxInWindow(requests.map((r) => r.at), windowMs),
    hits: (match) => requests.filter((r) => match.test(r.path)),
    reset: () => {
      requests.length = 0;
      rules.length = 0;
      faultPlan = null;
    },
    env: () => ({ SEC_DATA_URL: dataUrl, SEC_WWW_URL: wwwUrl }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
