// Reader-facing comment pages and forms. Thin: parse, ask the access gate
// (without spending the meter), call the comments service, render or
// redirect. Every page here is personal (forms carry this reader's tokens):
// private, never shared-cached; the count endpoint alone is public.
// The pages are here; the form posts are in comment-writes.routes.tsx, and
// what both share in comment-route-helpers.tsx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { sendHtml } from '../../core/http/html-reply.js';
import type { PageSender } from '../../core/http/page-sender.js';
import { inputs, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { ArticlePageOutcome } from '../articles/articles.service.js';
import type { ArticleAccessFacts, ArticleVisibility } from '../articles/articles.types.js';
import { COMMENT_PARAMS, createCommentRouteHelpers, NOT_ENTITLED, THREAD_SUFFIX } from './comment-route-helpers.js';
import { registerCommentWriteRoutes } from './comment-writes.routes.js';
import type { CommentsService } from './comments.service.js';
import { COMMENT_SORTS } from './comments.types.js';
import type { InsightRecorder } from '../insight/insight.types.js';
import { CommentFragment, CommentSubtreePage } from './views/comment-pages.js';

export interface CommentRoutesDependencies {
  comments: CommentsService;
  /** The articles feature: an article URL to its access facts (and moved/gone), and the page chrome. */
  articles: {
    findArticle(slug: string, requestedPath: string): ArticlePageOutcome | Promise<ArticlePageOutcome>;
    loadSite(): Promise<SiteContext>;
  };
  /** The access feature's gate; comments ask it with `countRead: false`. */
  gate: {
    decide(
      request: FastifyRequest,
      reply: FastifyReply,
      facts: ArticleAccessFacts,
      options?: { countRead?: boolean },
    ): { visibility: ArticleVisibility } | Promise<{ visibility: ArticleVisibility }>;
  };
  sessions: SessionManager;
  csrf: Csrf;
  pages: PageSender;
  timeZone: string;
  /** Scripts the thread page enhances itself with (live updates). */
  scripts?: string[];
  /** The funnel's counters (comments posted per article). */
  insight?: InsightRecorder;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `?reply=` and `?notice=` only steer a page: a value no link of ours makes is ignored. */
const PAGE_STEERING = {
  reply: inputs.id().optional().catch(undefined),
  notice: inputs.optionalText(40),
};
/** The thread page's query: a sort or page no link of ours makes is a 400. */
const THREAD_QUERY = z.object({ sort: z.enum(COMMENT_SORTS).default('oldest'), page: inputs.page(), ...PAGE_STEERING });
const SUBTREE_QUERY = z.object(PAGE_STEERING);
/**
 * The page's script asks `?article=` (its own article's id): a value that is
 * not an id names no article, a 404 like an unknown one.
 */
const COUNT_QUERY = z.object({ article: inputs.id().optional().catch(undefined) });

export interface CommentRoutes {
  /** The thread page for the article at `articlePath` (the articles catch-all calls it for `{articlePath}/comments`). */
  serveThread(request: FastifyRequest, reply: FastifyReply, articlePath: string): Promise<FastifyReply>;
  /** Whether this reader may read article `articleId` and so its comments (false for an unknown article): the live stream asks it. */
  mayReadArticle(request: FastifyRequest, reply: FastifyReply, articleId: number): Promise<boolean>;
}

export function registerCommentRoutes(app: FastifyInstance, deps: CommentRoutesDependencies): CommentRoutes {
  const { comments, sessions } = deps;
  const helpers = createCommentRouteHelpers(deps);
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { articleHref, threadHref, refusal, mayRead, joinStateFor, contextFor, noticeOf, renderThread } = helpers;

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
    // Reached through the articles catch-all, so no route schema checks this query: the same 400, applied here.
    const query = THREAD_QUERY.safeParse(request.query);
    if (!query.success) throw new AppError('bad-request', 'malformed comment thread query');
    const { sort, page, reply: replyTo, notice } = query.data;
    if (!(await mayRead(request, reply, article))) {
      return refusal(request, reply, { kind: 'forbidden', message: NOT_ENTITLED }, [
        { href: articleHref(article), label: 'Go to the article' },
      ]);
    }
    return renderThread(request, reply, { article, sort, page, replyTo: replyTo ?? null, notice });
  }

  routes.get('/comments/count', { schema: { querystring: COUNT_QUERY } }, async (request, reply) => {
    const articleId = request.query.article;
    if (articleId === undefined) throw new AppError('not-found');
    const article = await comments.findArticle(articleId);
    if (!article) throw new AppError('not-found');
    return reply.header('cache-control', 'public, max-age=5').send({ count: await comments.countPublished(article.id) });
  });

  routes.get('/comments/:id', { schema: { params: COMMENT_PARAMS, querystring: SUBTREE_QUERY } }, async (request, reply) => {
    const commentId = request.params.id;
    const session = await sessions.current(request);
    const subtree = await comments.subtreePage({ commentId, viewerId: session?.user.id ?? null });
    if (!subtree) throw new AppError('not-found');
    const { article } = subtree;
    if (!(await mayRead(request, reply, article))) {
      return refusal(request, reply, { kind: 'forbidden', message: NOT_ENTITLED }, [
        { href: articleHref(article), label: 'Go to the article' },
      ]);
    }
    const base = `/comments/${commentId}`;
    const join = await joinStateFor(session, article, base);
    const context = contextFor({
      request,
      reply,
      session,
      article,
      join,
      replyTo: request.query.reply ?? null,
      sort: 'oldest',
      page: 1,
      base,
    });
    const page = CommentSubtreePage({
      site: await deps.articles.loadSite(),
      subtree,
      articleHref: articleHref(article),
      threadHref: threadHref(article),
      context,
      notice: noticeOf(request.query.notice),
    });
    return deps.pages.sendBuiltPage(reply, page, { caching: 'private' });
  });

  routes.get('/comments/:id/fragment', { schema: { params: COMMENT_PARAMS } }, async (request, reply) => {
    const commentId = request.params.id;
    const session = await sessions.current(request);
    const found = await comments.commentFragment({ commentId, viewerId: session?.user.id ?? null });
    if (!found) throw new AppError('not-found');
    if (!(await mayRead(request, reply, found.article))) throw new AppError('forbidden', 'not entitled to the article');
    const base = threadHref(found.article);
    const join = await joinStateFor(session, found.article, base);
    const context = contextFor({ request, reply, session, article: found.article, join, replyTo: null, sort: 'oldest', page: 1, base });
    return sendHtml(reply, CommentFragment({ comment: found.comment, context }), { caching: 'private' });
  });

  registerCommentWriteRoutes(app, { ...deps, helpers });

  return { serveThread, mayReadArticle: helpers.mayReadArticle };
}
