import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPhrase, compileBannedWords, countLinks, normaliseForMatching } from './comment-text.js';

describe('banned words', () => {
  const matcher = compileBannedWords([
    { phrase: 'scoundrel', action: 'reject' },
    { phrase: 'buy cheap', action: 'hold' },
    { phrase: 'c++ rules', action: 'hold' },
    { phrase: 'Ärger', action: 'reject' },
  ]);

  it('matches whole words and phrases whatever the case, spacing and look-alike forms', () => {
    expect(matcher.match('What a Scoundrel!')).toBe('reject');
    expect(matcher.match('SCOUNDREL')).toBe('reject');
    // Full-width letters fold to ASCII under NFKC.
    expect(matcher.match('ｓｃｏｕｎｄｒｅｌ')).toBe('reject');
    expect(matcher.match('Buy   cheap watches')).toBe('hold');
    expect(matcher.match('buy\ncheap')).toBe('hold');
    expect(matcher.match('I think c++ rules.')).toBe('hold');
    expect(matcher.match('so much ärger')).toBe('reject');
  });

  it('leaves words that merely contain a phrase alone', () => {
    expect(matcher.match('scoundrels')).toBeNull();
    expect(matcher.match('the scoundrelly type')).toBeNull();
    expect(matcher.match('buy cheaply')).toBeNull();
    expect(matcher.match('Ärgernis')).toBeNull();
    expect(matcher.match('A calm note about the tide.')).toBeNull();
  });

  it('prefers reject when a text has both kinds', () => {
    expect(matcher.match('buy cheap, scoundrel')).toBe('reject');
  });

  it('treats regular-expression characters in phrases literally', () => {
    const tricky = compileBannedWords([
      { phrase: 'a.b', action: 'reject' },
      { phrase: '(x|y)', action: 'hold' },
    ]);
    expect(tricky.match('axb')).toBeNull();
    expect(tricky.match('a.b')).toBe('reject');
    expect(tricky.match('x')).toBeNull();
    expect(tricky.match('say (x|y) now')).toBe('hold');
  });

  it('never throws and finds a listed word anywhere it stands alone', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (before, after) => {
        const text = `${before} scoundrel ${after}`;
        expect(matcher.match(text)).toBe('reject');
        expect(() => compileBannedWords([{ phrase: before || 'x', action: 'hold' }]).match(after)).not.toThrow();
      }),
    );
  });

  it('an empty list matches nothing', () => {
    expect(compileBannedWords([]).match('anything at all')).toBeNull();
  });
});

describe('phrases staff add', () => {
  it('are stored normalised', () => {
    expect(checkPhrase('  Buy   CHEAP ')).toEqual({ kind: 'valid', phrase: 'buy cheap' });
    expect(checkPhrase('ｓｃｏｕｎｄｒｅｌ')).toEqual({ kind: 'valid', phrase: 'scoundrel' });
    expect(normaliseForMatching('Ａ\tB')).toBe('a b');
  });

  it('refuses empty, punctuation-only, overlong and control-character phrases', () => {
    for (const phrase of ['', '   ', '!!!', 'x'.repeat(101), 'bad\u0000word', 'a\u0007b']) {
      expect(checkPhrase(phrase).kind).toBe('invalid');
    }
  });
});

describe('links', () => {
  it('counts http(s) and www. addresses', () => {
    expect(countLinks('no links here')).toBe(0);
    expect(countLinks('see https://a.example and http://b.example/x?y=1 or www.c.example')).toBe(3);
    expect(countLinks('HTTPS://SHOUTING.EXAMPLE')).toBe(1);
    expect(countLinks('javascript:alert(1) is not a link')).toBe(0);
  });
});
