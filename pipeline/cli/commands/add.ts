/**
 * `minerpivot add`: documents a researcher brings (SEDAR+ has no API and forbids
 * crawling), one on the command line or many from a CSV, run in this process
 * through fetch -> extract -> score -> store like `run`.
 */
import { filingOutcome, type FilingOutcome } from '../../../db/queries.ts';
import { FilingRepository } from '../../../db/repository.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { createHandlers } from '../../run/handlers.ts';
import { localExtractDeps } from '../../stages/extract.ts';
import type { FilingRef, PayloadOf } from '../../core/jobs.ts';
import { runInProcess, type RunEvent } from '../../run/runner.ts';
import { ADD_MANIFEST_COLUMNS, planAdd, planAddManifest, SEDAR_FORMS, type AddPlan } from '../../sources/sedar/intake.ts';
import { openSources } from '../../sources/registry.ts';
import type { Command, ParsedArgs } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { DB_OPTION, flag, JSON_OPTION, stringOption } from '../shared/options.ts';

/** Per-document flags: given with FILE_OR_URL, refused with --manifest (the CSV has a column for each). */
const DOCUMENT_FLAGS = ['issuer', 'ticker', 'cik', 'sedar-profile', 'form', 'date'] as const;

/** What became of one added document, as printed and as `--json` reports it. */
export interface AddOutcome {
  filing: string;
  issuer: string;
  issuerKey: string;
  form: string;
  date: string | null;
  source: FilingRef['source'];
  sourceRef: string;
  status: 'stored' | 'duplicate' | 'failed';
  stage: string | null;
  reason: string | null;
  documents: number;
  duplicateOf: FilingOutcome['duplicateOf'];
  duplicateDocuments: FilingOutcome['duplicateDocuments'];
}

function planOf(args: ParsedArgs): AddPlan {
  const manifest = stringOption(args, 'manifest');
  if (manifest !== undefined) {
    if (args.positionals.length > 0) throw new UserError('give either FILE_OR_URL or --manifest CSV, not both');
    const given = DOCUMENT_FLAGS.filter((f) => stringOption(args, f) !== undefined);
    if (given.length > 0) throw new UserError(`--${given[0]} is a column of the CSV, not an option with --manifest`);
    return planAddManifest(manifest);
  }
  const [target, ...extra] = args.positionals;
  if (!target || extra.length > 0) throw new UserError('give exactly one FILE_OR_URL (or --manifest CSV)');
  const missing = (['issuer', 'form', 'date'] as const).filter((f) => stringOption(args, f) === undefined);
  if (missing.length > 0) throw new UserError(`missing ${missing.map((m) => `--${m}`).join(', ')} (see minerpivot add --help)`);
  const job = planAdd(
    {
      pathOrUrl: target,
      issuer: stringOption(args, 'issuer')!,
      ticker: stringOption(args, 'ticker') ?? null,
      cik: stringOption(args, 'cik') ?? null,
      sedarProfile: stringOption(args, 'sedar-profile') ?? null,
      form: stringOption(args, 'form')!,
      date: stringOption(args, 'date')!,
    },
    process.cwd(),
  );
  return { origin: '', jobs: [job], problems: [] };
}

function label(filing: FilingRef): string {
  return `${filing.issuer.tickers[0] ?? filing.issuer.name} ${filing.form} ${filing.filedAt ?? ''}`.trim();
}

function outcomeLine(o: AddOutcome, job: PayloadOf<'fetch'>): string {
  const what = label(job.filing);
  if (o.status === 'failed') return `FAILED     ${what} at ${o.stage ?? 'fetch'}: ${o.reason}`;
  if (o.status === 'duplicate' && o.duplicateOf) {
    const kept = o.duplicateOf;
    const best = Math.max(...o.duplicateDocuments.map((d) => d.similarity));
    return (
      `duplicate  ${what} (${o.source}): same text as ${kept.source} filing ${kept.filingKey} (${kept.form}${kept.date ? ` ${kept.date}` : ''}), ` +
      `similarity ${best.toFixed(2)}; recorded as a duplicate, text and evidence not stored twice`
    );
  }
  const dup = o.duplicateDocuments.length
    ? `; ${o.duplicateDocuments.length} document(s) not stored twice: ${o.duplicateDocuments.map((d) => `${d.name} = ${d.keptFilingKey}/${d.keptDocument} (${d.similarity.toFixed(2)})`).join(', ')}`
    : '';
  return `stored     ${what} (${o.source}) as issuer ${o.issuerKey}, ${o.documents} document(s)${dup}`;
}

