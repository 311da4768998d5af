/** Inline XBRL facts on fictional markup: contexts, units, scale, sign, nil, formats, duplicates, and the hook in extractFile. */
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../extractors/index.ts';
import { extractXbrlFacts, parseDisplayed, xbrlMarkup } from '../../extractors/xbrl.ts';

const HEADER = `<ix:header><ix:hidden></ix:hidden><ix:resources>
<xbrli:context id="fy"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000000001</xbrli:identifier></xbrli:entity>
  <xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="fy-cloud"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000000001</xbrli:identifier>
  <xbrli:segment><xbrldi:explicitMember dimension="srt:ProductOrServiceAxis">acme:CloudServicesMember</xbrldi:explicitMember></xbrli:segment></xbrli:entity>
  <xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>
<xbrli:context id="end"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000000001</xbrli:identifier></xbrli:entity>
  <xbrli:period><xbrli:instant>2024-12-31</xbrli:instant></xbrli:period></xbrli:context>
<xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>
<xbrli:unit id="eps"><xbrli:divide><xbrli:unitNumerator><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unitNumerator>
  <xbrli:unitDenominator><xbrli:measure>xbrli:shares</xbrli:measure></xbrli:unitDenominator></xbrli:divide></xbrli:unit>
</ix:resources></ix:header>`;

const doc = (body: string) => `<html xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"><body><div style="display:none">${HEADER}</div>${body}</body></html>`;

describe('extractXbrlFacts', () => {
  it('resolves the context (period, members) and unit of each fact, applying scale and sign', () => {
    const { facts, warnings } = extractXbrlFacts(
      doc(`<p>Revenue <ix:nonFraction name="us-gaap:Revenues" contextRef="fy" unitRef="usd" decimals="-3" scale="3" id="f1">1,250</ix:nonFraction>,
        cloud <ix:nonFraction name="us-gaap:Revenues" contextRef="fy-cloud" unitRef="usd" decimals="-3" scale="3" id="f2"><span>400</span></ix:nonFraction>,
        credits <ix:nonFraction name="acme:PowerCurtailmentCredits" contextRef="fy" unitRef="usd" decimals="-3" scale="3" sign="-">(33)</ix:nonFraction>,
        EPS <ix:nonFraction name="us-gaap:EarningsPerShareBasic" contextRef="fy" unitRef="eps" decimals="2">0.61</ix:nonFraction>,
        cash <ix:nonFraction name="us-gaap:Cash" contextRef="end" unitRef="usd" decimals="0" scale="6">0.6</ix:nonFraction></p>`),
    );
    expect(warnings).toEqual([]);
    const by = (concept: string, context = 'fy') => facts.find((f) => f.concept === concept && f.contextId === context)!;
    expect(by('us-gaap:Revenues').value).toBe(1_250_000);
    expect(by('us-gaap:Revenues').period).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    expect(by('us-gaap:Revenues').dimensions).toEqual([]);
    expect(by('us-gaap:Revenues', 'fy-cloud').dimensions).toEqual([{ axis: 'srt:ProductOrServiceAxis', member: 'acme:CloudServicesMember' }]);
    expect(by('us-gaap:Revenues', 'fy-cloud').value).toBe(400_000);
    expect(by('acme:PowerCurtailmentCredits').value).toBe(-33_000);
    expect(by('us-gaap:EarningsPerShareBasic').unit).toBe('iso4217:USD/xbrli:shares');
    expect(by('us-gaap:Cash', 'end').value).toBe(600_000);
    expect(by('us-gaap:Cash', 'end').period).toEqual({ start: null, end: '2024-12-31' });
  });

  it('keeps a fact shown twice once, and warns when the two disagree', () => {
    const same = extractXbrlFacts(
      doc(`<ix:nonFraction name="us-gaap:Revenues" contextRef="fy" unitRef="usd" decimals="-3" scale="3">1,250</ix:nonFraction>
           <ix:nonFraction name="us-gaap:Revenues" contextRef="fy" unitRef="usd" decimals="0" scale="0">1,250,004</ix:nonFraction>`),
    );
    expect(same.facts).toHaveLength(1);
    expect(same.facts[0]!.value).toBe(1_250_004); // the more precise of the two
    expect(same.facts[0]!.duplicates).toBe(1);
    expect(same.warnings).toEqual([]);
    const differ = extractXbrlFacts(
      doc(`<ix:nonFraction name="us-gaap:Revenues" contextRef="fy" unitRef="usd" decimals="0">10</ix:nonFraction>
           <ix:nonFraction name="us-gaap:Revenues" contextRef="fy" unitRef="usd" decimals="0">12</ix:nonFraction>`),
    );
    expect(differ.facts).toHaveLength(1);
    expect(differ.warnings[0]).toMatch(/two values/);
  });

  it('reads nil, dashes, zero formats and comma decimals; skips a fact of an undeclared context with a warning', () => {
    const { facts, warnings } = extractXbrlFacts(
      doc(`<ix:nonFraction name="a:Nil" contextRef="fy" unitRef="usd" xsi:nil="true"></ix:nonFraction>
           <ix:nonFraction name="a:Dash" contextRef="fy" unitRef="usd" format="ixt:fixed-zero">—</ix:nonFraction>
           <ix:nonFraction name="a:Comma" contextRef="fy" unitRef="usd" format="ixt:num-comma-decimal">1.234,5</ix:nonFraction>
           <ix:nonFraction name="a:Lost" contextRef="nowhere" unitRef="usd">5</ix:nonFraction>`),
    );
    const value = (c: string) => facts.find((f) => f.concept === c)?.value;
    expect(value('a:Nil')).toBeNull();
    expect(value('a:Dash')).toBe(0);
    expect(value('a:Comma')).toBe(1234.5);
    expect(facts.find((f) => f.concept === 'a:Lost')).toBeUndefined();
    expect(warnings[0]).toMatch(/undeclared context/);
  });

  it('gives nothing for markup without inline XBRL', () => {
    expect(extractXbrlFacts('<html><body><p>Revenue was $5 million.</p></body></html>')).toEqual({ facts: [], warnings: [] });
    expect(parseDisplayed('', null)).toBeNull();
    expect(parseDisplayed('(1,000)', null)).toBe(1000);
  });

  it('extractFile attaches the facts to an HTML document, not to plain text', async () => {
    const html = await extractFile(new TextEncoder().encode(doc('<p>Revenue <ix:nonFraction name="us-gaap:Revenues" contextRef="fy" unitRef="usd">7</ix:nonFraction> dollars.</p>')), { fileName: 'a.htm', form: '10-K' });
    expect(html.documents[0]!.xbrlFacts?.map((f) => f.value)).toEqual([7]);
    expect(html.documents[0]!.text).not.toMatch(/iso4217|ProductOrServiceAxis/);
    const text = await extractFile(new TextEncoder().encode('Revenue was 7 dollars in 1995.\n\nNothing else.'), { fileName: 'a.txt', form: '10-K' });
    expect(text.documents[0]!.xbrlFacts).toBeUndefined();
  });
});

