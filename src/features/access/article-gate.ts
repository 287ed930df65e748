// Decides, per request, what a reader may see of an article: asks the one
// access decision (access-decision.ts) with the reader's state — the signed
// meter cookie for anonymous readers, the database for signed-in ones — and
// records the read the decision implies. The answer is a visibility the
// article pages are cached by, so the decision costs no rendering.
//
// Anonymous readers are the hot path (docs/benchmarks.md): they are decided
// synchronously, a verified meter cookie is remembered by its exact (signed)
// value, and the cookie a first visit gets — the same for every reader of an
// article within one second — is signed once.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { readCookie, serializeCookie, setCookie, type CookieSettings } from '../../core/http/cookies.js';
import { SESSION_COOKIE, type SessionManager } from '../../core/http/sessions.js';
import type { ArticleAccessFacts, ArticleVisibility } from '../articles/articles.types.js';
import { NO_INSIGHT, type InsightRecorder } from '../insight/insight.types.js';
import {
  decideAccess,
  describeAllowance,
  isMeteredSection,
  liveEntries,
  type AccessDecision,
  type MeterEntry,
  type MeterSettings,
} from './access-decision.js';
import type { AccessService } from './access.service.js';
import { decodeMeter, encodeMeter, METER_COOKIE } from './meter-cookie.js';
import { syntheticReader, type PreviewReaderState } from './preview-readers.js';
import { fullTextSearchLevels } from './search-entitlement.js';
import type { AccessLevel } from '../../core/db/schema.js';

export interface GateAnswer {
  visibility: ArticleVisibility;
  /** The answer depended on this reader's cookies: the response must be private. */
  personal: boolean;
}

const DAY_SECONDS = 86_400;
const MAX_REMEMBERED_COOKIES = 10_000;
const NO_READS: readonly MeterEntry[] = Object.freeze([]);

export interface DecideOptions {
  /**
   * False asks what the reader may see without recording a read: the article's
   * comments are for readers entitled to its text, but reading them must not
   * spend the meter or the premium allowance.
   */
  countRead?: boolean;
}

/** A HEAD request (link checkers, previews) sends no text, so it spends no allowance. */
function countsAsRead(request: FastifyRequest, options: DecideOptions | undefined): boolean {
  return request.method === 'GET' && options?.countRead !== false;
}

