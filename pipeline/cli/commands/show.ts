/** `minerpivot show TICKER|CIK`: one issuer's pivot timeline and its strongest evidence per topic. */
import { issuerLatestOf, pivotTimeline, resolveIssuer, topEvidence, type EvidenceRow, type TimelineRow } from '../../../db/analyst.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { TOPICS, type Topic } from '../../core/vocabulary.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { Command } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { quarterlyPivots, quarterRange } from '../../analysis/report/quarters.ts';
import { filingName } from '../shared/filings.ts';
import { droppedColumns, renderTable, signed, wrapLine, type Column } from '../shared/format.ts';
import { loadIssuerFacts, renderIssuerFacts } from '../shared/pivot-numbers.ts';
import { countOption, DB_OPTION, flag, JSON_OPTION, outputWidth, WIDTH_OPTIONS } from '../shared/options.ts';


const command: Command = {
  usage: 'minerpivot show TICKER|CIK|ISSUER_KEY [--per-topic N] [--db PATH] [--json]',
  allowPositionals: true,
  options: {
    'per-topic': { type: 'string', value: 'N', description: 'evidence sentences per topic (default 3)' },
    ...DB_OPTION,
    ...JSON_OPTION,
    ...WIDTH_OPTIONS,
  },
  details: [
    'Timeline: one line per scored filing, by period (period end, else filing date).',
    'Evidence: per topic the strongest sentences (weight = section x modality, then lexicon terms, then newest);',
    'a sentence repeated in several filings is shown once. Read with the current scorer version.',
  ],
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UserError('expected one issuer: a ticker, a CIK or an issuer key (see minerpivot issuers)');
    const ref = args.positionals[0]!;
    const perTopic = countOption(args, 'per-topic', 3, { max: 100 });
    const { db } = openCommandDb(args, loadConfig(io.env, ['dbPath']), 'read');
    try {
      const found = resolveIssuer(db, ref);
      if (found.length === 0) throw new UserError(`no issuer "${ref}" in the database (see minerpivot issuers)`);
      if (found.length > 1) {
        throw new UserError(`"${ref}" matches ${found.length} issuers: ${found.slice(0, 8).map((i) => i.tickers || i.issuerKey).join(', ')}; give a ticker or CIK`);
      }
      const issuer = found[0]!;
      const version = scorerVersion();
      const latest = issuerLatestOf(db, version, issuer.id);
      if (!latest) {
        throw new UserError(`${issuer.name} has no scores of scorer ${version}: run "minerpivot rescore" (or it has no stored filing)`);
      }
      const timeline = pivotTimeline(db, version, issuer.id);
      const evidence = Object.fromEntries(
        TOPICS.map((topic) => [topic, topEvidence(db, version, { topic, issuerId: issuer.id, positive: true, perIssuer: perTopic })]),
      ) as Record<Topic, EvidenceRow[]>;

      if (flag(args, 'json')) {
        // Per calendar quarter: the pivot index of the quarter's filings together, with its 80% interval;
        // a quarter without a filing with evidence is "no data", not 0.
        const points = quarterlyPivots(timeline).get(issuer.id) ?? [];
        const byQuarter = new Map(points.map((p) => [p.quarter, p]));
        const quarters = points.length
          ? quarterRange(points[0]!.quarter, points.at(-1)!.quarter).map((q) => byQuarter.get(q) ?? { quarter: q, pivot: null, noData: true })
          : [];
        const numbers = loadIssuerFacts(db, version, issuer.id)[0] ?? null;
        io.out(JSON.stringify({ scorerVersion: version, issuer: latest, timeline, quarters, evidence, numbers }, null, 2));
        return 0;
      }
      const width = outputWidth(args, io);
      const full = flag(args, 'full');
      const say = (line: string) => io.out(wrapLine(line, width));
      say(`${latest.issuerName}${latest.tickers ? ` (${latest.tickers})` : ''}${latest.cik ? `, CIK ${latest.cik}` : ''}`);
      say(
        `latest ${latest.latestForm ?? '-'} ${latest.latestDate ?? ''}: pivot ${signed(latest.latestPivotIndex)} (facts only ${signed(latest.latestFactPivotIndex)}), change ${signed(latest.pivotChange)}; first AI/HPC fact ${latest.firstAiHpcFactDate ?? 'none'}`,
      );
      say(
        `sentences mining ${latest.miningSentences} / ai_hpc ${latest.aiHpcSentences} / grid ${latest.gridSentences}; facts ${latest.miningFactSentences} / ${latest.aiHpcFactSentences} / ${latest.gridFactSentences}; core claims mining ${latest.coreMining} / ai_hpc ${latest.coreAiHpc}`,
      );
      // The pivot in numbers, in short (minerpivot facts has all of it).
      const numbers = loadIssuerFacts(db, version, issuer.id)[0];
      if (numbers) for (const line of renderIssuerFacts(numbers, width, true)) io.out(line);
      io.out('');
      const timelineColumns: Array<Column<TimelineRow>> = [
        { header: 'period', value: (t) => t.period },
        { header: 'form', value: (t) => t.form, shrink: { min: 5 } },
        { header: 'pivot', value: (t) => signed(t.pivotIndex), align: 'right' },
        { header: 'facts', value: (t) => signed(t.factPivotIndex), align: 'right', drop: 5 },
        { header: 'mining', value: (t) => t.miningMass.toFixed(1), align: 'right' },
        { header: 'ai_hpc', value: (t) => t.aiHpcMass.toFixed(1), align: 'right' },
        { header: 'grid', value: (t) => t.gridMass.toFixed(1), align: 'right', drop: 3 },
        { header: 'ai share', value: (t) => (t.aiHpcShare === null ? null : `${Math.round(t.aiHpcShare * 100)}%`), align: 'right', drop: 4 },
        { header: 'core m/ai', value: (t) => `${t.coreMining}/${t.coreAiHpc}`, align: 'right', drop: 2 },
        { header: 'filing', value: (t) => filingName(t), shrink: { min: 12, cut: 'middle' }, drop: 1 },
      ];
      io.out(renderTable(timeline, timelineColumns, { width }));
      const dropped = droppedColumns(timeline, timelineColumns, width);
      if (dropped.length > 0) say(`(left out at ${width} columns: ${dropped.join(', ')}; --width N or --json shows every column)`);
      for (const topic of TOPICS) {
        io.out('');
        io.out(`strongest ${topic} evidence:`);
        const rows = evidence[topic];
        if (rows.length === 0) {
          io.out('  none');
          continue;
        }
        io.out(
          renderTable(
            rows,
            [
              { header: 'date', value: (r) => r.date },
              { header: 'form', value: (r) => r.form, shrink: { min: 5 } },
              { header: 'section', value: (r) => r.section, shrink: { min: 7 }, drop: 2 },
              { header: 'modality', value: (r) => r.modality, drop: 1 },
              { header: 'weight', value: (r) => r.weight.toFixed(2), align: 'right', drop: 3 },
              { header: 'filing', value: (r) => filingName(r), shrink: { min: 12, cut: 'middle' }, drop: 0 },
              { header: 'sentence', value: (r) => r.text, shrink: { min: 30, prefer: 60, cut: 'middle' } },
            ],
            { width: width - 2, full },
          )
            .split('\n')
            .map((l) => `  ${l}`)
            .join('\n'),
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export default command;