describe('the one parse of extractFile', () => {
  it('reads the facts that extractXbrlFacts reads: self-closing facts, a self-closing fact inside another, a fact in ix:exclude', async () => {
    const html = doc(`<p>a <ix:nonFraction name="a:Nil" contextRef="fy" unitRef="usd" xsi:nil="true"/> b <span>c</span></p>
      <p><ix:nonFraction name="a:Outer" contextRef="fy" unitRef="usd">1<ix:nonFraction name="a:Empty" contextRef="end" unitRef="usd" xsi:nil="true"/>2</ix:nonFraction> 3 <span>4</span></p>
      <ix:nonNumeric name="a:Block" contextRef="fy"><p>Text</p><ix:exclude><p>Page 2 <ix:nonFraction name="a:Excluded" contextRef="fy" unitRef="usd">8</ix:nonFraction></p></ix:exclude></ix:nonNumeric>
      <p><ix:nonFraction name="a:Last" contextRef="end" unitRef="usd" scale="3">6</ix:nonFraction></p>`);
    const alone = extractXbrlFacts(html);
    const values = Object.fromEntries(alone.facts.map((f) => [f.concept, f.value]));
    expect(values).toEqual({ 'a:Nil': null, 'a:Outer': 12, 'a:Empty': null, 'a:Excluded': 8, 'a:Last': 6000 });
    const extracted = await extractFile(new TextEncoder().encode(html), { fileName: 'a.htm', form: '10-K' });
    expect(extracted.documents[0]!.xbrlFacts).toEqual(alone.facts);
    expect(extracted.documents[0]!.text).toContain('a b c');
  });
});

describe('xbrlMarkup', () => {
  it('keeps the header and each fact element once: self-closing, nested and hidden facts included', () => {
    const html = doc(`<p>a <ix:nonFraction name="a:Nil" contextRef="fy" unitRef="usd" xsi:nil="true"/> b
      <ix:nonFraction name="a:Outer" contextRef="fy" unitRef="usd"><ix:nonFraction name="a:Inner" contextRef="fy" unitRef="usd">5</ix:nonFraction></ix:nonFraction>
      <ix:nonFraction name="a:Last" contextRef="fy" unitRef="usd">6</ix:nonFraction></p>`).replace(
      '<ix:hidden></ix:hidden>',
      '<ix:hidden><ix:nonFraction name="a:Hidden" contextRef="fy" unitRef="usd">9</ix:nonFraction></ix:hidden>',
    );
    const markup = xbrlMarkup(html);
    expect(markup).toContain('<xbrli:context id="fy">');
    expect(markup).not.toContain('<p>');
    for (const concept of ['a:Nil', 'a:Outer', 'a:Inner', 'a:Last', 'a:Hidden']) expect(markup.split(`name="${concept}"`)).toHaveLength(2);
    const values = Object.fromEntries(extractXbrlFacts(html).facts.map((f) => [f.concept, f.value]));
    expect(values).toEqual({ 'a:Hidden': 9, 'a:Nil': null, 'a:Outer': 5, 'a:Inner': 5, 'a:Last': 6 });
  });
});
