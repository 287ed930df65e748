// The filter language's parser: what it accepts, the tree it makes, and that
// anything else is a FilterError (a 400), never a crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparisonsIn, FILTER_LIMITS, FilterError, parseFilter } from './content-filter.js';

const compare = (field: string, values: string[], extra: { operator?: string; negated?: boolean } = {}) => ({
  kind: 'compare',
  field,
  operator: extra.operator ?? '=',
  negated: extra.negated ?? false,
  values,
});

describe('parseFilter', () => {
  it('reads comparisons, negation, operators, lists and quoted values', () => {
    expect(parseFilter('tag:coast')).toEqual(compare('tag', ['coast']));
    expect(parseFilter('visibility:-public')).toEqual(compare('visibility', ['public'], { negated: true }));
    expect(parseFilter("published_at:>='2026-03-01 10:00:00'")).toEqual(
      compare('published_at', ['2026-03-01 10:00:00'], { operator: '>=' }),
    );
    expect(parseFilter('published_at:<2026-03-01')).toEqual(compare('published_at', ['2026-03-01'], { operator: '<' }));
    expect(parseFilter('tag:[coast, world-europe]')).toEqual(compare('tag', ['coast', 'world-europe']));
    expect(parseFilter('tag:-[a,b]')).toEqual(compare('tag', ['a', 'b'], { negated: true }));
    expect(parseFilter("slug:'it\\'s here'")).toEqual(compare('slug', ["it's here"]));
    expect(parseFilter('tags.slug:coast')).toEqual(compare('tags.slug', ['coast']));
  });

  it('binds + tighter than , and groups with parentheses', () => {
    expect(parseFilter('tag:a+author:b,featured:true')).toEqual({
      kind: 'or',
      children: [{ kind: 'and', children: [compare('tag', ['a']), compare('author', ['b'])] }, compare('featured', ['true'])],
    });
    expect(parseFilter('tag:a+(author:b,featured:true)')).toEqual({
      kind: 'and',
      children: [compare('tag', ['a']), { kind: 'or', children: [compare('author', ['b']), compare('featured', ['true'])] }],
    });
    expect(comparisonsIn(parseFilter('(tag:a,tag:b)+tag:c')).map((node) => node.values[0])).toEqual(['a', 'b', 'c']);
  });

  it('refuses what it does not understand, saying where', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['tag', /expected ":"/],
      ['tag:', /expected a value/],
      [':coast', /field name/],
      ['tag:coast+', /field name/],
      ['tag:coast)', /unexpected "\)"/],
      ['(tag:coast', /not closed/],
      ['tag:[a,b', /not closed/],
      ["tag:'open", /quoted value is not closed/],
      ['tag:>[a,b]', /list cannot be compared/],
      ['tag:coast;drop table articles', /unexpected ";"/],
      ['x'.repeat(FILTER_LIMITS.length + 1), /at most/],
      [Array.from({ length: FILTER_LIMITS.comparisons + 1 }, () => 'tag:a').join('+'), /more than/],
      ['('.repeat(FILTER_LIMITS.depth + 1) + 'tag:a' + ')'.repeat(FILTER_LIMITS.depth + 1), /nested too deeply/],
    ];
    for (const [text, message] of cases) expect(() => parseFilter(text), text).toThrow(message);
    for (const [text] of cases) expect(() => parseFilter(text), text).toThrow(FilterError);
  });

  it('never throws anything but a FilterError, on any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: fc.constantFrom(...'tag:-+,()[]\'"<>=ab 1'.split('')), maxLength: 80 })),
        (text) => {
          try {
            parseFilter(text);
          } catch (error) {
            expect(error).toBeInstanceOf(FilterError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
