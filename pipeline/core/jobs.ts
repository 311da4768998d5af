/**
 * The job catalogue: the one place that names the pipeline's stages, the payload
 * each stage receives, how payloads read back from Redis are validated, and the
 * retry policy of each queue. The in-process runner and the BullMQ workers both
 * read it; nothing else invents a stage or a payload shape.
 */
import { z } from 'zod';
import { BUSINESS_LINES, CORE_CLAIMS, MODALITIES, TOPICS } from './vocabulary.ts';

/** Stages in pipeline order. One BullMQ queue per stage. */
export const STAGES = ['fetch', 'extract', 'score', 'store'] as const;
export type Stage = (typeof STAGES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** Who filed: enough to upsert the issuer row by its natural key. */
export const IssuerRefSchema = z.object({
  /** Natural key: `cik-0001167419` when the CIK is known, else `name-<slug>`. */
  key: z.string().min(1),
  name: z.string().min(1),
  /** Former and alternative names; the scorer masks them like the name. */
  aliases: z.array(z.string()),
  cik: z.string().regex(/^\d{10}$/).nullable(),
  tickers: z.array(z.string()),
  country: z.string().nullable(),
  sedarProfile: z.string().nullable(),
});
export type IssuerRef = z.infer<typeof IssuerRefSchema>;

/** What is known about a filing before and after fetching it. */
export const FilingRefSchema = z.object({
  /** Natural key: the accession number, or `doc-<hash>` for a document without one. No `:` (BullMQ job ids). */
  key: z.string().regex(/^[A-Za-z0-9._-]+$/),
  issuer: IssuerRefSchema,
  accession: z.string().nullable(),
  form: z.string().min(1),
  filedAt: isoDate.nullable(),
  periodEnd: isoDate.nullable(),
  /** Where the filing came from, for the analyst: `edgar`, `sedar` or `local` (a file of the user's). */
  source: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** Path or URL the filing came from, for the analyst to open. */
  sourceRef: z.string(),
});
export type FilingRef = z.infer<typeof FilingRefSchema>;

/**
 * Where fetch finds the bytes of a filing: a `kind` naming the source that reads it
 * (`file`, `edgar`, `url`; see sources/registry.ts) and that source's fields, which the
 * source validates itself when it fetches.
 */
export const LocationSchema = z.looseObject({ kind: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a source kind') });
export type Location = z.infer<typeof LocationSchema>;

/** A fetched document: bytes live on disk (the local file itself, or the raw cache). */
export const RawDocumentSchema = z.object({
  name: z.string(),
  /** Absolute path of the bytes (a local file, or a raw-cache entry). */
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  origin: z.string(),
  documentType: z.string().nullable(),
});
export type RawDocument = z.infer<typeof RawDocumentSchema>;

const SectionSchema = z.object({
  key: z.string(),
  title: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  confidence: z.number(),
  method: z.string(),
  flags: z.array(z.string()),
});

const SentenceSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  section: z.string().nullable(),
  page: z.number().int().nullable(),
});

export const TopicSchema = z.enum(TOPICS);
export const ModalitySchema = z.enum(MODALITIES);
export const CoreClaimSchema = z.enum(CORE_CLAIMS);

const LabelledSentenceSchema = SentenceSchema.extend({
  topics: z.array(TopicSchema),
  modality: ModalitySchema.nullable(),
  coreClaim: CoreClaimSchema,
  terms: z.array(z.string()),
  weight: z.number(),
});

/** A revenue (or credit) fact of a document's inline XBRL, mapped to a business line (pipeline/scoring/revenue.ts). */
export const RevenueFactSchema = z.object({
  concept: z.string(),
  kind: z.enum(['revenue', 'credit']),
  contextId: z.string(),
  factId: z.string().nullable(),
  axis: z.string().nullable(),
  member: z.string().nullable(),
  dimensions: z.array(z.object({ axis: z.string(), member: z.string() })),
  periodStart: isoDate.nullable(),
  periodEnd: isoDate.nullable(),
  months: z.number().int().nullable(),
  value: z.number(),
  unit: z.string(),
  displayed: z.string(),
  decimals: z.string().nullable(),
  scale: z.number().int(),
  sign: z.literal('-').nullable(),
  duplicates: z.number().int().nonnegative(),
  line: z.enum(BUSINESS_LINES).nullable(),
  lineBasis: z.string().nullable(),
});
export type RevenueFact = z.infer<typeof RevenueFactSchema>;

/** A document after extraction; `sentences` covers the whole text. */
export const ExtractedDocSchema = RawDocumentSchema.extend({
  kind: z.enum(['html', 'text', 'pdf', 'sgml']),
  encoding: z.string(),
  text: z.string(),
  wordCount: z.number().int().nonnegative(),
  sections: z.array(SectionSchema),
  pages: z.array(z.object({ page: z.number().int(), start: z.number().int(), end: z.number().int() })),
  warnings: z.array(z.string()),
  sentences: z.array(SentenceSchema),
  /**
   * Revenue facts of its inline XBRL (none for PDF, plain text and untagged HTML). Absent when the document
   * was not extracted again (a rescore from stored text): the stored facts then stay.
   */
  revenueFacts: z.array(RevenueFactSchema).optional(),
});
export type ExtractedDoc = z.infer<typeof ExtractedDocSchema>;

/** A document after scoring: only the sentences that carry a label are kept as evidence. */
export const ScoredDocSchema = ExtractedDocSchema.omit({ sentences: true }).extend({
  sentenceCount: z.number().int().nonnegative(),
  evidence: z.array(LabelledSentenceSchema),
});
export type ScoredDoc = z.infer<typeof ScoredDocSchema>;

/** A filing's numbers for one topic. */
export const TopicScoreSchema = z.object({
  /** Sum of the weights of the topic's sentences (section x modality; denials count against it). */
  mass: z.number(),
  /** The same, over sentences stated as facts only. */
  factMass: z.number(),
  /** Labelled sentences of the topic, whatever their weight. */
  sentences: z.number().int(),
  /** Mass per 10,000 words of the filing (never below 0). */
  density: z.number(),
  /** Sentences claiming the topic is the filer's core business (always 0 for topics that cannot be one). */
  coreClaims: z.number().int(),
});
export type TopicScore = z.infer<typeof TopicScoreSchema>;

export const FilingScoreSchema = z.object({
  scorerVersion: z.string(),
  words: z.number().int().nonnegative(),
  sentences: z.number().int().nonnegative(),
  /** One entry per topic of the vocabulary. */
  topics: z.record(TopicSchema, TopicScoreSchema),
  pivotIndex: z.number().min(-1).max(1),
  factPivotIndex: z.number().min(-1).max(1),
});
export type FilingScore = z.infer<typeof FilingScoreSchema>;

/** Payload of each stage's job: a discriminated union on `stage`. */
export const JobPayloadSchema = z.discriminatedUnion('stage', [
  z.object({ stage: z.literal('fetch'), filing: FilingRefSchema, location: LocationSchema }),
  z.object({ stage: z.literal('extract'), filing: FilingRefSchema, documents: z.array(RawDocumentSchema) }),
  z.object({ stage: z.literal('score'), filing: FilingRefSchema, documents: z.array(ExtractedDocSchema) }),
  z.object({
    stage: z.literal('store'),
    filing: FilingRefSchema,
    outcome: z.discriminatedUnion('status', [
      z.object({ status: z.literal('scored'), documents: z.array(ScoredDocSchema), score: FilingScoreSchema }),
      z.object({ status: z.literal('failed'), failedStage: z.enum(STAGES), reason: z.string() }),
    ]),
  }),
]);
export type JobPayload = z.infer<typeof JobPayloadSchema>;
export type PayloadOf<S extends Stage> = Extract<JobPayload, { stage: S }>;
export type StoreOutcome = PayloadOf<'store'>['outcome'];

/**
 * Validates a payload read from outside the process (Redis). Throws a one-line
 * error naming the first bad field, so a poisoned job fails permanently and visibly.
 */
export function parsePayload(data: unknown): JobPayload {
  const result = JobPayloadSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new Error(`invalid job payload at ${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return result.data;
}

/**
 * Retry policy per queue. Network faults are retried in one layer only, the EDGAR client (Retry-After,
 * backoff with jitter, waits for the rate limit or a 403 pause that burn no attempt): a fetch job that
 * still fails after the client's retry budget (minutes) has met a lasting fault, and the queue does not
 * try it again on top (`minerpivot retry` does, when asked). A killed worker's job comes back through BullMQ's stalled-job
 * check, which takes no attempt either. Extract, score and store retry once or more for a crashed thread
 * or a busy database.
 */
export const RETRY: Record<Stage, { attempts: number; backoffMs: number }> = {
  fetch: { attempts: 1, backoffMs: 5_000 },
  extract: { attempts: 2, backoffMs: 1_000 },
  score: { attempts: 2, backoffMs: 1_000 },
  store: { attempts: 5, backoffMs: 500 },
};

/** Deterministic job id: re-enqueueing the same filing for the same stage is a no-op. */
export function jobId(stage: Stage, filingKey: string): string {
  return `${stage}-${filingKey}`;
}
