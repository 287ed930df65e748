// The paste cleaner on clipboard HTML as Word and Google Docs write it (the
// fixtures are ours, written in their shape), and on what must never survive.
import { describe, expect, it } from 'vitest';
import { cleanPastedHtml } from './paste-cleaner.js';

/** Word (desktop, Windows) puts this on the clipboard for a heading, a paragraph, a bulleted and a numbered list and a quote. */
const WORD = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15">
<style><!-- /* Style Definitions */ p.MsoNormal {margin:0cm; font-size:11.0pt;} @list l0:level1 {mso-level-number-format:bullet;} --></style>
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->
</head><body lang=EN-GB style='tab-interval:36.0pt'><!--StartFragment-->
<h1 style='margin-top:12.0pt'><span lang=EN-GB>Ferry timetable changes<o:p></o:p></span></h1>
<p class=MsoNormal><span lang=EN-GB style='font-family:"Calibri",sans-serif'>From Monday the <b style='mso-bidi-font-weight:normal'>early crossing</b> leaves at <i style='mso-bidi-font-style:normal'>six</i>, see <a href="https://ferries.example.test/winter">the winter notice</a>.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-GB>Bring a ticket<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-GB>Arrive early<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><!--[if !supportLists]--><span lang=EN-GB><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><!--[endif]--><span lang=EN-GB>Queue at gate two<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><!--[if !supportLists]--><span lang=EN-GB><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><!--[endif]--><span lang=EN-GB>Board by the stern ramp<o:p></o:p></span></p>
<p class=MsoQuote><span lang=EN-GB>We will run every crossing we can.<o:p></o:p></span></p>
<!--EndFragment--></body></html>`;

/** Google Docs (Chrome) for a title, a heading, styled runs, a link and a list, all inside its not-bold wrapper. */
const DOCS = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-5c1e2a7f-7fff-1a2b-3c4d-0e9f8a7b6c5d"><h1 dir="ltr" style="line-height:1.38;margin-top:20pt;margin-bottom:6pt;"><span style="font-size:20pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;font-weight:400;font-style:normal;font-variant:normal;text-decoration:none;vertical-align:baseline;white-space:pre;white-space:pre-wrap;">Harbour lights return</span></h1><h3 dir="ltr" style="line-height:1.38;"><span style="font-size:13.999999999999998pt;font-family:Arial,sans-serif;color:#434343;font-weight:700;">Who pays</span></h3><p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><span style="font-size:11pt;font-family:Arial,sans-serif;color:#000000;font-weight:700;font-style:normal;">Twelve</span><span style="font-size:11pt;font-family:Arial,sans-serif;color:#000000;font-weight:400;font-style:normal;"> lamps are back, </span><span style="font-size:11pt;font-family:Arial,sans-serif;color:#000000;font-weight:400;font-style:italic;">after a winter dark</span><span style="font-size:11pt;font-weight:400;">, says </span><a href="https://council.example.test/lights" style="text-decoration:none;"><span style="font-size:11pt;font-family:Arial,sans-serif;color:#1155cc;font-weight:400;text-decoration:underline;-webkit-text-decoration-skip:none;text-decoration-skip-ink:none;">the council</span></a><span style="font-size:11pt;">.</span></p><br /><ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;"><li dir="ltr" style="list-style-type:disc;font-size:11pt;font-family:Arial,sans-serif;" aria-level="1"><p dir="ltr" style="line-height:1.38;" role="presentation"><span style="font-size:11pt;font-weight:400;">North pier</span></p></li><li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1"><p dir="ltr" style="line-height:1.38;" role="presentation"><span style="font-size:11pt;font-weight:400;">Lock gates</span></p></li></ul></b><br class="Apple-interchange-newline">`;

describe('cleanPastedHtml', () => {
  it('keeps Word’s heading, emphasis, link, both lists and quote, and drops everything Office adds', () => {
    expect(cleanPastedHtml(WORD).replace(/\s+/g, ' ')).toBe(
      '<h2>Ferry timetable changes</h2> ' +
        '<p>From Monday the <strong>early crossing</strong> leaves at <em>six</em>, see <a href="https://ferries.example.test/winter">the winter notice</a>.</p> ' +
        '<ul><li>Bring a ticket</li> <li>Arrive early</li></ul> ' +
        '<ol><li>Queue at gate two</li> <li>Board by the stern ramp</li></ol> ' +
        '<blockquote><p>We will run every crossing we can.</p></blockquote>',
    );
  });

  it('keeps Google Docs’ headings, bold and italic runs, link and list; its not-bold wrapper and styles go', () => {
    expect(cleanPastedHtml(DOCS)).toBe(
      '<h2>Harbour lights return</h2><h3>Who pays</h3>' +
        '<p><strong>Twelve</strong> lamps are back, <em>after a winter dark</em>, says <a href="https://council.example.test/lights">the council</a>.</p>' +
        '<br><ul><li><p>North pier</p></li><li><p>Lock gates</p></li></ul>',
    );
  });

  it('leaves no style, class, id, span, font, comment or Office tag behind', () => {
    for (const html of [WORD, DOCS]) {
      const cleaned = cleanPastedHtml(html);
      expect(cleaned).not.toMatch(/style=|class=|id=|lang=|dir=|<span|<font|<o:|<\/?b\b|<!--|<!\[|<meta|<xml|mso-/i);
    }
  });

  it('drops links the body format refuses, and never carries an attribute but a safe href', () => {
    const cleaned = cleanPastedHtml(
      '<p><a href="javascript:alert(1)">one</a> <a href=\'data:text/html,x\'>two</a> <a name="_Toc1">three</a> ' +
        '<a href="/world/x" onclick="steal()">four</a> <a href="https://e.test/?a=1&amp;b=&quot;2&quot;">five</a></p>' +
        '<img src="x" onerror="alert(1)"><script>alert(2)</script><p onmouseover="x()">six</p>',
    );
    expect(cleaned).toBe(
      '<p>one two three <a href="/world/x">four</a> <a href="https://e.test/?a=1&amp;b=&quot;2&quot;">five</a></p><p>six</p>',
    );
  });

  it('turns table cells into paragraphs, so their texts do not run together', () => {
    expect(cleanPastedHtml('<table><tr><td>Tide</td><td>High</td></tr></table>')).toBe('<p>Tide</p><p>High</p>');
  });

  it('leaves the editor’s own clipboard (ProseMirror’s data-pm-slice) alone: its figures and quotes carry attributes', () => {
    const own = '<figure data-pm-slice="0 0 []" data-image-id="harbour-1"><img src="/media/harbour-1/960.webp" alt="Boats"></figure>';
    expect(cleanPastedHtml(own)).toBe(own);
  });

  it('stays linear on hostile input', () => {
    const started = performance.now();
    cleanPastedHtml(`${'<span style="font-weight:700">'.repeat(20_000)}x${'<a href="'.repeat(20_000)}<p ${"'".repeat(20_000)}`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
