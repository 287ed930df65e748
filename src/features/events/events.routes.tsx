// Readers' event pages and actions. Thin: read the path, the session and the
// form, check CSRF, call the events service, render or redirect (303 after
// every post, so a reload never repeats it). Pages with forms carry this
// browser's tokens and are never stored by a cache.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import type { PageSender } from '../../core/http/page-sender.js';
import type { PendingIntents } from '../../core/http/pending-intent.js';
import type { RateLimiter, RateLimitRule } from '../../core/http/rate-limit.js';
import { inputs, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { registerQuestionReaderRoutes } from './event-questions.routes.js';
import type { EventQuestions } from './event-questions.service.js';
import type { EventsService } from './events.service.js';
import type { PublicEvent, SignUpOutcome } from './events.types.js';
import { EVENT_RATE_LIMITS, eventLimitKeys } from './event-limits.js';
import { EVENT_NOTICES, eventNoticeText, type EventNotice } from './event-notices.js';
import { EventLimitPage, type EventLimitReason } from './views/event-limit-page.js';
import { eventPath } from './views/event-metadata.js';
import { EventListPage, EventPage, JoinNotYetPage, JoinRefusedPage, type EventPageModel, type EventViewer } from './views/event-pages.js';
import type { QuestionsModel } from './views/event-questions.js';

export interface EventsRoutesDependencies {
  events: EventsService;
  questions: EventQuestions;
  sessions: SessionManager;
  csrf: Csrf;
  pages: Pick<PageSender, 'sendBuiltPage'>;
  intents: PendingIntents;
  clock: Clock;
  loadSite(): Promise<SiteContext>;
  scripts: string[];
  rateLimiter: RateLimiter;
}

/** The pending intent a signed-out reader's "Sign up" leaves for the event page (core/http/pending-intent.ts). */
export const SIGN_UP_INTENT = 'events:sign-up';

/** An event's public id or slug; anything else names no event (404). */
const EVENT_PARAMS = z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{1,120}$/) });
const JOIN_PARAMS = z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{1,120}$/), token: z.string().max(200) });
const NOTICE_QUERY = z.object({ notice: inputs.choice([...EVENT_NOTICES, 'none'], 'none') });
type Notice = EventNotice | 'none';

function noticeFor(outcome: SignUpOutcome): Notice {
  if (outcome.kind === 'confirmed') return outcome.alreadySignedUp ? 'already' : 'signed-up';
  if (outcome.kind === 'waiting') return outcome.alreadySignedUp ? 'already' : 'waiting';
  if (outcome.kind === 'closed') return 'closed';
  return 'none';
}

