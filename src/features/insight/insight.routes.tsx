// The funnel dashboard: /newsroom/dashboard (every article together) and
// /newsroom/dashboard/articles/:id, for editors and admins. Thin: the role
// guard (before the address is read), the day range, the service, the page.
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
import { daysBetween, MAX_RANGE_DAYS, type DayRange, type InsightService } from './insight.service.js';
import { ArticleDashboardPage, SiteDashboardPage } from './views/dashboard-pages.js';

/** Who may see the funnel (the publisher's figures, not a writer's). */
export const DASHBOARD_ROLES: readonly Role[] = ['editor', 'admin'];

export interface InsightRoutesDependencies {
  insight: InsightService;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
}

function isCalendarDay(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** A day as the date field sends it; an emptied field is no day. */
const dayInput = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z
    .string()
    .regex(/^(19|20)\d\d-\d\d-\d\d$/, 'must be a day such as 2026-03-10')
    .refine(isCalendarDay, 'must be a day of the calendar')
    .optional(),
);
const rangeQuery = z.object({ from: dayInput, to: dayInput });

export function registerInsightRoutes(app: FastifyInstance, deps: InsightRoutesDependencies): void {
  const { insight, sessions, csrf } = deps;
  const guard = requireRole(sessions, DASHBOARD_ROLES);

  async function staffChrome(request: FastifyRequest, reply: FastifyReply) {
    const session = await guardedSession(sessions, request);
    const account = AccountNav({
      user: { firstName: session.user.firstName, isStaff: true },
      csrfToken: csrf.tokenFor(request, reply, session.id),
    });
    // The newsroom's pages are never indexed, whatever links to them.
    reply.header('x-robots-tag', 'noindex, nofollow');
    return { site: await deps.loadSite(), account };
  }

  function rangeOf(query: z.output<typeof rangeQuery>): DayRange {
    const range = insight.rangeFor(query);
    if (range.from > range.to) throw new AppError('bad-request', 'The first day must not be after the last.');
    if (daysBetween(range.from, range.to) > MAX_RANGE_DAYS) throw new AppError('bad-request', `Choose at most ${MAX_RANGE_DAYS} days.`);
    return range;
  }

  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/newsroom/dashboard', { preValidation: guard, schema: { querystring: rangeQuery } }, async (request, reply) => {
    const dashboard = await insight.siteDashboard(rangeOf(request.query));
    return sendHtml(reply, SiteDashboardPage({ ...(await staffChrome(request, reply)), dashboard }), { caching: 'no-store' });
  });

  const article = { preValidation: guard, schema: { params: z.object({ id: inputs.id() }), querystring: rangeQuery } };
  routes.get('/newsroom/dashboard/articles/:id', article, async (request, reply) => {
    const dashboard = await insight.articleDashboard(request.params.id, rangeOf(request.query));
    if (!dashboard) throw new AppError('not-found');
    return sendHtml(reply, ArticleDashboardPage({ ...(await staffChrome(request, reply)), dashboard }), { caching: 'no-store' });
  });
}
