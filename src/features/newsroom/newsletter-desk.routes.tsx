// The newsroom's newsletters (editors and admins): `/newsroom/newsletters`
// (list, add), `/newsroom/newsletters/<slug>` (settings, issues, new issue),
// `/newsroom/newsletters/<slug>/issues/<id>` (edit, preview, test, schedule,
// send, pause, resume, cancel; figures). Thin: the newsletters service owns
// every rule; a refused form comes back with a 422 and nothing stored.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { fields, inputs, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { articleBodySchema } from '../articles/articles.service.js';
import type { ArticleBody } from '../articles/articles.types.js';
import {
  appendBlocks,
  EMPTY_NEWSLETTER,
  errorsOf,
  ISSUE_FORM,
  issueErrorsOf,
  issueFormValues,
  NEWSLETTER_FORM,
  newsletterFields,
  readIssueForm,
  type Errors,
  type IssueFormReading,
  type IssueFormValues,
  type NewsletterValues,
} from './newsletter-desk.forms.js';
import type {
  DeskIssue,
  DeskIssueContent,
  DeskNewsletter,
  DeskNewsletterInput,
  NewsletterDeskService,
  SendTestIssue,
} from './newsletter-desk.model.js';
import { EDITOR_ROLES } from './newsroom-actor.js';
import { EDITOR_BODY_LIMIT } from './posted-body.js';
import { utcToZonedLocal, zonedLocalToUtc } from './publication-time.js';
import { DESK_PATH, deskPathOf, issuePathOf, IssuePage, NewsletterEditPage, NewsletterListPage } from './views/newsletter-desk-pages.js';
import type { IssueEditorProps } from './views/newsletter-issue-editor.js';
import type { TaxonomyField, TaxonomyFormProps } from './views/taxonomy-pages.js';

export interface NewsletterDeskDependencies {
  newsletters: NewsletterDeskService;
  /** Absent when the newsletters feature offers no test send: the button is not shown. */
  sendTestIssue?: SendTestIssue;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
  /** The article editor's script (client-scripts.ts `newsroom`): the issue's body is edited with it. Absent: the textarea. */
  editorScripts?: string[];
}

const text = (max: number) => fields.text(max).transform((value) => value.replaceAll('\u0000', ''));
const ACTION_FORM = z.object({
  action: z.enum(['test', 'send-now', 'schedule', 'unschedule', 'pause', 'resume', 'cancel']),
  sendAt: text(40),
});
const NOTICES = {
  created: 'Added.',
  saved: 'Saved.',
  'issue-created': 'The issue is saved as a draft.',
  test: 'A test copy is on its way to your address.',
  'send-now': 'Sending has started.',
  schedule: 'Scheduled.',
  unschedule: 'Back to draft: it will not be sent.',
  pause: 'Paused: nobody else is sent it until you resume.',
  resume: 'Resumed.',
  cancel: 'Cancelled: nobody else is sent it.',
} as const;
type NoticeKey = keyof typeof NOTICES;
const noticeQuery = z.object({ done: inputs.choice(['none', ...(Object.keys(NOTICES) as [NoticeKey, ...NoticeKey[]])], 'none') });
const slugParams = z.object({ slug: z.string().max(200) });
const issueParams = z.object({ slug: z.string().max(200), id: inputs.id() });
const previewQuery = z.object({ as: inputs.choice(['registered', 'premium'], 'registered') });
/** The email preview is its own document: its inlined styles allowed, nothing else (no script, no framing). */
const PREVIEW_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'none'";

const NOT_SENT_PREVIEW =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not sent</title></head><body><main><h1>Not sent</h1>' +
  '<p>This newsletter is for Premium subscribers: a registered reader without Premium is not sent this issue.</p></main></body></html>';

const valuesOfNewsletter = (newsletter: DeskNewsletter): NewsletterValues => ({ ...newsletter });
const inputOf = (values: NewsletterValues): DeskNewsletterInput => ({ ...values, slug: values.slug.trim().toLowerCase() });

/** The issue's body as the editor starts from it: the stored document, or the listed articles as blocks. */
async function storedBodyOf(newsletters: NewsletterDeskService, issue: DeskIssue): Promise<ArticleBody | null> {
  if (issue.bodyJson) {
    const body = articleBodySchema.safeParse(JSON.parse(issue.bodyJson));
    return body.success ? body.data : null;
  }
  if (!issue.articleIds) return null;
  const composed = await newsletters.composeFromArticles(issue.articleIds, { skipUnpublished: true });
  return composed.kind === 'composed' ? composed.body : null;
}

