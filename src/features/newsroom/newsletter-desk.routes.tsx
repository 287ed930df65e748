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
import { articleBodyHtml, articleBodySchema } from '../articles/articles.service.js';
import type {
  DeskIssue,
  DeskIssueContent,
  DeskNewsletter,
  DeskNewsletterInput,
  NewsletterDeskService,
  SendTestIssue,
} from './newsletter-desk.model.js';
import { EDITOR_ROLES } from './newsroom-actor.js';
import { utcToZonedLocal, zonedLocalToUtc } from './publication-time.js';
import { DESK_PATH, deskPathOf, issuePathOf, IssuePage, NewsletterEditPage, NewsletterListPage } from './views/newsletter-desk-pages.js';
import type { TaxonomyField, TaxonomyFormProps } from './views/taxonomy-pages.js';

export interface NewsletterDeskDependencies {
  newsletters: NewsletterDeskService;
  /** Absent when the newsletters feature offers no test send: the button is not shown. */
  sendTestIssue?: SendTestIssue;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
}

const text = (max: number) => fields.text(max).transform((value) => value.replaceAll('\u0000', ''));
const NEWSLETTER_FORM = z.object({
  name: text(200),
  slug: text(200),
  description: text(2000),
  frequency: text(200),
  senderName: text(200),
  access: inputs.choice(['registered', 'premium'], 'registered'),
  sendTime: text(10),
  isBriefing: fields.checkbox(),
});
const ISSUE_FORM = z.object({ subject: text(400), preheader: text(400), html: text(600_000), articles: text(2000) });
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

type Errors = Record<string, string | undefined>;
type NewsletterValues = z.output<typeof NEWSLETTER_FORM>;
type IssueValues = z.output<typeof ISSUE_FORM>;

