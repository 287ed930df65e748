// Reader-facing comment pages and forms. Thin: parse, ask the access gate
// (without spending the meter), call the comments service, render or
// redirect. Every page here is personal (forms carry this reader's tokens):
// private, never shared-cached; the count endpoint alone is public.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '#jsx/jsx-runtime';
import { AppError } from '../../core/errors.js';
import { CSRF_FIELD, type Csrf } from '../../core/http/csrf.js';
import type { PageSender } from '../../core/http/page-sender.js';
import { parsePageParameter } from '../../core/http/paging.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { DecideOptions } from '../access/article-gate.js';
import { articlePath } from '../articles/article-urls.js';
import type { ArticlePageOutcome } from '../articles/articles.service.js';
import type { ArticleAccessFacts, ArticleVisibility } from '../articles/articles.types.js';
import type { CommentsService, PlacedComment } from './comments.service.js';
import { COMMENT_SORTS, type CommentArticle, type CommentRefusal, type CommentSort } from './comments.types.js';
import { readerProfilePath, type CommentContext } from './views/comment-item.js';
import {
  CommentFragment,
  CommentMessagePage,
  CommentSubtreePage,
  CommentThreadPage,
  EditCommentPage,
  NOTICES,
  ReportCommentPage,
  type JoinState,
  type NoticeKey,
} from './views/comment-pages.js';
import { formBody, queryOf, type FormBody } from '../../core/http/request-values.js';

export interface CommentRoutesDependencies {
  comments: CommentsService;
  /** The articles feature: an article URL to its access facts (and moved/gone), and the page chrome. */
  articles: {
    findArticle(slug: string, requestedPath: string): ArticlePageOutcome | Promise<ArticlePageOutcome>;
    loadSite(): Promise<SiteContext>;
  };
  /** The access feature's gate; comments ask it with `countRead: false`. */
  gate: {
    decide(request: FastifyRequest, reply: FastifyReply, facts: ArticleAccessFacts, options?: DecideOptions): { visibility: ArticleVisibility } | Promise<{ visibility: ArticleVisibility }>;
  };
  sessions: SessionManager;
  csrf: Csrf;
  pages: PageSender;
  timeZone: string;
  /** Scripts the thread page enhances itself with (live updates). */
  scripts?: string[];
}

const MAX_ID = 2_147_483_647;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const THREAD_SUFFIX = '/comments';
const STATUS_FOR: Record<CommentRefusal['kind'], number> = { 'not-found': 404, forbidden: 403, conflict: 409, invalid: 422, 'rate-limited': 429 };
const TITLE_FOR: Record<CommentRefusal['kind'], string> = {
  'not-found': 'Not found',
  forbidden: 'Not allowed',
  conflict: 'That cannot be done now',
  invalid: 'Please check your comment',
  'rate-limited': 'Please slow down',
};
const NOT_ENTITLED = 'The conversation under this article is open to readers who can read the article.';

/** A positive database id from a path, query or form value; anything else is null. */
export function parseId(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}

function requireId(value: unknown): number {
  const id = parseId(value);
  if (id === null) throw new AppError('not-found');
  return id;
}

function parseSort(value: unknown): CommentSort {
  if (value === undefined) return 'oldest';
  if (typeof value === 'string' && (COMMENT_SORTS as readonly string[]).includes(value)) return value as CommentSort;
  throw new AppError('bad-request', 'unknown sort');
}

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}


export interface CommentRoutes {
  /** The thread page for the article at `articlePath` (the articles catch-all calls it for `{articlePath}/comments`). */
  serveThread(request: FastifyRequest, reply: FastifyReply, articlePath: string): Promise<FastifyReply>;
}

