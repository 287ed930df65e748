// Reader profiles, follows, the Following feed, My replies, notifications and
// their email settings. Thin: read the path, the session and the form, check
// CSRF and rate limits, call the community service, render or redirect.
// Personal pages are never stored by a cache (no-store); profiles are
// rendered per request and never shared-cached either (private, no-cache).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '#jsx/jsx-runtime';
import { AppError } from '../../core/errors.js';
import { CSRF_FIELD, type Csrf } from '../../core/http/csrf.js';
import type { PageSender } from '../../core/http/page-sender.js';
import { parsePageParameter } from '../../core/http/paging.js';
import type { RateLimiter, RateLimitRule } from '../../core/http/rate-limit.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { CommunityService } from './community.service.js';
import type { Paged } from './community.types.js';
import { FollowingFeedPage, RepliesPage } from './views/feed-pages.js';
import {
  InvalidUnsubscribeLinkPage,
  NotificationSettingsPage,
  NotificationsPage,
  UnsubscribedPage,
  UnsubscribePage,
} from './views/notification-pages.js';
import { CannotFollowPage, ProfilePage, ReaderListPage } from './views/profile-pages.js';

export interface CommunityRoutesDependencies {
  community: CommunityService;
  sessions: SessionManager;
  csrf: Csrf;
  rateLimiter: RateLimiter;
  pages: Pick<PageSender, 'sendPage'>;
  loadSite: () => Promise<SiteContext>;
  publicUrl: string;
}

export const COMMUNITY_RATE_LIMITS = {
  // Follows and unfollows per reader: enough for anyone browsing, not for a script.
  follows: { limit: 30, windowSeconds: 600 },
} satisfies Record<string, RateLimitRule>;

type Form = Record<string, unknown>;

function formOf(request: FastifyRequest): Form {
  const body = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('bad-request', 'form body is not a set of fields');
  return body as Form;
}

function checkbox(form: Form, name: string): boolean {
  const value = form[name];
  if (value === undefined) return false;
  if (value !== 'on') throw new AppError('bad-request', `${name} is not a checkbox value`);
  return true;
}

/** A reader id in a path; anything else is simply not a reader (404). */
function readerIdOf(value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,14}$/.test(value)) throw new AppError('not-found');
  return Number(value);
}

function pageOf(query: unknown): number {
  return parsePageParameter(query);
}

/** Past the last page of a list is not a page. */
function requireItems(paged: Paged<unknown>): void {
  if (paged.page > 1 && paged.items.length === 0) throw new AppError('not-found');
}

