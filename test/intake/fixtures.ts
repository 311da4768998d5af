/**
 * Self-written inputs of the intake tests (no text copied from real filings):
 * one MD&A of a fictional Canadian miner in two versions (HTML inside an EDGAR
 * 40-F full submission, PDF as filed on SEDAR+ with small differences), and the
 * sec-edgar-downloader folder layout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makePdf } from '../extractors/helpers/make-pdf.ts';

/** Fictional issuer; its CIK is outside the range the SEC has assigned so far. */
export const NHC = { name: 'Northern Hashing Corp.', cik: '0009990001', accession: '0009990001-24-000007' };

/** The MD&A, one paragraph per string. */
export const MDA_PARAGRAPHS = [
  "Management's Discussion and Analysis for the year ended December 31, 2023.",
  'Northern Hashing Corp. operates bitcoin mining facilities in Quebec and Manitoba with a combined capacity of 140 megawatts. During the year we energized a third building in Quebec and brought our installed hashrate to 4.2 exahash per second. Our mining revenue rose to $61.3 million from $48.9 million, mainly because the average price of bitcoin was higher than in the prior year.',
  'The cost of electricity is our largest operating expense. We buy power from the provincial utilities under long-term contracts at regulated rates, and we curtail our miners during peak demand events at the request of the grid operator. Curtailment credits reduced our power cost by $2.1 million in the year.',
  'In the third quarter we began a pilot to host graphics processing units for customers training artificial intelligence models. The pilot uses two megawatts of capacity at our Manitoba site and earned hosting revenue of $1.4 million. We are assessing whether to convert a larger share of our capacity to high performance computing, which would require new cooling systems and a different network design.',
  'Our general and administrative expenses increased to $9.8 million, reflecting a larger team, higher insurance premiums and the costs of our listing on a United States exchange. Depreciation rose with the new miners placed in service during the year.',
  'The halving expected in April 2024 will reduce the block reward from 6.25 to 3.125 bitcoin. We expect our cost to mine one bitcoin to roughly double unless the price of bitcoin or our fleet efficiency rises. To prepare, we replaced older machines with newer models that use less energy per terahash.',
  'As at December 31, 2023 we held 312 bitcoin and cash of $22.5 million. We believe these resources, together with cash from operations, are sufficient to fund our planned capital expenditures over the next twelve months, which include the expansion of the Manitoba site and the purchase of additional miners.',
  'Risks and uncertainties that could affect our results include the price of bitcoin, the global network hashrate, changes in the rules of the provincial utilities, and our ability to sign hosting contracts with creditworthy customers. These and other risks are described in our Annual Information Form for the year.',
];

/** The SEDAR+ copy: the same MD&A with a few words changed, as a PDF with running headers and page numbers. */
export function mdaPdf(): Uint8Array {
  const edited = MDA_PARAGRAPHS.map((p) =>
    p
      .replace('mainly because', 'largely because')
      .replace('roughly double', 'approximately double')
      .replace('a larger team', 'a larger workforce'),
  );
  const lines = edited.flatMap((p) => wrap(p, 88));
  const perPage = Math.ceil(lines.length / 3);
  const pages = [0, 1, 2].map((i) => [
    'Northern Hashing Corp. - MD&A 2023',
    ...lines.slice(i * perPage, (i + 1) * perPage),
    String(i + 1),
  ]);
  return makePdf(pages);
}

function wrap(paragraph: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

const html = (paragraphs: readonly string[]): string =>
  `<html><body>\n${paragraphs.map((p) => `<p>${p.replace(/&/g, '&amp;')}</p>`).join('\n')}\n</body></html>`;

/** Another, unrelated document of the same issuer: its Annual Information Form. */
export const AIF_PARAGRAPHS = [
  'Annual Information Form for the year ended December 31, 2023.',
  'Northern Hashing Corp. was incorporated under the Business Corporations Act (Ontario) in 2017 and its common shares trade on a Canadian exchange and on a United States exchange. Our head office is in Montreal.',
  'We own two sites. The Quebec site has three buildings and a substation that we built in 2021. The Manitoba site is leased from a regional utility for an initial term of ten years with two renewal options of five years each.',
  'We employ 84 people, most of them electricians and technicians at the sites. None of our employees is represented by a union, and we consider our relations with our employees to be good.',
];

/** A full submission (SGML) as sec-edgar-downloader saves it: a 40-F with the AIF (EX-99.1) and the MD&A (EX-99.2). */
export function fortyFSubmission(options: { cik?: string; name?: string; accession?: string; filed?: string } = {}): string {
  const cik = options.cik ?? NHC.cik;
  const name = options.name ?? NHC.name;
  const accession = options.accession ?? NHC.accession;
  const filed = options.filed ?? '20240328';
  const doc = (type: string, seq: number, file: string, body: string) =>
    `<DOCUMENT>\n<TYPE>${type}\n<SEQUENCE>${seq}\n<FILENAME>${file}\n<DESCRIPTION>${type}\n<TEXT>\n${body}\n</TEXT>\n</DOCUMENT>\n`;
  return (
    `<SEC-DOCUMENT>${accession}.txt : ${filed}\n<SEC-HEADER>${accession}.hdr.sgml : ${filed}\n` +
    `ACCESSION NUMBER:\t\t${accession}\nCONFORMED SUBMISSION TYPE:\t40-F\nPUBLIC DOCUMENT COUNT:\t\t3\n` +
    `CONFORMED PERIOD OF REPORT:\t20231231\nFILED AS OF DATE:\t\t${filed}\n\nFILER:\n\n\tCOMPANY DATA:\t\n` +
    `\t\tCOMPANY CONFORMED NAME:\t\t\t${name}\n\t\tCENTRAL INDEX KEY:\t\t\t${cik}\n</SEC-HEADER>\n` +
    doc('40-F', 1, 'nhc-40f.htm', html([
      'Form 40-F. Annual report pursuant to Section 13(a) or 15(d) of the Securities Exchange Act of 1934.',
      'The registrant files the documents listed in the exhibit index, which form part of this annual report. The registrant is a Canadian issuer eligible to file its annual report under the multijurisdictional disclosure system adopted by the Commission and the Canadian securities regulators.',
    ])) +
    doc('EX-99.1', 2, 'nhc-ex991.htm', html(AIF_PARAGRAPHS)) +
    doc('EX-99.2', 3, 'nhc-ex992.htm', html(MDA_PARAGRAPHS)) +
    '</SEC-DOCUMENT>\n'
  );
}

/** Writes `sec-edgar-filings/{owner}/{form}/{accession}/full-submission.txt` under `root`; returns the file path. */
export function writeDownloaded(root: string, owner: string, form: string, accession: string, content: string): string {
  const dir = join(root, 'sec-edgar-filings', owner, form, accession);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'full-submission.txt');
  writeFileSync(path, content);
  return path;
}
