import { describe, expect, it } from 'vitest';
import { issuePendingSignIn, readPendingSignIn } from './pending-sign-in.js';

const SECRET = 'a session secret that is long enough 0123456789';
const now = new Date('2026-12-06T09:00:00Z');

describe('pending sign-in token', () => {
  it('carries the account and the next page for five minutes', () => {
    const token = issuePendingSignIn(SECRET, { userId: 42, next: '/newsroom/articles?state=draft' }, now);
    expect(readPendingSignIn(SECRET, token, new Date(now.getTime() + 299_000))).toEqual({
      userId: 42,
      next: '/newsroom/articles?state=draft',
    });
    expect(readPendingSignIn(SECRET, token, new Date(now.getTime() + 300_000))).toBeNull();
  });

  it('refuses a token signed with another secret, or with another account written in', () => {
    const token = issuePendingSignIn(SECRET, { userId: 42, next: '/' }, now);
    expect(readPendingSignIn('another secret that is long enough as well 012', token, now)).toBeNull();
    expect(readPendingSignIn(SECRET, token.replace(/^42\./, '43.'), now)).toBeNull();
    expect(readPendingSignIn(SECRET, undefined, now)).toBeNull();
    expect(readPendingSignIn(SECRET, 'a.b.c.d.e', now)).toBeNull();
  });
});