/** The service's "field: message" problems, by field ('input' and unknown fields go to the first field). */
function errorsOf(problems: string[], known: string[]): Errors {
  const errors: Errors = {};
  for (const problem of problems) {
    const match = /^([A-Za-z]+)[.:]/.exec(problem);
    const field = match && known.includes(match[1]!) ? match[1]! : known[0]!;
    const message = problem.replace(/^[A-Za-z.0-9]+: /, '');
    errors[field] = errors[field] ? `${errors[field]} ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
  }
  return errors;
}

function newsletterFields(values: NewsletterValues): TaxonomyField[] {
  return [
    { name: 'name', label: 'Name', value: values.name, maxlength: 120 },
    { name: 'slug', label: 'Slug', value: values.slug, maxlength: 64, hint: 'Lowercase letters, digits and dashes: /newsletters/<slug>.' },
    { name: 'description', label: 'Description', value: values.description, kind: 'textarea', maxlength: 1000 },
    { name: 'frequency', label: 'Frequency', value: values.frequency, maxlength: 120, hint: 'As readers see it: "Every weekday morning".' },
    { name: 'senderName', label: 'Sender name', value: values.senderName, maxlength: 120 },
    {
      name: 'access',
      label: 'Who may get it',
      value: values.access,
      kind: 'select',
      options: [
        { value: 'registered', label: 'Registered readers (free)' },
        { value: 'premium', label: 'Premium subscribers only' },
      ],
    },
    {
      name: 'sendTime',
      label: 'Send time',
      value: values.sendTime,
      maxlength: 5,
      hint: 'HH:MM (24-hour) in the publication’s time zone: when the daily briefing goes. Empty for none.',
    },
    {
      name: 'isBriefing',
      label: 'Daily briefing from the home front',
      value: values.isBriefing ? 'on' : '',
      kind: 'select',
      options: [
        { value: '', label: 'Off: issues are composed by hand' },
        { value: 'on', label: 'On: every day at the send time, an issue of the front’s stories is made and sent' },
      ],
    },
  ];
}

function issueFields(values: IssueValues): TaxonomyField[] {
  return [
    { name: 'subject', label: 'Subject', value: values.subject, maxlength: 200 },
    { name: 'preheader', label: 'Preview line', value: values.preheader, maxlength: 200, hint: 'Shown by mail clients after the subject.' },
    { name: 'html', label: 'Body (HTML)', value: values.html, kind: 'textarea' },
    {
      name: 'articles',
      label: 'Or: article ids',
      value: values.articles,
      maxlength: 500,
      hint: 'Ids separated by commas, in order: 12, 15, 20.',
    },
  ];
}

const emptyNewsletter: NewsletterValues = {
  name: '',
  slug: '',
  description: '',
  frequency: '',
  senderName: '',
  access: 'registered',
  sendTime: '',
  isBriefing: false,
};
const valuesOfNewsletter = (newsletter: DeskNewsletter): NewsletterValues => ({ ...newsletter });
const inputOf = (values: NewsletterValues): DeskNewsletterInput => ({ ...values, slug: values.slug.trim().toLowerCase() });

/** The issue form's content: article ids when given, else the HTML. */
function contentOf(values: IssueValues): DeskIssueContent | { problem: string } {
  if (values.articles.trim()) {
    const parts = values.articles.split(/[\s,]+/).filter(Boolean);
    if (!parts.every((part) => /^[1-9]\d{0,9}$/.test(part))) return { problem: 'Give article ids as whole numbers separated by commas.' };
    return { kind: 'articles', articleIds: parts.map(Number) };
  }
  return { kind: 'html', html: values.html };
}

function valuesOfIssue(issue: DeskIssue): IssueValues {
  let html = '';
  if (issue.bodyJson) {
    const body = articleBodySchema.safeParse(JSON.parse(issue.bodyJson));
    if (body.success) html = articleBodyHtml(body.data, {});
  }
  return { subject: issue.subject, preheader: issue.preheader, html, articles: issue.articleIds?.join(', ') ?? '' };
}

export function registerNewsletterDeskRoutes(app: FastifyInstance, deps: NewsletterDeskDependencies): void {
  const { newsletters, sessions, csrf } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const guard = { preValidation: requireRole(sessions, EDITOR_ROLES) };

  async function frame(request: FastifyRequest, reply: FastifyReply, notice?: NoticeKey | 'none') {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    return { csrfToken, account, site: await deps.loadSite(), notice: notice && notice !== 'none' ? NOTICES[notice] : undefined };
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

  async function listPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { values?: NewsletterValues; errors?: Errors; notice?: NoticeKey | 'none' },
  ) {
    const page = await frame(request, reply, state.notice);
    const html = NewsletterListPage({
      ...page,
      newsletters: await newsletters.listNewsletters(),
      form: form(DESK_PATH, 'Add the newsletter', newsletterFields(state.values ?? emptyNewsletter), state.errors ?? {}, page.csrfToken),
    });
    return sendHtml(reply, html, { status: state.errors ? 422 : 200, caching: 'no-store' });
  }

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    newsletter: DeskNewsletter,
    state: { values?: NewsletterValues; errors?: Errors; issueValues?: IssueValues; issueErrors?: Errors; notice?: NoticeKey | 'none' },
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
      issueForm: form(
        `${path}/issues`,
        'Save as draft',
        issueFields(state.issueValues ?? { subject: '', preheader: '', html: '', articles: '' }),
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
    state: { values?: IssueValues; errors?: Errors; scheduleValue?: string; scheduleError?: string; notice?: NoticeKey | 'none' },
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
        ? form(path, 'Save the issue', issueFields(state.values ?? valuesOfIssue(issue)), state.errors ?? {}, page.csrfToken)
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
      return listPage(request, reply, { values, errors: errorsOf(outcome.problems, Object.keys(emptyNewsletter)) });
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
      return editPage(request, reply, newsletter, { values, errors: errorsOf(outcome.problems, Object.keys(emptyNewsletter)) });
    throw new AppError('not-found');
  });

  routes.post(`${DESK_PATH}/:slug/issues`, { ...guard, schema: { params: slugParams } }, async (request, reply) => {
    const session = await checked(request);
    const newsletter = await newsletterAt(request.params.slug);
    const values = requireForm(request, ISSUE_FORM);
    const content = contentOf(values);
    const again = (issueErrors: Errors) => editPage(request, reply, newsletter, { issueValues: values, issueErrors });
    if ('problem' in content) return again({ articles: content.problem });
    const outcome = await newsletters.createIssue(newsletter.id, {
      subject: values.subject,
      preheader: values.preheader,
      content,
      createdBy: session.user.id,
    });
    if (outcome.kind === 'saved') return done(reply, issuePathOf(newsletter, outcome.issue), 'issue-created');
    if (outcome.kind === 'invalid') return again(errorsOf(outcome.problems, Object.keys(values)));
    throw new AppError('not-found');
  });

  routes.get(
    `${DESK_PATH}/:slug/issues/:id`,
    { ...guard, schema: { params: issueParams, querystring: noticeQuery } },
    async (request, reply) => issuePage(request, reply, await issueAt(request.params), { notice: request.query.done }),
  );

  routes.post(`${DESK_PATH}/:slug/issues/:id`, { ...guard, schema: { params: issueParams } }, async (request, reply) => {
    const session = await checked(request);
    const found = await issueAt(request.params);
    const values = requireForm(request, ISSUE_FORM);
    const content = contentOf(values);
    if ('problem' in content) return issuePage(request, reply, found, { values, errors: { articles: content.problem } });
    const outcome = await newsletters.updateIssue(found.issue.id, {
      subject: values.subject,
      preheader: values.preheader,
      content,
      createdBy: session.user.id,
    });
    if (outcome.kind === 'saved') return done(reply, issuePathOf(found.newsletter, found.issue), 'saved');
    if (outcome.kind === 'invalid')
      return issuePage(request, reply, found, { values, errors: errorsOf(outcome.problems, Object.keys(values)) });
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