const command: Command = {
  usage:
    'minerpivot add FILE_OR_URL --issuer NAME --form FORM --date YYYY-MM-DD [--ticker T] [--cik N] [--sedar-profile ID] [--db PATH] [--json]\n' +
    '       minerpivot add --manifest docs.csv [--db PATH] [--json]',
  allowPositionals: true,
  options: {
    issuer: { type: 'string', value: 'NAME', description: 'company name (masked before classification)' },
    ticker: { type: 'string', value: 'T', description: 'ticker (HIVE, BITF, "TSXV:HIVE"); a known miner joins its EDGAR issuer row' },
    cik: { type: 'string', value: 'N', description: 'SEC CIK, when the issuer also files on EDGAR' },
    'sedar-profile': { type: 'string', value: 'ID', description: 'SEDAR+ profile number of the issuer (recorded on the issuer row)' },
    form: { type: 'string', value: 'FORM', description: `document type: ${SEDAR_FORMS.map((f) => f.form).join(', ')}, or an EDGAR form` },
    date: { type: 'string', value: 'YYYY-MM-DD', description: 'filing date of the document' },
    manifest: { type: 'string', value: 'CSV', description: `add every row of a CSV with header ${ADD_MANIFEST_COLUMNS.join(',')}` },
    'allow-private': { type: 'boolean', description: 'let URLs reach loopback, private and link-local addresses (refused by default)' },
    ...DB_OPTION,
    ...JSON_OPTION,
  },
  details: [
    'A URL is downloaded over HTTP(S) into the raw cache ($MINERPIVOT_CACHE, content-addressed by sha256);',
    'loopback, private, link-local and metadata addresses are refused (checked after DNS and on every',
    'redirect) unless --allow-private; at most 5 redirects, $MINERPIVOT_MAX_DOCUMENT_MB after decompression,',
    '$MINERPIVOT_DOWNLOAD_SECONDS in all. A user name and password in the URL are sent, never stored.',
    'SEDAR+ itself is never crawled: download the document in a browser, or link to a copy.',
    'Source is "sedar" for SEDAR+ document types or with --sedar-profile, else "local".',
    'The issuer joins its EDGAR filings (issuer key cik-##########) when --cik is given or the ticker or',
    'SEDAR+ profile is in pipeline/core/known-issuers.json. A document whose text nearly duplicates a stored',
    'document of the same issuer (Jaccard of word 5-shingles >= 0.9) is recorded as a duplicate of it.',
    '',
    'CSV (header line, comma separated, double quotes around cells with commas; paths relative to the CSV):',
    `  ${ADD_MANIFEST_COLUMNS.join(',')}`,
    '  docs/hive-mda-2024.pdf,HIVE Digital Technologies Ltd.,HIVE,,,MD&A,2024-06-20',
    '',
    'Examples:',
    '  minerpivot add hive-aif-2024.pdf --issuer "HIVE Digital Technologies Ltd." --ticker HIVE --form AIF --date 2024-06-20',
    '  minerpivot add https://example.org/dmg-mda.pdf --issuer "DMG Blockchain Solutions Inc." --ticker DMGI --form MD&A --date 2024-12-20',
    '  minerpivot add --manifest docs.csv --json',
  ],
  async run(args, io) {
    const config = loadConfig(io.env, ['dbPath', 'cacheDir', 'maxDocumentMb', 'maxTextChars', 'documentSeconds', 'downloadSeconds']);
    const plan = planOf(args);
    const json = flag(args, 'json');
    for (const problem of plan.problems) io.err(`${problem.where}: ${problem.message}`);

    const { db, path: dbPath } = openCommandDb(args, config, 'create');
    try {
      const repository = new FilingRepository(db);
      const handlers = createHandlers({
        repository,
        sources: openSources({ config, url: { allowPrivate: flag(args, 'allow-private') } }),
        extract: { ...localExtractDeps, budgetMs: config.documentSeconds * 1000, maxTextChars: config.maxTextChars },
      });
      const failures = new Map<string, Extract<RunEvent, { type: 'failed' }>>();
      await runInProcess(plan.jobs, handlers, (event) => {
        if (event.type === 'failed') failures.set(event.filing.key, event);
      });
      const outcomes: AddOutcome[] = plan.jobs.map((job) => {
        const f = job.filing;
        const row = filingOutcome(db, f.key);
        const failure = failures.get(f.key);
        const status: AddOutcome['status'] = failure || row?.status === 'failed' ? 'failed' : row?.duplicateOf ? 'duplicate' : 'stored';
        const outcome: AddOutcome = {
          filing: f.key,
          issuer: f.issuer.name,
          issuerKey: row?.issuerKey ?? f.issuer.key,
          form: f.form,
          date: f.filedAt,
          source: f.source,
          sourceRef: f.sourceRef,
          status,
          stage: failure?.stage ?? null,
          reason: failure?.reason ?? row?.reason ?? null,
          documents: row?.documents ?? 0,
          duplicateOf: row?.duplicateOf ?? null,
          duplicateDocuments: row?.duplicateDocuments ?? [],
        };
        if (!json) (status === 'failed' ? io.err : io.out)(outcomeLine(outcome, job));
        return outcome;
      });
      const count = (s: AddOutcome['status']) => outcomes.filter((o) => o.status === s).length;
      if (json) {
        io.out(
          JSON.stringify(
            { db: dbPath, added: outcomes, problems: plan.problems.map((p) => ({ where: p.where, message: p.message })) },
            null,
            2,
          ),
        );
      } else if (plan.jobs.length + plan.problems.length > 1) {
        io.out(
          `${count('stored')} stored, ${count('duplicate')} duplicate(s), ${count('failed') + plan.problems.length} failed; database ${dbPath}`,
        );
      }
      // 0 only when every document is stored (or a duplicate of a stored one); 1 when any failed.
      return count('failed') > 0 || plan.problems.length > 0 ? 1 : 0;
    } finally {
      db.close();
    }
  },
};

export default command;