export function registerEventsRoutes(app: FastifyInstance, deps: EventsRoutesDependencies): void {
  const { events, sessions, csrf, pages, intents, clock, rateLimiter } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  /** False when allowed; else true, with the 429 page (and Retry-After) sent. A boolean: a reply is a thenable, so it cannot be awaited as a value. */
  async function overLimit(
    reply: FastifyReply,
    check: { key: string; rule: RateLimitRule; peek?: boolean; reason: EventLimitReason; event: PublicEvent | null },
  ): Promise<boolean> {
    const result = check.peek ? await rateLimiter.peek(check.key, check.rule) : await rateLimiter.consume(check.key, check.rule);
    if (result.allowed) return false;
    const page = EventLimitPage({
      site: await deps.loadSite(),
      event: check.event,
      reason: check.reason,
      retryAfterSeconds: result.retryAfterSeconds,
    });
    reply.header('retry-after', String(result.retryAfterSeconds));
    await pages.sendBuiltPage(reply, page, { status: 429, caching: 'no-store' });
    return true;
  }

  /** A signed-in reader's sign-up or cancellation, counted against their account. */
  const overPlaceLimit = (reply: FastifyReply, userId: number, event: PublicEvent) =>
    overLimit(reply, { key: eventLimitKeys.placeChanges(userId), rule: EVENT_RATE_LIMITS.placeChanges, reason: 'place-changes', event });

  async function requireEvent(key: string): Promise<PublicEvent> {
    const event = await events.findEvent(key);
    if (!event) throw new AppError('not-found');
    return event;
  }

  function phaseOf(event: PublicEvent): EventPageModel['phase'] {
    if (event.status === 'cancelled') return 'cancelled';
    const now = clock.now().getTime();
    if (now >= Date.parse(event.endsAt)) return 'ended';
    return now >= Date.parse(event.startsAt) ? 'live' : 'upcoming';
  }

  async function viewerFor(
    request: FastifyRequest,
    reply: FastifyReply,
    event: PublicEvent,
    session: CurrentSession | null,
  ): Promise<EventViewer> {
    // Premium events: the subscribe wall (with a way to sign in) rather than a sign-up that would then be refused.
    if (!session)
      return event.access === 'premium'
        ? { kind: 'needs-subscription' }
        : { kind: 'anonymous', csrfToken: csrf.tokenFor(request, reply, undefined) };
    const eligibility = await events.eligibilityFor(event.access, session.user);
    if (eligibility.kind !== 'eligible') return { kind: 'needs-subscription' };
    const attendance = await events.attendanceOf(event.id, session.user.id);
    const joinLink = attendance.kind === 'confirmed' ? events.joinLinkFor(event, attendance.registration) : null;
    return {
      kind: 'eligible',
      csrfToken: csrf.tokenFor(request, reply, session.id),
      attendance,
      joinLink,
      joinOpensAt: events.joinOpensAt(event).toISOString(),
    };
  }

  /** The questions part of the page: attendees ask and vote until the end, readers who may attend read, others see none. */
  async function questionsFor(
    event: PublicEvent,
    phase: EventPageModel['phase'],
    viewer: EventViewer,
    form?: { draft?: string; error: string },
  ): Promise<QuestionsModel | null> {
    if (phase === 'cancelled' || viewer.kind === 'needs-subscription') return null;
    if (viewer.kind === 'anonymous') return phase === 'ended' ? null : { kind: 'invitation' };
    const published = await deps.questions.published(event.id);
    if (viewer.attendance.kind === 'confirmed' && phase !== 'ended') {
      const votedIds = await deps.questions.votedBy(event.id, viewer.attendance.registration.userId);
      return { kind: 'attendee', csrfToken: viewer.csrfToken, questions: published, votedIds, ...form };
    }
    return {
      kind: 'read-only',
      questions: published,
      why: phase === 'ended' ? 'ended' : 'no-seat',
      ...(form ? { error: form.error } : {}),
    };
  }

  async function renderEventPage(
    request: FastifyRequest,
    reply: FastifyReply,
    input: {
      event: PublicEvent;
      session: CurrentSession | null;
      notice?: Notice;
      status?: number;
      questionForm?: { draft?: string; error: string };
    },
  ) {
    const { event, session } = input;
    const phase = phaseOf(event);
    const viewer = await viewerFor(request, reply, event, session);
    const model: EventPageModel = {
      event,
      phase,
      viewer,
      recordingUrl: phase === 'ended' ? await events.recordingFor(event.id, session?.user ?? null) : null,
      notice: eventNoticeText(input.notice, viewer, phase),
      questions: await questionsFor(event, phase, viewer, input.questionForm),
    };
    const page = EventPage({ site: await deps.loadSite(), model, scripts: deps.scripts });
    return pages.sendBuiltPage(reply, page, { caching: 'no-store', ...(input.status ? { status: input.status } : {}) });
  }

  routes.get('/events', async (_request, reply) => {
    const [upcoming, past] = await Promise.all([events.listUpcoming(), events.listPast()]);
    const page = EventListPage({ site: await deps.loadSite(), upcoming, past, scripts: deps.scripts });
    return pages.sendBuiltPage(reply, page, { caching: 'private' });
  });

  routes.get('/events/:key', { schema: { params: EVENT_PARAMS, querystring: NOTICE_QUERY } }, async (request, reply) => {
    let event = await requireEvent(request.params.key);
    const session = await sessions.current(request);
    let notice: Notice = request.query.notice;
    // Back from registering or signing in after pressing "Sign up": finish what the reader asked for.
    if (session && intents.take(request, reply, eventPath(event)) === SIGN_UP_INTENT) {
      if (await overPlaceLimit(reply, session.user.id, event)) return reply;
      notice = noticeFor(await events.signUp(event, session.user));
      event = await requireEvent(event.publicId);
    }
    return renderEventPage(request, reply, { event, session, notice });
  });

  registerQuestionReaderRoutes(app, {
    questions: deps.questions,
    sessions,
    csrf,
    pages: { requireEvent, renderEventPage: (request, reply, input) => renderEventPage(request, reply, input) },
  });

  routes.post('/events/:key/sign-up', { schema: { params: EVENT_PARAMS } }, async (request, reply) => {
    const event = await requireEvent(request.params.key);
    const session = await sessions.current(request);
    reply.header('cache-control', 'no-store');
    if (!session) {
      csrf.requireFormToken(request, undefined);
      return reply.redirect(intents.remember(reply, { action: SIGN_UP_INTENT, path: eventPath(event) }), 303);
    }
    csrf.requireFormToken(request, session.id);
    if (await overPlaceLimit(reply, session.user.id, event)) return reply;
    const outcome = await events.signUp(event, session.user);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    return reply.redirect(`${eventPath(event)}?notice=${noticeFor(outcome)}`, 303);
  });

  routes.post('/events/:key/cancel', { schema: { params: EVENT_PARAMS } }, async (request, reply) => {
    const event = await requireEvent(request.params.key);
    const session = await sessions.current(request);
    reply.header('cache-control', 'no-store');
    if (!session) return reply.redirect(`/signin?next=${encodeURIComponent(eventPath(event))}`, 303);
    csrf.requireFormToken(request, session.id);
    if (await overPlaceLimit(reply, session.user.id, event)) return reply;
    const outcome = await events.cancelPlace(event.id, session.user.id);
    return reply.redirect(`${eventPath(event)}?notice=${outcome.kind === 'cancelled' ? 'cancelled' : 'none'}`, 303);
  });

  routes.get('/events/:key/join/:token', { schema: { params: JOIN_PARAMS } }, async (request, reply) => {
    // The link is personal: no cache keeps the answer, and the stream's site is not told where the reader came from.
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const refusedKey = eventLimitKeys.refusedJoins(request.ip);
    const refusedRule = EVENT_RATE_LIMITS.refusedJoins;
    // An address that keeps trying wrong links is stopped before any lookup; a working link is never held up by it.
    if (await overLimit(reply, { key: refusedKey, rule: refusedRule, peek: true, reason: 'join', event: null })) return reply;
    const outcome = await events.join(request.params.key, request.params.token);
    if (outcome.kind === 'refused') await rateLimiter.consume(refusedKey, refusedRule);
    else {
      // Counted only for links that work, so wrong guesses never make windows of their own.
      const event = outcome.kind === 'open' ? null : outcome.event;
      const key = eventLimitKeys.joinLink(request.params.token);
      if (await overLimit(reply, { key, rule: EVENT_RATE_LIMITS.joinsPerLink, reason: 'join', event })) return reply;
    }
    if (outcome.kind === 'open') return reply.redirect(outcome.streamUrl, 303);
    const site = await deps.loadSite();
    if (outcome.kind === 'not-yet')
      return pages.sendBuiltPage(reply, JoinNotYetPage({ site, event: outcome.event, opensAt: outcome.opensAt }), { caching: 'no-store' });
    const status = outcome.kind === 'over' ? 410 : 403;
    return pages.sendBuiltPage(reply, JoinRefusedPage({ site, event: outcome.event, reason: outcome.kind }), {
      status,
      caching: 'no-store',
    });
  });
}
