/** The issuer table printed by `issuers`, and after `run` and `rescore`. */
import type { IssuerRow } from '../../../db/queries.ts';
import { signed, type Column } from './format.ts';

export const ISSUER_COLUMNS: ReadonlyArray<Column<IssuerRow>> = [
  { header: 'ticker', value: (r) => r.tickers || '-' },
  { header: 'issuer', value: (r) => (r.name.length > 34 ? `${r.name.slice(0, 33)}…` : r.name) },
  { header: 'filings', value: (r) => (r.failed > 0 ? `${r.filings} (+${r.failed} failed)` : r.filings), align: 'right' },
  { header: 'latest', value: (r) => (r.latestForm ? `${r.latestForm} ${r.latestDate ?? ''}`.trim() : null) },
  { header: 'pivot', value: (r) => signed(r.latestPivotIndex), align: 'right' },
  { header: 'change', value: (r) => signed(r.pivotChange), align: 'right' },
  { header: 'mining', value: (r) => r.miningSentences, align: 'right' },
  { header: 'ai_hpc', value: (r) => r.aiHpcSentences, align: 'right' },
  { header: 'grid', value: (r) => r.gridSentences, align: 'right' },
  { header: 'core m/ai', value: (r) => `${r.coreMining}/${r.coreAiHpc}`, align: 'right' },
  { header: 'first ai fact', value: (r) => r.firstAiHpcFactDate },
];
