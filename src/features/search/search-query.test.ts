import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TERMS, parseSearchQuery, toFts5Query, toTsqueryText } from './search-query.js';
import { markedText } from './search.service.js';
import { postgresTextSearchConfig, searchedScopes } from './search-scope.js';
import { dayStartInZone, isCalendarDay } from './search-dates.js';

describe('parseSearchQuery', () => {
  it('reads words, lower-cased, in order', () => {
    expect(parseSearchQuery('Harbour WALL')).toEqual([
      { kind: 'word', word: 'harbour' },
      { kind: 'word', word: 'wall' },
    ]);
  });

  it('reads "phrases"; a one-word phrase is a word, an unclosed quote runs to the end', () => {
    expect(parseSearchQuery('"sea wall" storm')).toEqual([
      { kind: 'phrase', words: ['sea', 'wall'] },
      { kind: 'word', word: 'storm' },
    ]);
    expect(parseSearchQuery('"storm"')).toEqual([{ kind: 'word', word: 'storm' }]);
    expect(parseSearchQuery('tide "high water')).toEqual([
      { kind: 'word', word: 'tide' },
      { kind: 'phrase', words: ['high', 'water'] },
    ]);
  });

  it('reads prefixes of three characters or more; shorter ones are plain words', () => {
    expect(parseSearchQuery('harb*')).toEqual([{ kind: 'prefix', prefix: 'harb' }]);
    expect(parseSearchQuery('ha*')).toEqual([{ kind: 'word', word: 'ha' }]);
    expect(parseSearchQuery('*harb')).toEqual([{ kind: 'word', word: 'harb' }]);
  });

  it('treats every engine operator as a separator', () => {
    expect(parseSearchQuery('a:b NEAR(c) {d} ^e -f & g | !h <-> i')).toEqual(
      ['a', 'b', 'near', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].slice(0, MAX_TERMS).map((word) => ({ kind: 'word', word })),
    );
  });

  it('drops repeats and keeps at most MAX_TERMS terms', () => {
    expect(parseSearchQuery('tide tide TIDE')).toEqual([{ kind: 'word', word: 'tide' }]);
    expect(parseSearchQuery(Array.from({ length: 20 }, (_, index) => `w${index}`).join(' '))).toHaveLength(MAX_TERMS);
  });

  it('keeps letters of every script, and digits', () => {
    expect(parseSearchQuery('Café 2026 Ελλάδα')).toEqual([
      { kind: 'word', word: 'café' },
      { kind: 'word', word: '2026' },
      { kind: 'word', word: 'ελλάδα' },
    ]);
  });
});

describe('engine queries', () => {
  it('quotes every FTS5 token and confines the reader to their scopes', () => {
    const terms = parseSearchQuery('"sea wall" harb* and');
    expect(toFts5Query(terms, searchedScopes(['free']).words)).toBe(
      '{headline standfirst body} : ("sea wall" AND "harb" * AND "and") AND scope_word : ("fullfree" OR "teaserregistered" OR "teaserpremium")',
    );
  });

  it('asks FTS5 for a three-character prefix ending in one "s" as its four-character prefixes (porter would cut it to two)', () => {
    const fts = toFts5Query(parseSearchQuery('res*'), ['fullfree']);
    expect(fts).toContain('("resa" * OR "resb" * OR');
    expect(fts).toContain('"res9" *)');
    expect(fts).not.toContain('"res" *');
    for (const unchanged of ['rec*', 'ress*', 'ass*', 'resi*'])
      expect(toFts5Query(parseSearchQuery(unchanged), ['fullfree']), unchanged).toContain(`"${unchanged.slice(0, -1)}" *`);
  });

  it('quotes every tsquery lexeme', () => {
    expect(toTsqueryText(parseSearchQuery('"sea wall" harb* and'))).toBe("('sea' <-> 'wall') & 'harb':* & 'and'");
  });

  it('a fuzzed query gives quoted tokens only: nothing of the raw text reaches the engine unquoted', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (raw) => {
        const terms = parseSearchQuery(raw);
        const fts = toFts5Query(terms, ['fullfree']);
        const inner = fts.slice('{headline standfirst body} : ('.length, fts.indexOf(') AND scope_word'));
        // Outside quoted strings only AND, OR and parentheses (ours), spaces and the prefix star remain.
        expect(inner.replace(/"[^"]*"/g, '').replace(/AND|OR|\*|[()\s]/g, '')).toBe('');
        const ts = toTsqueryText(terms);
        expect(ts.replace(/'[^']*'/g, '').replace(/&|<->|:\*|[()\s]/g, '')).toBe('');
      }),
    );
  });
});

describe('the helpers around a query', () => {
  it('splits marked text into plain and matched pieces', () => {
    expect(markedText('a \u0002b\u0003 c \u0002d\u0003')).toEqual(['a ', 'b', ' c ', 'd', '']);
    expect(markedText('plain')).toEqual(['plain']);
  });

  it('chooses PostgreSQL stemming from the publication language', () => {
    expect(postgresTextSearchConfig('en-GB')).toBe('english');
    expect(postgresTextSearchConfig('de')).toBe('german');
    expect(postgresTextSearchConfig('cy')).toBe('simple');
  });

  it('reads date filters as days in the publication zone', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true);
    expect(isCalendarDay('2026-02-30')).toBe(false);
    expect(isCalendarDay('28/02/2026')).toBe(false);
    expect(dayStartInZone('2026-07-01', 'Europe/London')).toBe('2026-06-30T23:00:00.000Z');
    expect(dayStartInZone('2026-01-15', 'Europe/London')).toBe('2026-01-15T00:00:00.000Z');
    expect(dayStartInZone('2026-03-29', 'Europe/London')).toBe('2026-03-29T00:00:00.000Z');
    expect(dayStartInZone('2026-07-01', 'America/New_York')).toBe('2026-07-01T04:00:00.000Z');
  });
});
