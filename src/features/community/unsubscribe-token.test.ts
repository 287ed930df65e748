import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.js';
import { excerptOf } from './views/comment-text.js';

const SECRET = 'unit-test-secret-long-enough-0123456789';

describe('unsubscribe tokens', () => {
  it('name the reader and the kind of email, and only under this secret', () => {
    expect(verifyUnsubscribeToken(SECRET, unsubscribeToken(SECRET, 42, 'replies'))).toEqual({ userId: 42, kind: 'replies' });
    expect(verifyUnsubscribeToken(SECRET, unsubscribeToken(SECRET, 42, 'follows'))).toEqual({ userId: 42, kind: 'follows' });
    expect(verifyUnsubscribeToken('another-secret', unsubscribeToken(SECRET, 42, 'replies'))).toBeNull();
  });

  it('cannot be moved to another reader or kind, and refuses anything that is not one', () => {
    const token = unsubscribeToken(SECRET, 42, 'replies');
    expect(verifyUnsubscribeToken(SECRET, token.replace(/^42/, '43'))).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, token.replace('replies', 'follows'))).toBeNull();
    for (const bad of [undefined, null, 42, ['a'], {}, '', token.slice(0, -1), `${token}=`, `0.replies.${token.split('.')[2]}`])
      expect(verifyUnsubscribeToken(SECRET, bad)).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(verifyUnsubscribeToken(SECRET, text)).toBeNull();
      }),
    );
  });
});

describe('excerpts', () => {
  it('keep short text, collapse whitespace, and cut long text at a word with an ellipsis', () => {
    expect(excerptOf('  Short\n\n and   sweet  ')).toBe('Short and sweet');
    const long = 'The harbour wall was finished a week early, which nobody on the quay had expected. '.repeat(5);
    const excerpt = excerptOf(long, 60);
    expect(excerpt.length).toBeLessThanOrEqual(60);
    expect(excerpt).toMatch(/^The harbour wall was finished a week early, which\s?\S*…$/);
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), fc.integer({ min: 10, max: 300 }), (text, max) => {
        expect(excerptOf(text, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});
