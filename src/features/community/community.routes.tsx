// Reader profiles, follows, the Following feed, My replies, notifications and
// their email settings. Thin: read the path, the session and the form, check
// CSRF and rate limits, call the community service, render or redirect.
// Personal pages are never stored by a cache (no-store); profiles are
// rendered per request and never shared-cached either (private, no-cache).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import type { PageSender } from '../../core/http/page-sender.js';
import { inputs, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
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
  pages: Pick<PageSender, 'sendBuiltPage'>;
  loadSite: () => Promise<SiteContext>;
  publicUrl: string;
}

export const COMMUNITY_RATE_LIMITS = {
  // Follows and unfollows per reader: enough for anyone browsing, not for a script.
  follows: { limit: 30, windowSeconds: 600 },
} satisfies Record<string, RateLimitRule>;

/** A reader id in a path; anything else is simply not a reader (404). */
const READER_PARAMS = z.object({ id: inputs.id() });
const PAGE_QUERY = z.object({ page: inputs.page() });
const NO_PARAMS = z.object({});
/** Longer than any unsubscribe token, so cutting a value to it never makes a bad one good. */
const TOKEN_QUERY = z.object({ token: inputs.optionalText(200) });

/** A checkbox our form sends as "on" when ticked; anything else is not from our form (a 400, like any malformed form). */
const strictCheckbox = () =>
  z
    .literal('on', 'is not a checkbox value')
    .optional()
    .transform((value) => value === 'on');
const EMAIL_SETTINGS_FORM = z.object({ emailReplies: strictCheckbox(), emailFollows: strictCheckbox() });
const UNSUBSCRIBE_FORM = z.object({ token: inputs.optionalText(200) });

/** Past the last page of a list is not a page. */
function requireItems(paged: Paged<unknown>): void {
  if (paged.page > 1 && paged.items.length === 0) throw new AppError('not-found');
}

