// Staff pages. Every route here is behind a role guard (core/http/guards.ts),
// checked on the server on each request; pages are personal and never cached.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { inputs, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { NewsroomService } from './newsroom.service.js';
import { OutboxListPage, OutboxMessagePage } from './views/outbox-pages.js';

export interface NewsroomRoutesDependencies {
  newsroom: NewsroomService;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
}

/** Who may read the mail the site sends (it names readers and their addresses). */
export const OUTBOX_ROLES: readonly Role[] = ['editor', 'admin'];

export function registerNewsroomRoutes(app: FastifyInstance, deps: NewsroomRoutesDependencies): void {
  const { newsroom, sessions, csrf } = deps;
  const canReadOutbox = requireRole(sessions, OUTBOX_ROLES);

  async function staffChrome(request: FastifyRequest, reply: FastifyReply) {
    const session = await guardedSession(sessions, request);
    const account = AccountNav({
      user: { firstName: session.user.firstName, isStaff: true },
      csrfToken: csrf.tokenFor(request, reply, session.id),
    });
    return { site: await deps.loadSite(), account };
  }

  // The role is checked before the address is (preValidation): a visitor without it learns nothing from a 400 or 404.
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const outboxList = { preValidation: canReadOutbox, schema: { querystring: z.object({ page: inputs.page() }) } };
  routes.get('/newsroom/outbox', outboxList, async (request, reply) => {
    const outbox = await newsroom.listOutbox(request.query.page);
    if (outbox.page > 1 && outbox.items.length === 0) throw new AppError('not-found');
    return sendHtml(reply, OutboxListPage({ ...(await staffChrome(request, reply)), outbox }), { caching: 'no-store' });
  });

  const outboxMessage = { preValidation: canReadOutbox, schema: { params: z.object({ id: inputs.id() }) } };
  routes.get('/newsroom/outbox/:id', outboxMessage, async (request, reply) => {
    const message = await newsroom.findOutboxMessage(request.params.id);
    if (!message) throw new AppError('not-found');
    return sendHtml(reply, OutboxMessagePage({ ...(await staffChrome(request, reply)), message }), { caching: 'no-store' });
  });
}