/**
 * What to store from a read form: the body as posted (or as stored, when untouched) with the
 * articles' blocks after it. An issue that lists articles (the Admin API's) and comes back untouched
 * keeps its list; any change makes it a body the editor owns.
 */
async function contentFrom(
  newsletters: NewsletterDeskService,
  reading: IssueFormReading,
  stored: { issue: DeskIssue | null; body: ArticleBody | null },
): Promise<DeskIssueContent | { errors: Errors }> {
  if (!reading.body && !reading.articleIds && stored.issue?.articleIds) return { kind: 'articles', articleIds: stored.issue.articleIds };
  let body = reading.body ?? stored.body;
  if (reading.articleIds) {
    const composed = await newsletters.composeFromArticles(reading.articleIds);
    if (composed.kind === 'invalid') return { errors: issueErrorsOf(composed.problems) };
    body = appendBlocks(body, composed.body);
  }
  return { kind: 'body', bodyJson: JSON.stringify(body ?? { type: 'doc', content: [] }) };
}

export function registerNewsletterDeskRoutes(app: FastifyInstance, deps: NewsletterDeskDependencies): void {
  const { newsletters, sessions, csrf } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const editorOnly = requireRole(sessions, EDITOR_ROLES);
  const guard = { preValidation: editorOnly };
  // The issue's body is as large as an article's: the role is checked on request, before a body that size is read.
  const issueBody = { onRequest: editorOnly, bodyLimit: EDITOR_BODY_LIMIT };

  async function frame(request: FastifyRequest, reply: FastifyReply, notice?: NoticeKey | 'none') {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    return {
      csrfToken,
      account,
      site: await deps.loadSite(),
      notice: notice && notice !== 'none' ? NOTICES[notice] : undefined,
      scripts: deps.editorScripts,
    };
  }

  async function checked(request: FastifyRequest): Promise<CurrentSession> {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    return session;
  }

  async function newsletterAt(slug: string): Promise<DeskNewsletter> {
    const newsletter = await newsletters.findNewsletterBySlug(slug);
    if (!newsletter) throw new AppError('not-found');
    return newsletter;
  }

  async function issueAt(params: { slug: string; id: number }) {
    const newsletter = await newsletterAt(params.slug);
    const issue = await newsletters.findIssue(params.id);
    if (!issue || issue.newsletterId !== newsletter.id) throw new AppError('not-found');
    return { newsletter, issue };
  }

  const done = (reply: FastifyReply, path: string, what: NoticeKey) =>
    reply.header('cache-control', 'no-store').redirect(`${path}?done=${what}`, 303);

  const form = (action: string, submitLabel: string, fieldList: TaxonomyField[], errors: Errors, csrfToken: string): TaxonomyFormProps => ({
    action,
    submitLabel,
    fields: fieldList,
    errors,
    csrfToken,
  });
  const issueEditor = (
    action: string,
    submitLabel: string,
    values: IssueFormValues,
    errors: Errors,
    csrfToken: string,
  ): IssueEditorProps => ({
    action,
    submitLabel,
    values,
    errors,
    csrfToken,
  });

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { values?: NewsletterValues; errors?: Errors; notice?: NoticeKey | 'none' },
  ) {
    const page = await frame(request, reply, state.notice);
    const html = NewsletterListPage({
      ...page,
      newsletters: await newsletters.listNewsletters(),
      form: form(DESK_PATH, 'Add the newsletter', newsletterFields(state.values ?? EMPTY_NEWSLETTER), state.errors ?? {}, page.csrfToken),
    });
    return sendHtml(reply, html, { status: state.errors ? 422 : 200, caching: 'no-store' });
  }

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    newsletter: DeskNewsletter,
    state: { values?: NewsletterValues; errors?: Errors; issueValues?: IssueFormValues; issueErrors?: Errors; notice?: NoticeKey | 'none' },
  ) {
    const page = await frame(request, reply, state.notice);
    const path = deskPathOf(newsletter);
    const html = NewsletterEditPage({
      ...page,
      newsletter,
      issues: await newsletters.listIssues(newsletter.id, { limit: 50 }),
      briefing: await newsletters.describeBriefing(newsletter.id),
      form: form(
        path,
        'Save settings',
        newsletterFields(state.values ?? valuesOfNewsletter(newsletter)),
        state.errors ?? {},
        page.csrfToken,
      ),
      issueForm: issueEditor(
        `${path}/issues`,
        'Save as draft',
        state.issueValues ?? issueFormValues(null, null),
        state.issueErrors ?? {},
        page.csrfToken,
      ),
    });
    return sendHtml(reply, html, { status: state.errors || state.issueErrors ? 422 : 200, caching: 'no-store' });
  }

  async function issuePage(
    request: FastifyRequest,
    reply: FastifyReply,
    found: { newsletter: DeskNewsletter; issue: DeskIssue },
    state: { values?: IssueFormValues; errors?: Errors; scheduleValue?: string; scheduleError?: string; notice?: NoticeKey | 'none' },
  ) {
    const { newsletter, issue } = found;
    const page = await frame(request, reply, state.notice);
    const editable = issue.state === 'draft' || issue.state === 'scheduled';
    const path = issuePathOf(newsletter, issue);
    const html = IssuePage({
      ...page,
      newsletter,
      issue,
      figures: issue.state === 'draft' || issue.state === 'scheduled' ? null : await newsletters.issueFigures(issue.id),
      form: editable
        ? issueEditor(
            path,
            'Save the issue',
            state.values ?? issueFormValues(issue, await storedBodyOf(newsletters, issue)),
            state.errors ?? {},
            page.csrfToken,
          )
        : null,
      scheduleValue: state.scheduleValue ?? (issue.sendAt ? utcToZonedLocal(issue.sendAt, page.site.timeZone) : ''),
      scheduleError: state.scheduleError,
      canSendTest: deps.sendTestIssue !== undefined,
    });
    return sendHtml(reply, html, { status: state.errors || state.scheduleError ? 422 : 200, caching: 'no-store' });
  }

  routes.get(DESK_PATH, { ...guard, schema: { querystring: noticeQuery } }, (request, reply) =>
    listPage(request, reply, { notice: request.query.done }),
  );

  routes.post(DESK_PATH, guard, async (request, reply) => {
    await checked(request);
    const values = requireForm(request, NEWSLETTER_FORM);
    const outcome = await newsletters.createNewsletter(inputOf(values));
    if (outcome.kind === 'saved') return done(reply, deskPathOf(outcome.newsletter), 'created');
    if (outcome.kind === 'slug-taken') return listPage(request, reply, { values, errors: { slug: 'Another newsletter has that slug.' } });
    if (outcome.kind === 'invalid')
      return listPage(request, reply, { values, errors: errorsOf(outcome.problems, Object.keys(EMPTY_NEWSLETTER)) });
    throw new AppError('not-found');
  });

  routes.get(`${DESK_PATH}/:slug`, { ...guard, schema: { params: slugParams, querystring: noticeQuery } }, async (request, reply) =>
    editPage(request, reply, await newsletterAt(request.params.slug), { notice: request.query.done }),
  );

  routes.post(`${DESK_PATH}/:slug`, { ...guard, schema: { params: slugParams } }, async (request, reply) => {
    await checked(request);
    const newsletter = await newsletterAt(request.params.slug);
    const values = requireForm(request, NEWSLETTER_FORM);
    const outcome = await newsletters.updateNewsletter(newsletter.id, inputOf(values));
    if (outcome.kind === 'saved') return done(reply, deskPathOf(outcome.newsletter), 'saved');
    if (outcome.kind === 'slug-taken')
      return editPage(request, reply, newsletter, { values, errors: { slug: 'Another newsletter has that slug.' } });
    if (outcome.kind === 'invalid')
      return editPage(request, reply, newsletter, { values, errors: errorsOf(outcome.problems, Object.keys(EMPTY_NEWSLETTER)) });
    throw new AppError('not-found');
  });

  routes.post(`${DESK_PATH}/:slug/issues`, { ...issueBody, schema: { params: slugParams } }, async (request, reply) => {
    const session = await checked(request);
    const newsletter = await newsletterAt(request.params.slug);
    const reading = readIssueForm(requireForm(request, ISSUE_FORM), null);
    const again = (issueErrors: Errors) => editPage(request, reply, newsletter, { issueValues: reading.values, issueErrors });
    if (Object.keys(reading.errors).length) return again(reading.errors);
    const content = await contentFrom(newsletters, reading, { issue: null, body: null });
    if ('errors' in content) return again(content.errors);
    const { subject, preheader } = reading.values;
    const outcome = await newsletters.createIssue(newsletter.id, { subject, preheader, content, createdBy: session.user.id });
    if (outcome.kind === 'saved') return done(reply, issuePathOf(newsletter, outcome.issue), 'issue-created');
    if (outcome.kind === 'invalid') return again(issueErrorsOf(outcome.problems));
    throw new AppError('not-found');
  });

  routes.get(
    `${DESK_PATH}/:slug/issues/:id`,
    { ...guard, schema: { params: issueParams, querystring: noticeQuery } },
    async (request, reply) => issuePage(request, reply, await issueAt(request.params), { notice: request.query.done }),
  );

  routes.post(`${DESK_PATH}/:slug/issues/:id`, { ...issueBody, schema: { params: issueParams } }, async (request, reply) => {
    const session = await checked(request);
    const found = await issueAt(request.params);
    const storedBody = await storedBodyOf(newsletters, found.issue);
    const reading = readIssueForm(requireForm(request, ISSUE_FORM), storedBody);
    const again = (errors: Errors) => issuePage(request, reply, found, { values: reading.values, errors });
    if (Object.keys(reading.errors).length) return again(reading.errors);
    const content = await contentFrom(newsletters, reading, { issue: found.issue, body: storedBody });
    if ('errors' in content) return again(content.errors);
    const { subject, preheader } = reading.values;
    const outcome = await newsletters.updateIssue(found.issue.id, { subject, preheader, content, createdBy: session.user.id });
    if (outcome.kind === 'saved') return done(reply, issuePathOf(found.newsletter, found.issue), 'saved');
    if (outcome.kind === 'invalid') return again(issueErrorsOf(outcome.problems));
    if (outcome.kind === 'wrong-state')
      return issuePage(request, reply, { ...found, issue: (await newsletters.findIssue(found.issue.id)) ?? found.issue }, {});
    throw new AppError('not-found');
  });

  routes.post(`${DESK_PATH}/:slug/issues/:id/action`, { ...guard, schema: { params: issueParams } }, async (request, reply) => {
    const session = await checked(request);
    const found = await issueAt(request.params);
    const { action, sendAt } = requireForm(request, ACTION_FORM);
    const path = issuePathOf(found.newsletter, found.issue);
    if (action === 'test') {
      if (!deps.sendTestIssue) throw new AppError('not-found');
      await deps.sendTestIssue(found.issue.id, session.user.email);
      return done(reply, path, 'test');
    }
    let outcome;
    if (action === 'schedule') {
      const reading = zonedLocalToUtc(sendAt, (await deps.loadSite()).timeZone);
      if (reading.kind === 'invalid') return issuePage(request, reply, found, { scheduleValue: sendAt, scheduleError: reading.message });
      outcome = await newsletters.scheduleIssue(found.issue.id, reading.iso);
      if (outcome.kind === 'invalid')
        return issuePage(request, reply, found, { scheduleValue: sendAt, scheduleError: errorsOf(outcome.problems, ['sendAt']).sendAt });
    } else {
      const moves = {
        'send-now': newsletters.sendIssueNow,
        unschedule: newsletters.unscheduleIssue,
        pause: newsletters.pauseIssue,
        resume: newsletters.resumeIssue,
        cancel: newsletters.cancelIssue,
      } as const;
      outcome = await moves[action](found.issue.id);
    }
    if (outcome.kind === 'ok') return done(reply, path, action);
    if (outcome.kind === 'unknown-issue') throw new AppError('not-found');
    // Someone else moved it first (or the page was stale): show where it is now.
    return issuePage(request, reply, { ...found, issue: (await newsletters.findIssue(found.issue.id)) ?? found.issue }, {});
  });

  routes.get(
    `${DESK_PATH}/:slug/issues/:id/preview`,
    { ...guard, schema: { params: issueParams, querystring: previewQuery } },
    async (request, reply) => {
      const found = await issueAt(request.params);
      // The email is the same for every recipient (premium articles are links for all); who gets it differs.
      const html =
        found.newsletter.access === 'premium' && request.query.as === 'registered'
          ? NOT_SENT_PREVIEW
          : (await newsletters.renderIssueEmail(found.issue.id)).html;
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-security-policy', PREVIEW_POLICY)
        .header('x-robots-tag', 'noindex')
        .send(html);
    },
  );
}
