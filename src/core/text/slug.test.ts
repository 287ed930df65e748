import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSlug, MAX_SLUG_LENGTH, slugFrom } from './slug.js';

describe('slugFrom', () => {
  it.each([
    ['Crème brûlée: the 5 best', 'creme-brulee-the-5-best'],
    ['  World / Europe  ', 'world-europe'],
    ['Ødegård & Søn', 'ødegard-søn'],
    ['Αθήνα', 'αθηνα'],
    ['***', ''],
  ])('%s → %s', (text, slug) => {
    expect(slugFrom(text)).toBe(slug);
  });

  it('cuts long titles at a word, never past the limit', () => {
    const slug = slugFrom('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slug.endsWith('-')).toBe(false);
  });

  it('always gives a valid slug or nothing (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const slug = slugFrom(text);
        expect(slug === '' || isSlug(slug)).toBe(true);
      }),
    );
  });
});
