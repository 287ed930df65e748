// The Admin API's newsletters (editor role and above): create a newsletter,
// create an issue (staff HTML or a list of article ids), send it now or at a
// time, and read an issue with its delivery figures. Thin: the newsletters
// service owns every rule; its refusals are 422 (problems), 404 or 409 (the
// issue is not in a state that allows it).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { MAX_ID, type ZodTypeProvider } from '../../core/http/route-input.js';
import { sendErrors, sendProblems } from './admin-api-replies.js';

type Access = 'registered' | 'premium';
type Problems = { kind: 'invalid'; problems: string[] };

export interface ApiNewsletter {
  id: number;
  slug: string;
  name: string;
  description: string;
  access: Access;
}

export interface ApiIssue {
  id: number;
  newsletterId: number;
  subject: string;
  state: string;
  sendAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
}

export interface ApiIssueFigures {
  recipients: number;
  sent: number;
  failed: number;
  bounced: number;
  unsubscribed: number;
  pending: number;
}

type Transition = { kind: 'ok'; issue: ApiIssue } | { kind: 'unknown-issue' } | { kind: 'wrong-state'; state: string } | Problems;

/** The newsletters service functions these endpoints call (newsletters.service.ts). */
export interface NewsletterEndpointService {
  createNewsletter(input: {
    name: string;
    slug: string;
    description: string;
    access: Access;
  }): Promise<{ kind: 'saved'; newsletter: ApiNewsletter } | Problems | { kind: 'slug-taken' } | { kind: 'unknown-newsletter' }>;
  findNewsletterBySlug(slug: string): Promise<ApiNewsletter | null | undefined>;
  createIssue(
    newsletterId: number,
    input: {
      subject: string;
      content: { kind: 'html'; html: string } | { kind: 'articles'; articleIds: number[] };
      createdBy: number | null;
    },
  ): Promise<
    | { kind: 'saved'; issue: ApiIssue }
    | Problems
    | { kind: 'unknown-newsletter' }
    | { kind: 'unknown-issue' }
    | { kind: 'wrong-state'; state: string }
  >;
  findIssue(issueId: number): Promise<ApiIssue | null | undefined>;
  sendIssueNow(issueId: number): Promise<Transition>;
  scheduleIssue(issueId: number, sendAt: string): Promise<Transition>;
  issueFigures(issueId: number): Promise<ApiIssueFigures | null>;
}

export interface NewsletterEndpointDependencies {
  newsletters: NewsletterEndpointService;
}

const tags = ['newsletters'];
/** Generous for an email; the site's usual 64 KB would refuse a long issue. */
const ISSUE_BODY_LIMIT = 2 * 1024 * 1024;
const text = (max: number) => z.string().max(max * 4);
const id = z.coerce.number().int().min(1).max(MAX_ID);
const slug = z.string().max(80);

export const createNewsletterBody = z.strictObject({
  name: text(80),
  slug: text(80),
  description: text(500).optional(),
  access: z.enum(['registered', 'premium'], { error: 'access is "registered" or "premium".' }),
});

export const createIssueBody = z
  .strictObject({
    subject: text(200),
    html: z.string().max(1_000_000).optional(),
    articles: z.array(id).min(1).max(50).optional(),
  })
  .refine((body) => (body.html === undefined) !== (body.articles === undefined), {
    message: 'Send either html or articles (a list of article ids), not both.',
    path: ['html'],
  });

// No body at all arrives as null.
export const sendIssueBody = z.strictObject({ sendAt: z.iso.datetime({ offset: true }).optional() }).nullish();

const newsletterParams = z.object({ slug });
const issueParams = z.object({ slug, id });

function newsletterObject(newsletter: ApiNewsletter) {
  const { id: newsletterId, slug: newsletterSlug, name, description, access } = newsletter;
  return { id: newsletterId, slug: newsletterSlug, name, description, access };
}

