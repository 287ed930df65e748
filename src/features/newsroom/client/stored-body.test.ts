// The editor's JSON → the stored body: whatever Tiptap adds is left behind,
// and the result always passes the body schema (property, arbitrary input).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleBodySchema } from '../../articles/articles.service.js';
import { bodyFromPlainText, isSafeHref, toStoredBody } from './stored-body.js';

const text = (value: string, marks?: unknown[]) => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });

describe('toStoredBody', () => {
  it('keeps every block the format has and drops what Tiptap adds: null attrs, link target/rel/class, list start, empty text', () => {
    const fromTiptap = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 2, id: null }, content: [text('Harbour lights')] },
        {
          type: 'paragraph',
          attrs: { textAlign: null },
          content: [
            text('Twelve', [{ type: 'bold' }]),
            text(''),
            text(' lamps ', [{ type: 'italic' }, { type: 'italic' }]),
            text('back', [
              {
                type: 'link',
                attrs: { href: 'https://example.test/l', target: '_blank', rel: 'noopener noreferrer nofollow', class: null },
              },
            ]),
            { type: 'hardBreak' },
            text('next line', [{ type: 'strike' }]),
          ],
        },
        { type: 'paragraph' },
        {
          type: 'orderedList',
          attrs: { start: 1, type: null },
          content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('One')] }] }],
        },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph' }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [text('Two')] }] },
          ],
        },
        { type: 'blockquote', attrs: { attribution: ' A net mender ' }, content: [{ type: 'paragraph', content: [text('Nets first.')] }] },
        { type: 'pullQuote', attrs: { attribution: null }, content: [text('The sea keeps time.')] },
        { type: 'figure', attrs: { imageId: 'harbour-1', alt: 'Boats at dawn', caption: null, credit: 'Desk' } },
        { type: 'horizontalRule' },
        { type: 'codeBlock', content: [text('rm -rf /')] },
        { type: 'paragraph' },
      ],
    };
    const stored = toStoredBody(fromTiptap);
    expect(articleBodySchema.parse(stored)).toEqual(stored);
    expect(stored.content).toEqual([
      { type: 'heading', attrs: { level: 2 }, content: [text('Harbour lights')] },
      {
        type: 'paragraph',
        content: [
          text('Twelve', [{ type: 'bold' }]),
          text(' lamps ', [{ type: 'italic' }]),
          text('back', [{ type: 'link', attrs: { href: 'https://example.test/l' } }]),
          { type: 'hardBreak' },
          text('next line'),
        ],
      },
      { type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('One')] }] }] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('Two')] }] }] },
      { type: 'blockquote', attrs: { attribution: 'A net mender' }, content: [{ type: 'paragraph', content: [text('Nets first.')] }] },
      { type: 'pullQuote', attrs: { attribution: '' }, content: [text('The sea keeps time.')] },
      { type: 'figure', attrs: { imageId: 'harbour-1', alt: 'Boats at dawn', caption: '', credit: 'Desk' } },
      { type: 'horizontalRule' },
    ]);
  });

  it('drops unsafe links (keeping their text), empty quotes and lists, figures without an image, and clamps heading levels', () => {
    const stored = toStoredBody({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [text('click', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }])] },
        { type: 'heading', attrs: { level: 1 }, content: [text('Top')] },
        { type: 'heading', attrs: { level: 5 }, content: [text('Deep')] },
        { type: 'blockquote', content: [{ type: 'paragraph' }] },
        { type: 'bulletList', content: [] },
        { type: 'figure', attrs: { imageId: '', alt: 'x' } },
        { type: 'pullQuote', attrs: { attribution: 'x'.repeat(300) }, content: [text('Long')] },
      ],
    });
    expect(stored.content).toEqual([
      { type: 'paragraph', content: [text('click')] },
      { type: 'heading', attrs: { level: 2 }, content: [text('Top')] },
      { type: 'heading', attrs: { level: 3 }, content: [text('Deep')] },
      { type: 'pullQuote', attrs: { attribution: 'x'.repeat(200) }, content: [text('Long')] },
    ]);
  });

  it('always gives a body the schema accepts, whatever it is handed', () => {
    const node = fc.letrec((tie) => ({
      node: fc.record(
        {
          type: fc.constantFrom(
            'doc',
            'paragraph',
            'heading',
            'text',
            'hardBreak',
            'blockquote',
            'pullQuote',
            'figure',
            'bulletList',
            'orderedList',
            'listItem',
            'horizontalRule',
            'codeBlock',
            'link',
          ),
          text: fc.oneof(fc.string(), fc.constant(''), fc.integer()),
          attrs: fc.oneof(
            fc.constant(null),
            fc.dictionary(
              fc.constantFrom('level', 'attribution', 'imageId', 'alt', 'caption', 'credit', 'href'),
              fc.oneof(fc.string({ maxLength: 1200 }), fc.integer(), fc.constant(null)),
            ),
          ),
          marks: fc.array(
            fc.record({
              type: fc.constantFrom('bold', 'italic', 'link', 'code'),
              attrs: fc.record({ href: fc.oneof(fc.webUrl(), fc.string()) }),
            }),
            { maxLength: 3 },
          ),
          content: fc.oneof(fc.constant(undefined), fc.array(tie('node'), { maxLength: 4 })),
        },
        { requiredKeys: ['type'] },
      ),
    })).node;
    fc.assert(
      fc.property(fc.oneof(node, fc.anything()), (json) => {
        expect(articleBodySchema.safeParse(toStoredBody(json)).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves a stored body as it is', () => {
    const stored = {
      type: 'doc' as const,
      content: [
        { type: 'paragraph' as const, content: [text('A '), text('link', [{ type: 'link', attrs: { href: '/world/x' } }])] },
        {
          type: 'blockquote' as const,
          attrs: { attribution: 'Skipper' },
          content: [{ type: 'paragraph' as const, content: [text('Aye.')] }],
        },
      ],
    };
    expect(toStoredBody(stored)).toEqual(stored);
  });
});

describe('isSafeHref', () => {
  it('is the body format’s link rule', () => {
    for (const href of ['https://a.test', 'http://a.test', 'mailto:desk@a.test', '/world', '#notes']) expect(isSafeHref(href)).toBe(true);
    for (const href of ['javascript:alert(1)', '//evil.test', 'data:text/html,x', 'ftp://a.test', 'vbscript:x', 'x'.repeat(10)])
      expect(isSafeHref(href)).toBe(false);
  });
});

describe('bodyFromPlainText', () => {
  it('reads paragraphs separated by blank lines, as the no-JavaScript textarea holds them', () => {
    expect(bodyFromPlainText('First line\nstill first.\r\n\r\n  Second.  \n\n\n')).toEqual({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [text('First line still first.')] },
        { type: 'paragraph', content: [text('Second.')] },
      ],
    });
  });
});
