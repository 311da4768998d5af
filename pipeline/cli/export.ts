/** `minerpivot export`: one analyst view as CSV or JSON, for spreadsheets, pandas or R. */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ANALYST_VIEWS, openAnalystDb, viewColumns, viewRows, type AnalystView } from '../../db/analyst.ts';
import { loadConfig } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { csvRecord } from '../analysis/report/csv.ts';
import { scorerVersion } from '../scoring/classify.ts';
import { flag, stringOption, type Command } from './command.ts';
import { dbPathOf, DB_OPTION } from './options.ts';

const FORMATS = ['csv', 'json'] as const;

/** Where the output goes: a file written piece by piece (the evidence view is large), or stdout lines. */
interface Sink {
  write(text: string): void;
  close(): void;
}

function fileSink(path: string): Sink {
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'w');
  } catch (error) {
    throw new UserError(`cannot write ${path}: ${(error as Error).message}`);
  }
  return { write: (text) => void writeSync(fd, text), close: () => closeSync(fd) };
}

function stdoutSink(out: (line: string) => void): Sink {
  // Io.out writes whole lines: buffer up to the last newline.
  let pending = '';
  return {
    write(text) {
      pending += text;
      const cut = pending.lastIndexOf('\n');
      if (cut >= 0) {
        out(pending.slice(0, cut));
        pending = pending.slice(cut + 1);
      }
    },
    close() {
      if (pending) out(pending);
    },
  };
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export an analyst view (issuer_latest, pivot_timeline, evidence) as CSV or JSON',
  usage: 'minerpivot export --format csv|json [--view NAME] [--out FILE] [--all-versions] [--db PATH]',
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'csv (RFC 4180, default) or json (an array of objects)' },
    view: { type: 'string', value: 'NAME', description: `one of ${ANALYST_VIEWS.join(', ')} (default issuer_latest)` },
    out: { type: 'string', value: 'FILE', description: 'write to FILE instead of standard output' },
    'all-versions': { type: 'boolean', description: 'rows of every scorer version (default: the current one only)' },
    ...DB_OPTION,
  },
  details: ['Columns are those of the view, described in docs/SCHEMA.md; NULL is an empty CSV field.'],
  async run(args, io) {
    const config = loadConfig(io.env);
    const format = stringOption(args, 'format') ?? 'csv';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UserError(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
    const view = stringOption(args, 'view') ?? 'issuer_latest';
    if (!(ANALYST_VIEWS as readonly string[]).includes(view)) {
      throw new UserError(`unknown view "${view}": expected one of ${ANALYST_VIEWS.join(', ')}`);
    }
    const db = openAnalystDb(dbPathOf(args, config));
    const out = stringOption(args, 'out');
    let sink: Sink | null = null;
    let rows = 0;
    try {
      const columns = viewColumns(db, view as AnalystView);
      const iterator = viewRows(db, view as AnalystView, flag(args, 'all-versions') ? null : scorerVersion());
      sink = out ? fileSink(out) : stdoutSink(io.out);
      if (format === 'csv') {
        sink.write(csvRecord(columns));
        for (const row of iterator) {
          sink.write(csvRecord(columns.map((c) => row[c])));
          rows += 1;
        }
      } else {
        sink.write('[');
        for (const row of iterator) {
          sink.write(`${rows === 0 ? '\n' : ',\n'}  ${JSON.stringify(row)}`);
          rows += 1;
        }
        sink.write(rows === 0 ? ']\n' : '\n]\n');
      }
      if (out) io.err(`wrote ${out}: ${rows} row(s) of ${view} as ${format}`);
      return 0;
    } finally {
      sink?.close();
      db.close();
    }
  },
};
