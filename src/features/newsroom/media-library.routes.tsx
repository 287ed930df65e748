// The newsroom's media library pages (/newsroom/media): staff who write may
// search, upload, and change an image's words and focal point; only editors
// and admins may delete, and only an image no article uses (409 otherwise,
// with the list of uses). Every post checks CSRF before anything is read or
// stored; every page is no-store and noindex.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { fields, inputs as routeInputs, readForm, type FieldErrors, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { LibraryImageDetails, MediaLibrary, MediaService } from '../media/media.service.js';
import { EDITOR_ROLES, WRITER_ROLES } from './newsroom-actor.js';
import { readPostedBody, registerMultipartForms } from './posted-body.js';
import { imagePageHref, MediaImagePage, MediaLibraryPage } from './views/media-library-pages.js';

export interface MediaLibraryPagesDependencies {
  mediaLibrary: MediaLibrary;
  media: MediaService;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
  maxUploadBytes: number;
  /** The progress script's URLs (client-scripts.ts `mediaLibrary`): the pages work without it. */
  progressScripts: string[];
}

const PAGE_SIZE = 24;
const NOTICES = {
  uploaded: 'Uploaded. Its sizes are being made in the background.',
  'words-saved': 'Words saved. Articles that use the library’s words show them now.',
  'focal-saved': 'Focal point saved.',
  deleted: 'The picture was deleted.',
} as const;
type NoticeKey = keyof typeof NOTICES;
const noticeQuery = { notice: routeInputs.choice(['none', 'uploaded', 'words-saved', 'focal-saved', 'deleted'] as const, 'none') };
const noticeOf = (key: NoticeKey | 'none') => (key === 'none' ? null : NOTICES[key]);

const publicIdParams = z.object({ publicId: z.string().regex(/^[a-z0-9-]{1,64}$/) });
const textForm = z.object({ alt: fields.text(2000), caption: fields.text(4000), credit: fields.text(2000) });
const focalForm = z.object({ focalX: fields.text(40), focalY: fields.text(40) });

const problemsToErrors = (problems: Array<{ field: string; message: string }>): FieldErrors => {
  const errors: FieldErrors = {};
  for (const problem of problems) errors[problem.field] ??= problem.message;
  return errors;
};

export async function registerMediaLibraryPages(app: FastifyInstance, deps: MediaLibraryPagesDependencies): Promise<void> {
  // Its own scope: multipart bodies (the upload form) are read only by these routes.
  await app.register(async (scope) => {
    await registerMultipartForms(scope, { maxFileBytes: deps.maxUploadBytes });
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('x-robots-tag', 'noindex, nofollow');
    });
    registerPages(scope, deps);
  });
}

