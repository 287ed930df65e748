// The comment form posts (post, recommend, report, edit, delete) and the
// report and edit forms. Every write is signed-in and CSRF-checked, asks the
// access gate like the pages do, and answers HTML forms with a redirect or the
// form again, JSON clients with JSON.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { fields, inputs, readForm, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { CurrentSession } from '../../core/http/sessions.js';
import { COMMENT_PARAMS, NOT_ENTITLED, wantsJson, type CommentRouteHelpers } from './comment-route-helpers.js';
import type { CommentRoutesDependencies } from './comments.routes.js';
import type { PlacedComment } from './comments.service.js';
import { COMMENT_SORTS, type CommentArticle } from './comments.types.js';
import { CommentMessagePage, EditCommentPage, ReportCommentPage, type NoticeKey } from './views/comment-pages.js';

export interface CommentWriteRoutesDependencies extends Pick<
  CommentRoutesDependencies,
  'comments' | 'articles' | 'sessions' | 'csrf' | 'pages' | 'insight'
> {
  helpers: CommentRouteHelpers;
}

// The forms' fields. The service judges what a reader wrote and answers them
// (so text fields are lenient here: a missing or odd value is '' and gets the
// service's message); ids a page of ours never sends are refused as not found.
const ARTICLE_NOT_FOUND = 'This article could not be found.';
/** The article a comment is posted under: read on its own and first, as even a signed-out post is sent back to its thread. */
const ARTICLE_FORM = z.object({ articleId: fields.id(ARTICLE_NOT_FOUND) });
const REPORT_FORM = z.object({
  // Longer than any reason code and than the details the service accepts; what the form shows back.
  reason: fields.text(40),
  details: fields.text(1000),
});
const RECOMMEND_FORM = z.object({ recommended: inputs.choice(['on', 'off'], 'on').transform((value) => value === 'on') });

/** Comment text cut where the service would refuse it as too long anyway, so cutting never changes its answer. */
function commentText(maxLength: number) {
  return fields.text(maxLength * 2 + 1001);
}

