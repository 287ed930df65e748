// What the editor script calls while someone writes: autosave, the presence
// heartbeat, and picture uploads. Same guard as the pages; each post carries
// the form's CSRF token in `_csrf` (form-encoded or multipart) and is checked
// before anything is read or stored. Answers are JSON and never cached.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Csrf } from '../../core/http/csrf.js';
import { CSRF_FIELD } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { inputs, type ZodTypeProvider } from '../../core/http/route-input.js';
import { formBody } from '../../core/http/request-values.js';
import type { SessionManager } from '../../core/http/sessions.js';
import type { ArticleEditingService } from '../articles/articles.service.js';
import type { Actor } from '../articles/articles.types.js';
import type { MediaService } from '../media/media.service.js';
import { imagePath } from '../media/media.types.js';
import { formErrorsOf, readEditorForm } from './article-form.js';
import { actorOf, WRITER_ROLES } from './newsroom-actor.js';
import type { NewsroomService } from './newsroom.service.js';
import { EDITOR_BODY_LIMIT, readPostedBody } from './posted-body.js';

export interface ArticleDeskApiDependencies {
  articleEditing: ArticleEditingService;
  media: MediaService;
  newsroom: NewsroomService;
  sessions: SessionManager;
  csrf: Csrf;
  timeZone: string;
  publicUrl: string;
  maxUploadBytes: number;
}

type Problem = { field?: string; message: string };

const sendJson = (reply: FastifyReply, status: number, body: unknown) => reply.code(status).header('cache-control', 'no-store').send(body);
const sendErrors = (reply: FastifyReply, status: number, errors: Problem[]) => sendJson(reply, status, { errors });

/** Form field names, as the editor page names its inputs (so the script can find `field-<name>`). */
function formProblems(problems: Array<{ field: string; message: string }>, from: 'article' | 'upload' = 'article'): Problem[] {
  return Object.entries(formErrorsOf(problems, from)).map(([field, message]) => ({ field, message: message! }));
}

export function registerArticleDeskApi(app: FastifyInstance, deps: ArticleDeskApiDependencies): void {
  const { articleEditing: editing, csrf, sessions } = deps;
  const guard = requireRole(sessions, WRITER_ROLES);
  const routes = app.withTypeProvider<ZodTypeProvider>();

  /** The actor behind a post whose body was read and whose CSRF token is good; or the error already sent. */
  async function checkedPost(request: FastifyRequest, reply: FastifyReply) {
    const session = await guardedSession(sessions, request);
    const actor = actorOf(session);
    if (!actor) return { reply: sendErrors(reply, 403, [{ message: 'Only staff who write can do this.' }]) };
    const posted = await readPostedBody(request, deps.maxUploadBytes);
    if (!posted.ok) return { reply: sendErrors(reply, posted.status === 413 ? 422 : 400, [{ field: 'file', message: posted.message }]) };
    if (!csrf.verify(request, session.id, formBody(request)[CSRF_FIELD]))
      return { reply: sendErrors(reply, 403, [{ field: CSRF_FIELD, message: 'The page is out of date: reload it and try again.' }]) };
    return { session, actor, files: posted.files };
  }

  async function viewable(reply: FastifyReply, actor: Actor, id: number) {
    const outcome = await editing.get(actor, id);
    if (outcome.kind === 'found') return outcome.value;
    if (outcome.kind === 'not-found') sendErrors(reply, 404, [{ message: 'There is no such article.' }]);
    else sendErrors(reply, 403, [{ message: outcome.message }]);
    return null;
  }

  const articleParams = { params: z.object({ id: inputs.id() }) };

  routes.post(
    '/newsroom/articles/:id/autosave',
    { onRequest: guard, schema: articleParams, bodyLimit: EDITOR_BODY_LIMIT },
    async (request, reply) => {
      const checked = await checkedPost(request, reply);
      if ('reply' in checked) return checked.reply;
      const article = await viewable(reply, checked.actor, request.params.id);
      if (!article) return reply;
      const reading = readEditorForm(formBody(request), { storedBody: article.body, timeZone: deps.timeZone });
      if (reading.baseVersion === null)
        reading.problems.push({ field: 'status', message: 'The version the editor started from is missing.' });
      if (reading.problems.length || reading.baseVersion === null) return sendErrors(reply, 422, formProblems(reading.problems));
      const outcome = await editing.save(checked.actor, article.id, {
        baseVersion: reading.baseVersion,
        fields: reading.fields,
        action: 'autosave',
      });
      switch (outcome.kind) {
        case 'saved':
          return sendJson(reply, 200, { version: outcome.article.version, savedAt: outcome.article.modifiedAt });
        case 'conflict':
          return sendJson(reply, 409, {
            conflictUrl:
              outcome.keptRevisionId === null
                ? `/newsroom/articles/${article.id}/edit`
                : `/newsroom/articles/${article.id}/conflict?revision=${outcome.keptRevisionId}`,
          });
        case 'invalid':
          return sendErrors(reply, 422, formProblems(outcome.problems));
        case 'forbidden':
          return sendErrors(reply, 403, [{ message: outcome.message }]);
        case 'not-found':
          return sendErrors(reply, 404, [{ message: 'There is no such article.' }]);
      }
    },
  );

  routes.post('/newsroom/articles/:id/presence', { preValidation: guard, schema: articleParams }, async (request, reply) => {
    const checked = await checkedPost(request, reply);
    if ('reply' in checked) return checked.reply;
    const article = await viewable(reply, checked.actor, request.params.id);
    if (!article) return reply;
    return sendJson(reply, 200, { others: await deps.newsroom.heartbeat(article.id, checked.session.user.id) });
  });

  routes.post('/newsroom/images', { preValidation: guard }, async (request, reply) => {
    const checked = await checkedPost(request, reply);
    if ('reply' in checked) return checked.reply;
    const file = checked.files.get('file');
    if (!file) return sendErrors(reply, 422, [{ field: 'file', message: 'Choose a picture to upload.' }]);
    const text = (name: string) => {
      const value = formBody(request)[name];
      return typeof value === 'string' ? value : '';
    };
    const outcome = await deps.media.importImage(file, { alt: text('alt'), caption: text('caption'), credit: text('credit') });
    if (outcome.kind === 'invalid') return sendErrors(reply, 422, outcome.problems);
    const { image } = outcome;
    return sendJson(reply, 201, {
      id: image.publicId,
      url: deps.publicUrl + imagePath(image.publicId, 1600, 'jpg'),
      width: image.width,
      height: image.height,
      alt: image.alt,
      caption: image.caption,
      credit: image.credit,
      // Its sizes are made in the background (features/media/rendition-jobs.ts); the URL answers meanwhile.
      renditions: 'processing',
      statusUrl: `/newsroom/media/${image.publicId}/status`,
    });
  });
}
