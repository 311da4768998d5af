/**
 * One htmlparser2 pass over a document's markup, read by two sets of event handlers: the text walk of
 * html.ts and, for inline-XBRL documents, the fact reader of xbrl.ts (issue 13: the markup was parsed
 * twice). Each keeps its own state; this module only hands them the same events.
 *
 * The two readers want one difference of parsing. The text walk needs HTML mode as cheerio parsed it,
 * where `<div/>` opens an element that stays open. The fact reader was written against a parser that
 * honours `/>` (`recognizeSelfClosing`): filers write empty facts as `<ix:nonFraction ... xsi:nil="true"/>`,
 * whose siblings must not become their content. So the second reader gets the events that such a parser
 * would emit: a self-closing tag is closed at once, and its later close event is not passed on.
 */

import { Parser } from 'htmlparser2';

/** Handlers of one reader of the markup (htmlparser2's names; tag and attribute names lower-cased). */
export interface MarkupReader {
  onopentag(name: string, attribs: Record<string, string>): void;
  ontext(text: string): void;
  onclosetag(name: string): void;
}

/** HTML mode lower-cases tag names ("IX:HEADER" -> "ix:header") and decodes entities, as cheerio/slim did. */
const HTML_MODE = { xmlMode: false, decodeEntities: true } as const;

/** A parser that says, while it reports an open tag, whether the tag was written self-closing (`<x/>`). */
class FlaggingParser extends Parser {
  selfClosing = false;

  override onselfclosingtag(endIndex: number): void {
    this.selfClosing = true;
    super.onselfclosingtag(endIndex);
    this.selfClosing = false;
  }
}

/**
 * Parse `html` once in HTML mode. `main` gets the events as htmlparser2 emits them (`/>` ignored on HTML
 * elements, as cheerio does); `also`, when given, gets them as a parser with `recognizeSelfClosing` would.
 *
 * @param html - decoded markup of one document
 * @param main - the reader whose view of the nesting is the browser's (the text walk)
 * @param also - a second reader, or null for a plain pass
 */
export function parseMarkup(html: string, main: MarkupReader, also: MarkupReader | null): void {
  if (also === null) {
    new Parser(main, HTML_MODE).end(html);
    return;
  }
  // The open elements, parallel to the parser's stack, and whether `also` has seen each one closed.
  const names: string[] = [];
  const closed: boolean[] = [];
  const parser: FlaggingParser = new FlaggingParser(
    {
      onopentag(name, attribs) {
        main.onopentag(name, attribs);
        also.onopentag(name, attribs);
        const selfClosed = parser.selfClosing;
        if (selfClosed) also.onclosetag(name);
        names.push(name);
        closed.push(selfClosed);
      },
      ontext(text) {
        main.ontext(text);
        also.ontext(text);
      },
      onclosetag(name, isImplied) {
        main.onclosetag(name);
        names.pop();
        if (!closed.pop()) {
          also.onclosetag(name);
          return;
        }
        if (isImplied) return;
        // An explicit close tag that htmlparser2 matched with an element `also` saw closed already: a parser
        // honouring `/>` would match it with the nearest element of that name still open, closing those above.
        let i = names.length - 1;
        while (i >= 0 && (closed[i] || names[i] !== name)) i--;
        if (i < 0) return;
        for (let j = names.length - 1; j >= i; j--) {
          if (closed[j]) continue;
          also.onclosetag(names[j]!);
          closed[j] = true;
        }
      },
    },
    HTML_MODE,
  );
  parser.end(html);
}