function registerPages(app: FastifyInstance, deps: MediaLibraryPagesDependencies): void {
  const { mediaLibrary: library, sessions, csrf } = deps;
  const guard = requireRole(sessions, WRITER_ROLES);
  const routes = app.withTypeProvider<ZodTypeProvider>();

  async function staff(request: FastifyRequest, reply: FastifyReply) {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    const canDelete = (EDITOR_ROLES as readonly string[]).includes(session.user.role);
    return { session, csrfToken, account, canDelete, site: await deps.loadSite() };
  }
  type Staff = Awaited<ReturnType<typeof staff>>;

  async function renderList(
    reply: FastifyReply,
    who: Staff,
    query: { words: string; before: number | null; notice: string | null },
    upload: { values: { alt: string; caption: string; credit: string }; errors: FieldErrors } = {
      values: { alt: '', caption: '', credit: '' },
      errors: {},
    },
    status = 200,
  ) {
    const page = await library.search({ words: query.words, before: query.before, limit: PAGE_SIZE });
    const nextHref =
      page.nextBefore === null
        ? null
        : `/newsroom/media?${new URLSearchParams({ ...(query.words ? { q: query.words } : {}), before: String(page.nextBefore) })}`;
    const html = MediaLibraryPage({
      site: who.site,
      account: who.account,
      csrfToken: who.csrfToken,
      scripts: [],
      words: query.words,
      images: page.images,
      nextHref,
      searchedWindowOnly: page.searchedWindowOnly,
      notice: query.notice,
      upload,
      maxUploadMegabytes: Math.round(deps.maxUploadBytes / 1024 / 1024),
    });
    return sendHtml(reply, html, { caching: 'no-store', status });
  }

  async function renderImage(
    reply: FastifyReply,
    who: Staff,
    image: LibraryImageDetails,
    options: {
      notice?: string | null;
      text?: { values: { alt: string; caption: string; credit: string }; errors: FieldErrors };
      focal?: { values: { focalX: string; focalY: string }; errors: FieldErrors };
      deleteRefused?: boolean;
      status?: number;
    } = {},
  ) {
    const html = MediaImagePage({
      site: who.site,
      account: who.account,
      csrfToken: who.csrfToken,
      scripts: deps.progressScripts,
      image,
      canDelete: who.canDelete,
      notice: options.notice ?? null,
      text: options.text ?? { values: { alt: image.alt, caption: image.caption, credit: image.credit }, errors: {} },
      focal: options.focal ?? { values: { focalX: String(image.focal.x), focalY: String(image.focal.y) }, errors: {} },
      deleteRefused: options.deleteRefused ?? false,
    });
    return sendHtml(reply, html, { caching: 'no-store', status: options.status ?? 200 });
  }

  async function imageOr404(publicId: string): Promise<LibraryImageDetails> {
    const image = await library.find(publicId);
    if (!image) throw new AppError('not-found');
    return image;
  }

  const listSchema = {
    querystring: z.object({ q: routeInputs.optionalText(100), before: routeInputs.id().optional(), ...noticeQuery }),
  };
  routes.get('/newsroom/media', { preValidation: guard, schema: listSchema }, async (request, reply) => {
    const who = await staff(request, reply);
    const { q, before, notice } = request.query;
    return renderList(reply, who, { words: q?.trim() ?? '', before: before ?? null, notice: noticeOf(notice) });
  });

  routes.post('/newsroom/media', { onRequest: guard }, async (request, reply) => {
    const who = await staff(request, reply);
    const posted = await readPostedBody(request, deps.maxUploadBytes);
    if (!posted.ok && posted.status === 400) throw new AppError('bad-request', posted.message);
    csrf.requireFormToken(request, who.session.id);
    const form = readForm(request, textForm);
    const values = form.ok ? form.values : { alt: '', caption: '', credit: '' };
    const file = posted.ok ? posted.files.get('file') : undefined;
    const listQuery = { words: '', before: null, notice: null };
    if (!posted.ok) return renderList(reply, who, listQuery, { values, errors: { file: posted.message } }, 422);
    if (!file) return renderList(reply, who, listQuery, { values, errors: { file: 'Choose a picture to upload.' } }, 422);
    const outcome = await deps.media.importImage(file, values);
    if (outcome.kind === 'invalid') return renderList(reply, who, listQuery, { values, errors: problemsToErrors(outcome.problems) }, 422);
    return reply.header('cache-control', 'no-store').redirect(`${imagePageHref(outcome.image.publicId)}?notice=uploaded`, 303);
  });

  const imageSchema = { params: publicIdParams, querystring: z.object(noticeQuery) };
  routes.get('/newsroom/media/:publicId', { preValidation: guard, schema: imageSchema }, async (request, reply) => {
    const who = await staff(request, reply);
    return renderImage(reply, who, await imageOr404(request.params.publicId), { notice: noticeOf(request.query.notice) });
  });

  routes.get('/newsroom/media/:publicId/status', { preValidation: guard, schema: { params: publicIdParams } }, async (request, reply) => {
    const progress = await library.progress(request.params.publicId);
    if (!progress) throw new AppError('not-found');
    return reply.header('cache-control', 'no-store').send(progress);
  });

  const postSchema = { params: publicIdParams };
  routes.post('/newsroom/media/:publicId/text', { preValidation: guard, schema: postSchema }, async (request, reply) => {
    const who = await staff(request, reply);
    csrf.requireFormToken(request, who.session.id);
    const { publicId } = request.params;
    const form = readForm(request, textForm);
    const values = form.ok ? form.values : { alt: '', caption: '', credit: '' };
    const outcome = await library.updateText(publicId, values);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'invalid')
      return renderImage(reply, who, await imageOr404(publicId), {
        text: { values, errors: problemsToErrors(outcome.problems) },
        status: 422,
      });
    return reply.header('cache-control', 'no-store').redirect(`${imagePageHref(publicId)}?notice=words-saved`, 303);
  });

  routes.post('/newsroom/media/:publicId/focal-point', { preValidation: guard, schema: postSchema }, async (request, reply) => {
    const who = await staff(request, reply);
    csrf.requireFormToken(request, who.session.id);
    const { publicId } = request.params;
    const form = readForm(request, focalForm);
    const values = form.ok ? form.values : { focalX: '', focalY: '' };
    const outcome = await library.setFocalPoint(publicId, { x: values.focalX, y: values.focalY });
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'invalid')
      return renderImage(reply, who, await imageOr404(publicId), {
        focal: { values, errors: problemsToErrors(outcome.problems) },
        status: 422,
      });
    return reply.header('cache-control', 'no-store').redirect(`${imagePageHref(publicId)}?notice=focal-saved`, 303);
  });

  routes.post('/newsroom/media/:publicId/delete', { preValidation: guard, schema: postSchema }, async (request, reply) => {
    const who = await staff(request, reply);
    csrf.requireFormToken(request, who.session.id);
    if (!who.canDelete) throw new AppError('forbidden', 'only editors and admins delete pictures');
    const { publicId } = request.params;
    const outcome = await library.remove(publicId);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'in-use') return renderImage(reply, who, await imageOr404(publicId), { deleteRefused: true, status: 409 });
    return reply.header('cache-control', 'no-store').redirect('/newsroom/media?notice=deleted', 303);
  });
}
