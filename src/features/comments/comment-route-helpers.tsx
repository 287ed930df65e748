// What the comment pages (comments.routes.tsx) and the comment form posts
// (comment-writes.routes.tsx) share: how a page or a refusal goes out, the
// access question, and the thread page a failed post renders again. Both
// route files must answer alike, so these live once, in one factory.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { inputs } from '../../core/http/route-input.js';
import type { CurrentSession } from '../../core/http/sessions.js';
import { articlePath } from '../articles/articles.service.js';
import type { CommentRoutesDependencies } from './comments.routes.js';
import type { CommentArticle, CommentRefusal, CommentSort } from './comments.types.js';
import { readerProfilePath, type CommentContext } from './views/comment-item.js';
import { CommentMessagePage, CommentThreadPage, NOTICES, type JoinState, type NoticeKey } from './views/comment-pages.js';

export const THREAD_SUFFIX = '/comments';
const STATUS_FOR: Record<CommentRefusal['kind'], number> = {
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
  invalid: 422,
  'rate-limited': 429,
};
const TITLE_FOR: Record<CommentRefusal['kind'], string> = {
  'not-found': 'Not found',
  forbidden: 'Not allowed',
  conflict: 'That cannot be done now',
  invalid: 'Please check your comment',
  'rate-limited': 'Please slow down',
};
export const NOT_ENTITLED = 'The conversation under this article is open to readers who can read the article.';

/** `/comments/:id/…`: a malformed id names no comment (404). */
export const COMMENT_PARAMS = z.object({ id: inputs.id() });

export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export type CommentRouteHelpers = ReturnType<typeof createCommentRouteHelpers>;

export function createCommentRouteHelpers(deps: CommentRoutesDependencies) {
  const { comments, sessions, csrf } = deps;
  const articleHref = (article: CommentArticle) => articlePath(article, deps.timeZone);
  const threadHref = (article: CommentArticle) => `${articleHref(article)}${THREAD_SUFFIX}`;

  async function refusal(
    request: FastifyRequest,
    reply: FastifyReply,
    refused: CommentRefusal,
    links: { href: string; label: string }[] = [],
  ) {
    if (refused.kind === 'rate-limited') reply.header('retry-after', String(refused.retryAfterSeconds));
    const status = STATUS_FOR[refused.kind];
    if (wantsJson(request)) return reply.code(status).header('cache-control', 'no-store').send({ error: refused.message });
    const page = CommentMessagePage({
      site: await deps.articles.loadSite(),
      title: TITLE_FOR[refused.kind],
      message: refused.message,
      links,
    });
    return deps.pages.sendBuiltPage(reply, page, { status, caching: 'private' });
  }

  async function mayRead(request: FastifyRequest, reply: FastifyReply, article: CommentArticle): Promise<boolean> {
    const facts = { id: article.id, accessLevel: article.accessLevel, sectionPath: article.sectionPath };
    const answer = await deps.gate.decide(request, reply, facts, { countRead: false });
    return answer.visibility.view === 'full';
  }

  async function mayReadArticle(request: FastifyRequest, reply: FastifyReply, articleId: number): Promise<boolean> {
    const article = await comments.findArticle(articleId);
    return article ? mayRead(request, reply, article) : false;
  }

  function signInRedirect(reply: FastifyReply, next: string) {
    return reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  }

  const writerOf = (session: CurrentSession) => ({
    id: session.user.id,
    role: session.user.role,
    isEmailVerified: session.user.isEmailVerified,
  });

  async function joinStateFor(session: CurrentSession | null, article: CommentArticle, next: string): Promise<JoinState> {
    if (!article.commentsEnabled) return { kind: 'closed' };
    if (!session)
      return {
        kind: 'anonymous',
        signInHref: `/signin?next=${encodeURIComponent(next)}`,
        registerHref: `/register?next=${encodeURIComponent(next)}`,
      };
    if (!session.user.isEmailVerified && comments.settings.requireVerifiedEmail) return { kind: 'unverified' };
    // A suspended or banned reader sees why, not forms the server would refuse.
    const refusal = await comments.writeRefusal(writerOf(session));
    if (refusal) return { kind: 'refused', message: refusal.message };
    return { kind: 'can-post' };
  }

  function contextFor(options: {
    request: FastifyRequest;
    reply: FastifyReply;
    session: CurrentSession | null;
    article: CommentArticle;
    join: JoinState;
    replyTo: number | null;
    sort: CommentSort;
    page: number;
    base: string;
  }): CommentContext {
    const { session } = options;
    const query = (extra: string) => {
      const params = new URLSearchParams();
      if (options.sort !== 'oldest') params.set('sort', options.sort);
      if (options.page > 1) params.set('page', String(options.page));
      return `${options.base}?${params.toString() ? `${params.toString()}&` : ''}${extra}`;
    };
    return {
      timeZone: deps.timeZone,
      canWrite: options.join.kind === 'can-post',
      csrfToken: session ? csrf.tokenFor(options.request, options.reply, session.id) : null,
      articleId: options.article.id,
      replyTo: options.replyTo,
      replyHref: (id) => `${query(`reply=${id}`)}#reply-${id}`,
      continueHref: (id) => `/comments/${id}`,
      profileHref: readerProfilePath,
      returnTo: { sort: options.sort, page: options.page },
      maxLength: comments.settings.maxLength,
    };
  }

  /** The text of a notice the address names (`?notice=`), if it is one of ours. */
  function noticeOf(key: string | undefined): string | undefined {
    return key !== undefined && Object.hasOwn(NOTICES, key) ? NOTICES[key as NoticeKey] : undefined;
  }

  async function renderThread(
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      article: CommentArticle;
      sort: CommentSort;
      page: number;
      replyTo: number | null;
      /** The `?notice=` key of the address, if any. */
      notice?: string;
      status?: number;
      formError?: { message: string; text: string };
      replyError?: CommentContext['replyError'];
    },
  ) {
    const session = await sessions.current(request);
    const thread = await comments.threadPage({
      article: options.article,
      sort: options.sort,
      page: options.page,
      viewerId: session?.user.id ?? null,
    });
    if (!thread) throw new AppError('not-found');
    const base = threadHref(options.article);
    const join = await joinStateFor(session, options.article, base);
    const context = contextFor({
      request,
      reply,
      session,
      article: options.article,
      join,
      replyTo: options.replyTo,
      sort: options.sort,
      page: options.page,
      base,
    });
    if (options.replyError) context.replyError = options.replyError;
    const page = CommentThreadPage({
      site: await deps.articles.loadSite(),
      thread,
      articleHref: articleHref(options.article),
      threadHref: base,
      context,
      join,
      notice: noticeOf(options.notice),
      formError: options.formError,
      scripts: deps.scripts,
    });
    return deps.pages.sendBuiltPage(reply, page, { status: options.status ?? 200, caching: 'private' });
  }

  return {
    articleHref,
    threadHref,
    refusal,
    mayRead,
    mayReadArticle,
    signInRedirect,
    writerOf,
    joinStateFor,
    contextFor,
    noticeOf,
    renderThread,
  };
}
