/** `minerpivot export`: one analyst view as CSV or JSON, for spreadsheets, pandas or R; or Datasette metadata. */
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ANALYST_VIEWS, viewColumns, viewRows } from '../../../db/analyst.ts';
import { loadConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { csvRecord } from '../../analysis/report/csv.ts';
import { datasetteMetadata } from '../../analysis/report/datasette.ts';
import { scorerVersion } from '../../scoring/classify.ts';
import type { Command, Io, ParsedArgs } from '../shared/command.ts';
import { openCommandDb } from '../shared/database.ts';
import { DB_OPTION, flag, oneOfOption, stringOption } from '../shared/options.ts';
import { packagePath } from '../../core/package-root.ts';

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

const SCHEMA_DOC = packagePath('docs/SCHEMA.md');

/** metadata.json for Datasette from docs/SCHEMA.md, beside the database unless --out says where. */
function writeDatasetteMetadata(args: ParsedArgs, io: Io): number {
  const { db, path } = openCommandDb(args, loadConfig(io.env, ['dbPath']), 'read');
  db.close();
  const out = stringOption(args, 'out') ?? join(dirname(path), 'metadata.json');
  const metadata = datasetteMetadata(readFileSync(SCHEMA_DOC, 'utf8'), basename(path).replace(/\.[^.]+$/, ''));
  const sink = fileSink(out);
  sink.write(`${JSON.stringify(metadata, null, 2)}\n`);
  sink.close();
  io.err(`wrote ${out}: ${Object.keys(Object.values(metadata.databases)[0]!.tables).length} tables and views described; datasette ${path} -m ${out}`);
  return 0;
}

const command: Command = {
  usage: 'minerpivot export --format csv|json [--view NAME] [--out FILE] [--all-versions] [--db PATH] | --datasette [--out FILE]',
  options: {
    format: { type: 'string', value: 'FORMAT', description: 'csv (RFC 4180, default) or json (an array of objects)' },
    view: { type: 'string', value: 'NAME', description: `one of ${ANALYST_VIEWS.join(', ')} (default issuer_latest)` },
    out: { type: 'string', value: 'FILE', description: 'write to FILE instead of standard output' },
    'all-versions': { type: 'boolean', description: 'rows of every scorer version (default: the current one only)' },
    datasette: { type: 'boolean', description: 'write Datasette metadata (every table and column described) beside the database, or to --out' },
    ...DB_OPTION,
  },
  details: [
    'Columns are those of the view, described in docs/SCHEMA.md; NULL is an empty CSV field.',
    'With --datasette: metadata.json beside the database, then: datasette minerpivot.db -m metadata.json',
  ],
  async run(args, io) {
    if (flag(args, 'datasette')) return writeDatasetteMetadata(args, io);
    const format = oneOfOption(args, 'format', FORMATS) ?? 'csv';
    const view = stringOption(args, 'view') ?? 'issuer_latest';
    if (!(ANALYST_VIEWS as readonly string[]).includes(view)) {
      throw new UserError(`unknown view "${view}": expected one of ${ANALYST_VIEWS.join(', ')}`);
    }
    const { db } = openCommandDb(args, loadConfig(io.env, ['dbPath']), 'read');
    const out = stringOption(args, 'out');
    let sink: Sink | null = null;
    let rows = 0;
    try {
      const columns = viewColumns(db, view as (typeof ANALYST_VIEWS)[number]);
      const iterator = viewRows(db, view as (typeof ANALYST_VIEWS)[number], flag(args, 'all-versions') ? null : scorerVersion());
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

export default command;
