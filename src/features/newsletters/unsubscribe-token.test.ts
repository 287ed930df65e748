import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUnsubscribeToken, readUnsubscribeToken } from './unsubscribe-token.js';

const SECRET = 'a-test-secret-of-enough-length-0123456789';

describe('unsubscribe tokens', () => {
  it('read back what they name, for readers and imported subscribers', () => {
    const reader = { newsletterId: 3, recipient: { kind: 'reader' as const, userId: 42 }, issueId: 7 };
    const imported = { newsletterId: 3, recipient: { kind: 'imported' as const, subscriberId: 9 }, issueId: 0 };
    expect(readUnsubscribeToken(SECRET, createUnsubscribeToken(SECRET, reader))).toEqual(reader);
    expect(readUnsubscribeToken(SECRET, createUnsubscribeToken(SECRET, imported))).toEqual(imported);
  });

  it('refuse another secret, a changed recipient and junk', () => {
    const token = createUnsubscribeToken(SECRET, { newsletterId: 1, recipient: { kind: 'reader', userId: 5 }, issueId: 2 });
    expect(readUnsubscribeToken('another-secret-entirely-0123456789', token)).toBeNull();
    expect(readUnsubscribeToken(SECRET, token.replace('.u5.', '.u6.'))).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (junk) => {
        expect(readUnsubscribeToken(SECRET, junk)).toBeNull();
      }),
    );
  });
});
