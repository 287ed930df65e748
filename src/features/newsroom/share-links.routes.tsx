// Share links: staff who may edit an article make, list and withdraw links
// (/newsroom/articles/:id/share-links); anyone holding one reads the article
// as it stands at /preview/<token>, in full (as a subscriber would), kept out
// of search engines, caches and Referer headers. An expired or withdrawn link
// answers 410; an unknown one 404, and unknown tokens are rate-limited per
// address so links cannot be guessed by trying.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import type { RateLimiter } from '../../core/http/rate-limit.js';
import { inputs, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import { formatDateline } from '../../core/views/format.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { PreviewReaderState } from '../access/access.service.js';
import { SHARE_LINK_EXPIRY_DAYS, type ArticlePreviewService, type ShareLinksService } from '../articles/articles.service.js';
import type { ArticleAccessFacts, ArticleVisibility, ShareLinkExpiryDays } from '../articles/articles.types.js';
import { markUnpublishedPage, writerActor } from './article-preview.routes.js';
import { WRITER_ROLES } from './newsroom-actor.js';
import { articleToolPath } from './views/article-tools.js';
import { SharedPreviewNotice } from './views/preview-banner.js';
import { ShareLinkGonePage, ShareLinksPage, type ShareLinksPageModel } from './views/share-link-pages.js';

export interface ShareLinkRoutesDependencies {
  sessions: SessionManager;
  csrf: Csrf;
  rateLimiter: RateLimiter;
  shareLinks: ShareLinksService;
  previews: ArticlePreviewService;
  previewVisibility(facts: ArticleAccessFacts, state: PreviewReaderState): ArticleVisibility;
  loadSite: () => Promise<SiteContext>;
  publicUrl: string;
}

/** Unknown tokens one address may try: a reader mistyping a link gets through, a guesser does not. */
export const SHARE_LINK_GUESSES = { limit: 20, windowSeconds: 15 * 60 };

const ID_PARAMS = z.object({ id: inputs.id() });
const EXPIRY_FORM = z.object({
  expiresInDays: z
    .unknown()
    .transform((value) => Number(value))
    .refine(
      (days): days is ShareLinkExpiryDays => (SHARE_LINK_EXPIRY_DAYS as readonly number[]).includes(days),
      'Choose how long the link works.',
    ),
});
const NOTICE_QUERY = z.object({ notice: inputs.choice(['revoked', 'none'], 'none') });

export function registerShareLinkRoutes(app: FastifyInstance, deps: ShareLinkRoutesDependencies): void {
  const { sessions, csrf, shareLinks } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const canWrite = requireRole(sessions, WRITER_ROLES);

  async function chrome(request: FastifyRequest, reply: FastifyReply) {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    return { site: await deps.loadSite(), account, csrfToken };
  }

  const refusedOr = <T extends { kind: string }>(outcome: T): Exclude<T, { kind: 'not-found' } | { kind: 'forbidden' }> => {
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'forbidden') throw new AppError('forbidden', 'message' in outcome ? String(outcome.message) : 'refused');
    return outcome as Exclude<T, { kind: 'not-found' } | { kind: 'forbidden' }>;
  };

  async function showPage(request: FastifyRequest, reply: FastifyReply, articleId: number, extra: Partial<ShareLinksPageModel>) {
    const listed = refusedOr(await shareLinks.list(await writerActor(sessions, request), articleId));
    const { csrfToken, ...staff } = await chrome(request, reply);
    const model: ShareLinksPageModel = { ...listed.value, expiryChoices: SHARE_LINK_EXPIRY_DAYS, csrfToken, ...extra };
    return sendHtml(reply, ShareLinksPage({ ...staff, model }), { caching: 'no-store' });
  }

  const pageOptions = { preValidation: canWrite, schema: { params: ID_PARAMS, querystring: NOTICE_QUERY } };
  routes.get('/newsroom/articles/:id/share-links', pageOptions, async (request, reply) =>
    showPage(request, reply, request.params.id, request.query.notice === 'revoked' ? { notice: 'The link was withdrawn.' } : {}),
  );

  routes.post('/newsroom/articles/:id/share-links', { preValidation: canWrite, schema: { params: ID_PARAMS } }, async (request, reply) => {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    const form = requireForm(request, EXPIRY_FORM);
    const created = refusedOr(await shareLinks.create(await writerActor(sessions, request), request.params.id, form.expiresInDays));
    // The token is in this page only: it is never stored, so it cannot be shown again.
    const url = new URL(`/preview/${created.token}`, deps.publicUrl).toString();
    return showPage(request, reply, request.params.id, { created: { url, link: created.link } });
  });

  const revokeOptions = { preValidation: canWrite, schema: { params: ID_PARAMS.extend({ linkId: inputs.id() }) } };
  routes.post('/newsroom/articles/:id/share-links/:linkId/revoke', revokeOptions, async (request, reply) => {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    refusedOr(await shareLinks.revoke(await writerActor(sessions, request), request.params.id, request.params.linkId));
    return reply.header('cache-control', 'no-store').redirect(`${articleToolPath(request.params.id, 'share-links')}?notice=revoked`, 303);
  });

  routes.get('/preview/:token', { schema: { params: z.object({ token: z.string() }) } }, async (request, reply) => {
    markUnpublishedPage(reply);
    const guessKey = `share-link-guess:${request.ip}`;
    const allowance = await deps.rateLimiter.peek(guessKey, SHARE_LINK_GUESSES);
    if (!allowance.allowed)
      throw new AppError('rate-limited', 'Too many unknown preview links', { retryAfterSeconds: allowance.retryAfterSeconds });
    const opened = await shareLinks.open(request.params.token);
    if (opened.kind === 'not-found') {
      await deps.rateLimiter.consume(guessKey, SHARE_LINK_GUESSES);
      throw new AppError('not-found');
    }
    const site = await deps.loadSite();
    if (opened.kind === 'gone') return sendHtml(reply, ShareLinkGonePage({ site }), { status: 410, caching: 'no-store' });
    const { article, link } = opened;
    const page = await deps.previews.renderPreview({
      article,
      // In full, whatever its access level: the decision asked for a subscriber.
      visibility: deps.previewVisibility({ id: article.id, accessLevel: article.access, sectionPath: article.section }, 'subscriber'),
      notice: SharedPreviewNotice({ expiresAt: link.expiresAt, formattedExpiry: formatDateline(link.expiresAt, site.timeZone) }),
    });
    return sendHtml(reply, page, { caching: 'no-store' });
  });
}
