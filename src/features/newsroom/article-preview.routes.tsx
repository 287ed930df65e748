// GET /newsroom/articles/:id/preview?as=<reader state>: the article's reader
// page as one reader state would get it, for staff who may view the article,
// before and after publication. The visibility comes from the access
// feature's real decision asked about a synthetic reader (no cookie or
// session of the staff member is read, no read is recorded); the page is the
// articles feature's ArticlePage. Never cached, never indexed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { inputs, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { PREVIEW_READER_STATES, type PreviewReaderState } from '../access/access.service.js';
import type { ArticleEditingService, ArticlePreviewService } from '../articles/articles.service.js';
import type { Actor, ArticleAccessFacts, ArticleVisibility } from '../articles/articles.types.js';
import { actorOf, WRITER_ROLES } from './newsroom-actor.js';
import { PreviewBanner } from './views/preview-banner.js';

export interface ArticlePreviewRoutesDependencies {
  sessions: SessionManager;
  articleEditing: ArticleEditingService;
  previews: ArticlePreviewService;
  /** The access gate's decision for a synthetic reader in `state` (access/article-gate.ts). */
  previewVisibility(facts: ArticleAccessFacts, state: PreviewReaderState): ArticleVisibility;
}

/** Headers of every page that shows unpublished text: kept by nobody, indexed by nothing. */
export function markUnpublishedPage(reply: FastifyReply): FastifyReply {
  return reply.header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
}

/** The signed-in writer as the editing service knows them; a role that does not write is refused. */
export async function writerActor(sessions: SessionManager, request: FastifyRequest): Promise<Actor> {
  const actor = actorOf(await guardedSession(sessions, request));
  if (!actor) throw new AppError('forbidden', 'not a writer');
  return actor;
}

export function registerArticlePreviewRoutes(app: FastifyInstance, deps: ArticlePreviewRoutesDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const preview = {
    preValidation: requireRole(deps.sessions, WRITER_ROLES),
    schema: {
      params: z.object({ id: inputs.id() }),
      querystring: z.object({ as: inputs.choice(PREVIEW_READER_STATES, 'anonymous-first') }),
    },
  };
  routes.get('/newsroom/articles/:id/preview', preview, async (request, reply) => {
    const actor = await writerActor(deps.sessions, request);
    const found = await deps.articleEditing.get(actor, request.params.id);
    if (found.kind === 'not-found') throw new AppError('not-found');
    if (found.kind === 'forbidden') throw new AppError('forbidden', found.message);
    const article = found.value;
    const state = request.query.as;
    const visibility = deps.previewVisibility({ id: article.id, accessLevel: article.access, sectionPath: article.section }, state);
    const page = await deps.previews.renderPreview({
      article,
      visibility,
      notice: PreviewBanner({ articleId: article.id, state, states: PREVIEW_READER_STATES }),
    });
    return sendHtml(markUnpublishedPage(reply), page, { caching: 'no-store' });
  });
}
