// The newsroom's article pages: the dashboard, the article list, the editor
// (new and existing), saving with a workflow action, and the page shown when
// two saves meet. Every route is behind the writer roles' guard, every post
// checks CSRF first, every page is no-store and noindex. What a role may do
// to an article is the article editing service's decision: the pages only
// leave off buttons it would refuse.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { fields as formFields, inputs, requireForm, type FieldErrors, type ZodTypeProvider } from '../../core/http/route-input.js';
import { formBody } from '../../core/http/request-values.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import { formatDateline } from '../../core/views/format.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { editRefusal, type ArticleEditingService, type TaxonomyService } from '../articles/articles.service.js';
import type { Actor, EditableArticle, EditOutcome } from '../articles/articles.types.js';
import type { MediaService } from '../media/media.service.js';
import { editorPermissions, NOTICE_OF_ACTION, NOTICES, noticeText, type Notice } from './article-actions.js';
import { registerArticleDeskApi } from './article-desk-api.routes.js';
import { formErrorsOf, formValuesOf, readEditorForm, type EditorFormReading, type EditorFormValues } from './article-form.js';
import { actorOf, WRITER_ROLES } from './newsroom-actor.js';
import type { NewsroomService } from './newsroom.service.js';
import { EDITOR_BODY_LIMIT, readPostedBody, registerMultipartForms } from './posted-body.js';
import { utcToZonedLocal } from './publication-time.js';
import { ArticleConflictPage, type VersionText } from './views/article-conflict-page.js';
import { ArticleEditorPage } from './views/article-editor-page.js';
import { ArticleListPage, listHref, NewsroomDashboardPage, type ListFilters } from './views/article-list-page.js';

export interface ArticlePagesDependencies {
  articleEditing: ArticleEditingService;
  taxonomy: TaxonomyService;
  media: MediaService;
  newsroom: NewsroomService;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
  timeZone: string;
  publicUrl: string;
  maxUploadBytes: number;
  /** The editor script's URLs (client-scripts.ts `newsroom`), or none: the editor works without it. */
  editorScripts: string[];
}

const LIST_PAGE_SIZE = 25;

/** A filter's text without control characters (no headline, path or slug has them; PostgreSQL refuses NUL outright). */
const printable = (text: string | undefined) => text?.replace(/[\u0000-\u001f\u007f]/g, '').trim() || undefined;
const DASHBOARD_LIST_SIZE = 10;

export async function registerArticlePages(app: FastifyInstance, deps: ArticlePagesDependencies): Promise<void> {
  // Its own scope: multipart bodies are read only by these routes.
  await app.register(async (scope) => {
    await registerMultipartForms(scope, { maxFileBytes: deps.maxUploadBytes });
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('x-robots-tag', 'noindex, nofollow');
    });
    registerPages(scope, deps);
    registerArticleDeskApi(scope, deps);
  });
}

