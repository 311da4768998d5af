/** `minerpivot claims`: the news article's claims checked against the filings, as Markdown, HTML or JSON. */
import { claimData, evidenceByIds } from '../../../db/analyst.ts';
import { stageTimeline } from '../../../db/facts.ts';
import { loadIssuerFacts } from '../../analysis/report/pivot-numbers.ts';
import { evaluateClaims } from '../../analysis/claims/index.ts';
import { loadConfig } from '../../core/config.ts';
import { renderHtmlReport } from '../../analysis/report/html.ts';
import { renderMarkdownReport } from '../../analysis/report/markdown.ts';
import { writeOutput } from '../../analysis/report/write.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { Command } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { DB_OPTION, flag, oneOfOption, stringOption } from '../shared/options.ts';

const FORMATS = ['md', 'html', 'json'] as const;

const command: Command = {
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
    'The HTML report adds per issuer a chart of the pivot index and of mining vs AI/HPC mass, its revenue mix',
    '(inline XBRL) and its AI/HPC deals; it opens offline. Claim 2 reads the stage of the pivot (minerpivot facts).',
  ],
  async run(args, io) {
    const format = flag(args, 'json') ? 'json' : (oneOfOption(args, 'format', FORMATS) ?? 'md');
    const { db } = openCommandDb(args, loadConfig(io.env, ['dbPath']), 'read');
    let text: string;
    try {
      const version = scorerVersion();
      const data = claimData(db, version);
      // Claim 2 reads the stage of the pivot; the report adds each issuer's revenue mix and deals.
      const stages = stageTimeline(db, version);
      const stageEvidence = evidenceByIds(db, version, stages.flatMap((s) => (s.sentenceId !== null ? [s.sentenceId] : [])));
      const report = evaluateClaims({ ...data, stages, stageEvidence });
      const numbers = loadIssuerFacts(db, version, null);
      if (format === 'json') text = `${JSON.stringify(report, null, 2)}\n`;
      else if (format === 'html') text = renderHtmlReport({ report, issuers: data.issuers, timeline: data.timeline, relativeTo: process.cwd(), numbers });
      else text = renderMarkdownReport(report, numbers);
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

export default command;
