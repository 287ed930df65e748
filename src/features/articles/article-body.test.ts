import { describe, expect, it } from 'vitest';
import { ArticleBodyView } from './views/article-body-view.js';
import { articleBodySchema, bodyToPlainText, countWords, parseArticleBody, takeLeadingBlocks, type ArticleBody } from './article-body.js';

const body: ArticleBody = {
  type: 'doc',
  content: [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'One ' },
        { type: 'text', text: 'link', marks: [{ type: 'link', attrs: { href: 'https://example.org/a?b=1&c=2' } }] },
      ],
    },
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Sub <heading>' }] },
    { type: 'pullQuote', attrs: { attribution: 'A. Person' }, content: [{ type: 'text', text: 'Quoted words' }] },
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Item', marks: [{ type: 'bold' }] }] }] },
      ],
    },
    { type: 'figure', attrs: { imageId: 'missing-picture', alt: 'x', caption: '', credit: '' } },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Said once' }] }] },
    {
      type: 'blockquote',
      attrs: { attribution: 'A <harbour> master' },
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Said twice' }] }],
    },
  ],
};

describe('article body', () => {
  it('gives a blockquote an optional attribution: stored quotes without attrs still parse, a long one does not', () => {
    const quote = (attrs?: unknown) => ({
      type: 'doc',
      content: [{ type: 'blockquote', ...(attrs === undefined ? {} : { attrs }), content: [{ type: 'paragraph' }] }],
    });
    expect(articleBodySchema.safeParse(quote()).success).toBe(true);
    expect(articleBodySchema.parse(quote({})).content[0]).toEqual({
      type: 'blockquote',
      attrs: { attribution: '' },
      content: [{ type: 'paragraph' }],
    });
    expect(articleBodySchema.safeParse(quote({ attribution: 'x'.repeat(200) })).success).toBe(true);
    expect(articleBodySchema.safeParse(quote({ attribution: 'x'.repeat(201) })).success).toBe(false);
    expect(articleBodySchema.safeParse(quote({ attribution: 7 })).success).toBe(false);
  });

  it('round-trips through JSON and the schema', () => {
    expect(parseArticleBody(JSON.stringify(body))).toEqual(body);
  });

  it('rejects links with unsafe schemes', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>', '//evil.example/']) {
      const bad = {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href } }] }] }],
      };
      expect(articleBodySchema.safeParse(bad).success, href).toBe(false);
    }
  });

  it('rejects unknown block types and raw HTML nodes', () => {
    expect(articleBodySchema.safeParse({ type: 'doc', content: [{ type: 'html', html: '<script>' }] }).success).toBe(false);
  });

  it('cuts a teaser at whole top-level blocks', () => {
    expect(takeLeadingBlocks(body, 2).content).toEqual(body.content.slice(0, 2));
    expect(takeLeadingBlocks(body, -1).content).toEqual([]);
  });

  it('extracts plain text and counts words', () => {
    expect(bodyToPlainText(body)).toBe('One link\n\nSub <heading>\n\nQuoted words\n\nItem\n\nSaid once\n\nSaid twice');
    expect(countWords(body)).toBe(11);
  });

  it('renders every block type with text escaped and missing images dropped', () => {
    const html = ArticleBodyView({ body, figureImages: {} }).value;
    expect(html).toContain('<p>One <a href="https://example.org/a?b=1&amp;c=2" rel="noopener">link</a></p>');
    expect(html).toContain('<h2>Sub &lt;heading></h2>');
    expect(html).toContain(
      '<figure class="pull-quote"><blockquote><p>Quoted words</p></blockquote><figcaption class="pull-quote-attribution">A. Person</figcaption></figure>',
    );
    expect(html).toContain('<ul><li><strong>Item</strong></li></ul>');
    expect(html).toContain('<blockquote><p>Said once</p></blockquote>');
    expect(html).toContain(
      '<blockquote><p>Said twice</p><footer class="quote-attribution">— <cite>A &lt;harbour> master</cite></footer></blockquote>',
    );
    // The figure whose image is missing is dropped: the only figure left is the pull quote.
    expect(html.match(/<figure/g)).toEqual(['<figure']);
  });
});
