import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmac } from '../security/tokens.js';
import { maskToken, unmaskToken } from './csrf.js';

describe('CSRF token masking (BREACH)', () => {
  const token = hmac('a test secret', 'csrf:session:abc');

  it('gives different bytes every time, each unmasking to the token', () => {
    const masked = Array.from({ length: 20 }, () => maskToken(token));
    expect(new Set(masked).size).toBe(20);
    for (const value of masked) {
      expect(value).toMatch(/^[A-Za-z0-9_-]{86}$/);
      expect(value).not.toContain(token);
      expect(unmaskToken(value)).toBe(token);
    }
  });

  it('never unmasks to the token when a masked value is altered', () => {
    const masked = maskToken(token);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 84 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        (position, character) => {
          fc.pre(masked[position] !== character);
          const altered = masked.slice(0, position) + character + masked.slice(position + 1);
          expect(unmaskToken(altered)).not.toBe(token);
        },
      ),
    );
  });

  it('answers null for anything that is not a masked token', () => {
    expect(unmaskToken(token)).toBeNull();
    expect(unmaskToken('')).toBeNull();
    expect(unmaskToken('not base64url!')).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        fc.pre(value.length !== 86);
        expect(unmaskToken(value)).toBeNull();
      }),
    );
  });
});
