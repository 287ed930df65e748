import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCommentText, countLinks, normaliseCommentText, parseCommentText } from './comment-text.js';

describe('comment text', () => {
  it('normalises newlines, trims, drops control characters and collapses blank lines', () => {
    expect(normaliseCommentText('  one\r\ntwo\rthree  \n\n\n\n four\u0000\u0007 ')).toBe('one\ntwo\nthree\n\n four');
  });

  it('refuses empty, whitespace-only, non-string and too long text with reader-facing messages', () => {
    expect(checkCommentText('', 50)).toEqual({ ok: false, message: 'Please write your comment.' });
    expect(checkCommentText(' \n\t\r\n ', 50)).toEqual({ ok: false, message: 'Please write your comment.' });
    expect(checkCommentText(['a', 'b'], 50)).toEqual({ ok: false, message: 'Please write your comment.' });
    expect(checkCommentText(undefined, 50).ok).toBe(false);
    expect(checkCommentText('x'.repeat(51), 50)).toMatchObject({ ok: false, message: expect.stringContaining('at most 50 characters') });
    expect(checkCommentText('x'.repeat(50), 50)).toEqual({ ok: true, text: 'x'.repeat(50) });
    // Nothing visible is nothing written: zero-width characters, marks, fillers.
    for (const invisible of ['\u200B\u200B\u200D', '\u2060\uFEFF', '\u0301\u0301', '\u3164', ' \u200B \n\n \u200C '])
      expect(checkCommentText(invisible, 50), JSON.stringify(invisible)).toEqual({ ok: false, message: 'Please write your comment.' });
    expect(checkCommentText('\u200Bok', 50).ok).toBe(true);
    // Length is measured after normalising: surrounding space does not count.
    expect(checkCommentText(`   ${'x'.repeat(50)}   `, 50).ok).toBe(true);
  });

  it('splits paragraphs on blank lines and keeps single line breaks', () => {
    expect(parseCommentText('First line\nsecond line\n\nNew paragraph')).toEqual([
      [{ kind: 'text', text: 'First line' }, { kind: 'break' }, { kind: 'text', text: 'second line' }],
      [{ kind: 'text', text: 'New paragraph' }],
    ]);
  });

  it('links http(s) URLs, leaving sentence punctuation and unbalanced brackets outside', () => {
    expect(parseCommentText('See https://example.org/a?b=1&c=2. And (http://example.net/x) too')).toEqual([
      [
        { kind: 'text', text: 'See ' },
        { kind: 'link', url: 'https://example.org/a?b=1&c=2' },
        { kind: 'text', text: '. And (' },
        { kind: 'link', url: 'http://example.net/x' },
        { kind: 'text', text: ') too' },
      ],
    ]);
    expect(parseCommentText('https://en.example.org/wiki/Harbour_(town)')[0]).toEqual([
      { kind: 'link', url: 'https://en.example.org/wiki/Harbour_(town)' },
    ]);
    expect(countLinks('a https://one.example b http://two.example c ftp://three.example')).toBe(2);
  });

  it('never links other schemes or hostless URLs', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'https://', 'http:///path', 'ftp://example.org']) {
      expect(
        parseCommentText(text)
          .flat()
          .some((piece) => piece.kind === 'link'),
      ).toBe(false);
    }
  });

  it('keeps every character of the text (apart from normalisation) across its pieces', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (raw) => {
        const normal = normaliseCommentText(raw);
        const rebuilt = parseCommentText(normal)
          .map((paragraph) =>
            paragraph.map((piece) => (piece.kind === 'break' ? '\n' : piece.kind === 'link' ? piece.url : piece.text)).join(''),
          )
          .join('\n\n');
        expect(rebuilt).toBe(normal);
      }),
    );
  });
});
