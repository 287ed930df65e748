import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMeter, encodeMeter } from './meter-cookie.js';

const secret = 'meter-test-secret-long-enough-0123456789';
const entries = [
  { articleId: 12, readAt: 1_795_000_000_000 },
  { articleId: 7, readAt: 1_795_100_000_000 },
];

describe('meter cookie', () => {
  it('round-trips (to the second)', () => {
    expect(decodeMeter(encodeMeter(entries, secret), secret).sort((a, b) => a.articleId - b.articleId)).toEqual([
      { articleId: 7, readAt: 1_795_100_000_000 },
      { articleId: 12, readAt: 1_795_000_000_000 },
    ]);
  });

  it('treats a tampered, forged or foreign cookie as an empty meter', () => {
    const cookie = encodeMeter(entries, secret);
    const [version, payload, signature] = cookie.split('.');
    expect(decodeMeter(`${version}.${payload!.replace('c', 'd')}.${signature}`, secret)).toEqual([]);
    expect(decodeMeter(`${version}..${signature}`, secret)).toEqual([]);
    expect(decodeMeter(encodeMeter(entries, 'another-secret-entirely-0123456789abc'), secret)).toEqual([]);
    expect(decodeMeter('v2.x.y', secret)).toEqual([]);
    expect(decodeMeter(undefined, secret)).toEqual([]);
  });

  it('never throws and never yields entries for arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (cookie) => {
        expect(decodeMeter(cookie, secret)).toEqual([]);
      }),
    );
  });

  it('keeps only the 50 most recent reads', () => {
    const many = Array.from({ length: 80 }, (_, index) => ({ articleId: index + 1, readAt: 1_795_000_000_000 + index * 1000 }));
    const decoded = decodeMeter(encodeMeter(many, secret), secret);
    expect(decoded).toHaveLength(50);
    expect(Math.min(...decoded.map((entry) => entry.articleId))).toBe(31);
  });
});
