import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XSS_CORPUS } from '../testing/xss-corpus.js';
import { renderCommentBody } from './comment-body.js';

// What a browser could execute or load from markup: any tag other than the
// p, br and a the renderer makes, any attribute but href/rel, any href that is
// not http(s).
function assertInert(html: string): void {
  for (const tag of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    const [, name, attributes] = tag;
    expect(['p', 'br', 'a']).toContain(name!.toLowerCase());
    for (const attribute of attributes!.matchAll(/\s([^\s=]+)(?:="([^"]*)")?/g)) {
      expect(['href', 'rel']).toContain(attribute[1]);
      if (attribute[1] === 'href') expect(attribute[2]).toMatch(/^https?:\/\/[^\s"'<>`]+$/i);
      if (attribute[1] === 'rel') expect(attribute[2]).toBe('nofollow ugc noopener');
    }
  }
  expect(html).not.toMatch(/<(script|svg|img|iframe|object|embed|style|math|form|input|base|meta|link)\b/i);
}

describe('renderCommentBody', () => {
  it('renders paragraphs, line breaks and safe links', () => {
    expect(renderCommentBody('Hello & welcome\nsecond line\n\nSee https://example.org/a?b=1&c=2.').value).toBe(
      '<p>Hello &amp; welcome<br>second line</p><p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">example.org/a?b=1&amp;c=2</a>.</p>',
    );
  });

  it('shortens long link text but keeps the whole address in the link', () => {
    const url = `https://example.org/${'x'.repeat(100)}`;
    const html = renderCommentBody(url).value;
    expect(html).toContain(`href="${url}"`);
    expect(html).toContain('…</a>');
  });

  it.each(XSS_CORPUS)('keeps %j inert', (attack) => {
    const html = renderCommentBody(attack).value;
    assertInert(html);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).not.toMatch(/href="(javascript|data|vbscript):/i);
  });

  it('keeps any text inert (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom(...XSS_CORPUS, '<', '>', '"', "'", 'https://', '\n\n', ' ')), { maxLength: 20 }),
        (parts) => {
          assertInert(renderCommentBody(parts.join('')).value);
        },
      ),
      { numRuns: 500 },
    );
  });
});
