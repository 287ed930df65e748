// The one access decision every channel asks (docs/product.md, "The wall and access"): a pure function
// of the article, the reader, their meter and the clock. Channels never read
// an article body without it.
import type { AccessLevel } from '../../core/db/schema.js';

export interface MeterSettings {
  /** Free articles an anonymous reader may read per period. */
  anonymousFreeArticles: number;
  /** Premium articles a registered (non-subscriber) reader may read per period. */
  registeredPremiumArticles: number;
  periodDays: number;
  /** Section paths (and their subsections) whose free articles count; empty = every section. */
  meteredSections: readonly string[];
}

export interface MeterEntry {
  articleId: number;
  /** Epoch milliseconds of the first read in the period. */
  readAt: number;
}

export type Reader =
  | { kind: 'anonymous'; meter: readonly MeterEntry[] }
  /** A signed-in reader; a subscriber while `subscriptionEndsAt` is in the future. */
  | { kind: 'registered'; premiumReads: readonly MeterEntry[]; subscriptionEndsAt: number | null }
  | { kind: 'staff' };

export interface ArticleAccessFacts {
  id: number;
  accessLevel: AccessLevel;
  sectionPath: string;
}

export type AccessDecision =
  | { kind: 'full'; reason: 'free' | 'registered-reader' | 'subscriber' | 'staff'; recordRead: false }
  | { kind: 'full'; reason: 'within-meter' | 'within-premium-allowance'; recordRead: boolean; remaining: number; limit: number }
  | { kind: 'wall'; wall: 'register'; reason: 'registered-only' | 'meter-spent' | 'premium-needs-account' }
  | { kind: 'wall'; wall: 'subscribe'; reason: 'premium-allowance-spent' };

const DAY_MS = 86_400_000;

export function isMeteredSection(sectionPath: string, settings: MeterSettings): boolean {
  if (settings.meteredSections.length === 0) return true;
  return settings.meteredSections.some((metered) => sectionPath === metered || sectionPath.startsWith(`${metered}/`));
}

/** Entries still inside the rolling period, one per article. */
export function liveEntries(entries: readonly MeterEntry[], now: number, periodDays: number): MeterEntry[] {
  const since = now - periodDays * DAY_MS;
  const byArticle = new Map<number, MeterEntry>();
  for (const entry of entries) {
    if (entry.readAt <= since || entry.readAt > now) continue;
    const existing = byArticle.get(entry.articleId);
    if (!existing || entry.readAt < existing.readAt) byArticle.set(entry.articleId, entry);
  }
  return [...byArticle.values()];
}

function metered(entries: readonly MeterEntry[], articleId: number, limit: number, now: number, periodDays: number) {
  const live = liveEntries(entries, now, periodDays);
  // Re-reading an article already counted in this period costs nothing.
  if (live.some((entry) => entry.articleId === articleId))
    return { allowed: true, recordRead: false, remaining: Math.max(0, limit - live.length) };
  if (live.length >= limit) return { allowed: false, recordRead: false, remaining: 0 };
  return { allowed: true, recordRead: true, remaining: limit - live.length - 1 };
}

export function decideAccess(article: ArticleAccessFacts, reader: Reader, settings: MeterSettings, now: number): AccessDecision {
  if (reader.kind === 'staff') return { kind: 'full', reason: 'staff', recordRead: false };
  if (reader.kind === 'registered') {
    // Expiry is checked against the clock here, so an ended subscription ends access at once on every channel.
    if (reader.subscriptionEndsAt !== null && reader.subscriptionEndsAt > now)
      return { kind: 'full', reason: 'subscriber', recordRead: false };
    if (article.accessLevel !== 'premium')
      return { kind: 'full', reason: article.accessLevel === 'free' ? 'free' : 'registered-reader', recordRead: false };
    const limit = settings.registeredPremiumArticles;
    const result = metered(reader.premiumReads, article.id, limit, now, settings.periodDays);
    if (!result.allowed) return { kind: 'wall', wall: 'subscribe', reason: 'premium-allowance-spent' };
    return { kind: 'full', reason: 'within-premium-allowance', recordRead: result.recordRead, remaining: result.remaining, limit };
  }
  if (article.accessLevel === 'registered') return { kind: 'wall', wall: 'register', reason: 'registered-only' };
  if (article.accessLevel === 'premium') return { kind: 'wall', wall: 'register', reason: 'premium-needs-account' };
  if (!isMeteredSection(article.sectionPath, settings)) return { kind: 'full', reason: 'free', recordRead: false };
  const limit = settings.anonymousFreeArticles;
  const result = metered(reader.meter, article.id, limit, now, settings.periodDays);
  if (!result.allowed) return { kind: 'wall', wall: 'register', reason: 'meter-spent' };
  return { kind: 'full', reason: 'within-meter', recordRead: result.recordRead, remaining: result.remaining, limit };
}

/** Where the reader stands, in plain words ("You have 2 free articles left this month"). */
export function describeAllowance(decision: AccessDecision, periodDays: number): string | null {
  if (decision.kind !== 'full' || (decision.reason !== 'within-meter' && decision.reason !== 'within-premium-allowance')) return null;
  const period = periodDays === 30 || periodDays === 31 ? 'this month' : periodDays === 7 ? 'this week' : `in the last ${periodDays} days`;
  const kind = decision.reason === 'within-meter' ? 'free' : 'Premium';
  if (decision.remaining === 0) {
    // Re-reading once the allowance is spent is free: say so rather than "last".
    if (!decision.recordRead) return `You have no ${kind} articles left ${period}; articles you have already read stay open.`;
    return `This is your last ${kind} article ${period}.`;
  }
  return `You have ${decision.remaining} ${kind} article${decision.remaining === 1 ? '' : 's'} left ${period}.`;
}
