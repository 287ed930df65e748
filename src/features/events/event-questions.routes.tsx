// Attendees' questions: the reader's "Ask" and "Upvote" buttons on the event
// page, and staff's queues. Thin: session, CSRF, one service call, then 303
// back to the page (a reload repeats nothing) or the event page again with the
// reader's text and what to change. Staff pages are open to moderators as well
// as editors: held questions are moderation work.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { fields, inputs, readForm, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { MODERATION_ROLES } from '../moderation/moderation.types.js';
import type { EventQuestions, StaffQuestionAction } from './event-questions.service.js';
import type { PublicEvent } from './events.types.js';
import { eventPath } from './views/event-metadata.js';
import { EventQuestionsQueuePage, PendingQuestionsPage } from './views/newsroom-question-pages.js';

/** What the question routes need from the event page's routes: the event, and the page drawn again with a message. */
export interface QuestionPageHooks {
  requireEvent(key: string): Promise<PublicEvent>;
  renderEventPage(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { event: PublicEvent; session: CurrentSession; status: number; questionForm: { draft?: string; error: string } },
  ): Promise<unknown>;
}

const EVENT_KEY = z.string().regex(/^[A-Za-z0-9_-]{1,120}$/);
const ASK_PARAMS = z.object({ key: EVENT_KEY });
const VOTE_PARAMS = z.object({ key: EVENT_KEY, question: inputs.id() });
// The text is cut well past the limit, so the service still sees (and names) one that is too long.
const ASK_FORM = z.object({ question: fields.text(4000) });

const NOT_ATTENDEE = 'Only readers with a seat can ask and upvote questions, before and during the event.';
const UNVERIFIED =
  'Please confirm your email address before you ask a question: follow the link in the email we sent you when you registered.';
const BLOCKED = 'You cannot ask or upvote questions: our moderators have restricted your account.';

export function registerQuestionReaderRoutes(
  app: FastifyInstance,
  deps: { questions: EventQuestions; sessions: SessionManager; csrf: Csrf; pages: QuestionPageHooks },
): void {
  const { questions, sessions, csrf, pages } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  async function signedIn(request: FastifyRequest, reply: FastifyReply, event: PublicEvent): Promise<CurrentSession | null> {
    reply.header('cache-control', 'no-store');
    const session = await sessions.current(request);
    if (session) csrf.requireFormToken(request, session.id);
    else await reply.redirect(`/signin?next=${encodeURIComponent(eventPath(event))}`, 303);
    return session;
  }

  routes.post('/events/:key/questions', { schema: { params: ASK_PARAMS } }, async (request, reply) => {
    const event = await pages.requireEvent(request.params.key);
    const session = await signedIn(request, reply, event);
    if (!session) return reply;
    const draft = readForm(request, ASK_FORM);
    const text = draft.ok ? draft.values.question : '';
    const outcome = await questions.ask(event.id, session.user, text);
    const again = (status: number, error: string, keep = true) =>
      pages.renderEventPage(request, reply, { event, session, status, questionForm: { ...(keep ? { draft: text } : {}), error } });
    switch (outcome.kind) {
      case 'published':
        return reply.redirect(`${eventPath(event)}?notice=question-asked#question-${outcome.questionId}`, 303);
      case 'held':
        return reply.redirect(`${eventPath(event)}?notice=question-held#questions`, 303);
      case 'invalid':
        return again(422, outcome.message);
      case 'not-attendee':
        return again(403, NOT_ATTENDEE, false);
      case 'blocked':
        return again(403, BLOCKED);
      case 'unverified':
        return again(403, UNVERIFIED);
      case 'rate-limited':
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        return again(429, outcome.message);
    }
  });

  routes.post('/events/:key/questions/:question/upvote', { schema: { params: VOTE_PARAMS } }, async (request, reply) => {
    const event = await pages.requireEvent(request.params.key);
    const session = await signedIn(request, reply, event);
    if (!session) return reply;
    const outcome = await questions.vote(event.id, request.params.question, session.user.id);
    const anchor = `#question-${request.params.question}`;
    switch (outcome.kind) {
      case 'voted':
        return reply.redirect(`${eventPath(event)}?notice=question-upvoted${anchor}`, 303);
      case 'already-voted':
        return reply.redirect(`${eventPath(event)}?notice=question-already-upvoted${anchor}`, 303);
      case 'refused':
        return pages.renderEventPage(request, reply, { event, session, status: 403, questionForm: { error: NOT_ATTENDEE } });
      case 'rate-limited':
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        return pages.renderEventPage(request, reply, { event, session, status: 429, questionForm: { error: outcome.message } });
    }
  });
}