function issueObject(issue: ApiIssue, figures?: ApiIssueFigures | null) {
  return {
    id: issue.id,
    subject: issue.subject,
    state: issue.state,
    sendAt: issue.sendAt,
    startedAt: issue.startedAt,
    finishedAt: issue.finishedAt,
    createdAt: issue.createdAt,
    ...(figures
      ? {
          figures: {
            recipients: figures.recipients,
            sent: figures.sent,
            failed: figures.failed,
            bounced: figures.bounced,
            unsubscribed: figures.unsubscribed,
            pending: figures.pending,
          },
        }
      : {}),
  };
}

const asProblems = (problems: string[]) => problems.map((message) => ({ message }));

export function registerNewsletterEndpoints(api: FastifyInstance, deps: NewsletterEndpointDependencies): void {
  const routes = api.withTypeProvider<ZodTypeProvider>();
  const { newsletters } = deps;

  /** The issue at /newsletters/<slug>/issues/<id>: it must belong to that newsletter. */
  async function issueAt(params: { slug: string; id: number }): Promise<ApiIssue | null> {
    const newsletter = await newsletters.findNewsletterBySlug(params.slug);
    if (!newsletter) return null;
    const issue = await newsletters.findIssue(params.id);
    return issue && issue.newsletterId === newsletter.id ? issue : null;
  }

  function transitionReply(reply: FastifyReply, outcome: Transition) {
    if (outcome.kind === 'ok') return reply.code(202).send(issueObject(outcome.issue));
    if (outcome.kind === 'unknown-issue') return sendErrors(reply, 404);
    if (outcome.kind === 'invalid') return sendProblems(reply, asProblems(outcome.problems));
    return sendErrors(reply, 409, [{ message: `The issue is ${outcome.state}: it cannot be sent again.` }]);
  }

  routes.post('/newsletters', { config: { apiRole: 'editor' }, schema: { tags, body: createNewsletterBody } }, async (request, reply) => {
    const outcome = await newsletters.createNewsletter({ ...request.body, description: request.body.description ?? '' });
    if (outcome.kind === 'saved') return reply.code(201).send(newsletterObject(outcome.newsletter));
    if (outcome.kind === 'slug-taken') return sendProblems(reply, [{ field: 'slug', message: 'Another newsletter has that slug.' }]);
    if (outcome.kind === 'invalid') return sendProblems(reply, asProblems(outcome.problems));
    return sendErrors(reply, 404);
  });

  routes.post(
    '/newsletters/:slug/issues',
    { config: { apiRole: 'editor' }, bodyLimit: ISSUE_BODY_LIMIT, schema: { tags, params: newsletterParams, body: createIssueBody } },
    async (request, reply) => {
      const newsletter = await newsletters.findNewsletterBySlug(request.params.slug);
      if (!newsletter) return sendErrors(reply, 404);
      const { subject, html, articles } = request.body;
      const content = articles ? { kind: 'articles' as const, articleIds: articles } : { kind: 'html' as const, html: html ?? '' };
      const outcome = await newsletters.createIssue(newsletter.id, { subject, content, createdBy: null });
      if (outcome.kind === 'saved') return reply.code(201).send(issueObject(outcome.issue));
      if (outcome.kind === 'invalid') return sendProblems(reply, asProblems(outcome.problems));
      return sendErrors(reply, 404);
    },
  );

  routes.post(
    '/newsletters/:slug/issues/:id/send',
    { config: { apiRole: 'editor' }, schema: { tags, params: issueParams, body: sendIssueBody } },
    async (request, reply) => {
      const issue = await issueAt(request.params);
      if (!issue) return sendErrors(reply, 404);
      const sendAt = request.body?.sendAt;
      const outcome = sendAt ? await newsletters.scheduleIssue(issue.id, sendAt) : await newsletters.sendIssueNow(issue.id);
      return transitionReply(reply, outcome);
    },
  );

  routes.get(
    '/newsletters/:slug/issues/:id',
    { config: { apiRole: 'editor' }, schema: { tags, params: issueParams } },
    async (request, reply) => {
      const issue = await issueAt(request.params);
      if (!issue) return sendErrors(reply, 404);
      return reply.header('cache-control', 'no-store').send(issueObject(issue, await newsletters.issueFigures(issue.id)));
    },
  );
}
