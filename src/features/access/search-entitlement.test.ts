import { describe, expect, it } from 'vitest';
import type { MeterSettings } from './access-decision.js';
import { fullTextSearchLevels } from './search-entitlement.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const settings: MeterSettings = { anonymousFreeArticles: 3, registeredPremiumArticles: 1, periodDays: 30, meteredSections: [] };

describe('fullTextSearchLevels', () => {
  it('gives anonymous readers no full text: even free articles are metered', () => {
    expect(fullTextSearchLevels({ kind: 'anonymous', meter: [] }, settings, NOW)).toEqual([]);
    expect(fullTextSearchLevels({ kind: 'anonymous', meter: [] }, { ...settings, meteredSections: ['politics'] }, NOW)).toEqual([]);
  });

  it('gives registered readers free and registered articles, not premium (an allowance is not a right)', () => {
    const reader = { kind: 'registered' as const, premiumReads: [], subscriptionEndsAt: null };
    expect(fullTextSearchLevels(reader, settings, NOW)).toEqual(['free', 'registered']);
  });

  it('gives subscribers everything while the subscription runs, and not after', () => {
    const running = { kind: 'registered' as const, premiumReads: [], subscriptionEndsAt: NOW + 1000 };
    expect(fullTextSearchLevels(running, settings, NOW)).toEqual(['free', 'registered', 'premium']);
    const ended = { ...running, subscriptionEndsAt: NOW };
    expect(fullTextSearchLevels(ended, settings, NOW)).toEqual(['free', 'registered']);
  });

  it('gives staff everything', () => {
    expect(fullTextSearchLevels({ kind: 'staff' }, settings, NOW)).toEqual(['free', 'registered', 'premium']);
  });
});
