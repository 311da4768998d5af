/**
 * What a sentence is as text, whatever it names: a heading, a table row, a footnote, safe-harbour language,
 * a pointer elsewhere. Such text states nothing about the business (it weighs 0) and takes no topic from its
 * context. Pure predicates, shared by the scorer's passes (score.ts) and the context model (context-model.ts).
 */

export const SAFE_HARBOUR = /forward[- ]looking statements?|safe harbou?r|private securities litigation reform act/i;

/**
 * Text that is not a statement about the business, whatever it names: a table's lead-in ("The following
 * table presents ..."), a footnote ("(1) ...", "* ..."), a metric's definition, an item of a forward-looking-statement or
 * risk list continued from the sentence before (it starts in lower case and ends with ";").
 */
const NOT_A_STATEMENT = [
  /^\s*the following tables? (presents?|sets? forth|shows?|summari[sz]es?|provides?)\b/i,
  /^\s*(\(\d{1,2}\)|\*{1,3})\s*\S/,
  // A metric's definition ("Hardware profit is calculated as revenue less electricity costs", "Total net
  // electricity costs are presented on a net basis and calculated as ..."): how a figure is made, not the business.
  /\b(is|are|was|were) (\S+ ){0,6}?(calculated|computed|defined|derived) as\b/i,
  // A list item continued from the sentence before: lower case at the start, a semicolon at the end. (Bulleted
  // items are left alone: on the dev split they are as often the filer's own statements as risk-list items.)
  /^\s*[a-z][^]*;\s*(and|or)?\s*$/,
];

/** A presentation note ("amounts are stated in thousands ...") or an exhibit-index line ("99.1 Press Release - ..."). */
const PRESENTATION = [
  /\b(amounts|dollars|figures|numbers) (are |have been )?(stated|presented|expressed|shown|reported) in (thousands|millions)\b/i,
  /^\s*\d{1,3}\.\d{1,3}\*?\s+(press release|exhibit|news release)\b/i,
];

/** Six or more figures, at least one for every 2.5 words: a table's cells, not prose. */
function mostlyFigures(text: string): boolean {
  const figures = text.match(/\(?[$€£]?\d[\d,.]*%?\)?/g)?.length ?? 0;
  const words = text.split(/\s+/).length;
  return figures >= 6 && figures >= 0.4 * words;
}

/** A table row flattened into a line: mostly figures ("Average operating hashrate 38.4 EH/s 36.6 EH/s ..."). */
function isTableRow(text: string): boolean {
  // Most sentences end in a full stop: that test first, before counting figures and words.
  if (/[.!?]["”’)]?\s*$/.test(text.trim())) return false;
  return mostlyFigures(text);
}

/**
 * A sentence that opens as a flattened table: its first 20 words are mostly figures, as a table row's are
 * ("Electricity costs1 ($0.04m) ($0.05m) Hardware profit2 $2.0m $1.5m ... Mining capacity increased to
 * ..."), a PDF table run into the text after it. Its words may still state the business (the labellers
 * count such a passage as evidence), but it is no sentence to quote.
 */
export function opensAsTable(text: string): boolean {
  return mostlyFigures(text.trim().split(/\s+/).slice(0, 20).join(' '));
}

/**
 * A headline ("Riot Announces Fee Simple Acquisition of Land and First Data Center Lease with AMD"):
 * no final punctuation and most words capitalised. It names a topic; the body states it.
 */
function isHeadline(text: string): boolean {
  const t = text.trim();
  if (/[.!?:;]["”’)]?$/.test(t)) return false;
  const words = t.split(/\s+/).filter((w) => /^[A-Za-z]/.test(w) && w.length > 3);
  return words.length >= 4 && words.filter((w) => /^[A-Z]/.test(w)).length >= 0.8 * words.length;
}

/** True for a table lead-in or row, a footnote, a list item continued from before, a presentation note or a headline: such text weighs 0. */
export function isNotAStatement(text: string): boolean {
  return NOT_A_STATEMENT.some((re) => re.test(text)) || PRESENTATION.some((re) => re.test(text)) || isTableRow(text) || isHeadline(text);
}

/** A heading ("HPC Hosting", "Our AI/HPC business") names a topic; it states nothing. */
export function isHeading(text: string): boolean {
  return !/[.!?:;]["”’)]?$/.test(text.trim()) && text.trim().split(/\s+/).length <= 10;
}

/**
 * A sub-heading ("HPC Hosting", "Bitcoin Mining", "Colocation services"): a short line that starts with a
 * capital, ends without punctuation or a figure and is mostly words, not a table row or a bullet.
 */
export function isSubHeading(text: string): boolean {
  const t = text.trim();
  return isHeading(t) && /^[A-Z]/.test(t) && !/[;,]$/.test(t) && !/[$€£]|\d\)?\s*$/.test(t) && (t.match(/[A-Za-z]/g)?.length ?? 0) >= 0.7 * t.replace(/\s/g, '').length;
}

/** A pointer to another part of the filing ("See Part I, Item 1A.") states nothing itself. */
export const CROSS_REFERENCE = /^\s*(see|refer to|for (additional|further|more) (information|discussion))\b/i;

/** How many sentences after a sub-heading its topic (the context pass) and its words (the context model) still reach. */
export const HEADING_REACH = 30;
