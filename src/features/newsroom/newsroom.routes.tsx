// Staff pages. Every route here is behind a role guard (core/http/guards.ts),
// checked on the server on each request; pages are personal and never cached.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '#jsx/jsx-runtime';
import type { Role } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { parsePageParameter } from '../../core/http/paging.js';
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

function sendStaffPage(reply: FastifyReply, page: SafeHtml) {
  return reply.code(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value);
}

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

  app.get('/newsroom/outbox', { preHandler: canReadOutbox }, async (request, reply) => {
    const outbox = await newsroom.listOutbox(parsePageParameter(request.query));
    if (outbox.page > 1 && outbox.items.length === 0) throw new AppError('not-found');
    return sendStaffPage(reply, OutboxListPage({ ...(await staffChrome(request, reply)), outbox }));
  });

  app.get<{ Params: { id: string } }>('/newsroom/outbox/:id', { preHandler: canReadOutbox }, async (request, reply) => {
    const id = /^[1-9][0-9]{0,14}$/.test(request.params.id) ? Number(request.params.id) : null;
    const message = id === null ? undefined : await newsroom.findOutboxMessage(id);
    if (!message) throw new AppError('not-found');
    return sendStaffPage(reply, OutboxMessagePage({ ...(await staffChrome(request, reply)), message }));
  });
}
