/**
 * A filing that appears on the local EDGAR server after the tests started: its
 * row is put at the top of the issuer's submissions JSON (a copy in a temporary
 * folder, served in place of the fixture) and its documents and index page are
 * served at EDGAR's paths. With `documents` empty, only the submissions row is
 * added, so fetching the filing fails for good (404 on every archive path).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EDGAR_FIXTURES, type EdgarServer } from './edgar-server.ts';

export interface LaterFiling {
  cik: string;
  accession: string;
  form: string;
  filingDate: string;
  reportDate?: string;
  /** File name -> HTML body; the first is the primary document. */
  documents: Record<string, string>;
}

function indexPage(f: LaterFiling): string {
  const folder = `/Archives/edgar/data/${Number(f.cik)}/${f.accession.replace(/-/g, '')}`;
  const rows = Object.entries(f.documents).map(([name, body], i) => {
    const type = i === 0 ? f.form : `EX-99.${i}`;
    return `<tr><td scope="row">${i + 1}</td><td scope="row">${type}</td><td scope="row"><a href="${folder}/${name}">${name}</a></td><td scope="row">${type}</td><td scope="row">${body.length}</td></tr>`;
  });
  return `<html><head><title>EDGAR Filing Documents for ${f.accession}</title></head><body>
<div id="formDiv"><div id="formName"><strong>Form ${f.form}</strong></div><div id="secNum"><strong>SEC Accession No.</strong> ${f.accession}</div></div>
<div class="formDiv"><p>Document Format Files</p><table class="tableFile" summary="Document Format Files">
<tr><th scope="col">Seq</th><th scope="col">Description</th><th scope="col">Document</th><th scope="col">Type</th><th scope="col">Size</th></tr>
${rows.join('\n')}
</table></div></body></html>`;
}

/** Adds the filing to the server; `dir` is a temporary folder for the files it serves. */
export function addLaterFiling(server: EdgarServer, dir: string, filing: LaterFiling): void {
  const padded = filing.cik.padStart(10, '0');
  const submissionsPath = `/submissions/CIK${padded}.json`;
  const current = join(dir, `CIK${padded}.json`);
  let json: { filings: { recent: Record<string, unknown[]> } };
  try {
    json = JSON.parse(readFileSync(current, 'utf8'));
  } catch {
    json = JSON.parse(readFileSync(join(EDGAR_FIXTURES, 'data', submissionsPath), 'utf8'));
  }
  const recent = json.filings.recent;
  const names = Object.keys(filing.documents);
  const row: Record<string, unknown> = {
    accessionNumber: filing.accession,
    filingDate: filing.filingDate,
    reportDate: filing.reportDate ?? '',
    acceptanceDateTime: `${filing.filingDate}T16:05:11.000Z`,
    act: '34',
    form: filing.form,
    fileNumber: '001-99901',
    filmNumber: '24999001',
    items: '',
    core_type: filing.form,
    size: 12345,
    isXBRL: 0,
    isInlineXBRL: 0,
    primaryDocument: names[0] ?? '',
    primaryDocDescription: filing.form,
  };
  for (const [column, values] of Object.entries(recent)) values.unshift(row[column] ?? '');
  writeFileSync(current, JSON.stringify(json));
  server.serveFile('data', submissionsPath, current);

  const folder = `/Archives/edgar/data/${Number(filing.cik)}/${filing.accession.replace(/-/g, '')}`;
  if (names.length === 0) return;
  const index = join(dir, `${filing.accession}-index.html`);
  writeFileSync(index, indexPage(filing));
  server.serveFile('www', `${folder}/${filing.accession}-index.html`, index);
  for (const [name, body] of Object.entries(filing.documents)) {
    const file = join(dir, `${filing.accession}-${name}`);
    writeFileSync(file, body);
    server.serveFile('www', `${folder}/${name}`, file);
  }
}
