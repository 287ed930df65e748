import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAccess, describeAllowance, liveEntries, type MeterEntry, type MeterSettings, type Reader } from './access-decision.js';

const DAY = 86_400_000;
const now = Date.parse('2026-11-28T12:00:00Z');
const settings: MeterSettings = { anonymousFreeArticles: 5, registeredPremiumArticles: 3, periodDays: 30, meteredSections: [] };
const article = (id: number, accessLevel: 'free' | 'registered' | 'premium', sectionPath = 'world') => ({ id, accessLevel, sectionPath });
const reads = (...ids: number[]): MeterEntry[] => ids.map((articleId, index) => ({ articleId, readAt: now - (index + 1) * 3_600_000 }));
const anonymous = (meter: MeterEntry[] = []): Reader => ({ kind: 'anonymous', meter });
const registered = (premiumReads: MeterEntry[] = [], subscriptionEndsAt: number | null = null): Reader => ({
  kind: 'registered',
  premiumReads,
  subscriptionEndsAt,
});

describe('decideAccess: the matrix of article level × reader', () => {
  it.each([
    ['free', anonymous(), 'full'],
    ['registered', anonymous(), 'wall:register'],
    ['premium', anonymous(), 'wall:register'],
    ['free', registered(), 'full'],
    ['registered', registered(), 'full'],
    ['premium', registered(), 'full'],
    ['free', registered([], now + DAY), 'full'],
    ['registered', registered([], now + DAY), 'full'],
    ['premium', registered(reads(1, 2, 3), now + DAY), 'full'],
    ['premium', { kind: 'staff' } as Reader, 'full'],
  ] as const)('%s article, reader %j → %s', (level, reader, expected) => {
    const decision = decideAccess(article(99, level), reader, settings, now);
    expect(decision.kind === 'wall' ? `wall:${decision.wall}` : 'full').toBe(expected);
  });
});

describe('the anonymous meter', () => {
  it('counts down and walls the sixth new article', () => {
    const first = decideAccess(article(1, 'free'), anonymous(), settings, now);
    expect(first).toMatchObject({ kind: 'full', reason: 'within-meter', recordRead: true, remaining: 4, limit: 5 });
    expect(decideAccess(article(6, 'free'), anonymous(reads(1, 2, 3, 4)), settings, now)).toMatchObject({ kind: 'full', remaining: 0 });
    expect(decideAccess(article(6, 'free'), anonymous(reads(1, 2, 3, 4, 5)), settings, now)).toEqual({
      kind: 'wall',
      wall: 'register',
      reason: 'meter-spent',
    });
  });

  it('lets a reader re-read a counted article for free, even when the meter is spent', () => {
    expect(decideAccess(article(3, 'free'), anonymous(reads(1, 2, 3, 4, 5)), settings, now)).toMatchObject({
      kind: 'full',
      recordRead: false,
      remaining: 0,
    });
  });

  it('forgets reads older than the rolling period (boundary exclusive)', () => {
    const old: MeterEntry[] = [1, 2, 3, 4, 5].map((articleId) => ({ articleId, readAt: now - 30 * DAY }));
    expect(decideAccess(article(6, 'free'), anonymous(old), settings, now)).toMatchObject({ kind: 'full', remaining: 4 });
    const justInside: MeterEntry[] = [1, 2, 3, 4, 5].map((articleId) => ({ articleId, readAt: now - 30 * DAY + 1 }));
    expect(decideAccess(article(6, 'free'), anonymous(justInside), settings, now).kind).toBe('wall');
  });

  it('ignores entries from the future (a forged clock buys nothing)', () => {
    const future: MeterEntry[] = [{ articleId: 1, readAt: now + DAY }];
    expect(liveEntries(future, now, 30)).toEqual([]);
  });

  it('does not meter sections left out of the meter', () => {
    const onlyWorld = { ...settings, meteredSections: ['world'] };
    expect(decideAccess(article(9, 'free', 'culture'), anonymous(reads(1, 2, 3, 4, 5)), onlyWorld, now)).toMatchObject({
      kind: 'full',
      reason: 'free',
    });
    expect(decideAccess(article(9, 'free', 'world/europe'), anonymous(reads(1, 2, 3, 4, 5)), onlyWorld, now).kind).toBe('wall');
  });
});

describe('the premium allowance', () => {
  it('gives registered readers three premium articles, then a subscribe wall', () => {
    expect(decideAccess(article(7, 'premium'), registered(reads(1, 2)), settings, now)).toMatchObject({
      kind: 'full',
      reason: 'within-premium-allowance',
      remaining: 0,
    });
    expect(decideAccess(article(7, 'premium'), registered(reads(1, 2, 3)), settings, now)).toEqual({
      kind: 'wall',
      wall: 'subscribe',
      reason: 'premium-allowance-spent',
    });
    expect(decideAccess(article(2, 'premium'), registered(reads(1, 2, 3)), settings, now)).toMatchObject({
      kind: 'full',
      recordRead: false,
    });
  });

  it('ends a subscription exactly at its end time', () => {
    const endsAt = now;
    expect(decideAccess(article(7, 'premium'), registered(reads(1, 2, 3), endsAt), settings, now - 1).kind).toBe('full');
    expect(decideAccess(article(7, 'premium'), registered(reads(1, 2, 3), endsAt), settings, now)).toMatchObject({
      kind: 'wall',
      wall: 'subscribe',
    });
  });
});

describe('describeAllowance', () => {
  it('says where the reader stands in plain words', () => {
    expect(describeAllowance(decideAccess(article(1, 'free'), anonymous(reads(2, 3)), settings, now), 30)).toBe(
      'You have 2 free articles left this month.',
    );
    expect(describeAllowance(decideAccess(article(1, 'free'), anonymous(reads(2, 3, 4)), settings, now), 30)).toBe(
      'You have 1 free article left this month.',
    );
    expect(describeAllowance(decideAccess(article(1, 'free'), anonymous(reads(2, 3, 4, 5)), settings, now), 30)).toBe(
      'This is your last free article this month.',
    );
    expect(describeAllowance(decideAccess(article(1, 'registered'), registered(), settings, now), 30)).toBeNull();
  });

  it('does not call a free re-read "the last one" once the allowance is spent', () => {
    expect(describeAllowance(decideAccess(article(1, 'free'), anonymous(reads(1, 2, 3, 4, 5)), settings, now), 30)).toBe(
      'You have no free articles left this month; articles you have already read stay open.',
    );
  });
});

describe('properties', () => {
  const entries = fc.array(
    fc.record({ articleId: fc.integer({ min: 1, max: 20 }), readAt: fc.integer({ min: now - 60 * DAY, max: now + DAY }) }),
    { maxLength: 30 },
  );
  it('an anonymous reader never gets more than the allowance of distinct new articles', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 1, max: 40 }), (meter, articleId) => {
        const decision = decideAccess(article(articleId, 'free'), anonymous(meter), settings, now);
        const live = liveEntries(meter, now, settings.periodDays);
        if (decision.kind === 'full' && decision.recordRead) expect(live.length).toBeLessThan(settings.anonymousFreeArticles);
      }),
    );
  });
  it('registered and premium articles are never shown in full to anonymous readers, whatever their meter', () => {
    fc.assert(
      fc.property(entries, fc.constantFrom('registered' as const, 'premium' as const), (meter, level) => {
        expect(decideAccess(article(1, level), anonymous(meter), settings, now).kind).toBe('wall');
      }),
    );
  });
});