export function createArticleGate(deps: {
  access: AccessService;
  sessions: SessionManager;
  clock: Clock;
  settings: MeterSettings;
  secret: string;
  cookies: CookieSettings;
  /** The funnel's counters: page views by reader state, wall impressions, Premium unlocks (a Map increment each). */
  insight?: InsightRecorder;
}) {
  const { settings } = deps;
  const insight = deps.insight ?? NO_INSIGHT;
  const cookieOptions = { maxAgeSeconds: settings.periodDays * DAY_SECONDS };
  const FULL: ArticleVisibility = Object.freeze({ view: 'full', allowanceNote: null, allowanceKind: null });

  // A handful of distinct visibilities exist for any settings; sharing the
  // objects lets the article cache key them once (article-view.ts).
  const visibilities = new Map<string, ArticleVisibility>();
  function toVisibility(decision: AccessDecision): ArticleVisibility {
    const key =
      decision.kind === 'wall'
        ? `${decision.wall}:${decision.reason}`
        : 'remaining' in decision
          ? `${decision.reason}:${decision.remaining}:${decision.recordRead}`
          : 'full';
    let visibility = visibilities.get(key);
    if (!visibility) {
      if (decision.kind === 'wall') visibility = Object.freeze({ view: 'wall', wall: decision.wall, reason: decision.reason });
      else {
        const allowanceKind =
          decision.reason === 'within-meter' ? 'free' : decision.reason === 'within-premium-allowance' ? 'premium' : null;
        visibility = allowanceKind
          ? Object.freeze({ view: 'full', allowanceNote: describeAllowance(decision, settings.periodDays), allowanceKind })
          : FULL;
      }
      visibilities.set(key, visibility);
    }
    return visibility;
  }

  const verifiedMeters = new Map<string, readonly MeterEntry[]>();
  function meterOf(request: FastifyRequest): readonly MeterEntry[] {
    const cookie = request.headers.cookie ? readCookie(request, METER_COOKIE) : undefined;
    if (!cookie) return NO_READS;
    let entries = verifiedMeters.get(cookie);
    if (entries === undefined) {
      entries = Object.freeze(decodeMeter(cookie, deps.secret));
      if (verifiedMeters.size >= MAX_REMEMBERED_COOKIES) verifiedMeters.clear();
      verifiedMeters.set(cookie, entries);
    }
    return entries;
  }

  let firstVisitSecond = -1;
  const firstVisitCookies = new Map<number, string>();
  function firstVisitCookie(articleId: number, now: number): string {
    const second = Math.floor(now / 1000);
    if (second !== firstVisitSecond) {
      firstVisitCookies.clear();
      firstVisitSecond = second;
    }
    let cookie = firstVisitCookies.get(articleId);
    if (cookie === undefined) {
      cookie = serializeCookie(METER_COOKIE, encodeMeter([{ articleId, readAt: now }], deps.secret), deps.cookies, cookieOptions);
      firstVisitCookies.set(articleId, cookie);
    }
    return cookie;
  }

  function countSignedInView(userId: number, articleId: number): void {
    if (insight === NO_INSIGHT) return;
    deps.access.isSubscriber(userId).then(
      (subscriber) => insight.articleView(articleId, subscriber ? 'subscriber' : 'registered'),
      // A reader whose subscription could not be read this once is counted as registered.
      () => insight.articleView(articleId, 'registered'),
    );
  }

  async function signedIn(
    request: FastifyRequest,
    facts: ArticleAccessFacts,
    options: DecideOptions | undefined,
  ): Promise<GateAnswer | null> {
    const session = await deps.sessions.current(request);
    if (!session) return null;
    // Staff reading their own site are not the funnel's readers.
    if (session.user.role !== 'reader') return { visibility: FULL, personal: true };
    const counted = countsAsRead(request, options);
    // Only premium articles depend on a signed-in reader's state; the rest need no query.
    if (facts.accessLevel !== 'premium') {
      // Subscriber or not only matters to the count: looked up (remembered a minute) after answering, never awaited.
      if (counted) countSignedInView(session.user.id, facts.id);
      return { visibility: FULL, personal: true };
    }
    const reader = await deps.access.signedInReader(session.user);
    const now = deps.clock.now().getTime();
    let decision = decideAccess(facts, reader, settings, now);
    if (decision.kind === 'full' && decision.recordRead && counted) {
      // The count under the reader's lock is the authority: a parallel read may have used the last one.
      const outcome = await deps.access.recordPremiumRead(session.user.id, facts.id);
      if (outcome === 'allowance-spent') decision = { kind: 'wall', wall: 'subscribe', reason: 'premium-allowance-spent' };
      else if (outcome === 'counted') insight.premiumUnlock(facts.id);
    }
    if (counted) {
      const subscriber = reader.kind === 'registered' && reader.subscriptionEndsAt !== null && reader.subscriptionEndsAt > now;
      insight.articleView(facts.id, subscriber ? 'subscriber' : 'registered');
    }
    return { visibility: toVisibility(decision), personal: true };
  }

  function anonymous(
    request: FastifyRequest,
    reply: FastifyReply,
    facts: ArticleAccessFacts,
    options: DecideOptions | undefined,
  ): GateAnswer {
    const counted = countsAsRead(request, options);
    if (counted) insight.articleView(facts.id, 'anonymous');
    // Free articles outside the metered sections are the same for everyone: shared bytes.
    if (facts.accessLevel === 'free' && !isMeteredSection(facts.sectionPath, settings)) return { visibility: FULL, personal: false };
    const now = deps.clock.now().getTime();
    const meter = meterOf(request);
    const decision = decideAccess(facts, { kind: 'anonymous', meter }, settings, now);
    if (counted && decision.kind === 'wall' && decision.wall === 'register') insight.wallImpression(facts.id);
    if (decision.kind === 'full' && decision.recordRead && counted) {
      if (meter.length === 0) reply.header('set-cookie', firstVisitCookie(facts.id, now));
      else {
        const entries = [...liveEntries(meter, now, settings.periodDays), { articleId: facts.id, readAt: now }];
        setCookie(reply, METER_COOKIE, encodeMeter(entries, deps.secret), deps.cookies, cookieOptions);
      }
    }
    // A registered-only or premium article walls every anonymous reader alike, but the
    // wall carries this browser's registration form, so it is private all the same.
    return { visibility: toVisibility(decision), personal: true };
  }

  /** Synchronous for anonymous readers (the hot path); a promise when a session must be read. */
  function decide(
    request: FastifyRequest,
    reply: FastifyReply,
    facts: ArticleAccessFacts,
    options?: DecideOptions,
  ): GateAnswer | Promise<GateAnswer> {
    if (request.headers.cookie?.includes(SESSION_COOKIE)) {
      return signedIn(request, facts, options).then((answer) => answer ?? anonymous(request, reply, facts, options));
    }
    return anonymous(request, reply, facts, options);
  }

  /**
   * What a reader in `state` would see of the article now, from the same
   * decision and visibilities as `decide`, for a synthetic reader: no cookie
   * or session is read and no read is recorded (a staff preview spends nobody's meter).
   */
  function previewVisibility(facts: ArticleAccessFacts, state: PreviewReaderState): ArticleVisibility {
    const now = deps.clock.now().getTime();
    return toVisibility(decideAccess(facts, syntheticReader(state, settings, now), settings, now));
  }

  /** The access levels this request's reader may search in full (search-entitlement.ts); reads no meter, records nothing. */
  async function searchLevels(request: FastifyRequest): Promise<AccessLevel[]> {
    const now = deps.clock.now().getTime();
    const session = request.headers.cookie?.includes(SESSION_COOKIE) ? await deps.sessions.current(request) : null;
    if (!session) return fullTextSearchLevels({ kind: 'anonymous', meter: NO_READS }, settings, now);
    const reader = session.user.role === 'reader' ? await deps.access.signedInReader(session.user) : ({ kind: 'staff' } as const);
    return fullTextSearchLevels(reader, settings, now);
  }

  return { decide, previewVisibility, searchLevels };
}

export type ArticleGate = ReturnType<typeof createArticleGate>;
