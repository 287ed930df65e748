// HTML to the stored body: structure kept, everything else dropped, and the
// result always a valid body — whatever the HTML (property), whatever a paste
// from Word or Google Docs carries, whatever an attacker writes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XSS_CORPUS } from '../comments/testing/xss-corpus.js';
import { articleBodySchema } from './article-body.js';
import { bodyFromHtml, imageSourcesIn, type ImageResolver } from './body-from-html.js';

const library: ImageResolver = (src) => {
  const match = /^(?:https:\/\/news\.example\.test)?\/media\/([a-z0-9-]+)\/\d+\.(?:jpg|webp)$/.exec(src);
  return match ? { imageId: match[1]!, alt: 'Stored alt', caption: 'Stored caption', credit: 'Stored credit' } : null;
};

describe('bodyFromHtml', () => {
  it('keeps paragraphs, headings, marks, safe links, lists, quotes, pull quotes, figures and dividers', () => {
    const body = bodyFromHtml(
      `<h1>Big</h1><h4>Small</h4>
       <p>The <strong>tide</strong> came <em>early</em>, said <a href="https://example.org/report">the report</a>.<br>New line.</p>
       <ul><li>One</li><li><p>Two</p></li></ul><ol><li>First</li></ol>
       <blockquote><p>We saw it coming.</p><footer>— A harbour master</footer></blockquote>
       <aside class="pull-quote">The sea keeps its own time.<cite>Skipper</cite></aside>
       <figure><img src="/media/harbour-abc123def456/1600.jpg" alt="Boats at dawn"><figcaption>Morning. <small>Photo: Desk</small></figcaption></figure>
       <hr>`,
      library,
    );
    expect(body.content).toEqual([
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Big' }] },
      { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Small' }] },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'The ' },
          { type: 'text', text: 'tide', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' came ' },
          { type: 'text', text: 'early', marks: [{ type: 'italic' }] },
          { type: 'text', text: ', said ' },
          { type: 'text', text: 'the report', marks: [{ type: 'link', attrs: { href: 'https://example.org/report' } }] },
          { type: 'text', text: '.' },
          { type: 'hardBreak' },
          { type: 'text', text: 'New line.' },
        ],
      },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'One' }] }] },
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Two' }] }] },
        ],
      },
      {
        type: 'orderedList',
        content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'First' }] }] }],
      },
      {
        type: 'blockquote',
        attrs: { attribution: 'A harbour master' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'We saw it coming.' }] }],
      },
      { type: 'pullQuote', attrs: { attribution: 'Skipper' }, content: [{ type: 'text', text: 'The sea keeps its own time.' }] },
      { type: 'figure', attrs: { imageId: 'harbour-abc123def456', alt: 'Boats at dawn', caption: 'Morning.', credit: 'Photo: Desk' } },
      { type: 'horizontalRule' },
    ]);
  });

  it('takes a quote’s <footer>, <cite> or closing “— <cite>” line as its attribution, not as a paragraph', () => {
    const quotes = bodyFromHtml(
      `<blockquote><p>Nets first, then boats.</p><footer>— <cite>A net mender</cite></footer></blockquote>
       <blockquote><p>The pier will hold.</p><cite>Harbour engineer</cite></blockquote>
       <blockquote><p>Not this winter.</p><p>— <cite>The ferry office</cite></p></blockquote>
       <blockquote><p>Unattributed.</p></blockquote>`,
    ).content;
    expect(quotes).toEqual([
      {
        type: 'blockquote',
        attrs: { attribution: 'A net mender' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Nets first, then boats.' }] }],
      },
      {
        type: 'blockquote',
        attrs: { attribution: 'Harbour engineer' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The pier will hold.' }] }],
      },
      {
        type: 'blockquote',
        attrs: { attribution: 'The ferry office' },
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Not this winter.' }] }],
      },
      { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Unattributed.' }] }] },
    ]);
  });

  it('cleans a paste from Word: Office tags, styles, classes and comments go, the text and its emphasis stay', () => {
    const word = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body>
      <!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]-->
      <p class="MsoNormal" style="mso-line-height-alt:12pt"><span style="font-family:Calibri;mso-bidi-font-weight:bold">Council <b>votes</b> today<o:p></o:p></span></p>
      <p class="MsoNormal"><o:p>&nbsp;</o:p></p>
      <p class="MsoNormal"><span lang="EN-GB" style="font-style:italic">Quietly.</span></p></body></html>`;
    expect(bodyFromHtml(word).content).toEqual([
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Council ' },
          { type: 'text', text: 'votes', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' today' },
        ],
      },
      { type: 'paragraph', content: [{ type: 'text', text: 'Quietly.', marks: [{ type: 'italic' }] }] },
    ]);
  });

  it('cleans a paste from Google Docs: the not-bold wrapper is not bold, styled spans become marks', () => {
    const docs = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1234"><p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-weight:700">Storm</span><span style="font-size:11pt;font-weight:400"> warning for </span><span style="font-style:italic;font-weight:400">the coast</span></p></b>`;
    expect(bodyFromHtml(docs).content).toEqual([
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Storm', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' warning for ' },
          { type: 'text', text: 'the coast', marks: [{ type: 'italic' }] },
        ],
      },
    ]);
  });

  it('drops images that are not in the library, unsafe links (keeping their text) and empty blocks', () => {
    const body = bodyFromHtml(
      '<p>See <a href="javascript:alert(1)">this</a> and <a href="//evil.example">that</a>.</p><img src="https://elsewhere.example/x.jpg"><p> </p><h2></h2><ul><li></li></ul>',
      library,
    );
    expect(body.content).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'See this and that.' }] }]);
  });

  it('keeps every hostile string inert: no script, handler, javascript: or data: survives (XSS corpus)', () => {
    for (const hostile of XSS_CORPUS) {
      const body = bodyFromHtml(`<p>${hostile}</p>${hostile}`, library);
      const json = JSON.stringify(body);
      expect(json, hostile).not.toMatch(/"href":"(?:javascript|data|vbscript):/i);
      expect(articleBodySchema.safeParse(body).success).toBe(true);
      for (const block of body.content) expect(Object.keys(block).every((key) => ['type', 'attrs', 'content'].includes(key))).toBe(true);
    }
  });

  it('always gives a valid body, whatever the HTML (property)', () => {
    const tag = fc.constantFrom(
      'p',
      'b',
      'i',
      'a',
      'ul',
      'ol',
      'li',
      'h2',
      'blockquote',
      'figure',
      'img',
      'br',
      'hr',
      'div',
      'span',
      'o:p',
      'script',
      'aside',
    );
    const fragment = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string({ maxLength: 20 }),
        fc
          .tuple(
            tag,
            fc.constantFrom(
              '',
              ' href="https://x.example"',
              ' href="javascript:x"',
              ' src="/media/abc-def/960.jpg"',
              ' class="pull-quote"',
              ' style="font-weight:bold"',
            ),
            fc.array(tie('node'), { maxLength: 4 }),
          )
          .map(([name, attrs, children]) => `<${name}${attrs}>${children.join('')}</${name}>`),
      ),
    })).node;
    fc.assert(
      fc.property(fc.oneof(fragment, fc.string({ maxLength: 300 })), (html) => {
        expect(articleBodySchema.safeParse(bodyFromHtml(html, library)).success).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('survives hostile nesting: 100,000 nested tags keep their text without exhausting the stack', () => {
    const depth = 100_000;
    const body = bodyFromHtml(`${'<b><i>'.repeat(depth / 2)}deep${'</i></b>'.repeat(depth / 2)}<ul>${'<li><ul>'.repeat(5000)}x`);
    expect(JSON.stringify(body)).toContain('deep');
    expect(articleBodySchema.safeParse(body).success).toBe(true);
  });

  it('lists the image sources to look up', () => {
    expect(imageSourcesIn('<p><img src=" /media/a-1/480.jpg "></p><figure><img src="x.png"></figure><img>')).toEqual([
      '/media/a-1/480.jpg',
      'x.png',
    ]);
  });
});
