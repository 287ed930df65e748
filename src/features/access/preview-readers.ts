// Synthetic readers for the newsroom's "preview as a reader": each state is a
// Reader the real decision (access-decision.ts) is asked about, built from the
// meter settings — never a copy of the decision's rules. Past the meter means
// as many other articles read this period as the settings allow.
import type { MeterEntry, MeterSettings, Reader } from './access-decision.js';

export const PREVIEW_READER_STATES = [
  'anonymous-first',
  'anonymous-metered',
  'registered',
  'registered-premium-spent',
  'subscriber',
] as const;

export type PreviewReaderState = (typeof PREVIEW_READER_STATES)[number];

const DAY_MS = 86_400_000;

/**
 * `count` reads of other articles, a minute ago: inside any period. Negative
 * ids name no stored article, so the previewed one is never among them.
 */
function otherReads(count: number, now: number): MeterEntry[] {
  return Array.from({ length: count }, (_, index) => ({ articleId: -(index + 1), readAt: now - 60_000 }));
}

/** The reader a preview state stands for, at `now` (epoch milliseconds). */
export function syntheticReader(state: PreviewReaderState, settings: MeterSettings, now: number): Reader {
  switch (state) {
    case 'anonymous-first':
      return { kind: 'anonymous', meter: [] };
    case 'anonymous-metered':
      return { kind: 'anonymous', meter: otherReads(settings.anonymousFreeArticles, now) };
    case 'registered':
      return { kind: 'registered', premiumReads: [], subscriptionEndsAt: null };
    case 'registered-premium-spent':
      return { kind: 'registered', premiumReads: otherReads(settings.registeredPremiumArticles, now), subscriptionEndsAt: null };
    case 'subscriber':
      return { kind: 'registered', premiumReads: [], subscriptionEndsAt: now + settings.periodDays * DAY_MS };
  }
}
