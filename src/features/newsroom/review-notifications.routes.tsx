// The newsroom's notifications page: stories submitted for review, newest
// first, and the choice to get them by email too. Staff who write only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { fields, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { WRITER_ROLES } from './newsroom-actor.js';
import type { ReviewNotifications } from './review-notifications.service.js';
import { NotificationsPage } from './views/notifications-page.js';

export interface ReviewNotificationRoutesDependencies {
  notifications: ReviewNotifications;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
}

const PREFERENCES_FORM = z.object({ reviewEmails: fields.checkbox() });

export function registerReviewNotificationRoutes(app: FastifyInstance, deps: ReviewNotificationRoutesDependencies): void {
  const { notifications, sessions, csrf } = deps;
  const writers = requireRole(sessions, WRITER_ROLES);

  async function render(request: FastifyRequest, reply: FastifyReply, notice: string | null) {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    const [items, wantsEmails] = await Promise.all([notifications.list(session.user.id), notifications.wantsEmails(session.user.id)]);
    return NotificationsPage({ site: await deps.loadSite(), account, csrfToken, items, wantsEmails, notice });
  }

  const routes = app.withTypeProvider<ZodTypeProvider>();
  const page = { preValidation: writers, schema: { querystring: z.object({ saved: z.literal('1').optional() }) } };
  routes.get('/newsroom/notifications', page, async (request, reply) => {
    const notice = request.query.saved ? 'Your choice is saved.' : null;
    return sendHtml(reply, await render(request, reply, notice), { caching: 'no-store' });
  });

  app.post('/newsroom/notifications/read', { preValidation: writers }, async (request, reply) => {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    await notifications.markAllRead(session.user.id);
    return reply.header('cache-control', 'no-store').redirect('/newsroom/notifications', 303);
  });

  app.post('/newsroom/notifications/preferences', { preValidation: writers }, async (request, reply) => {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    const form = requireForm(request, PREFERENCES_FORM);
    await notifications.setWantsEmails(session.user.id, form.reviewEmails);
    return reply.header('cache-control', 'no-store').redirect('/newsroom/notifications?saved=1', 303);
  });
}