const STAFF_ACTIONS = ['answer', 'hide', 'publish'] as const satisfies readonly StaffQuestionAction[];
const ACTION_PARAMS = z.object({ id: inputs.id(), action: z.enum(STAFF_ACTIONS) });
/** Actions return to a question page of the newsroom, or to the held questions. */
const RETURN_FORM = z.object({
  returnTo: z
    .string()
    .max(200)
    .regex(/^\/newsroom\/events\/(questions|[1-9][0-9]{0,9}\/questions)$/)
    .catch('/newsroom/events/questions'),
});
const DONE_QUERY = z.object({ done: inputs.choice(['answer', 'hide', 'publish', 'already', 'none'], 'none') });
const DONE_TEXT: Record<StaffQuestionAction | 'already', string> = {
  already: 'Nothing changed: the question was already in that state (someone may have just done it).',
  answer: 'The question is marked answered.',
  hide: 'The question is hidden from readers.',
  publish: 'The question is published.',
};

export function registerQuestionStaffRoutes(
  app: FastifyInstance,
  deps: {
    questions: EventQuestions;
    sessions: SessionManager;
    csrf: Csrf;
    loadSite(): Promise<SiteContext>;
    /** Staff's event by id (any status), for the queue's heading. */
    findEvent(id: number): Promise<{ id: number; title: string; slug: string } | null | undefined>;
  },
): void {
  const { questions, sessions, csrf } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const staff = { preValidation: requireRole(sessions, MODERATION_ROLES) };

  async function frame(request: FastifyRequest, reply: FastifyReply, currentPath: string, done: StaffQuestionAction | 'already' | 'none') {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    return { site: await deps.loadSite(), account, csrfToken, currentPath, ...(done === 'none' ? {} : { notice: DONE_TEXT[done] }) };
  }

  routes.get('/newsroom/events/questions', { ...staff, schema: { querystring: DONE_QUERY } }, async (request, reply) => {
    const page = PendingQuestionsPage({
      ...(await frame(request, reply, '/newsroom/events/questions', request.query.done)),
      questions: await questions.pending(),
    });
    return sendHtml(reply, page, { caching: 'no-store' });
  });

  const queueSchema = { params: z.object({ id: inputs.id() }), querystring: DONE_QUERY };
  routes.get('/newsroom/events/:id/questions', { ...staff, schema: queueSchema }, async (request, reply) => {
    const event = await deps.findEvent(request.params.id);
    if (!event) throw new AppError('not-found');
    const path = `/newsroom/events/${event.id}/questions`;
    const page = EventQuestionsQueuePage({
      ...(await frame(request, reply, path, request.query.done)),
      event,
      questions: await questions.forStaff(event.id),
    });
    return sendHtml(reply, page, { caching: 'no-store' });
  });

  routes.post('/newsroom/events/questions/:id/:action', { ...staff, schema: { params: ACTION_PARAMS } }, async (request, reply) => {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    const { returnTo } = requireForm(request, RETURN_FORM);
    const outcome = await questions.moderate(request.params.id, request.params.action);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    reply.header('cache-control', 'no-store');
    // Already done (by someone else, or a second press): the page says so and shows the question as it now is.
    const done = outcome.kind === 'done' ? request.params.action : 'already';
    return reply.redirect(`${returnTo}?done=${done}#question-${request.params.id}`, 303);
  });
}