export function registerCommunityRoutes(app: FastifyInstance, deps: CommunityRoutesDependencies): void {
  const { community, sessions, csrf, rateLimiter, pages } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const publicOrigin = new URL(deps.publicUrl).origin;

  function toSignIn(reply: FastifyReply, next: string) {
    return reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  }

  /** A page only the signed-in reader sees, with its query read by `querystring`. */
  function personalPage<Query extends z.ZodType>(
    path: string,
    querystring: Query,
    handler: (request: FastifyRequest, reply: FastifyReply, session: CurrentSession, query: z.output<Query>) => Promise<unknown>,
  ) {
    routes.get(path, { schema: { querystring } }, async (request, reply) => {
      const session = await sessions.current(request);
      if (!session) return toSignIn(reply, request.url);
      // Checked by the route's schema; TypeScript cannot follow a generic schema through the type provider.
      return handler(request, reply, session, request.query as z.output<Query>);
    });
  }

  /** A signed-in form post with the session's CSRF token, about what `params` reads from the path; `formPage` is where signing in leads back to. */
  function action<Params extends z.ZodType>(
    path: string,
    params: Params,
    formPage: (params: z.output<Params>) => string,
    handler: (request: FastifyRequest, reply: FastifyReply, session: CurrentSession, params: z.output<Params>) => Promise<unknown>,
  ) {
    routes.post(path, { schema: { params } }, async (request, reply) => {
      const session = await sessions.current(request);
      // Checked by the route's schema; TypeScript cannot follow a generic schema through the type provider.
      const checked = request.params as z.output<Params>;
      if (!session) return toSignIn(reply, formPage(checked));
      csrf.requireFormToken(request, session.id);
      return handler(request, reply, session, checked);
    });
  }

  async function limit(key: string, rule: RateLimitRule): Promise<void> {
    const result = await rateLimiter.consume(key, rule);
    if (!result.allowed) throw new AppError('rate-limited', 'Too many requests', { retryAfterSeconds: result.retryAfterSeconds });
  }

  const readerPage = { schema: { params: READER_PARAMS, querystring: PAGE_QUERY } };
  routes.get('/readers/:id', readerPage, async (request, reply) => {
    const readerId = request.params.id;
    const session = await sessions.current(request);
    const outcome = await community.profilePage(readerId, session?.user.id ?? null, request.query.page);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    requireItems(outcome.comments);
    const viewer = session
      ? { csrfToken: csrf.tokenFor(request, reply, session.id), isSelf: outcome.isSelf, isFollowing: outcome.isFollowing }
      : null;
    const model = { profile: outcome.profile, comments: outcome.comments, viewer };
    const page = ProfilePage({ site: await deps.loadSite(), model });
    return pages.sendBuiltPage(reply, page, { caching: session ? 'no-store' : 'private' });
  });

  for (const direction of ['followers', 'following'] as const) {
    routes.get(`/readers/:id/${direction}`, readerPage, async (request, reply) => {
      const outcome = await community.readerList(request.params.id, direction, request.query.page);
      if (outcome.kind === 'not-found') throw new AppError('not-found');
      requireItems(outcome.readers);
      const page = ReaderListPage({ site: await deps.loadSite(), profile: outcome.profile, direction, readers: outcome.readers });
      return pages.sendBuiltPage(reply, page, { caching: (await sessions.current(request)) ? 'no-store' : 'private' });
    });
  }

  const profilePath = (params: { id: number }) => `/readers/${params.id}`;

  action('/readers/:id/follow', READER_PARAMS, profilePath, async (request, reply, session, { id: readerId }) => {
    await limit(`follow:user:${session.user.id}`, COMMUNITY_RATE_LIMITS.follows);
    const outcome = await community.follow(session.user.id, readerId);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'refused') throw new AppError('forbidden', 'suspended or banned readers may not follow');
    if (outcome.kind === 'self') {
      const page = CannotFollowPage({ site: await deps.loadSite(), profile: { id: readerId } });
      return pages.sendBuiltPage(reply, page, { status: 422, caching: 'no-store' });
    }
    return reply.header('cache-control', 'no-store').redirect(`/readers/${readerId}`, 303);
  });

  action('/readers/:id/unfollow', READER_PARAMS, profilePath, async (_request, reply, session, { id: readerId }) => {
    await limit(`follow:user:${session.user.id}`, COMMUNITY_RATE_LIMITS.follows);
    const outcome = await community.unfollow(session.user.id, readerId);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'refused') throw new AppError('forbidden', 'suspended or banned readers may not unfollow');
    return reply.header('cache-control', 'no-store').redirect(`/readers/${readerId}`, 303);
  });

  personalPage('/following', PAGE_QUERY, async (_request, reply, session, query) => {
    const feed = await community.followingFeed(session.user.id, query.page);
    requireItems(feed);
    return pages.sendBuiltPage(reply, FollowingFeedPage({ site: await deps.loadSite(), feed }), { caching: 'no-store' });
  });

  personalPage('/account/replies', PAGE_QUERY, async (_request, reply, session, query) => {
    const replies = await community.repliesTo(session.user.id, query.page);
    requireItems(replies);
    return pages.sendBuiltPage(reply, RepliesPage({ site: await deps.loadSite(), replies }), { caching: 'no-store' });
  });

  personalPage('/notifications', PAGE_QUERY, async (request, reply, session, query) => {
    const notifications = await community.notifications(session.user.id, query.page);
    requireItems(notifications);
    const page = NotificationsPage({ site: await deps.loadSite(), notifications, csrfToken: csrf.tokenFor(request, reply, session.id) });
    return pages.sendBuiltPage(reply, page, { caching: 'no-store' });
  });

  action(
    '/notifications/read-all',
    NO_PARAMS,
    () => '/notifications',
    async (_request, reply, session) => {
      await community.markAllRead(session.user.id);
      return reply.header('cache-control', 'no-store').redirect('/notifications', 303);
    },
  );

  const SAVED_QUERY = z.object({
    saved: z
      .unknown()
      .optional()
      .transform((value) => value === '1'),
  });
  personalPage('/account/notifications', SAVED_QUERY, async (request, reply, session, query) => {
    const preferences = await community.emailPreferences(session.user.id);
    const page = NotificationSettingsPage({
      site: await deps.loadSite(),
      preferences,
      csrfToken: csrf.tokenFor(request, reply, session.id),
      isSaved: query.saved,
    });
    return pages.sendBuiltPage(reply, page, { caching: 'no-store' });
  });

  action(
    '/account/notifications',
    NO_PARAMS,
    () => '/account/notifications',
    async (request, reply, session) => {
      const form = requireForm(request, EMAIL_SETTINGS_FORM);
      await community.saveEmailPreferences(session.user.id, { replies: form.emailReplies, follows: form.emailFollows });
      return reply.header('cache-control', 'no-store').redirect('/account/notifications?saved=1', 303);
    },
  );

  // No sign-in: the signed token is the authority, and it can only switch one kind of email off.
  routes.get('/notifications/unsubscribe', { schema: { querystring: TOKEN_QUERY } }, async (request, reply) => {
    const { token } = request.query;
    const target = await community.unsubscribeTarget(token);
    const site = await deps.loadSite();
    if (!target || token === undefined)
      return pages.sendBuiltPage(reply, InvalidUnsubscribeLinkPage({ site }), { status: 400, caching: 'no-store' });
    return pages.sendBuiltPage(reply, UnsubscribePage({ site, token, kind: target.kind }), { caching: 'no-store' });
  });

  // Also the one-click target of List-Unsubscribe-Post (RFC 8058): the mail
  // provider posts `List-Unsubscribe=One-Click` to the link, token in the query.
  routes.post('/notifications/unsubscribe', { schema: { querystring: TOKEN_QUERY } }, async (request, reply) => {
    const origin = request.headers.origin;
    // Browsers send Origin on cross-site posts; mail providers' one-click posts come without one.
    if (origin !== undefined && origin !== publicOrigin && origin !== `${request.protocol}://${request.host}`)
      throw new AppError('forbidden', 'cross-site unsubscribe');
    const token = requireForm(request, UNSUBSCRIBE_FORM).token ?? request.query.token;
    const outcome = await community.unsubscribe(token);
    const site = await deps.loadSite();
    if (outcome.kind === 'invalid-link')
      return pages.sendBuiltPage(reply, InvalidUnsubscribeLinkPage({ site }), { status: 400, caching: 'no-store' });
    return pages.sendBuiltPage(reply, UnsubscribedPage({ site, kind: outcome.email }), { caching: 'no-store' });
  });
}
