/** `minerpivot facts [TICKER]`: the pivot in numbers: stage, revenue mix over time, deals, each traced to its fact or sentence. */
import { resolveIssuer } from '../../../db/analyst.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { revenueMappingVersion } from '../../scoring/revenue.ts';
import { dealsVersion } from '../../scoring/deals.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { Command } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { DB_OPTION, flag, JSON_OPTION, outputWidth, WIDTH_OPTIONS } from '../shared/options.ts';
import { loadIssuerFacts, renderIssuerFacts } from '../shared/pivot-numbers.ts';

const command: Command = {
  usage: 'minerpivot facts [TICKER|CIK|ISSUER_KEY] [--db PATH] [--json]',
  allowPositionals: true,
  options: { ...DB_OPTION, ...JSON_OPTION, ...WIDTH_OPTIONS },
  details: [
    'Stage of the pivot: evaluating, developing, contracted (a signed lease or contract with a named customer) or',
    'revenue (tagged AI/HPC revenue, or a fact sentence stating it), with the fact or sentence that set it.',
    'Revenue mix: inline-XBRL revenue by member, mapped to mining / ai_hpc / grid / other by the member\'s words',
    '(pipeline/scoring/revenue-lines.json); credits (power curtailment) are shown beside revenue, not in its shares.',
    'A filing without tagged XBRL (PDF, plain text) has no mix. Deals: counterparty, MW, value, term, site from',
    'ai_hpc sentences; --json lists each mix line\'s XBRL facts and each deal\'s sentences. Without TICKER: every issuer.',
  ],
  async run(args, io) {
    if (args.positionals.length > 1) throw new UserError('expected at most one issuer: a ticker, a CIK or an issuer key');
    const ref = args.positionals[0];
    const { db } = openCommandDb(args, loadConfig(io.env, ['dbPath']), 'read');
    try {
      let issuerId: number | null = null;
      if (ref !== undefined) {
        const found = resolveIssuer(db, ref);
        if (found.length === 0) throw new UserError(`no issuer "${ref}" in the database (see minerpivot issuers)`);
        if (found.length > 1) throw new UserError(`"${ref}" matches ${found.length} issuers: ${found.slice(0, 8).map((i) => i.tickers || i.issuerKey).join(', ')}; give a ticker or CIK`);
        issuerId = found[0]!.id;
      }
      const version = scorerVersion();
      const issuers = loadIssuerFacts(db, version, issuerId);
      if (flag(args, 'json')) {
        io.out(JSON.stringify({ scorerVersion: version, revenueMapping: revenueMappingVersion, dealsVersion, issuers }, null, 2));
        return 0;
      }
      const width = outputWidth(args, io);
      if (issuers.length === 0) io.out('no revenue mix, deal or stage stored yet (run minerpivot run, or minerpivot rescore)');
      issuers.forEach((f, i) => {
        if (i > 0) io.out('');
        io.out(`${f.issuerName}${f.tickers ? ` (${f.tickers})` : ''}`);
        for (const line of renderIssuerFacts(f, width)) io.out(line);
      });
      return 0;
    } finally {
      db.close();
    }
  },
};

export default command;
