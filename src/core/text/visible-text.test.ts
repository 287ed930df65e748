import { describe, expect, it } from 'vitest';
import { hasVisibleCharacters, visibleCharacters } from './visible-text.js';

describe('visible text', () => {
  it.each([
    ['zero-width spaces and joiners', '\u200B\u200B\u200D'],
    ['a word joiner, BOM and soft hyphen', '\u2060\uFEFF\u00AD'],
    ['combining marks alone', '\u0301\u0308\u0327'],
    ['Arabic tatweel', '\u0640\u0640\u0640'],
    ['Hangul fillers', '\u3164\u115F'],
    ['a blank Braille pattern', '\u2800\u2800'],
    ['white space of every kind', ' \t\n\u00A0\u2003\u3000'],
    ['variation selectors', '\uFE0F\uFE0E'],
  ])('finds nothing visible in %s', (_name, text) => {
    expect(hasVisibleCharacters(text)).toBe(false);
  });

  it.each(['a', 'é', 'e\u0301', 'ب', '中', '😀', '.', '1', 'Zoë O’Brien', 'مـحمد'])('finds %j visible', (text) => {
    expect(hasVisibleCharacters(text)).toBe(true);
  });

  it('keeps what is visible', () => {
    expect(visibleCharacters('a\u200Bb\u0640c')).toBe('abc');
  });
});
