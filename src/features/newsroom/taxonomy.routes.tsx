// Sections, topics and author profiles from the newsroom (editors and
// admins): `/newsroom/sections` (the tree: add under a parent, rename,
// reorder), `/newsroom/topics`, `/newsroom/authors` (name, job title, bio,
// picture from the media library by its public id), each with `/<id>` to
// edit. A slug change keeps the old reader address working (a 301, recorded
// by the articles feature). A form that fails is shown again with a 422 and
// nothing is stored.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { fields, inputs, readForm, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { TaxonomyEditingService, TaxonomyEditOutcome, TaxonomyService } from '../articles/articles.service.js';
import { EDITOR_ROLES } from './newsroom-actor.js';
import {
  AuthorList,
  SectionTreeTable,
  TaxonomyEditPage,
  TaxonomyListPage,
  TopicList,
  type TaxonomyField,
  type TaxonomyKind,
} from './views/taxonomy-pages.js';

export interface TaxonomyRoutesDependencies {
  taxonomy: TaxonomyService;
  taxonomyEditing: TaxonomyEditingService;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
}

/** Form text without NUL characters, which PostgreSQL text refuses (a 500 otherwise). */
const text = (max: number) => fields.text(max).transform((value) => value.replaceAll('\u0000', ''));
const SECTION_FORM = z.object({ name: text(200), slug: text(200), parent: text(400), description: text(1000) });
/** The fingerprint an edit form was opened with (taxonomy-editing.service.ts); absent on the add forms. */
const SEEN = { seen: text(64) };
const NAMED_FORM = z.object({ name: text(200), slug: text(200), description: text(1000), ...SEEN });
const AUTHOR_FORM = z.object({
  ...SEEN,
  name: text(200),
  slug: text(200),
  jobTitle: text(1000),
  bio: text(5000),
  picture: text(200),
});
const MOVE_FORM = z.object({ direction: z.enum(['up', 'down']) });
const STALE_MESSAGE =
  'Someone else saved this after you opened it, so your change was not saved. The form now compares against their version: check the saved page, then save again to replace it with yours.';
const NOTICES = { created: 'Added.', saved: 'Saved: readers see the change now.', moved: 'Moved.' } as const;
const noticeQuery = z.object({ done: inputs.choice(['created', 'saved', 'moved', 'none'], 'none') });
const idParams = z.object({ id: inputs.id() });

type Errors = Record<string, string | undefined>;
const errorsOf = (problems: { field: string; message: string }[]): Errors =>
  Object.fromEntries(problems.map((problem) => [problem.field, problem.message]));

const SLUG_HINT = 'Lowercase letters, digits and dashes; left empty, it is made from the name. Changing it keeps old links working.';

