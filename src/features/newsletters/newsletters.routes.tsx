// The newsletter endpoints of this feature: the unsubscribe address in every
// email (GET: a confirm button; POST: RFC 8058 one-click, working with no
// session, cookie, Origin or CSRF token — the signed token is the authority)
// and the provider bounce webhook. Reader pages (/newsletters, archives) are
// registered elsewhere.
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { sendHtml } from '../../core/http/html-reply.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { verifyWebhookDelivery, type BounceRecorder } from './newsletter-bounces.js';
import type { NewslettersService } from './newsletters.service.js';
import { UNSUBSCRIBE_PATH_PREFIX } from './unsubscribe-token.js';
import { UnsubscribeConfirmPage, UnsubscribedPage, UnsubscribeLinkInvalidPage } from './views/unsubscribe-pages.js';

export const NEWSLETTER_WEBHOOK_PATH = '/webhooks/newsletter-events';
const WEBHOOK_BODY_LIMIT = 512 * 1024;
// The one-click body is `List-Unsubscribe=One-Click`; nothing in it is read.
const UNSUBSCRIBE_BODY_LIMIT = 4 * 1024;

export interface NewsletterRoutesDependencies {
  newsletters: NewslettersService;
  bounces: BounceRecorder;
  /** Null: the bounce webhook does not exist (404). */
  webhookSecret: string | null;
  loadSite: () => Promise<SiteContext>;
  clock: Clock;
  log: FastifyBaseLogger;
}

function sendPlain(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(`${message}\n`);
}

export function registerNewsletterRoutes(app: FastifyInstance, deps: NewsletterRoutesDependencies): void {
  const { newsletters, loadSite } = deps;

  app.register(async (scope) => {
    // Whatever a mail client posts (a form, nothing, another type) reaches the handler; the body is never read.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: UNSUBSCRIBE_BODY_LIMIT }, (_request, _body, done) => done(null, null));

    const path = `${UNSUBSCRIBE_PATH_PREFIX}:token`;
    scope.get<{ Params: { token: string } }>(path, async (request, reply) => {
      const site = await loadSite();
      const described = await newsletters.describeUnsubscribeToken(request.params.token);
      if (!described) return sendHtml(reply, UnsubscribeLinkInvalidPage({ site }), { status: 404, caching: 'no-store' });
      const action = UNSUBSCRIBE_PATH_PREFIX + encodeURIComponent(request.params.token);
      return sendHtml(reply, UnsubscribeConfirmPage({ site, newsletterName: described.newsletterName, action }), { caching: 'no-store' });
    });
    scope.post<{ Params: { token: string } }>(path, async (request, reply) => {
      const site = await loadSite();
      const outcome = await newsletters.unsubscribeWithToken(request.params.token);
      if (outcome.kind === 'invalid') return sendHtml(reply, UnsubscribeLinkInvalidPage({ site }), { status: 404, caching: 'no-store' });
      return sendHtml(reply, UnsubscribedPage({ site, newsletterName: outcome.newsletterName }), { caching: 'no-store' });
    });
  });

  const { webhookSecret } = deps;
  if (webhookSecret === null) return;
  app.register(async (scope) => {
    // Raw bytes: the signature covers exactly what was sent.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? 400 : 500;
      if (status === 500) deps.log.error({ err: error }, 'newsletter webhook failed; the provider should retry');
      return sendPlain(reply, status, status === 400 ? 'Bad request.' : 'Not processed; please retry.');
    });
    scope.post(NEWSLETTER_WEBHOOK_PATH, { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
      const header = (name: string) => {
        const value = request.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      const verdict = verifyWebhookDelivery({
        secret: webhookSecret,
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        timestamp: header('x-masthead-timestamp'),
        signature: header('x-masthead-signature'),
        now: deps.clock.now(),
      });
      if (verdict.kind === 'rejected') return sendPlain(reply, 400, verdict.message);
      const result = await deps.bounces.recordProviderEvents(verdict.events);
      deps.log.info(result, 'newsletter bounce webhook');
      return reply.code(200).header('cache-control', 'no-store').send(result);
    });
  });
}