export function registerCommunityRoutes(app: FastifyInstance, deps: CommunityRoutesDependencies): void {
  const { community, sessions, csrf, rateLimiter } = deps;
  const publicOrigin = new URL(deps.publicUrl).origin;

  async function html(request: FastifyRequest, reply: FastifyReply, page: SafeHtml, options: { status?: number; isPersonal: boolean }) {
    reply.code(options.status ?? 200).header('content-type', 'text/html; charset=utf-8');
    if (options.isPersonal) reply.header('cache-control', 'no-store');
    else reply.header('cache-control', 'private, no-cache').header('vary', 'Cookie');
    return deps.pages.sendPage(request, reply, page.value);
  }

  function toSignIn(reply: FastifyReply, next: string) {
    return reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  }

  /** A page only the signed-in reader sees. */
  function personalPage(
    path: string,
    handler: (request: FastifyRequest, reply: FastifyReply, session: CurrentSession) => Promise<unknown>,
  ) {
    app.get(path, async (request, reply) => {
      const session = await sessions.current(request);
      if (!session) return toSignIn(reply, request.url);
      return handler(request, reply, session);
    });
  }

  /** A signed-in form post with the session's CSRF token; `formPage` is where signing in leads back to. */
  function action<P extends Record<string, string>>(
    path: string,
    formPage: (params: P) => string,
    handler: (request: FastifyRequest<{ Params: P }>, reply: FastifyReply, session: CurrentSession, form: Form) => Promise<unknown>,
  ) {
    app.post<{ Params: P }>(path, async (request, reply) => {
      const session = await sessions.current(request);
      if (!session) return toSignIn(reply, formPage(request.params as P));
      const form = formOf(request);
      if (!csrf.verify(request, session.id, form[CSRF_FIELD])) throw new AppError('forbidden', 'CSRF token missing or invalid');
      return handler(request, reply, session, form);
    });
  }

  async function limit(key: string, rule: RateLimitRule): Promise<void> {
    const result = await rateLimiter.consume(key, rule);
    if (!result.allowed) throw new AppError('rate-limited', 'Too many requests', { retryAfterSeconds: result.retryAfterSeconds });
  }

  app.get<{ Params: { id: string } }>('/readers/:id', async (request, reply) => {
    const readerId = readerIdOf(request.params.id);
    const page = pageOf(request.query);
    const session = await sessions.current(request);
    const outcome = await community.profilePage(readerId, session?.user.id ?? null, page);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    requireItems(outcome.comments);
    const viewer = session
      ? { csrfToken: csrf.tokenFor(request, reply, session.id), isSelf: outcome.isSelf, isFollowing: outcome.isFollowing }
      : null;
    const model = { profile: outcome.profile, comments: outcome.comments, viewer };
    return html(request, reply, ProfilePage({ site: await deps.loadSite(), model }), { isPersonal: session !== null });
  });

  for (const direction of ['followers', 'following'] as const) {
    app.get<{ Params: { id: string } }>(`/readers/:id/${direction}`, async (request, reply) => {
      const readerId = readerIdOf(request.params.id);
      const outcome = await community.readerList(readerId, direction, pageOf(request.query));
      if (outcome.kind === 'not-found') throw new AppError('not-found');
      requireItems(outcome.readers);
      const page = ReaderListPage({ site: await deps.loadSite(), profile: outcome.profile, direction, readers: outcome.readers });
      return html(request, reply, page, { isPersonal: (await sessions.current(request)) !== null });
    });
  }

  const profilePath = (params: { id: string }) => `/readers/${/^[1-9][0-9]{0,14}$/.test(params.id) ? params.id : ''}`;

  action<{ id: string }>('/readers/:id/follow', profilePath, async (request, reply, session) => {
    const readerId = readerIdOf(request.params.id);
    await limit(`follow:user:${session.user.id}`, COMMUNITY_RATE_LIMITS.follows);
    const outcome = await community.follow(session.user.id, readerId);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'refused') throw new AppError('forbidden', 'suspended or banned readers may not follow');
    if (outcome.kind === 'self')
      return html(request, reply, CannotFollowPage({ site: await deps.loadSite(), profile: { id: readerId } }), {
        status: 422,
        isPersonal: true,
      });
    return reply.header('cache-control', 'no-store').redirect(`/readers/${readerId}`, 303);
  });

  action<{ id: string }>('/readers/:id/unfollow', profilePath, async (request, reply, session) => {
    const readerId = readerIdOf(request.params.id);
    await limit(`follow:user:${session.user.id}`, COMMUNITY_RATE_LIMITS.follows);
    const outcome = await community.unfollow(session.user.id, readerId);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'refused') throw new AppError('forbidden', 'suspended or banned readers may not unfollow');
    return reply.header('cache-control', 'no-store').redirect(`/readers/${readerId}`, 303);
  });

  personalPage('/following', async (request, reply, session) => {
    const feed = await community.followingFeed(session.user.id, pageOf(request.query));
    requireItems(feed);
    return html(request, reply, FollowingFeedPage({ site: await deps.loadSite(), feed }), { isPersonal: true });
  });

  personalPage('/account/replies', async (request, reply, session) => {
    const replies = await community.repliesTo(session.user.id, pageOf(request.query));
    requireItems(replies);
    return html(request, reply, RepliesPage({ site: await deps.loadSite(), replies }), { isPersonal: true });
  });

  personalPage('/notifications', async (request, reply, session) => {
    const notifications = await community.notifications(session.user.id, pageOf(request.query));
    requireItems(notifications);
    const page = NotificationsPage({ site: await deps.loadSite(), notifications, csrfToken: csrf.tokenFor(request, reply, session.id) });
    return html(request, reply, page, { isPersonal: true });
  });

  action(
    '/notifications/read-all',
    () => '/notifications',
    async (_request, reply, session) => {
      await community.markAllRead(session.user.id);
      return reply.header('cache-control', 'no-store').redirect('/notifications', 303);
    },
  );

  personalPage('/account/notifications', async (request, reply, session) => {
    const preferences = await community.emailPreferences(session.user.id);
    const isSaved = (request.query as Record<string, unknown>).saved === '1';
    const page = NotificationSettingsPage({
      site: await deps.loadSite(),
      preferences,
      csrfToken: csrf.tokenFor(request, reply, session.id),
      isSaved,
    });
    return html(request, reply, page, { isPersonal: true });
  });

  action(
    '/account/notifications',
    () => '/account/notifications',
    async (_request, reply, session, form) => {
      await community.saveEmailPreferences(session.user.id, {
        replies: checkbox(form, 'emailReplies'),
        follows: checkbox(form, 'emailFollows'),
      });
      return reply.header('cache-control', 'no-store').redirect('/account/notifications?saved=1', 303);
    },
  );

  // No sign-in: the signed token is the authority, and it can only switch one kind of email off.
  app.get('/notifications/unsubscribe', async (request, reply) => {
    const token = (request.query as Record<string, unknown>).token;
    const target = await community.unsubscribeTarget(token);
    const site = await deps.loadSite();
    if (!target || typeof token !== 'string')
      return html(request, reply, InvalidUnsubscribeLinkPage({ site }), { status: 400, isPersonal: true });
    return html(request, reply, UnsubscribePage({ site, token, kind: target.kind }), { isPersonal: true });
  });

  // Also the one-click target of List-Unsubscribe-Post (RFC 8058): the mail
  // provider posts `List-Unsubscribe=One-Click` to the link, token in the query.
  app.post('/notifications/unsubscribe', async (request, reply) => {
    const origin = request.headers.origin;
    // Browsers send Origin on cross-site posts; mail providers' one-click posts come without one.
    if (origin !== undefined && origin !== publicOrigin && origin !== `${request.protocol}://${request.host}`)
      throw new AppError('forbidden', 'cross-site unsubscribe');
    const form = formOf(request);
    const token = form.token ?? (request.query as Record<string, unknown>).token;
    const outcome = await community.unsubscribe(token);
    const site = await deps.loadSite();
    if (outcome.kind === 'invalid-link')
      return html(request, reply, InvalidUnsubscribeLinkPage({ site }), { status: 400, isPersonal: true });
    return html(request, reply, UnsubscribedPage({ site, kind: outcome.email }), { isPersonal: true });
  });
}
