// The comment form posts (post, recommend, report, edit, delete) and the
// report and edit forms. Every write is signed-in and CSRF-checked, asks the
// access gate like the pages do, and answers HTML forms with a redirect or the
// form again, JSON clients with JSON.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import { CSRF_FIELD } from '../../core/http/csrf.js';
import { formBody, type FormBody } from '../../core/http/request-values.js';
import type { CurrentSession } from '../../core/http/sessions.js';
import { NOT_ENTITLED, parseId, requireId, wantsJson, type CommentRouteHelpers } from './comment-route-helpers.js';
import type { CommentRoutesDependencies } from './comments.routes.js';
import type { PlacedComment } from './comments.service.js';
import { COMMENT_SORTS, type CommentArticle, type CommentSort } from './comments.types.js';
import { CommentMessagePage, EditCommentPage, ReportCommentPage, type NoticeKey } from './views/comment-pages.js';

export interface CommentWriteRoutesDependencies extends Pick<CommentRoutesDependencies, 'comments' | 'articles' | 'sessions' | 'csrf'> {
  helpers: CommentRouteHelpers;
}

export function registerCommentWriteRoutes(app: FastifyInstance, deps: CommentWriteRoutesDependencies): void {
  const { comments, sessions, csrf, helpers } = deps;
  const { threadHref, html, refusal, mayRead, signInRedirect, writerOf, contextFor, renderThread } = helpers;

  async function requireCsrf(request: FastifyRequest, session: CurrentSession | null, body: FormBody): Promise<void> {
    if (!csrf.verify(request, session?.id, body[CSRF_FIELD])) throw new AppError('forbidden', 'CSRF token missing or invalid');
  }

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
      if (wantsJson(request))
        return reply.code(201).header('cache-control', 'no-store').send({ id: outcome.id, status: outcome.status, location });
      return reply.redirect(location, 303);
    }
    if (outcome.kind === 'invalid' && !wantsJson(request)) {
      // Back to the form with the reader's text, on the page they were on (or the first).
      const text = typeof body.body === 'string' ? body.body.slice(0, comments.settings.maxLength * 2) : '';
      const sort =
        typeof body.sort === 'string' && (COMMENT_SORTS as readonly string[]).includes(body.sort) ? (body.sort as CommentSort) : 'oldest';
      const page = parseId(body.page) ?? 1;
      const render = (pageNumber: number) =>
        renderThread(request, reply, {
          article,
          sort,
          page: pageNumber,
          replyTo: parentId,
          status: 422,
          ...(parentId === null
            ? { formError: { message: outcome.message, text } }
            : { replyError: { parentId, message: outcome.message, text } }),
        });
      return render(page).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not-found' && page !== 1) return render(1);
        throw error;
      });
    }
    return refusal(request, reply, outcome, [{ href: threadHref(article), label: 'Back to the comments' }]);
  });

  /** The article of an existing comment, for a write: missing → 404; not entitled → 403. */
  /**
   * The start of every write on an existing comment: the reader signed in
   * with a valid CSRF token (else off to sign in, back to `signInNext`), and
   * the comment's article live and readable by them (else the refusal, sent).
   */
  async function startCommentWrite(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    signInNext: (commentId: number) => string,
  ) {
    const commentId = requireId(request.params.id);
    const body = formBody(request);
    const session = await writer(request, body);
    if (!session) return { sent: signInRedirect(reply, signInNext(commentId)) };
    const article = await comments.findArticleOfComment(commentId);
    if (!article) return { sent: await refusal(request, reply, { kind: 'not-found', message: 'That comment could not be found.' }) };
    if (!(await mayRead(request, reply, article)))
      return { sent: await refusal(request, reply, { kind: 'forbidden', message: NOT_ENTITLED }) };
    return { commentId, body, session, article };
  }

  app.post<{ Params: { id: string } }>('/comments/:id/recommend', async (request, reply) => {
    const write = await startCommentWrite(request, reply, (id) => `/comments/${id}`);
    if ('sent' in write) return write.sent;
    const { commentId, body, session, article } = write;
    const recommended = body.recommended !== 'off';
    const outcome = await comments.setRecommendation({ writer: writerOf(session), commentId, recommended });
    if (outcome.kind !== 'recommended')
      return refusal(request, reply, outcome, [{ href: threadHref(article), label: 'Back to the comments' }]);
    if (wantsJson(request))
      return reply.header('cache-control', 'no-store').send({ recommended: outcome.recommended, count: outcome.count });
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

  async function reportForm(
    request: FastifyRequest,
    reply: FastifyReply,
    session: CurrentSession,
    commentId: number,
    failed?: { error: string; status: number; values: { reason?: string; details?: string } },
  ) {
    const found = await comments.commentFragment({ commentId, viewerId: session.user.id });
    if (!found) throw new AppError('not-found');
    if (!(await mayRead(request, reply, found.article))) return refusal(request, reply, { kind: 'forbidden', message: NOT_ENTITLED });
    const base = threadHref(found.article);
    const context = contextFor({
      request,
      reply,
      session,
      article: found.article,
      join: { kind: 'closed' },
      replyTo: null,
      sort: 'oldest',
      page: 1,
      base,
    });
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
    const write = await startCommentWrite(request, reply, (id) => `/comments/${id}/report`);
    if ('sent' in write) return write.sent;
    const { commentId, body, session, article } = write;
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
      const values = {
        reason: typeof body.reason === 'string' ? body.reason.slice(0, 40) : undefined,
        details: typeof body.details === 'string' ? body.details.slice(0, 1000) : undefined,
      };
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
      return refusal(
        request,
        reply,
        {
          kind: 'forbidden',
          message: `Comments can only be edited for ${comments.settings.editWindowMinutes} minutes after posting, and that time has passed.`,
        },
        [{ href: `${threadHref(article)}#comment-${commentId}`, label: 'Back to the comments' }],
      );
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
    const write = await startCommentWrite(request, reply, (id) => `/comments/${id}/edit`);
    if ('sent' in write) return write.sent;
    const { commentId, body, session, article } = write;
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
}
