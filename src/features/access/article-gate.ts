// Decides, per request, what a reader may see of an article: asks the one
// access decision (access-decision.ts) with the reader's state — the signed
// meter cookie for anonymous readers, the database for signed-in ones — and
// records the read the decision implies. The answer is a visibility the
// article pages are cached by, so the decision costs no rendering.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { readCookie, setCookie, type CookieSettings } from '../../core/http/cookies.js';
import { SESSION_COOKIE, type SessionManager } from '../../core/http/sessions.js';
import type { ArticleAccessFacts, ArticleVisibility } from '../articles/articles.types.js';
import { decideAccess, describeAllowance, isMeteredSection, liveEntries, type AccessDecision, type MeterSettings } from './access-decision.js';
import type { AccessService } from './access.service.js';
import { decodeMeter, encodeMeter, METER_COOKIE } from './meter-cookie.js';

export interface GateAnswer {
  visibility: ArticleVisibility;
  /** The answer depended on this reader's cookies: the response must be private. */
  personal: boolean;
}

const DAY_SECONDS = 86_400;

/** A HEAD request (link checkers, previews) sends no text, so it spends no allowance. */
function countsAsRead(request: FastifyRequest): boolean {
  return request.method === 'GET';
}

export function createArticleGate(deps: { access: AccessService; sessions: SessionManager; clock: Clock; settings: MeterSettings; secret: string; cookies: CookieSettings }) {
  const { settings } = deps;

  function toVisibility(decision: AccessDecision): ArticleVisibility {
    if (decision.kind === 'wall') return { view: 'wall', wall: decision.wall, reason: decision.reason };
    const allowanceNote = describeAllowance(decision, settings.periodDays);
    const allowanceKind = decision.reason === 'within-meter' ? 'free' : decision.reason === 'within-premium-allowance' ? 'premium' : null;
    return { view: 'full', allowanceNote, allowanceKind };
  }

  async function signedIn(request: FastifyRequest, facts: ArticleAccessFacts): Promise<GateAnswer | null> {
    const session = await deps.sessions.current(request);
    if (!session) return null;
    // Only premium articles depend on a signed-in reader's state; the rest need no query.
    if (session.user.role !== 'reader' || facts.accessLevel !== 'premium') return { visibility: { view: 'full', allowanceNote: null, allowanceKind: null }, personal: true };
    const reader = await deps.access.signedInReader(session.user);
    let decision = decideAccess(facts, reader, settings, deps.clock.now().getTime());
    if (decision.kind === 'full' && decision.recordRead && countsAsRead(request)) {
      // The count under the reader's lock is the authority: a parallel read may have used the last one.
      const outcome = await deps.access.recordPremiumRead(session.user.id, facts.id);
      if (outcome === 'allowance-spent') decision = { kind: 'wall', wall: 'subscribe', reason: 'premium-allowance-spent' };
    }
    return { visibility: toVisibility(decision), personal: true };
  }

  async function decide(request: FastifyRequest, reply: FastifyReply, facts: ArticleAccessFacts): Promise<GateAnswer> {
    if (request.headers.cookie?.includes(SESSION_COOKIE)) {
      const answer = await signedIn(request, facts);
      if (answer) return answer;
    }
    // Free articles outside the metered sections are the same for everyone: shared bytes.
    if (facts.accessLevel === 'free' && !isMeteredSection(facts.sectionPath, settings)) {
      return { visibility: { view: 'full', allowanceNote: null, allowanceKind: null }, personal: false };
    }
    const now = deps.clock.now().getTime();
    const meter = request.headers.cookie ? decodeMeter(readCookie(request, METER_COOKIE), deps.secret) : [];
    const decision = decideAccess(facts, { kind: 'anonymous', meter }, settings, now);
    if (decision.kind === 'full' && decision.recordRead && countsAsRead(request)) {
      const entries = [...liveEntries(meter, now, settings.periodDays), { articleId: facts.id, readAt: now }];
      setCookie(reply, METER_COOKIE, encodeMeter(entries, deps.secret), deps.cookies, { maxAgeSeconds: settings.periodDays * DAY_SECONDS });
    }
    // A registered-only or premium article walls every anonymous reader alike, but the
    // wall carries this browser's registration form, so it is private all the same.
    return { visibility: toVisibility(decision), personal: true };
  }

  return { decide };
}

export type ArticleGate = ReturnType<typeof createArticleGate>;