export function registerCommentRoutes(app: FastifyInstance, deps: CommentRoutesDependencies): CommentRoutes {
  const { comments, sessions, csrf } = deps;
  const articleHref = (article: CommentArticle) => articlePath(article, deps.timeZone);
  const threadHref = (article: CommentArticle) => `${articleHref(article)}${THREAD_SUFFIX}`;

  const html = async (reply: FastifyReply, page: SafeHtml, status = 200) =>
    deps.pages.sendPage(
      reply.request,
      reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'private, no-cache').header('vary', 'Cookie'),
      page.value,
    );

  async function refusal(request: FastifyRequest, reply: FastifyReply, refused: CommentRefusal, links: { href: string; label: string }[] = []) {
    if (refused.kind === 'rate-limited') reply.header('retry-after', String(refused.retryAfterSeconds));
    const status = STATUS_FOR[refused.kind];
    if (wantsJson(request)) return reply.code(status).header('cache-control', 'no-store').send({ error: refused.message });
    return html(reply, CommentMessagePage({ site: await deps.articles.loadSite(), title: TITLE_FOR[refused.kind], message: refused.message, links }), status);
  }

  async function mayRead(request: FastifyRequest, reply: FastifyReply, article: CommentArticle): Promise<boolean> {
    const facts = { id: article.id, accessLevel: article.accessLevel, sectionPath: article.sectionPath };
    const answer = await deps.gate.decide(request, reply, facts, { countRead: false });
    return answer.visibility.view === 'full';
  }

  function signInRedirect(reply: FastifyReply, next: string) {
    return reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  }

  async function requireCsrf(request: FastifyRequest, session: CurrentSession | null, body: FormBody): Promise<void> {
    if (!csrf.verify(request, session?.id, body[CSRF_FIELD])) throw new AppError('forbidden', 'CSRF token missing or invalid');
  }

  async function joinStateFor(session: CurrentSession | null, article: CommentArticle, next: string): Promise<JoinState> {
    if (!article.commentsEnabled) return { kind: 'closed' };
    if (!session) return { kind: 'anonymous', signInHref: `/signin?next=${encodeURIComponent(next)}`, registerHref: `/register?next=${encodeURIComponent(next)}` };
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

  function noticeOf(query: Record<string, unknown>): string | undefined {
    const key = query.notice;
    return typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key as NoticeKey] : undefined;
  }

  async function renderThread(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { article: CommentArticle; sort: CommentSort; page: number; replyTo: number | null; status?: number; formError?: { message: string; text: string }; replyError?: CommentContext['replyError'] },
  ) {
    const session = await sessions.current(request);
    const thread = await comments.threadPage({ article: options.article, sort: options.sort, page: options.page, viewerId: session?.user.id ?? null });
    if (!thread) throw new AppError('not-found');
    const base = threadHref(options.article);
    const join = await joinStateFor(session, options.article, base);
    const context = contextFor({ request, reply, session, article: options.article, join, replyTo: options.replyTo, sort: options.sort, page: options.page, base });
    if (options.replyError) context.replyError = options.replyError;
    const page = CommentThreadPage({
      site: await deps.articles.loadSite(),
      thread,
      articleHref: articleHref(options.article),
      threadHref: base,
      context,
      join,
      notice: noticeOf(queryOf(request)),
      formError: options.formError,
      scripts: deps.scripts,
    });
    return html(reply, page, options.status ?? 200);
  }

  // {articlePath}/comments is served from the articles feature's catch-all
  // (`serveThread`, returned below): parametric routes for it slowed the
  // matching of every article URL (docs/benchmarks.md).
  async function serveThread(request: FastifyRequest, reply: FastifyReply, path: string): Promise<FastifyReply> {
    const slug = path.slice(path.lastIndexOf('/') + 1);
    if (!SLUG.test(slug) || slug.length > 120) throw new AppError('not-found');
    const found = await deps.articles.findArticle(slug, path);
    if (found.kind === 'moved') {
      const queryStart = request.url.indexOf('?');
      return reply.redirect(`${found.location}${THREAD_SUFFIX}${queryStart === -1 ? '' : request.url.slice(queryStart)}`, 301);
    }
    if (found.kind !== 'article') throw new AppError(found.kind === 'gone' ? 'gone' : 'not-found');
    const article = await comments.findArticle(found.article.facts.id);
    if (!article) throw new AppError('not-found');
    const query = queryOf(request);
    const sort = parseSort(query.sort);
    const page = parsePageParameter(query);
    const replyTo = parseId(query.reply);
    if (!(await mayRead(request, reply, article))) {
      return refusal(request, reply, { kind: 'forbidden', message: NOT_ENTITLED }, [{ href: articleHref(article), label: 'Go to the article' }]);
    }
    return renderThread(request, reply, { article, sort, page, replyTo });
  }

  app.get('/comments/count', async (request, reply) => {
    const articleId = requireId(queryOf(request).article);
    const article = await comments.findArticle(articleId);
    if (!article) throw new AppError('not-found');
    return reply.header('cache-control', 'public, max-age=5').send({ count: await comments.countPublished(article.id) });
  });

  app.get<{ Params: { id: string } }>('/comments/:id', async (request, reply) => {
    const commentId = requireId(request.params.id);
    const session = await sessions.current(request);
    const subtree = await comments.subtreePage({ commentId, viewerId: session?.user.id ?? null });
    if (!subtree) throw new AppError('not-found');
    const { article } = subtree;
    if (!(await mayRead(request, reply, article))) {
      return refusal(request, reply, { kind: 'forbidden', message: NOT_ENTITLED }, [{ href: articleHref(article), label: 'Go to the article' }]);
    }
    const base = `/comments/${commentId}`;
    const join = await joinStateFor(session, article, base);
    const context = contextFor({ request, reply, session, article, join, replyTo: parseId(queryOf(request).reply), sort: 'oldest', page: 1, base });
    const page = CommentSubtreePage({
      site: await deps.articles.loadSite(),
      subtree,
      articleHref: articleHref(article),
      threadHref: threadHref(article),
      context,
      notice: noticeOf(queryOf(request)),
    });
    return html(reply, page);
  });

  app.get<{ Params: { id: string } }>('/comments/:id/fragment', async (request, reply) => {
    const commentId = requireId(request.params.id);
    const session = await sessions.current(request);
    const found = await comments.commentFragment({ commentId, viewerId: session?.user.id ?? null });
    if (!found) throw new AppError('not-found');
    if (!(await mayRead(request, reply, found.article))) throw new AppError('forbidden', 'not entitled to the article');
    const base = threadHref(found.article);
    const join = await joinStateFor(session, found.article, base);
    const context = contextFor({ request, reply, session, article: found.article, join, replyTo: null, sort: 'oldest', page: 1, base });
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'private, no-cache')
      .header('vary', 'Cookie')
      .send(CommentFragment({ comment: found.comment, context }).value);
  });

  /** Where a reader lands after writing: the comment in its thread (or on its ancestor's page). */
  async function locationOf(posted: PlacedComment, article: CommentArticle, notice?: NoticeKey): Promise<string> {
    const located = await comments.locate(posted);
    const params = new URLSearchParams();
    if (located.kind === 'thread' && located.page > 1) params.set('page', String(located.page));
    if (notice) params.set('notice', notice);
    const base = located.kind === 'thread' ? threadHref(article) : `/comments/${located.commentId}`;
    return `${base}${params.toString() ? `?${params.toString()}` : ''}#comment-${posted.id}`;
  }

  /** The signed-in writer of a form post, with its CSRF token checked; null: sent to sign in. */
  async function writer(request: FastifyRequest, body: FormBody): Promise<CurrentSession | null> {
    const session = await sessions.current(request);
    // Signed out, nothing is written: off to sign in, whatever the form carried.
    if (session) await requireCsrf(request, session, body);
    return session;
  }

  const writerOf = (session: CurrentSession) => ({ id: session.user.id, role: session.user.role, isEmailVerified: session.user.isEmailVerified });

  app.post('/comments', async (request, reply) => {
    const body = formBody(request);
    const session = await writer(request, body);
    const articleId = parseId(body.articleId);
    const article = articleId === null ? null : await comments.findArticle(articleId);
    if (!session) return signInRedirect(reply, article ? threadHref(article) : '/');
    if (!article) return refusal(request, reply, { kind: 'not-found', message: 'This article could not be found.' });
    const parentId = body.parentId === undefined || body.parentId === '' ? null : parseId(body.parentId);
    if (parentId === null && body.parentId !== undefined && body.parentId !== '') {
      return refusal(request, reply, { kind: 'not-found', message: 'The comment you replied to could not be found.' });
    }
    if (!(await mayRead(request, reply, article))) return refusal(request, reply, { kind: 'forbidden', message: NOT_ENTITLED });
    const outcome = await comments.postComment({ writer: writerOf(session), article, parentId, body: body.body });
    if (outcome.kind === 'posted') {
      const location = await locationOf(outcome, article, outcome.status === 'pending' ? 'held' : undefined);
      if (wantsJson(request)) return reply.code(201).header('cache-control', 'no-store').send({ id: outcome.id, status: outcome.status, location });
      return reply.redirect(location, 303);
    }
    if (outcome.kind === 'invalid' && !wantsJson(request)) {
      // Back to the form with the reader's text, on the page they were on (or the first).
      const text = typeof body.body === 'string' ? body.body.slice(0, comments.settings.maxLength * 2) : '';
      const sort = typeof body.sort === 'string' && (COMMENT_SORTS as readonly string[]).includes(body.sort) ? (body.sort as CommentSort) : 'oldest';
      const page = parseId(body.page) ?? 1;
      const render = (pageNumber: number) =>
        renderThread(request, reply, {
          article,
          sort,
          page: pageNumber,
          replyTo: parentId,
          status: 422,
          ...(parentId === null ? { formError: { message: outcome.message, text } } : { replyError: { parentId, message: outcome.message, text } }),
        });
      return render(page).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not-found' && page !== 1) return render(1);
        throw error;
      });
    }
    return refusal(request, reply, outcome, [{ href: threadHref(article), label: 'Back to the comments' }]);
  });

  /** The article of an existing comment, for a write: missing → 404; not entitled → 403. */
  async function articleForWrite(request: FastifyRequest, reply: FastifyReply, commentId: number): Promise<CommentArticle | CommentRefusal> {
    const article = await comments.findArticleOfComment(commentId);
    if (!article) return { kind: 'not-found', message: 'That comment could not be found.' };
    if (!(await mayRead(request, reply, article))) return { kind: 'forbidden', message: NOT_ENTITLED };
    return article;
  }

  app.post<{ Params: { id: string } }>('/comments/:id/recommend', async (request, reply) => {
    const commentId = requireId(request.params.id);
    const body = formBody(request);
    const session = await writer(request, body);
    if (!session) return signInRedirect(reply, `/comments/${commentId}`);
    const article = await articleForWrite(request, reply, commentId);
    if ('kind' in article) return refusal(request, reply, article);
    const recommended = body.recommended !== 'off';
    const outcome = await comments.setRecommendation({ writer: writerOf(session), commentId, recommended });
    if (outcome.kind !== 'recommended') return refusal(request, reply, outcome, [{ href: threadHref(article), label: 'Back to the comments' }]);
    if (wantsJson(request)) return reply.header('cache-control', 'no-store').send({ recommended: outcome.recommended, count: outcome.count });
    return reply.redirect(await locationOfExisting(commentId, article), 303);
  });

  async function locationOfExisting(commentId: number, article: CommentArticle, notice?: NoticeKey): Promise<string> {
    const located = await comments.locateExisting(commentId);
    return located ? locationOf(located, article, notice) : `${threadHref(article)}${notice ? `?notice=${notice}` : ''}`;
  }

  app.get<{ Params: { id: string } }>('/comments/:id/report', async (request, reply) => {
    const commentId = requireId(request.params.id);
    const session = await sessions.current(request);
    if (!session) return signInRedirect(reply, `/comments/${commentId}/report`);
    return reportForm(request, reply, session, commentId);
  });

  async function reportForm(request: FastifyRequest, reply: FastifyReply, session: CurrentSession, commentId: number, failed?: { error: string; status: number; values: { reason?: string; details?: string } }) {
    const found = await comments.commentFragment({ commentId, viewerId: session.user.id });
    if (!found) throw new AppError('not-found');
    if (!(await mayRead(request, reply, found.article))) return refusal(request, reply, { kind: 'forbidden', message: NOT_ENTITLED });
    const base = threadHref(found.article);
    const context = contextFor({ request, reply, session, article: found.article, join: { kind: 'closed' }, replyTo: null, sort: 'oldest', page: 1, base });
    const page = ReportCommentPage({
      site: await deps.articles.loadSite(),
      comment: found.comment,
      context,
      csrfToken: csrf.tokenFor(request, reply, session.id),
      backHref: `${base}#comment-${commentId}`,
      error: failed?.error,
      values: failed?.values,
    });
    return html(reply, page, failed?.status ?? 200);
  }

  app.post<{ Params: { id: string } }>('/comments/:id/report', async (request, reply) => {
    const commentId = requireId(request.params.id);
    const body = formBody(request);
    const session = await writer(request, body);
    if (!session) return signInRedirect(reply, `/comments/${commentId}/report`);
    const article = await articleForWrite(request, reply, commentId);
    if ('kind' in article) return refusal(request, reply, article);
    const outcome = await comments.reportComment({ writer: writerOf(session), commentId, reason: body.reason, details: body.details });
    if (outcome.kind === 'reported') {
      if (wantsJson(request)) return reply.code(201).header('cache-control', 'no-store').send({ reported: true });
      return html(
        reply,
        CommentMessagePage({
          site: await deps.articles.loadSite(),
          title: 'Thank you for your report',
          message: 'Our moderators will look at this comment.',
          links: [{ href: `${threadHref(article)}#comment-${commentId}`, label: 'Back to the comments' }],
        }),
      );
    }
    if (outcome.kind === 'invalid' && !wantsJson(request)) {
      const values = { reason: typeof body.reason === 'string' ? body.reason.slice(0, 40) : undefined, details: typeof body.details === 'string' ? body.details.slice(0, 1000) : undefined };
      return reportForm(request, reply, session, commentId, { error: outcome.message, status: 422, values });
    }
    return refusal(request, reply, outcome, [{ href: threadHref(article), label: 'Back to the comments' }]);
  });

  app.get<{ Params: { id: string } }>('/comments/:id/edit', async (request, reply) => {
    const commentId = requireId(request.params.id);
    const session = await sessions.current(request);
    if (!session) return signInRedirect(reply, `/comments/${commentId}/edit`);
    const own = await comments.findOwnComment(session.user, commentId);
    if (!own) return refusal(request, reply, { kind: 'forbidden', message: 'You can only edit your own comments.' });
    const article = await comments.findArticle(own.articleId);
    if (!article) throw new AppError('not-found');
    if (!own.isEditable) {
      return refusal(request, reply, { kind: 'forbidden', message: `Comments can only be edited for ${comments.settings.editWindowMinutes} minutes after posting, and that time has passed.` }, [
        { href: `${threadHref(article)}#comment-${commentId}`, label: 'Back to the comments' },
      ]);
    }
    return html(
      reply,
      EditCommentPage({
        site: await deps.articles.loadSite(),
        commentId,
        text: own.text,
        csrfToken: csrf.tokenFor(request, reply, session.id),
        maxLength: comments.settings.maxLength,
        backHref: `${threadHref(article)}#comment-${commentId}`,
      }),
    );
  });

  app.post<{ Params: { id: string } }>('/comments/:id/edit', async (request, reply) => {
    const commentId = requireId(request.params.id);
    const body = formBody(request);
    const session = await writer(request, body);
    if (!session) return signInRedirect(reply, `/comments/${commentId}/edit`);
    const article = await articleForWrite(request, reply, commentId);
    if ('kind' in article) return refusal(request, reply, article);
    const outcome = await comments.editComment({ writer: writerOf(session), commentId, body: body.body });
    if (outcome.kind === 'edited') {
      if (wantsJson(request)) return reply.header('cache-control', 'no-store').send({ id: outcome.id, status: outcome.status });
      return reply.redirect(await locationOfExisting(commentId, article, outcome.status === 'pending' ? 'edited-held' : 'edited'), 303);
    }
    if (outcome.kind === 'invalid' && !wantsJson(request)) {
      const page = EditCommentPage({
        site: await deps.articles.loadSite(),
        commentId,
        text: typeof body.body === 'string' ? body.body.slice(0, comments.settings.maxLength * 2) : '',
        csrfToken: csrf.tokenFor(request, reply, session.id),
        maxLength: comments.settings.maxLength,
        backHref: `${threadHref(article)}#comment-${commentId}`,
        error: outcome.message,
      });
      return html(reply, page, 422);
    }
    return refusal(request, reply, outcome, [{ href: threadHref(article), label: 'Back to the comments' }]);
  });

  app.post<{ Params: { id: string } }>('/comments/:id/delete', async (request, reply) => {
    const commentId = requireId(request.params.id);
    const body = formBody(request);
    const session = await writer(request, body);
    if (!session) return signInRedirect(reply, `/comments/${commentId}`);
    const outcome = await comments.deleteComment({ writer: writerOf(session), commentId });
    if (outcome.kind !== 'deleted') return refusal(request, reply, outcome);
    if (wantsJson(request)) return reply.header('cache-control', 'no-store').send({ deleted: true });
    const article = await comments.findArticle(outcome.articleId);
    if (!article) return reply.redirect('/', 303);
    if (outcome.isTombstone) return reply.redirect(await locationOfExisting(commentId, article, 'deleted'), 303);
    return reply.redirect(`${threadHref(article)}?notice=deleted`, 303);
  });

  return { serveThread };
}
