// An article's revisions: the list (who — a person or an API key's name —,
// when, what), a readable diff between any two, and "Restore this revision"
// (a new save through the editing service, then back to the editor).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { fields, inputs, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { bodyToPlainText, editRefusal, type ArticleEditingService } from '../articles/articles.service.js';
import type { EditOutcome } from '../articles/articles.types.js';
import { writerActor } from './article-preview.routes.js';
import { WRITER_ROLES } from './newsroom-actor.js';
import { compareSnapshots } from './revision-compare.js';
import { articleToolPath } from './views/article-tools.js';
import { RevisionComparePage, RevisionListPage } from './views/revision-pages.js';

export interface RevisionRoutesDependencies {
  sessions: SessionManager;
  csrf: Csrf;
  articleEditing: ArticleEditingService;
  loadSite: () => Promise<SiteContext>;
}

export const REVISIONS_PAGE_SIZE = 50;

const ID_PARAMS = z.object({ id: inputs.id() });
const optionalId = () =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return null;
      const parsed = inputs.id().safeParse(value);
      if (!parsed.success) {
        context.addIssue({ code: 'custom', message: 'must be a revision id' });
        return z.NEVER;
      }
      return parsed.data;
    });

function found<T>(outcome: { kind: 'found'; value: T } | { kind: 'not-found' } | { kind: 'forbidden'; message: string }): T {
  if (outcome.kind === 'not-found') throw new AppError('not-found');
  if (outcome.kind === 'forbidden') throw new AppError('forbidden', outcome.message);
  return outcome.value;
}

export function registerRevisionRoutes(app: FastifyInstance, deps: RevisionRoutesDependencies): void {
  const { sessions, csrf, articleEditing } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const canWrite = requireRole(sessions, WRITER_ROLES);

  async function chrome(request: FastifyRequest, reply: FastifyReply) {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    return {
      site: await deps.loadSite(),
      account: AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken }),
      csrfToken,
    };
  }

  const listOptions = {
    preValidation: canWrite,
    schema: { params: ID_PARAMS, querystring: z.object({ before: optionalId(), notice: inputs.choice(['conflict', 'none'], 'none') }) },
  };
  routes.get('/newsroom/articles/:id/revisions', listOptions, async (request, reply) => {
    const actor = await writerActor(sessions, request);
    const article = found(await articleEditing.get(actor, request.params.id));
    const page = found(
      await articleEditing.listRevisions(actor, article.id, { beforeId: request.query.before, limit: REVISIONS_PAGE_SIZE + 1 }),
    );
    if (request.query.before !== null && page.length === 0) throw new AppError('not-found');
    const revisions = page.slice(0, REVISIONS_PAGE_SIZE);
    const olderHref =
      page.length > REVISIONS_PAGE_SIZE
        ? `${articleToolPath(article.id, 'revisions')}?before=${revisions[revisions.length - 1]!.id}`
        : null;
    const { csrfToken: _csrfToken, ...staff } = await chrome(request, reply);
    const conflict = request.query.notice === 'conflict';
    return sendHtml(reply, RevisionListPage({ ...staff, model: { article, revisions, olderHref, conflict } }), { caching: 'no-store' });
  });

  const compareOptions = {
    preValidation: canWrite,
    schema: { params: ID_PARAMS, querystring: z.object({ from: inputs.id(), to: inputs.id() }) },
  };
  routes.get('/newsroom/articles/:id/revisions/compare', compareOptions, async (request, reply) => {
    const actor = await writerActor(sessions, request);
    const article = found(await articleEditing.get(actor, request.params.id));
    const from = found(await articleEditing.getRevision(actor, article.id, request.query.from));
    const to = found(await articleEditing.getRevision(actor, article.id, request.query.to));
    const comparison = compareSnapshots(from.snapshot, to.snapshot, (snapshot) => bodyToPlainText(snapshot.body));
    const { csrfToken, ...staff } = await chrome(request, reply);
    // Someone who may read the history but not change the article (a contributor once it is live) gets the reason, not a button.
    const restoreRefusal = editRefusal(actor, 'edit', article);
    return sendHtml(reply, RevisionComparePage({ ...staff, model: { article, from, to, comparison, csrfToken, restoreRefusal } }), {
      caching: 'no-store',
    });
  });

  const restoreOptions = { preValidation: canWrite, schema: { params: ID_PARAMS.extend({ revisionId: inputs.id() }) } };
  routes.post('/newsroom/articles/:id/revisions/:revisionId/restore', restoreOptions, async (request, reply) => {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    const { baseVersion } = requireForm(request, z.object({ baseVersion: fields.id('The page was out of date: reload it.') }));
    const actor = await writerActor(sessions, request);
    const outcome: EditOutcome = await articleEditing.restoreRevision(actor, request.params.id, request.params.revisionId, baseVersion);
    switch (outcome.kind) {
      case 'saved':
        return reply.header('cache-control', 'no-store').redirect(articleToolPath(request.params.id, 'edit'), 303);
      case 'not-found':
        throw new AppError('not-found');
      case 'forbidden':
        throw new AppError('forbidden', outcome.message);
      case 'invalid':
        throw new AppError('bad-request', outcome.problems.map((problem) => problem.message).join(' '));
      case 'conflict':
        // Someone saved since the page was loaded: back to the comparison, which now offers the current version.
        return reply
          .header('cache-control', 'no-store')
          .redirect(`${articleToolPath(request.params.id, 'revisions')}?notice=conflict`, 303);
    }
  });
}