function registerPages(app: FastifyInstance, deps: ArticlePagesDependencies): void {
  const { articleEditing: editing, sessions, csrf, timeZone } = deps;
  const guard = requireRole(sessions, WRITER_ROLES);
  const routes = app.withTypeProvider<ZodTypeProvider>();

  async function staff(request: FastifyRequest, reply: FastifyReply) {
    const session = await guardedSession(sessions, request);
    const actor = actorOf(session);
    if (!actor) throw new AppError('forbidden', 'not a writer role');
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    return { session, actor, csrfToken, site: await deps.loadSite(), account };
  }
  type Staff = Awaited<ReturnType<typeof staff>>;

  async function choices() {
    const [sections, authors, topics] = await Promise.all([
      deps.taxonomy.listSections({ page: 1, limit: 500 }),
      deps.taxonomy.listAuthors({ page: 1, limit: 1000 }),
      deps.taxonomy.listTopics({ page: 1, limit: 1000 }),
    ]);
    return {
      sections: sections.items.map((section) => ({ path: section.path, name: section.name })),
      authors: authors.items.map((author) => ({ slug: author.slug, name: author.name })),
      topicNames: topics.items.map((topic) => topic.name),
    };
  }

  async function found(actor: Actor, id: number): Promise<EditableArticle> {
    const outcome = await editing.get(actor, id);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'forbidden') throw new AppError('forbidden', outcome.message);
    return outcome.value;
  }

  async function renderEditor(
    reply: FastifyReply,
    who: Staff,
    article: EditableArticle | null,
    form: { values: EditorFormValues; errors: FieldErrors; notice?: string | null; status?: number },
  ) {
    const { sections, authors, topicNames } = await choices();
    const permissions = editorPermissions(who.actor, article);
    // Opening the editor counts as being there (a page without JavaScript sends no heartbeat of its own).
    const othersEditing = article ? await deps.newsroom.heartbeat(article.id, who.session.user.id) : [];
    const page = ArticleEditorPage({
      site: who.site,
      account: who.account,
      scripts: deps.editorScripts,
      csrfToken: who.csrfToken,
      article,
      values: form.values,
      errors: form.errors,
      ...permissions,
      sections,
      authorNames: authors.map((author) => author.name),
      topicNames,
      othersEditing,
      notice: form.notice ?? null,
      canCorrect: article?.state === 'published' && editRefusal(who.actor, 'correct', article) === null,
    });
    return sendHtml(reply, page, { caching: 'no-store', status: form.status ?? 200 });
  }

  routes.get('/newsroom', { preValidation: guard }, async (request, reply) => {
    const who = await staff(request, reply);
    const page = { page: 1, limit: DASHBOARD_LIST_SIZE };
    const lists = await Promise.all(
      (
        [
          ['My drafts', { state: 'draft', mine: true }, 'You have no drafts.'],
          ['In review', { state: 'review' }, 'Nothing is waiting for review.'],
          ['Scheduled', { state: 'scheduled' }, 'Nothing is scheduled.'],
          ['Published', { state: 'published' }, 'Nothing is published yet.'],
        ] as const
      ).map(async ([heading, filters, empty]) => {
        const mine = 'mine' in filters;
        const listed = await editing.list(who.actor, { state: filters.state, ...(mine ? { createdBy: who.actor } : {}) }, page);
        return { heading, items: listed.items, href: listHref({ state: filters.state, mine }), empty };
      }),
    );
    const canSeeOthers = who.actor.role === 'editor' || who.actor.role === 'admin';
    return sendHtml(reply, NewsroomDashboardPage({ site: who.site, account: who.account, lists, canSeeOthers }), { caching: 'no-store' });
  });

  const listSchema = {
    querystring: z.object({
      state: inputs.choice(['draft', 'review', 'scheduled', 'published', 'unpublished', 'all'], 'all'),
      section: inputs.optionalText(200),
      author: inputs.optionalText(200),
      q: inputs.optionalText(200),
      mine: inputs.choice(['1', '0'], '0'),
      page: inputs.page(),
    }),
  };
  routes.get('/newsroom/articles', { preValidation: guard, schema: listSchema }, async (request, reply) => {
    const who = await staff(request, reply);
    const { query } = request;
    const filters: ListFilters = {
      state: query.state,
      section: printable(query.section),
      author: printable(query.author),
      q: printable(query.q),
      mine: query.mine === '1',
    };
    const listed = await editing.list(
      who.actor,
      {
        ...(filters.state !== 'all' ? { state: filters.state } : {}),
        ...(filters.section ? { section: filters.section } : {}),
        ...(filters.author ? { author: filters.author } : {}),
        ...(filters.q ? { search: filters.q } : {}),
        ...(filters.mine ? { createdBy: who.actor } : {}),
      },
      { page: query.page, limit: LIST_PAGE_SIZE },
    );
    const { sections, authors } = await choices();
    const page = ArticleListPage({
      site: who.site,
      account: who.account,
      filters,
      choices: { sections, authors },
      items: listed.items,
      page: query.page,
      hasNext: listed.hasNext,
    });
    return sendHtml(reply, page, { caching: 'no-store' });
  });

  routes.get('/newsroom/articles/new', { preValidation: guard }, async (request, reply) => {
    const who = await staff(request, reply);
    return renderEditor(reply, who, null, { values: formValuesOf(null, timeZone), errors: {} });
  });

  const editSchema = {
    params: z.object({ id: inputs.id() }),
    querystring: z.object({ notice: inputs.choice([...NOTICES, 'none'], 'none') }),
  };
  routes.get('/newsroom/articles/:id/edit', { preValidation: guard, schema: editSchema }, async (request, reply) => {
    const who = await staff(request, reply);
    const article = await found(who.actor, request.params.id);
    const notice = request.query.notice === 'none' ? null : noticeText(request.query.notice, article, formatTime);
    return renderEditor(reply, who, article, { values: formValuesOf(article, timeZone), errors: {}, notice });
  });

  const formatTime = (iso: string) => formatDateline(iso, timeZone);
  const editAddress = (id: number, notice: Notice) => `/newsroom/articles/${id}/edit?notice=${notice}`;

  /** Reads the posted body and checks CSRF (before anything else is looked at), then the form against the article. */
  async function readEditorPost(request: FastifyRequest, who: Staff, articleId: number | null) {
    const posted = await readPostedBody(request, deps.maxUploadBytes);
    if (!posted.ok) throw new AppError(posted.status === 413 ? 'payload-too-large' : 'bad-request', posted.message);
    csrf.requireFormToken(request, who.session.id);
    const article = articleId === null ? null : await found(who.actor, articleId);
    const reading = readEditorForm(formBody(request), { storedBody: article?.body ?? null, timeZone });
    if (article && reading.baseVersion === null)
      reading.problems.push({ field: 'status', message: 'This form is missing the version it was opened at: reload the article.' });
    return { article, reading, heroFile: posted.files.get('heroFile') };
  }

  /** A hero picture uploaded with the form goes into the library once everything else on the form is right. */
  async function placeHeroUpload(reading: EditorFormReading, file: { data: Buffer; name: string } | undefined): Promise<FieldErrors> {
    if (!file) return {};
    if (reading.problems.length) return { heroFile: 'Choose the picture again once the other problems are fixed.' };
    const text = { alt: reading.values.heroAlt, caption: reading.values.heroCaption, credit: reading.values.heroCredit };
    const outcome = await deps.media.importImage(file, text);
    if (outcome.kind === 'invalid') return formErrorsOf(outcome.problems, 'upload');
    reading.values.heroImageId = outcome.image.publicId;
    reading.fields.hero = { imageId: outcome.image.publicId, ...text };
    return {};
  }

  async function answer(
    reply: FastifyReply,
    who: Staff,
    article: EditableArticle | null,
    reading: EditorFormReading,
    outcome: EditOutcome,
  ): Promise<FastifyReply> {
    switch (outcome.kind) {
      case 'saved':
        return reply.header('cache-control', 'no-store').redirect(editAddress(outcome.article.id, NOTICE_OF_ACTION[reading.action]), 303);
      case 'invalid':
        return renderEditor(reply, who, article, { values: reading.values, errors: formErrorsOf(outcome.problems), status: 422 });
      case 'forbidden':
        throw new AppError('forbidden', outcome.message);
      case 'not-found':
        throw new AppError('not-found');
      case 'conflict': {
        const mine: VersionText = {
          headline: reading.fields.headline,
          standfirst: reading.fields.standfirst ?? '',
          body: reading.fields.body ?? article?.body ?? { type: 'doc', content: [] },
        };
        return renderConflict(reply, who, outcome.current, mine, outcome.keptRevisionId, 409);
      }
    }
  }

  function renderConflict(
    reply: FastifyReply,
    who: Staff,
    current: EditableArticle,
    mine: VersionText,
    keptRevisionId: number | null,
    status: number,
  ) {
    const page = ArticleConflictPage({
      site: who.site,
      account: who.account,
      csrfToken: who.csrfToken,
      articleId: current.id,
      mine,
      current: { headline: current.headline, standfirst: current.standfirst, body: current.body, version: current.version },
      keptRevisionId,
    });
    return sendHtml(reply, page, { caching: 'no-store', status });
  }

  routes.post('/newsroom/articles', { onRequest: guard, bodyLimit: EDITOR_BODY_LIMIT }, async (request, reply) => {
    const who = await staff(request, reply);
    const { reading, heroFile } = await readEditorPost(request, who, null);
    if (reading.action === 'unpublish') reading.problems.push({ field: 'status', message: 'A new article has nothing to unpublish.' });
    const uploadErrors = await placeHeroUpload(reading, heroFile);
    if (reading.problems.length || Object.keys(uploadErrors).length)
      return renderEditor(reply, who, null, {
        values: reading.values,
        errors: { ...formErrorsOf(reading.problems), ...uploadErrors },
        status: 422,
      });
    const action = reading.action === 'unpublish' ? 'save' : reading.action;
    const outcome = await editing.create(who.actor, { fields: reading.fields, action, publishAt: reading.publishAt });
    return answer(reply, who, null, reading, outcome);
  });

  const articleParams = { params: z.object({ id: inputs.id() }) };
  routes.post(
    '/newsroom/articles/:id',
    { onRequest: guard, schema: articleParams, bodyLimit: EDITOR_BODY_LIMIT },
    async (request, reply) => {
      const who = await staff(request, reply);
      const { article, reading, heroFile } = await readEditorPost(request, who, request.params.id);
      if (!article) throw new AppError('not-found');
      const uploadErrors = await placeHeroUpload(reading, heroFile);
      if (reading.problems.length || Object.keys(uploadErrors).length || reading.baseVersion === null)
        return renderEditor(reply, who, article, {
          values: reading.values,
          errors: { ...formErrorsOf(reading.problems), ...uploadErrors },
          status: 422,
        });
      // Publishing a scheduled or unpublished article with the time it already has means "now" (or its old date, which
      // the service keeps); only a time the person changed is a new publication time.
      const unchangedTime =
        article.publishedAt !== null && reading.values.publishAt.trim() === utcToZonedLocal(article.publishedAt, timeZone);
      const publishAt = reading.action === 'publish' && unchangedTime ? undefined : reading.publishAt;
      const outcome = await editing.save(who.actor, article.id, {
        baseVersion: reading.baseVersion,
        fields: reading.fields,
        action: reading.action,
        ...(publishAt !== undefined ? { publishAt } : {}),
        significantUpdate: reading.significantUpdate,
      });
      return answer(reply, who, article, reading, outcome);
    },
  );

  const conflictSchema = { params: z.object({ id: inputs.id() }), querystring: z.object({ revision: inputs.id() }) };
  routes.get('/newsroom/articles/:id/conflict', { preValidation: guard, schema: conflictSchema }, async (request, reply) => {
    const who = await staff(request, reply);
    const current = await found(who.actor, request.params.id);
    const revision = await editing.getRevision(who.actor, current.id, request.query.revision);
    if (revision.kind !== 'found') throw new AppError(revision.kind === 'forbidden' ? 'forbidden' : 'not-found');
    const { snapshot } = revision.value;
    const mine = { headline: snapshot.headline, standfirst: snapshot.standfirst, body: snapshot.body };
    return renderConflict(reply, who, current, mine, revision.value.id, 200);
  });

  const keepMineForm = z.object({ revision: formFields.id(), version: formFields.id() });
  routes.post('/newsroom/articles/:id/conflict/keep-mine', { preValidation: guard, schema: articleParams }, async (request, reply) => {
    const who = await staff(request, reply);
    const posted = await readPostedBody(request, deps.maxUploadBytes);
    if (!posted.ok) throw new AppError('bad-request', posted.message);
    csrf.requireFormToken(request, who.session.id);
    const { revision, version } = requireForm(request, keepMineForm);
    const outcome = await editing.restoreRevision(who.actor, request.params.id, revision, version);
    switch (outcome.kind) {
      case 'saved':
        return reply.header('cache-control', 'no-store').redirect(editAddress(outcome.article.id, 'restored'), 303);
      case 'conflict': {
        const kept = outcome.keptRevisionId ?? revision;
        const again = await editing.getRevision(who.actor, outcome.current.id, kept);
        if (again.kind !== 'found') throw new AppError('not-found');
        const { snapshot } = again.value;
        return renderConflict(reply, who, outcome.current, snapshot, kept, 409);
      }
      case 'invalid': {
        const current = await found(who.actor, request.params.id);
        return renderEditor(reply, who, current, {
          values: formValuesOf(current, timeZone),
          errors: formErrorsOf(outcome.problems),
          status: 422,
        });
      }
      case 'forbidden':
        throw new AppError('forbidden', outcome.message);
      case 'not-found':
        throw new AppError('not-found');
    }
  });
}