export function registerCommentWriteRoutes(app: FastifyInstance, deps: CommentWriteRoutesDependencies): void {
  const { comments, sessions, csrf, helpers } = deps;
  const { threadHref, refusal, mayRead, signInRedirect, writerOf, contextFor, renderThread } = helpers;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { maxLength } = comments.settings;
  /** The text shown back in a form that failed. */
  const shownBack = (text: string) => text.slice(0, maxLength * 2);
  const COMMENT_FORM = z.object({
    parentId: fields.optionalId('The comment you replied to could not be found.'),
    body: commentText(maxLength),
    // Where the reader was, to show the form again there; anything odd is the first page.
    sort: inputs.choice(COMMENT_SORTS, 'oldest'),
    page: fields.id().catch(1),
  });
  const EDIT_FORM = z.object({ body: commentText(maxLength) });

  async function requireCsrf(request: FastifyRequest, session: CurrentSession | null): Promise<void> {
    csrf.requireFormToken(request, session?.id);
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
  async function writer(request: FastifyRequest): Promise<CurrentSession | null> {
    const session = await sessions.current(request);
    // Signed out, nothing is written: off to sign in, whatever the form carried.
    if (session) await requireCsrf(request, session);
    return session;
  }

  routes.post('/comments', async (request, reply) => {
    const session = await writer(request);
    const target = readForm(request, ARTICLE_FORM);
    const article = target.ok ? await comments.findArticle(target.values.articleId) : null;
    if (!session) return signInRedirect(reply, article ? threadHref(article) : '/');
    if (!article) return refusal(request, reply, { kind: 'not-found', message: ARTICLE_NOT_FOUND });
    const form = readForm(request, COMMENT_FORM);
    if (!form.ok) return refusal(request, reply, { kind: 'not-found', message: Object.values(form.errors).join(' ') });
    const { parentId, body, sort, page } = form.values;
    if (!(await mayRead(request, reply, article))) return refusal(request, reply, { kind: 'forbidden', message: NOT_ENTITLED });
    const outcome = await comments.postComment({ writer: writerOf(session), article, parentId, body });
    if (outcome.kind === 'posted') {
      // Counted as posted, held for moderation or not: what readers wrote, not what was shown.
      deps.insight?.comment(article.id);
      const location = await locationOf(outcome, article, outcome.status === 'pending' ? 'held' : undefined);
      if (wantsJson(request))
        return reply.code(201).header('cache-control', 'no-store').send({ id: outcome.id, status: outcome.status, location });
      return reply.redirect(location, 303);
    }
    if (outcome.kind === 'invalid' && !wantsJson(request)) {
      // Back to the form with the reader's text, on the page they were on (or the first).
      const text = shownBack(body);
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
  async function startCommentWrite(request: FastifyRequest, reply: FastifyReply, commentId: number, signInNext: string) {
    const session = await writer(request);
    if (!session) return { sent: signInRedirect(reply, signInNext) };
    const article = await comments.findArticleOfComment(commentId);
    if (!article) return { sent: await refusal(request, reply, { kind: 'not-found', message: 'That comment could not be found.' }) };
    if (!(await mayRead(request, reply, article)))
      return { sent: await refusal(request, reply, { kind: 'forbidden', message: NOT_ENTITLED }) };
    return { session, article };
  }

  const aboutComment = { schema: { params: COMMENT_PARAMS } };

  routes.post('/comments/:id/recommend', aboutComment, async (request, reply) => {
    const commentId = request.params.id;
    const write = await startCommentWrite(request, reply, commentId, `/comments/${commentId}`);
    if ('sent' in write) return write.sent;
    const { session, article } = write;
    const { recommended } = requireForm(request, RECOMMEND_FORM);
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

  routes.get('/comments/:id/report', aboutComment, async (request, reply) => {
    const commentId = request.params.id;
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
    return deps.pages.sendBuiltPage(reply, page, { status: failed?.status ?? 200, caching: 'private' });
  }

  routes.post('/comments/:id/report', aboutComment, async (request, reply) => {
    const commentId = request.params.id;
    const write = await startCommentWrite(request, reply, commentId, `/comments/${commentId}/report`);
    if ('sent' in write) return write.sent;
    const { session, article } = write;
    const { reason, details } = requireForm(request, REPORT_FORM);
    const outcome = await comments.reportComment({ writer: writerOf(session), commentId, reason, details });
    if (outcome.kind === 'reported') {
      if (wantsJson(request)) return reply.code(201).header('cache-control', 'no-store').send({ reported: true });
      const page = CommentMessagePage({
        site: await deps.articles.loadSite(),
        title: 'Thank you for your report',
        message: 'Our moderators will look at this comment.',
        links: [{ href: `${threadHref(article)}#comment-${commentId}`, label: 'Back to the comments' }],
      });
      return deps.pages.sendBuiltPage(reply, page, { caching: 'private' });
    }
    if (outcome.kind === 'invalid' && !wantsJson(request)) {
      return reportForm(request, reply, session, commentId, { error: outcome.message, status: 422, values: { reason, details } });
    }
    return refusal(request, reply, outcome, [{ href: threadHref(article), label: 'Back to the comments' }]);
  });

  routes.get('/comments/:id/edit', aboutComment, async (request, reply) => {
    const commentId = request.params.id;
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
    const page = EditCommentPage({
      site: await deps.articles.loadSite(),
      commentId,
      text: own.text,
      csrfToken: csrf.tokenFor(request, reply, session.id),
      maxLength: comments.settings.maxLength,
      backHref: `${threadHref(article)}#comment-${commentId}`,
    });
    return deps.pages.sendBuiltPage(reply, page, { caching: 'private' });
  });

  routes.post('/comments/:id/edit', aboutComment, async (request, reply) => {
    const commentId = request.params.id;
    const write = await startCommentWrite(request, reply, commentId, `/comments/${commentId}/edit`);
    if ('sent' in write) return write.sent;
    const { session, article } = write;
    const { body } = requireForm(request, EDIT_FORM);
    const outcome = await comments.editComment({ writer: writerOf(session), commentId, body });
    if (outcome.kind === 'edited') {
      if (wantsJson(request)) return reply.header('cache-control', 'no-store').send({ id: outcome.id, status: outcome.status });
      return reply.redirect(await locationOfExisting(commentId, article, outcome.status === 'pending' ? 'edited-held' : 'edited'), 303);
    }
    if (outcome.kind === 'invalid' && !wantsJson(request)) {
      const page = EditCommentPage({
        site: await deps.articles.loadSite(),
        commentId,
        text: shownBack(body),
        csrfToken: csrf.tokenFor(request, reply, session.id),
        maxLength: comments.settings.maxLength,
        backHref: `${threadHref(article)}#comment-${commentId}`,
        error: outcome.message,
      });
      return deps.pages.sendBuiltPage(reply, page, { status: 422, caching: 'private' });
    }
    return refusal(request, reply, outcome, [{ href: threadHref(article), label: 'Back to the comments' }]);
  });

  routes.post('/comments/:id/delete', aboutComment, async (request, reply) => {
    const commentId = request.params.id;
    const session = await writer(request);
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
