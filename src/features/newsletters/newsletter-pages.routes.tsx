// The reader's side of newsletters: /newsletters (sign up and unsubscribe with
// one button each) and the web archive (/newsletters/<slug>, /newsletters/<slug>/<issue>).
// Thin: sessions, CSRF and the remembered sign-up intent here; what a sign-up
// means is the newsletters service's. Every page is per reader: never cached.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { CookieSettings } from '../../core/http/cookies.js';
import type { Csrf } from '../../core/http/csrf.js';
import type { PageSender } from '../../core/http/page-sender.js';
import { inputs, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import type { SiteContext } from '../../core/views/site-context.js';
import {
  SLUG_PATTERN,
  type NewsletterCard,
  type NewsletterListing,
  type NewsletterReaderService,
  type ReaderState,
} from './newsletter-pages.model.js';
import { decideArchiveAccess, type ArchiveReader, type NewsletterArchive } from './newsletters-archive.service.js';
import { createSignupIntents } from './signup-intent.js';
import { ArchivePage, IssuePage } from './views/archive-pages.js';
import { NEWSLETTERS_PATH, NewslettersPage, type NewslettersNotice } from './views/newsletters-page.js';

export interface NewsletterPagesDependencies {
  newsletters: NewsletterReaderService;
  archive: NewsletterArchive;
  /** An issue's content as a web page fragment (null: nothing to show); asked only once the reader may read it. */
  renderIssueForWeb(issueId: number): Promise<string | null>;
  /** Whether a signed-in reader's Premium subscription is running (the access feature's). */
  isSubscriber(userId: number): Promise<boolean>;
  sessions: SessionManager;
  csrf: Csrf;
  pages: PageSender;
  cookies: CookieSettings;
  /** Signs the remembered sign-up intent. */
  secret: string;
  now: () => Date;
  loadSite(): Promise<SiteContext>;
}

const NOTICES = ['signed-up', 'unsubscribed', 'premium-required'] as const;
const slugParam = z.string().regex(SLUG_PATTERN);
const listQuery = z.object({ done: inputs.choice(['none', ...NOTICES], 'none'), list: inputs.optionalText(80) });
const archiveQuery = z.object({ before: inputs.id().optional() });

export function registerNewsletterPages(app: FastifyInstance, deps: NewsletterPagesDependencies): void {
  const { newsletters, sessions, csrf, pages } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const intents = createSignupIntents({ secret: deps.secret, cookies: deps.cookies, now: deps.now });

  async function newsletterAt(slug: string): Promise<NewsletterCard> {
    const newsletter = await newsletters.findNewsletterBySlug(slug);
    if (!newsletter) throw new AppError('not-found');
    return newsletter;
  }

  async function listingsFor(reader: ReaderState): Promise<NewsletterListing[]> {
    const rows =
      reader.kind === 'signed-in'
        ? await newsletters.listReaderNewsletters(reader.userId)
        : (await newsletters.listNewsletters()).map((newsletter) => ({
            newsletter,
            isSubscribed: false,
            status: { kind: 'receiving' as const },
          }));
    const latest = await deps.archive.latestIssues(rows.map((row) => row.newsletter.id));
    return rows.map((row) => ({ ...row, latestIssue: latest.get(row.newsletter.id) ?? null }));
  }

  function backToList(reply: FastifyReply, done: (typeof NOTICES)[number], slug: string) {
    return reply
      .header('cache-control', 'no-store')
      .redirect(`${NEWSLETTERS_PATH}?done=${done}&list=${encodeURIComponent(slug)}#newsletter-${slug}`, 303);
  }

  /** An anonymous reader's sign-up, remembered while they register, completed here once they have a session. */
  async function completeRememberedSignUp(request: FastifyRequest, reply: FastifyReply, session: CurrentSession) {
    const intent = intents.take(request, reply);
    if (!intent) return undefined;
    const newsletter = await newsletters.findNewsletter(intent.newsletterId);
    if (!newsletter) return undefined;
    const outcome = await newsletters.subscribeReader(session.user.id, newsletter.id);
    if (outcome.kind === 'unknown-newsletter') return undefined;
    return { kind: outcome.kind === 'subscribed' ? 'signed-up' : 'premium-required', name: newsletter.name } as NewslettersNotice;
  }

  routes.get(NEWSLETTERS_PATH, { schema: { querystring: listQuery } }, async (request, reply) => {
    const session = await sessions.current(request);
    const reader: ReaderState = session ? { kind: 'signed-in', userId: session.user.id } : { kind: 'anonymous' };
    let notice = session ? await completeRememberedSignUp(request, reply, session) : undefined;
    const listings = await listingsFor(reader);
    const { done, list } = request.query;
    if (!notice && done !== 'none' && list) {
      const named = listings.find((listing) => listing.newsletter.slug === list);
      if (named) notice = { kind: done, name: named.newsletter.name };
    }
    const page = NewslettersPage({
      site: await deps.loadSite(),
      listings,
      reader,
      csrfToken: csrf.tokenFor(request, reply, session?.id),
      ...(notice ? { notice } : {}),
    });
    return pages.sendBuiltPage(reply, page, { caching: 'no-store' });
  });

  routes.post(`${NEWSLETTERS_PATH}/:slug/sign-up`, { schema: { params: z.object({ slug: slugParam }) } }, async (request, reply) => {
    const session = await sessions.current(request);
    csrf.requireFormToken(request, session?.id);
    const newsletter = await newsletterAt(request.params.slug);
    if (!session) {
      // Registration (or sign-in, linked from its form) brings the reader back here, where the sign-up is completed.
      intents.remember(reply, newsletter.id);
      return reply.header('cache-control', 'no-store').redirect(`/register?next=${encodeURIComponent(NEWSLETTERS_PATH)}`, 303);
    }
    const outcome = await newsletters.subscribeReader(session.user.id, newsletter.id);
    if (outcome.kind === 'unknown-newsletter') throw new AppError('not-found');
    return backToList(reply, outcome.kind === 'subscribed' ? 'signed-up' : 'premium-required', newsletter.slug);
  });

  routes.post(`${NEWSLETTERS_PATH}/:slug/unsubscribe-me`, { schema: { params: z.object({ slug: slugParam }) } }, async (request, reply) => {
    const session = await sessions.current(request);
    if (!session) return reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent(NEWSLETTERS_PATH)}`, 303);
    csrf.requireFormToken(request, session.id);
    const newsletter = await newsletterAt(request.params.slug);
    await newsletters.unsubscribeReader(session.user.id, newsletter.id);
    return backToList(reply, 'unsubscribed', newsletter.slug);
  });

  async function archiveReader(session: CurrentSession | null): Promise<ArchiveReader> {
    if (!session) return { kind: 'anonymous' };
    if (session.user.role !== 'reader') return { kind: 'staff' };
    return { kind: 'registered', isPremium: await deps.isSubscriber(session.user.id) };
  }

  routes.get(
    `${NEWSLETTERS_PATH}/:slug`,
    { schema: { params: z.object({ slug: slugParam }), querystring: archiveQuery } },
    async (request, reply) => {
      const newsletter = await newsletterAt(request.params.slug);
      const past = await deps.archive.pastIssues(newsletter.id, request.query.before ?? null);
      if (request.query.before !== undefined && past.issues.length === 0) throw new AppError('not-found');
      const page = ArchivePage({ site: await deps.loadSite(), newsletter, ...past });
      return pages.sendBuiltPage(reply, page, { caching: 'private' });
    },
  );

  routes.get(
    `${NEWSLETTERS_PATH}/:slug/:issueId`,
    { schema: { params: z.object({ slug: slugParam, issueId: inputs.id() }) } },
    async (request, reply) => {
      const newsletter = await newsletterAt(request.params.slug);
      const issue = await deps.archive.sentIssue(newsletter.id, request.params.issueId);
      if (!issue) throw new AppError('not-found');
      const session = await sessions.current(request);
      const access = decideArchiveAccess(newsletter.access, await archiveReader(session));
      const content = access.kind === 'read' ? await deps.renderIssueForWeb(issue.id) : null;
      const page = IssuePage({ site: await deps.loadSite(), newsletter, issue, access, content });
      return pages.sendBuiltPage(reply, page, { caching: 'private' });
    },
  );
}
