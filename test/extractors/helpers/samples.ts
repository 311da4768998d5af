/**
 * Small self-written inputs shared by the extractor tests (no text copied from real filings).
 */

import { makePdf } from './make-pdf.ts';

/** A synthetic EDGAR full submission: 8-K with inline-XBRL wrapper, EX-99.1, a uuencoded graphic, an XBRL schema. */
export const SUBMISSION = `<SEC-DOCUMENT>0001234567-25-000001.txt : 20250925
<SEC-HEADER>0001234567-25-000001.hdr.sgml : 20250925
<ACCEPTANCE-DATETIME>20250925163046
ACCESSION NUMBER:\t\t0001234567-25-000001
CONFORMED SUBMISSION TYPE:\t8-K
PUBLIC DOCUMENT COUNT:\t\t4
CONFORMED PERIOD OF REPORT:\t20250924
FILED AS OF DATE:\t\t20250925

FILER:

\tCOMPANY DATA:\t
\t\tCOMPANY CONFORMED NAME:\t\t\tAcme Mining Corp
\t\tCENTRAL INDEX KEY:\t\t\t1710350

SUBJECT COMPANY:

\tCOMPANY DATA:\t
\t\tCOMPANY CONFORMED NAME:\t\t\tOther Co
\t\tCENTRAL INDEX KEY:\t\t\t0000000042
</SEC-HEADER>
<DOCUMENT>
<TYPE>8-K
<SEQUENCE>1
<FILENAME>acme-8k.htm
<DESCRIPTION>CURRENT REPORT
<TEXT>
<XBRL>
<html><body><p>Item 8.01 Other Events.</p><p>Acme signed an AI hosting contract.</p></body></html>
</XBRL>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>EX-99.1
<SEQUENCE>2
<FILENAME>acme-ex99.htm
<DESCRIPTION>PRESS RELEASE
<TEXT>
<html><body><p>Acme Mining Announces AI Hosting Contract.</p></body></html>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>GRAPHIC
<SEQUENCE>3
<FILENAME>logo.jpg
<DESCRIPTION>GRAPHIC
<TEXT>
begin 644 logo.jpg
M_]C_X 02D9)1@ ! 0$ 8 !@  #_X0!@17AI9@  24DJ  @    "  $! P !

end
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>EX-101.SCH
<SEQUENCE>4
<FILENAME>acme-20250924.xsd
<TEXT>
<XBRL>
<?xml version="1.0"?><xs:schema></xs:schema>
</XBRL>
</TEXT>
</DOCUMENT>
</SEC-DOCUMENT>
`;

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

const prose = (topic: string, n: number): string =>
  Array.from({ length: n }, (_, i) => `Sentence ${i + 1} explains how the ${topic} business works for our customers.`).join(' ');

/** A small 8-K primary document in HTML. */
export const HTML_8K = `<!DOCTYPE html><html><head><title>8-K</title></head><body>
<div style="display:none"><ix:header><ix:hidden>dei:EntityCentralIndexKey 0001234567</ix:hidden></ix:header></div>
<p>UNITED STATES SECURITIES AND EXCHANGE COMMISSION</p>
<p>Item 7.01 Regulation FD Disclosure.</p><p>${prose('hosting', 6)}</p>
<table><tr><td>Revenue</td><td>$</td><td>1,234</td></tr><tr><td>Cost</td><td>$</td><td>(567)</td></tr></table>
<p>Item 9.01 Financial Statements and Exhibits.</p><p>${prose('exhibit', 3)}</p>
</body></html>`;

/** A plain-text document with hard-wrapped lines and a page marker. */
export const PLAIN_TEXT = `ACME MINING CORP

ITEM 1.  BUSINESS

    We operate bitcoin mining facilities and are con-
verting part of our capacity to high performance
computing for AI customers.  ${prose('mining', 4)}

<PAGE>
                                  2

ITEM 1A.  RISK FACTORS

    ${prose('risk', 5)}
`;

/** Valid inputs of each kind, plus windows-1252 variants with 0x93/0x94 curly quotes around "pivot". */
export const samples = {
  html: (): Uint8Array => utf8(HTML_8K),
  htmlCp1252: (): Uint8Array => latin1('<html><body><p>The \x93pivot\x94 to AI hosting \x96 a change.</p></body></html>'),
  text: (): Uint8Array => utf8(PLAIN_TEXT),
  textCp1252: (): Uint8Array => latin1('The \x93pivot\x94 to AI hosting \x96 a change.\n\nSecond paragraph.\n'),
  sgml: (): Uint8Array => utf8(SUBMISSION),
  sgmlCp1252: (): Uint8Array =>
    latin1(SUBMISSION.replace('Acme Mining Announces AI Hosting Contract.', 'Acme Mining Announces the \x93pivot\x94.')),
  pdf: (): Uint8Array =>
    makePdf(
      [1, 2, 3].map((p) => [
        `Acme Mining Corp. | Annual Report 2024 | ${p}`,
        ...(p === 1 ? ['Item 1. Business'] : []),
        `${['Our first', 'The second', 'A third'][p - 1]} paragraph is about our data center infra-`,
        `structure and the ${['hosting', 'mining', 'cloud'][p - 1]} contracts we signed with several`,
        `customers during the year, which is described on page ${p}.`,
        `Another paragraph explains the cost-effective power we buy in ${['Texas', 'Quebec', 'Norway'][p - 1]}`,
        'from the grid and how we curtail it in the summer months.',
        String(p),
      ]),
    ),
  pdfCp1252: (): Uint8Array =>
    makePdf([['The \x93pivot\x94 to AI hosting is described in this document in some detail for readers.']], { winAnsi: true }),
};

/** Deterministic pseudo-random bytes (a linear congruential generator), so failures reproduce. */
export function garbage(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
