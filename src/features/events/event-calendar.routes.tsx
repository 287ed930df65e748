// Calendar addresses: a registration's own .ics behind the signed "add to
// calendar" link of its confirmation email, the reader's secret feed, and
// /account/calendar where the feed is made, replaced or turned off. Thin:
// check the input, call the feed or email service, answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Csrf } from '../../core/http/csrf.js';
import type { PageSender } from '../../core/http/page-sender.js';
import type { ZodTypeProvider } from '../../core/http/route-input.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { calendarContentType } from './event-calendar.js';
import { feedPath, type EventCalendarFeeds } from './event-calendar-feeds.js';
import type { EventEmails } from './event-emails.js';
import { CalendarFeedPage } from './views/calendar-feed-page.js';

export interface EventCalendarRoutesDependencies {
  feeds: EventCalendarFeeds;
  emails: Pick<EventEmails, 'calendarFileFor'>;
  sessions: SessionManager;
  csrf: Csrf;
  pages: Pick<PageSender, 'sendBuiltPage'>;
  loadSite: () => Promise<SiteContext>;
  publicUrl: string;
}

// Anything longer or odder than our tokens is simply not one (404), never a 5xx.
const token = () => z.string().max(200);
const DOWNLOAD_PARAMS = z.object({ registration: token(), signature: token() });
const FEED_PARAMS = z.object({ file: token() });
const REVOKED_QUERY = z.object({
  revoked: z
    .unknown()
    .optional()
    .transform((value) => value === '1'),
});

function sendNotFound(reply: FastifyReply) {
  return reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('No such calendar.');
}

export function registerEventCalendarRoutes(app: FastifyInstance, deps: EventCalendarRoutesDependencies): void {
  const { feeds, sessions, csrf, pages } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get('/events/ics/:registration/:signature', { schema: { params: DOWNLOAD_PARAMS } }, async (request, reply) => {
    const file = await deps.emails.calendarFileFor(request.params.registration, request.params.signature);
    if (!file) return sendNotFound(reply);
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-disposition', 'attachment; filename="event.ics"')
      .type(calendarContentType(file.method))
      .send(file.content);
  });

  // Calendar apps poll this: answered fresh each time, never stored by a shared cache.
  routes.get('/events/feed/:file', { schema: { params: FEED_PARAMS } }, async (request, reply) => {
    const secret = request.params.file.endsWith('.ics') ? request.params.file.slice(0, -4) : '';
    const file = secret ? await feeds.file(secret) : null;
    if (!file) return sendNotFound(reply);
    return reply
      .header('cache-control', 'private, no-cache')
      .header('x-robots-tag', 'noindex')
      .header('referrer-policy', 'no-referrer')
      .type(calendarContentType('PUBLISH'))
      .send(file);
  });

  async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<CurrentSession | null> {
    const session = await sessions.current(request);
    if (!session) void reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent('/account/calendar')}`, 303);
    return session;
  }

  routes.get('/account/calendar', { schema: { querystring: REVOKED_QUERY } }, async (request, reply) => {
    const session = await signedIn(request, reply);
    if (!session) return reply;
    const page = CalendarFeedPage({
      site: await deps.loadSite(),
      csrfToken: csrf.tokenFor(request, reply, session.id),
      feed: await feeds.status(session.user.id),
      isRevoked: request.query.revoked,
    });
    return pages.sendBuiltPage(reply, page, { caching: 'no-store' });
  });

  // Answered with the page itself, not a redirect: the new secret must not travel in a URL (history, logs).
  routes.post('/account/calendar', async (request, reply) => {
    const session = await signedIn(request, reply);
    if (!session) return reply;
    csrf.requireFormToken(request, session.id);
    const secret = await feeds.create(session.user.id);
    const https = `${deps.publicUrl}${feedPath(secret)}`;
    const page = CalendarFeedPage({
      site: await deps.loadSite(),
      csrfToken: csrf.tokenFor(request, reply, session.id),
      feed: await feeds.status(session.user.id),
      newAddress: { https, webcal: https.replace(/^https?:/, 'webcal:') },
    });
    return pages.sendBuiltPage(reply, page, { caching: 'no-store' });
  });

  routes.post('/account/calendar/revoke', async (request, reply) => {
    const session = await signedIn(request, reply);
    if (!session) return reply;
    csrf.requireFormToken(request, session.id);
    await feeds.revoke(session.user.id);
    return reply.header('cache-control', 'no-store').redirect('/account/calendar?revoked=1', 303);
  });
}
