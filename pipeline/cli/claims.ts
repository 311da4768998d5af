/** `minerpivot claims`: the news article's claims checked against the filings, as Markdown, HTML or JSON. */
import { claimData, openAnalystDb } from '../../db/analyst.ts';
import { evaluateClaims } from '../analysis/claims/index.ts';
import { loadConfig } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { renderHtmlReport } from '../analysis/report/html.ts';
import { renderMarkdownReport } from '../analysis/report/markdown.ts';
import { writeOutput } from '../analysis/report/write.ts';
import { scorerVersion } from '../scoring/classify.ts';
import { flag, stringOption, type Command } from './command.ts';
import { dbPathOf, DB_OPTION } from './options.ts';

const FORMATS = ['md', 'html', 'json'] as const;

export const claimsCommand: Command = {
  name: 'claims',
  summary: "check the article's claims against the filings: verdicts, numbers, cited sentences",
  usage: 'minerpivot claims [--format md|html|json] [--out FILE] [--db PATH]',
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'md (default), html (the report with charts) or json' },
    out: { type: 'string', value: 'FILE', description: 'write to FILE instead of standard output' },
    json: { type: 'boolean', description: 'same as --format json' },
    ...DB_OPTION,
  },
  details: [
    'Claims: 1. miners redirect power or compute to AI/HPC hosting; 2. by mid-2025 dozens of miners lease',
    'capacity to cloud / AI customers; 3. most stress that mining remains their core business; 4. miners sell',
    'grid balancing or demand response. Verdicts: supported, partly, not supported, not enough data.',
    'Read with the current scorer version; thresholds in docs/SCHEMA.md ("Claims").',
    'The HTML report adds per issuer a chart of the pivot index and of mining vs AI/HPC mass; it opens offline.',
  ],
  async run(args, io) {
    const config = loadConfig(io.env);
    const format = flag(args, 'json') ? 'json' : (stringOption(args, 'format') ?? 'md');
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UserError(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
    }
    const db = openAnalystDb(dbPathOf(args, config));
    let text: string;
    try {
      const version = scorerVersion();
      const data = claimData(db, version);
      const report = evaluateClaims(data);
      if (format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
      else if (format === 'html') text = renderHtmlReport({ report, issuers: data.issuers, timeline: data.timeline });
      else text = renderMarkdownReport(report);
      const out = stringOption(args, 'out');
      if (out) {
        writeOutput(out, text);
        io.err(
          `wrote ${out}: ${report.claims.map((c) => `${c.id} ${c.verdict}`).join('; ')} (${report.coverage.miners} miner(s), scorer ${version})`,
        );
      } else io.out(text.trimEnd());
      return 0;
    } finally {
      db.close();
    }
  },
};
