import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffParagraphs, diffTokens, diffWords, paragraphsOf, sideOf, wordTokens } from './text-diff.js';

// A small vocabulary, so generated texts share words and the diff has something to match.
const word = fc.constantFrom('tide', 'harbour', 'wall', 'the', 'storm', 'pier', 'gauge', 'north', 'ferry', 'lamp');
const spacing = fc.constantFrom(' ', '  ', '\n', ' \t');
const text = fc
  .array(fc.tuple(word, spacing), { maxLength: 40 })
  .map((pairs) => pairs.map(([w, s]) => w + s).join(''))
  .map((value) => value.trimEnd());
const paragraphs = fc.array(fc.oneof(text, fc.constantFrom('A short line.', 'Another line.')), { maxLength: 12 });

describe('diffWords', () => {
  it('marks an inserted and a deleted word, keeping the rest', () => {
    expect(diffWords('The harbour wall held', 'The new harbour wall held firm')).toEqual([
      { kind: 'same', text: 'The ' },
      { kind: 'added', text: 'new ' },
      { kind: 'same', text: 'harbour wall held' },
      { kind: 'added', text: ' firm' },
    ]);
    expect(diffWords('one two three', 'one three')).toEqual([
      { kind: 'same', text: 'one ' },
      { kind: 'removed', text: 'two ' },
      { kind: 'same', text: 'three' },
    ]);
  });

  it('gives nothing but kept text for equal texts, and only additions from nothing', () => {
    expect(diffWords('same words', 'same words')).toEqual([{ kind: 'same', text: 'same words' }]);
    expect(diffWords('', 'all new')).toEqual([{ kind: 'added', text: 'all new' }]);
    expect(diffWords('all gone', '')).toEqual([{ kind: 'removed', text: 'all gone' }]);
    expect(diffWords('', '')).toEqual([]);
  });

  it('kept + added parts give the new text; kept + removed the old (property)', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const parts = diffWords(before, after);
        expect(sideOf(parts, 'new')).toBe(after);
        expect(sideOf(parts, 'old')).toBe(before);
        // Runs are merged: no two neighbours of one kind.
        for (let index = 1; index < parts.length; index++) expect(parts[index]!.kind).not.toBe(parts[index - 1]!.kind);
      }),
      { numRuns: 400 },
    );
  });

  it('finds a shortest edit: it keeps a longest common subsequence (property)', () => {
    const longestCommon = (a: readonly string[], b: readonly string[]) => {
      const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++)
          table[i]![j] = a[i - 1] === b[j - 1] ? table[i - 1]![j - 1]! + 1 : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
      return table[a.length]![b.length]!;
    };
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), fc.array(word, { maxLength: 30 }), (before, after) => {
        const edits = diffTokens(before, after);
        expect(edits.filter((edit) => edit.kind === 'same').length).toBe(longestCommon(before, after));
        expect(edits.filter((edit) => edit.kind !== 'added').map((edit) => before[edit.index])).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its work bounded on long texts that share little, and stays correct', () => {
    const left = Array.from({ length: 40_000 }, (_, index) => `a${index % 997}`).join(' ');
    const right = Array.from({ length: 40_000 }, (_, index) => `b${index % 991}`).join(' ');
    const started = performance.now();
    const parts = diffWords(left, right);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(sideOf(parts, 'old')).toBe(left);
    expect(sideOf(parts, 'new')).toBe(right);
  });

  it('finds one changed word in a long text exactly', () => {
    const words = Array.from({ length: 20_000 }, (_, index) => `w${index}`);
    const changed = [...words];
    changed[10_000] = 'changed';
    const parts = diffWords(words.join(' '), changed.join(' '));
    expect(parts.filter((part) => part.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'w10000' },
      { kind: 'added', text: 'changed' },
    ]);
  });

  it('splits text into words and spaces that join back exactly', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        expect(wordTokens(value).join('')).toBe(value);
      }),
    );
  });
});

describe('diffParagraphs', () => {
  it('pairs an edited paragraph and diffs its words; whole paragraphs added and removed stay whole', () => {
    const rows = diffParagraphs(['First.', 'The wall held.', 'Old ending.'], ['First.', 'The new wall held.', 'Extra.']);
    expect(rows[0]).toEqual({ kind: 'same', text: 'First.' });
    expect(rows[1]).toMatchObject({ kind: 'changed' });
    expect(rows[2]).toMatchObject({ kind: 'changed' });
    expect(diffParagraphs(['Kept.'], ['Kept.', 'Added.'])).toEqual([
      { kind: 'same', text: 'Kept.' },
      { kind: 'added', text: 'Added.' },
    ]);
    expect(diffParagraphs(['Gone.', 'Kept.'], ['Kept.'])).toEqual([
      { kind: 'removed', text: 'Gone.' },
      { kind: 'same', text: 'Kept.' },
    ]);
  });

  it('gives back both sides exactly (property)', () => {
    fc.assert(
      fc.property(paragraphs, paragraphs, (before, after) => {
        const rows = diffParagraphs(before, after);
        expect(paragraphsOf(rows, 'old')).toEqual(before);
        expect(paragraphsOf(rows, 'new')).toEqual(after);
      }),
      { numRuns: 300 },
    );
  });

  it('stays correct when the budget runs out (the coarse answer)', () => {
    fc.assert(
      fc.property(paragraphs, paragraphs, (before, after) => {
        const rows = diffParagraphs(before, after, 3);
        expect(paragraphsOf(rows, 'old')).toEqual(before);
        expect(paragraphsOf(rows, 'new')).toEqual(after);
        for (const row of rows) if (row.kind === 'changed') expect(sideOf(row.parts, 'new').length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});
