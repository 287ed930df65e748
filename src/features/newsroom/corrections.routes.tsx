// Corrections to a published article: the list of those already appended
// and a form to add one (editors and admins; the service checks the role and
// the article's state). A correction is dated, appended, never edited: it
// shows at the foot of the article and in its JSON-LD.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { fields, inputs, readForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { ArticleEditingService } from '../articles/articles.service.js';
import type { EditableArticle } from '../articles/articles.types.js';
import { actorOf, EDITOR_ROLES } from './newsroom-actor.js';
import { CorrectionsPage } from './views/corrections-page.js';

export interface CorrectionRoutesDependencies {
  articleEditing: ArticleEditingService;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
}

const CORRECTION_FORM = z.object({ version: fields.id('Reload the page and try again.'), text: fields.text(5000) });

export function registerCorrectionRoutes(app: FastifyInstance, deps: CorrectionRoutesDependencies): void {
  const { articleEditing, sessions, csrf } = deps;
  const editors = requireRole(sessions, EDITOR_ROLES);
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const options = { preValidation: editors, schema: { params: z.object({ id: inputs.id() }) } };

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    article: EditableArticle,
    state: { status?: number; error?: string; text?: string; notice?: string },
  ) {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    const page = CorrectionsPage({ site: await deps.loadSite(), account, csrfToken, article, ...state });
    return sendHtml(reply, page, { status: state.status ?? 200, caching: 'no-store' });
  }

  async function actorFor(request: FastifyRequest) {
    const actor = actorOf(await guardedSession(sessions, request));
    if (!actor) throw new AppError('forbidden', 'not a writer');
    return actor;
  }

  const page = { ...options, schema: { ...options.schema, querystring: z.object({ added: z.literal('1').optional() }) } };
  routes.get('/newsroom/articles/:id/corrections', page, async (request, reply) => {
    const found = await articleEditing.get(await actorFor(request), request.params.id);
    if (found.kind === 'not-found') throw new AppError('not-found');
    if (found.kind === 'forbidden') throw new AppError('forbidden', found.message);
    const notice = request.query.added ? 'The correction is published.' : undefined;
    return render(request, reply, found.value, { notice });
  });

  routes.post('/newsroom/articles/:id/corrections', options, async (request, reply) => {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    const actor = await actorFor(request);
    const form = readForm(request, CORRECTION_FORM);
    const current = await articleEditing.get(actor, request.params.id);
    if (current.kind === 'not-found') throw new AppError('not-found');
    if (current.kind === 'forbidden') throw new AppError('forbidden', current.message);
    if (!form.ok) return render(request, reply, current.value, { status: 422, error: Object.values(form.errors).join(' ') });
    const outcome = await articleEditing.addCorrection(actor, request.params.id, form.values.version, form.values.text);
    switch (outcome.kind) {
      case 'saved':
        return reply.header('cache-control', 'no-store').redirect(`/newsroom/articles/${request.params.id}/corrections?added=1`, 303);
      case 'invalid':
        return render(request, reply, current.value, {
          status: 422,
          error: outcome.problems.map((problem) => problem.message).join(' '),
          text: form.values.text,
        });
      case 'conflict':
        return render(request, reply, outcome.current, {
          status: 409,
          error: 'The article changed while you were writing: check the corrections below, then add yours again.',
          text: form.values.text,
        });
      case 'forbidden':
        throw new AppError('forbidden', outcome.message);
      case 'not-found':
        throw new AppError('not-found');
    }
  });
}