export function registerTaxonomyRoutes(app: FastifyInstance, deps: TaxonomyRoutesDependencies): void {
  const { taxonomy, taxonomyEditing: editing, sessions, csrf } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const guard = { preValidation: requireRole(sessions, EDITOR_ROLES) };

  async function frame(request: FastifyRequest, reply: FastifyReply) {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    return { csrfToken, account, site: await deps.loadSite() };
  }

  async function checkToken(request: FastifyRequest) {
    csrf.requireFormToken(request, (await guardedSession(sessions, request)).id);
  }

  const done = (reply: FastifyReply, path: string, what: keyof typeof NOTICES) =>
    reply.header('cache-control', 'no-store').redirect(`${path}?done=${what}`, 303);

  /** An edit's outcome: back to the list, the form again (422), or a 404. */
  function afterEdit(
    reply: FastifyReply,
    kind: TaxonomyKind,
    outcome: TaxonomyEditOutcome,
    again: (errors: Errors, status?: number) => Promise<FastifyReply>,
  ) {
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'invalid') return again(errorsOf(outcome.problems));
    if (outcome.kind === 'stale') return again({ name: STALE_MESSAGE }, 409);
    return done(reply, `/newsroom/${kind}`, 'saved');
  }

  // Sections ------------------------------------------------------------------

  async function sectionsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { values?: z.output<typeof SECTION_FORM>; errors?: Errors; notice?: string; status?: number },
  ) {
    const page = await frame(request, reply);
    const tree = await editing.listSectionTree();
    const values = state.values ?? { name: '', slug: '', parent: '', description: '' };
    const list = <SectionTreeTable tree={tree} csrfToken={page.csrfToken} />;
    const parents = tree.filter((node) => node.depth === 0);
    const fieldsOf: TaxonomyField[] = [
      { name: 'name', label: 'Name', value: values.name, maxlength: 60 },
      { name: 'slug', label: 'Slug', value: values.slug, hint: SLUG_HINT, maxlength: 80 },
      {
        name: 'parent',
        label: 'Under',
        value: values.parent,
        kind: 'select',
        options: [{ value: '', label: 'Nothing: a top-level section' }, ...parents.map((node) => ({ value: node.path, label: node.name }))],
      },
      { name: 'description', label: 'Description', value: values.description, kind: 'textarea', maxlength: 300 },
    ];
    const html = TaxonomyListPage({
      ...page,
      kind: 'sections',
      intro:
        'Sections are the site’s navigation and the first part of every article’s address. Top-level sections appear in the menu in this order.',
      notice: state.notice,
      list,
      createHeading: 'Add a section',
      form: {
        action: '/newsroom/sections',
        submitLabel: 'Add section',
        fields: fieldsOf,
        errors: state.errors ?? {},
        csrfToken: page.csrfToken,
      },
    });
    return sendHtml(reply, html, { status: state.status ?? 200, caching: 'no-store' });
  }

  routes.get('/newsroom/sections', { ...guard, schema: { querystring: noticeQuery } }, async (request, reply) =>
    sectionsPage(request, reply, { notice: request.query.done === 'none' ? undefined : NOTICES[request.query.done] }),
  );

  routes.post('/newsroom/sections', guard, async (request, reply) => {
    await checkToken(request);
    const form = readForm(request, SECTION_FORM);
    if (!form.ok) throw new AppError('bad-request', 'That form could not be read.');
    const outcome = await taxonomy.createSection(form.values);
    if (outcome.kind === 'invalid')
      return sectionsPage(request, reply, { values: form.values, errors: errorsOf(outcome.problems), status: 422 });
    return done(reply, '/newsroom/sections', 'created');
  });

  routes.post('/newsroom/sections/:id/move', { ...guard, schema: { params: idParams } }, async (request, reply) => {
    await checkToken(request);
    const { direction } = requireForm(request, MOVE_FORM);
    const outcome = await editing.moveSection(request.params.id, direction);
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    return done(reply, '/newsroom/sections', 'moved');
  });

  async function sectionEditPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    state: { values?: z.output<typeof NAMED_FORM>; errors?: Errors; status?: number },
  ) {
    const section = await editing.findSection(id);
    if (!section) throw new AppError('not-found');
    const page = await frame(request, reply);
    const values = state.values ?? section;
    const html = TaxonomyEditPage({
      ...page,
      kind: 'sections',
      title: `Section: ${section.name}`,
      readerPath: `/${section.path}`,
      note: 'A new slug changes the address of the section, its subsections and their articles; the old addresses lead to the new ones.',
      form: {
        action: `/newsroom/sections/${id}`,
        submitLabel: 'Save section',
        hidden: { seen: section.fingerprint },
        errors: state.errors ?? {},
        csrfToken: page.csrfToken,
        fields: [
          { name: 'name', label: 'Name', value: values.name, maxlength: 60 },
          { name: 'slug', label: 'Slug', value: values.slug, hint: SLUG_HINT, maxlength: 80 },
          { name: 'description', label: 'Description', value: values.description, kind: 'textarea', maxlength: 300 },
        ],
      },
    });
    return sendHtml(reply, html, { status: state.status ?? 200, caching: 'no-store' });
  }

  routes.get('/newsroom/sections/:id', { ...guard, schema: { params: idParams } }, async (request, reply) =>
    sectionEditPage(request, reply, request.params.id, {}),
  );
  routes.post('/newsroom/sections/:id', { ...guard, schema: { params: idParams } }, async (request, reply) => {
    await checkToken(request);
    const values = requireForm(request, NAMED_FORM);
    const outcome = await editing.updateSection(request.params.id, values);
    return afterEdit(reply, 'sections', outcome, (errors, status = 422) =>
      sectionEditPage(request, reply, request.params.id, { values, errors, status }),
    );
  });

  // Topics ----------------------------------------------------------------------

  const topicFields = (values: Omit<z.output<typeof NAMED_FORM>, 'seen'>): TaxonomyField[] => [
    { name: 'name', label: 'Name', value: values.name, maxlength: 60 },
    { name: 'slug', label: 'Slug', value: values.slug, hint: SLUG_HINT, maxlength: 80 },
    { name: 'description', label: 'Description', value: values.description, kind: 'textarea', maxlength: 300 },
  ];

  async function topicsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { values?: z.output<typeof NAMED_FORM>; errors?: Errors; notice?: string; status?: number },
  ) {
    const page = await frame(request, reply);
    const topics = await taxonomy.listTopics({ page: 1, limit: 1000 });
    const list = <TopicList topics={topics.items} />;
    const html = TaxonomyListPage({
      ...page,
      kind: 'topics',
      intro: 'Topics gather stories across sections; each has its own page and feeds.',
      notice: state.notice,
      list,
      createHeading: 'Add a topic',
      form: {
        action: '/newsroom/topics',
        submitLabel: 'Add topic',
        fields: topicFields(state.values ?? { name: '', slug: '', description: '' }),
        errors: state.errors ?? {},
        csrfToken: page.csrfToken,
      },
    });
    return sendHtml(reply, html, { status: state.status ?? 200, caching: 'no-store' });
  }

  routes.get('/newsroom/topics', { ...guard, schema: { querystring: noticeQuery } }, async (request, reply) =>
    topicsPage(request, reply, { notice: request.query.done === 'none' ? undefined : NOTICES[request.query.done] }),
  );
  routes.post('/newsroom/topics', guard, async (request, reply) => {
    await checkToken(request);
    const values = requireForm(request, NAMED_FORM);
    const outcome = await taxonomy.createTopic(values);
    if (outcome.kind === 'invalid') return topicsPage(request, reply, { values, errors: errorsOf(outcome.problems), status: 422 });
    return done(reply, '/newsroom/topics', 'created');
  });

  async function topicEditPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    state: { values?: z.output<typeof NAMED_FORM>; errors?: Errors; status?: number },
  ) {
    const topic = await editing.findTopic(id);
    if (!topic) throw new AppError('not-found');
    const page = await frame(request, reply);
    const html = TaxonomyEditPage({
      ...page,
      kind: 'topics',
      title: `Topic: ${topic.name}`,
      readerPath: `/topic/${topic.slug}`,
      note: 'A new slug changes the topic’s address; the old one leads to the new one.',
      form: {
        action: `/newsroom/topics/${id}`,
        submitLabel: 'Save topic',
        hidden: { seen: topic.fingerprint },
        fields: topicFields(state.values ?? topic),
        errors: state.errors ?? {},
        csrfToken: page.csrfToken,
      },
    });
    return sendHtml(reply, html, { status: state.status ?? 200, caching: 'no-store' });
  }

  routes.get('/newsroom/topics/:id', { ...guard, schema: { params: idParams } }, async (request, reply) =>
    topicEditPage(request, reply, request.params.id, {}),
  );
  routes.post('/newsroom/topics/:id', { ...guard, schema: { params: idParams } }, async (request, reply) => {
    await checkToken(request);
    const values = requireForm(request, NAMED_FORM);
    const outcome = await editing.updateTopic(request.params.id, values);
    return afterEdit(reply, 'topics', outcome, (errors, status = 422) =>
      topicEditPage(request, reply, request.params.id, { values, errors, status }),
    );
  });

  // Authors -----------------------------------------------------------------------

  const authorFields = (values: Omit<z.output<typeof AUTHOR_FORM>, 'seen'>, withPicture: boolean): TaxonomyField[] => [
    { name: 'name', label: 'Name', value: values.name, maxlength: 60 },
    { name: 'slug', label: 'Slug', value: values.slug, hint: SLUG_HINT, maxlength: 80 },
    { name: 'jobTitle', label: 'Job title', value: values.jobTitle, maxlength: 300 },
    { name: 'bio', label: 'Biography', value: values.bio, kind: 'textarea', maxlength: 2000 },
    ...(withPicture
      ? [
          {
            name: 'picture',
            label: 'Picture',
            value: values.picture,
            hint: 'The picture’s id in the media library (as in its address, /media/<id>/…); empty for none.',
            maxlength: 200,
          },
        ]
      : []),
  ];
  const emptyAuthor = { name: '', slug: '', jobTitle: '', bio: '', picture: '' };

  async function authorsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { values?: z.output<typeof AUTHOR_FORM>; errors?: Errors; notice?: string; status?: number },
  ) {
    const page = await frame(request, reply);
    const authors = await taxonomy.listAuthors({ page: 1, limit: 1000 });
    const list = <AuthorList authors={authors.items} />;
    const html = TaxonomyListPage({
      ...page,
      kind: 'authors',
      intro:
        'Author profiles appear in bylines and on each author’s page. Add a picture from the author’s own page once the profile exists.',
      notice: state.notice,
      list,
      createHeading: 'Add an author',
      form: {
        action: '/newsroom/authors',
        submitLabel: 'Add author',
        fields: authorFields(state.values ?? emptyAuthor, false),
        errors: state.errors ?? {},
        csrfToken: page.csrfToken,
      },
    });
    return sendHtml(reply, html, { status: state.status ?? 200, caching: 'no-store' });
  }

  routes.get('/newsroom/authors', { ...guard, schema: { querystring: noticeQuery } }, async (request, reply) =>
    authorsPage(request, reply, { notice: request.query.done === 'none' ? undefined : NOTICES[request.query.done] }),
  );
  routes.post('/newsroom/authors', guard, async (request, reply) => {
    await checkToken(request);
    const values = requireForm(request, AUTHOR_FORM);
    const outcome = await taxonomy.createAuthor(values);
    if (outcome.kind === 'invalid') return authorsPage(request, reply, { values, errors: errorsOf(outcome.problems), status: 422 });
    return done(reply, '/newsroom/authors', 'created');
  });

  async function authorEditPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    state: { values?: z.output<typeof AUTHOR_FORM>; errors?: Errors; status?: number },
  ) {
    const author = await editing.findAuthor(id);
    if (!author) throw new AppError('not-found');
    const page = await frame(request, reply);
    const html = TaxonomyEditPage({
      ...page,
      kind: 'authors',
      title: `Author: ${author.name}`,
      readerPath: `/author/${author.slug}`,
      note: 'A new slug changes the author’s address; the old one leads to the new one.',
      form: {
        action: `/newsroom/authors/${id}`,
        submitLabel: 'Save profile',
        hidden: { seen: author.fingerprint },
        fields: authorFields(state.values ?? author, true),
        errors: state.errors ?? {},
        csrfToken: page.csrfToken,
      },
    });
    return sendHtml(reply, html, { status: state.status ?? 200, caching: 'no-store' });
  }

  routes.get('/newsroom/authors/:id', { ...guard, schema: { params: idParams } }, async (request, reply) =>
    authorEditPage(request, reply, request.params.id, {}),
  );
  routes.post('/newsroom/authors/:id', { ...guard, schema: { params: idParams } }, async (request, reply) => {
    await checkToken(request);
    const values = requireForm(request, AUTHOR_FORM);
    const outcome = await editing.updateAuthor(request.params.id, values);
    return afterEdit(reply, 'authors', outcome, (errors, status = 422) =>
      authorEditPage(request, reply, request.params.id, { values, errors, status }),
    );
  });
}
