import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path.js';

const base = 'https://news.example.com';

describe('safeNextPath', () => {
  it.each([
    ['/world/europe/2026/11/28/story', '/world/europe/2026/11/28/story'],
    ['/world?page=2', '/world?page=2'],
    ['/a#comments', '/a#comments'],
  ])('keeps %s', (next, expected) => expect(safeNextPath(next, base)).toBe(expected));

  it.each([
    '//evil.example/x',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'http://news.example.com.evil.example/',
    'javascript:alert(1)',
    '',
    'world',
    '/signin',
    '/register?next=/x',
    undefined,
    ['/a'],
    '/%0d%0aSet-Cookie:x'.replace('/%0d', '//%0d'),
  ])('refuses %j', (next) => expect(safeNextPath(next, base)).toBe('/'));

  it('always returns a same-origin path (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.string().map((text) => '/' + text),
        ),
        (next) => {
          const result = safeNextPath(next, base);
          expect(result.startsWith('/')).toBe(true);
          expect(result.startsWith('//')).toBe(false);
          expect(new URL(result, base).origin).toBe(base);
        },
      ),
      { numRuns: 500 },
    );
  });
});
