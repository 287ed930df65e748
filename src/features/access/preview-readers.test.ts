import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideAccess, type MeterSettings } from './access-decision.js';
import { PREVIEW_READER_STATES, syntheticReader, type PreviewReaderState } from './preview-readers.js';

const now = Date.parse('2026-11-28T12:00:00Z');
const settings: MeterSettings = { anonymousFreeArticles: 5, registeredPremiumArticles: 3, periodDays: 30, meteredSections: [] };
const decide = (state: PreviewReaderState, accessLevel: 'free' | 'registered' | 'premium', meter = settings) =>
  decideAccess({ id: 42, accessLevel, sectionPath: 'world' }, syntheticReader(state, meter, now), meter, now);

describe('synthetic readers asked of the real decision', () => {
  it('a premium article: walls for anonymous and spent readers, the text for allowance and subscribers', () => {
    expect(decide('anonymous-first', 'premium')).toMatchObject({ kind: 'wall', wall: 'register', reason: 'premium-needs-account' });
    expect(decide('anonymous-metered', 'premium')).toMatchObject({ kind: 'wall', wall: 'register' });
    expect(decide('registered', 'premium')).toMatchObject({ kind: 'full', reason: 'within-premium-allowance', remaining: 2 });
    expect(decide('registered-premium-spent', 'premium')).toMatchObject({
      kind: 'wall',
      wall: 'subscribe',
      reason: 'premium-allowance-spent',
    });
    expect(decide('subscriber', 'premium')).toMatchObject({ kind: 'full', reason: 'subscriber' });
  });

  it('a free metered article: a first visit is counted from the allowance; past the meter is the wall', () => {
    expect(decide('anonymous-first', 'free')).toMatchObject({ kind: 'full', reason: 'within-meter', remaining: 4 });
    expect(decide('anonymous-metered', 'free')).toMatchObject({ kind: 'wall', wall: 'register', reason: 'meter-spent' });
    expect(decide('registered-premium-spent', 'free')).toMatchObject({ kind: 'full', reason: 'free' });
  });

  it('follows the settings, whatever they are (property)', () => {
    const anySettings = fc.record({
      anonymousFreeArticles: fc.integer({ min: 0, max: 50 }),
      registeredPremiumArticles: fc.integer({ min: 0, max: 50 }),
      periodDays: fc.integer({ min: 1, max: 90 }),
      meteredSections: fc.constant([] as string[]),
    });
    fc.assert(
      fc.property(anySettings, fc.constantFrom(...PREVIEW_READER_STATES), (meter, state) => {
        const premium = decide(state, 'premium', meter);
        const free = decide(state, 'free', meter);
        if (state === 'anonymous-metered') expect(free).toMatchObject({ kind: 'wall', reason: 'meter-spent' });
        if (state === 'registered-premium-spent') expect(premium).toMatchObject({ kind: 'wall', wall: 'subscribe' });
        if (state === 'subscriber') expect(premium).toMatchObject({ kind: 'full', reason: 'subscriber' });
        if (state === 'anonymous-first') expect(free.kind).toBe(meter.anonymousFreeArticles > 0 ? 'full' : 'wall');
      }),
    );
  });
});
