/** `minerpivot inspect FILE`: extract one document and show its sections and labelled sentences. No database. */
import { basename } from 'node:path';
import { extractFile } from '../../../extractors/index.ts';
import { splitSentences } from '../../../extractors/sentences.ts';
import { ExtractionError } from '../../../extractors/types.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { FileRefusal, readRegularFile } from '../../sources/local/read-file.ts';
import { textTooLong } from '../../stages/extract.ts';
import { threadPdfReader } from '../../stages/pdf-thread.ts';
import { labelFiling, type DocumentInput } from '../../scoring/score.ts';
import { issuerNames, knownIssuer } from '../../core/issuers.ts';
import { formInFileName } from '../../core/forms.ts';
import type { CoreClaim, Modality, Topic } from '../../core/vocabulary.ts';
import type { Command } from '../shared/command.ts';
import { renderTable } from '../shared/format.ts';
import { flag, JSON_OPTION, stringOption } from '../shared/options.ts';

/** One line of `inspect --json`: the sentence contract shared with the database and the tests. */
export interface InspectLine {
  section: string | null;
  page: number | null;
  start: number;
  end: number;
  text: string;
  topics: Topic[];
  modality: Modality | null;
  core_claim: CoreClaim;
  terms: string[];
}

const command: Command = {
  usage: 'minerpivot inspect FILE [--issuer NAME] [--form FORM] [--json] [--labelled]',
  allowPositionals: true,
  options: {
    issuer: { type: 'string', value: 'NAME', description: "the filer's name, masked before classification (e.g. \"Cipher Mining Inc.\")" },
    form: { type: 'string', value: 'FORM', description: 'the form (10-K, 10-Q, 8-K ...) when the file does not say; guides section finding' },
    labelled: { type: 'boolean', description: 'show only sentences with a topic or a core claim' },
    ...JSON_OPTION,
  },
  details: [
    'With --json, one JSON object per line per sentence:',
    '  {"section", "page", "start", "end", "text", "topics", "modality", "core_claim", "terms"}',
    'start/end are character offsets in the document text; with several documents (a full',
    'submission), each document is listed in turn.',
  ],
  async run(args, io) {
    const [file, ...extra] = args.positionals;
    if (!file || extra.length > 0) throw new UserError('give exactly one FILE');
    const config = loadConfig(io.env, ['maxDocumentMb', 'maxTextChars', 'documentSeconds']);
    const started = Date.now();
    let bytes: Uint8Array;
    try {
      bytes = await readRegularFile(file, config.maxDocumentMb * 1024 * 1024);
    } catch (error) {
      if (error instanceof FileRefusal) throw new UserError(`${file}: ${error.message}`);
      throw error;
    }
    const form = stringOption(args, 'form') ?? formInFileName(basename(file));
    let result;
    try {
      result = await extractFile(bytes, { fileName: basename(file), form, readPdfPages: threadPdfReader({ timeLimitMs: config.documentSeconds * 1000 }), maxTextChars: config.maxTextChars });
    } catch (error) {
      if (error instanceof ExtractionError) throw new UserError(`${file}: ${error.message}`);
      throw error;
    }
    const json = flag(args, 'json');
    const labelledOnly = flag(args, 'labelled');

    // Labelled as the score stage labels a filing: all its documents at once, so what the filing
    // establishes, its sub-headings, neighbours and the context model count, and the terms say why.
    const inputs: DocumentInput[] = [];
    for (const doc of result.documents) {
      const tooLong = textTooLong(doc, config.maxTextChars);
      if (tooLong) throw new UserError(`${file}: ${tooLong}`);
      const sentences = splitSentences(doc.text, doc.sections, doc.pages);
      sentences.forEach((_, i) => {
        // Sentences are bounded in length, so a check every few hundred bounds the whole pass.
        if (i % 256 === 0 && Date.now() - started > config.documentSeconds * 1000) {
          throw new UserError(`${file}: stopped after ${config.documentSeconds} s at sentence ${i} of ${sentences.length} (MINERPIVOT_DOCUMENT_SECONDS)`);
        }
      });
      inputs.push({ documentType: doc.documentType, text: doc.text, sentences: sentences.map((s) => ({ start: s.start, end: s.end, text: s.text, section: s.section, page: s.page })) });
    }
    const cik = result.header?.cik ?? null;
    const given = stringOption(args, 'issuer') ?? result.header?.companyName ?? '';
    const names = given ? issuerNames({ cik, key: cik ? `cik-${cik}` : '', name: given }) : [];
    const known = cik ? knownIssuer(cik, `cik-${cik}`) : null;
    const evidence = labelFiling(inputs, names, { knownNonMiner: known?.miner === false });
    if (Date.now() - started > config.documentSeconds * 1000) {
      const count = inputs.reduce((n, d) => n + d.sentences.length, 0);
      throw new UserError(`${file}: stopped after ${config.documentSeconds} s while labelling its ${count} sentences (MINERPIVOT_DOCUMENT_SECONDS)`);
    }

    for (const [d, doc] of result.documents.entries()) {
      const input = inputs[d]!;
      const byStart = new Map(evidence[d]!.map((e) => [e.start, e]));
      const lines: InspectLine[] = input.sentences.map((s) => {
        const e = byStart.get(s.start);
        return {
          section: s.section, page: s.page, start: s.start, end: s.end, text: s.text,
          topics: e?.topics ?? [], modality: e?.modality ?? null, core_claim: e?.coreClaim ?? 'none', terms: e?.terms ?? [],
        };
      });
      const sentences = input.sentences;
      const shown = labelledOnly ? lines.filter((l) => l.topics.length > 0 || l.core_claim !== 'none') : lines;
      if (json) {
        for (const line of shown) io.out(JSON.stringify(line));
        continue;
      }
      io.out(`== ${doc.name}${doc.documentType ? ` (${doc.documentType})` : ''}: ${doc.kind}, ${doc.encoding}, ${doc.text.length} characters, ${sentences.length} sentences`);
      for (const warning of doc.warnings) io.out(`   warning: ${warning}`);
      if (doc.sections.length > 0) {
        io.out(
          renderTable(doc.sections, [
            { header: 'section', value: (s) => s.key },
            { header: 'title', value: (s) => (s.title.length > 50 ? `${s.title.slice(0, 49)}…` : s.title) },
            { header: 'chars', value: (s) => s.end - s.start, align: 'right' },
            { header: 'confidence', value: (s) => s.confidence.toFixed(2), align: 'right' },
            { header: 'flags', value: (s) => s.flags.join(',') || '' },
            { header: 'method', value: (s) => s.method },
          ]),
        );
      }
      io.out('');
      for (const line of shown) {
        const tags = line.topics.length > 0 ? `[${line.topics.join('+')}/${line.modality}${line.core_claim !== 'none' ? `/core:${line.core_claim}` : ''}] ` : '';
        const where = `${line.section ?? '-'}${line.page !== null ? ` p${line.page}` : ''} @${line.start}`;
        io.out(`${where.padEnd(22)} ${tags}${line.text}`);
      }
    }
    return 0;
  },
};

export default command;
