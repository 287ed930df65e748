// POST /webhooks/stripe: Stripe's deliveries about checkouts and subscriptions.
// The signature covers the exact bytes sent, so this route reads the body raw,
// inside its own plugin scope: every other route keeps the app's parsers.
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { StripeSubscriptionsService } from './stripe-subscriptions.service.js';
import { verifyStripeDelivery } from './stripe-webhook.js';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

// Stripe's subscription and checkout events are a few kilobytes; the app-wide
// 64 KiB limit could cut off a subscription with many items.
const WEBHOOK_BODY_LIMIT = 256 * 1024;

export interface StripeWebhookDependencies {
  /** Null: Stripe is not configured and the endpoint does not exist (404). */
  webhookSecret: string | null;
  subscriptions: StripeSubscriptionsService;
  log: FastifyBaseLogger;
}

function sendPlain(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(`${message}\n`);
}

export function registerStripeWebhookRoute(app: FastifyInstance, deps: StripeWebhookDependencies): void {
  const { webhookSecret, subscriptions, log } = deps;
  if (webhookSecret === null) return;

  app.register(async (scope) => {
    // Every content type arrives as raw bytes, so whatever a client sends ends in
    // the signature check (a 400), never in a parser's 415 or a form object.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    // Stripe only needs the status; a plain line instead of the site's error page
    // also keeps the database (page chrome) out of rejecting junk.
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? 400 : 500;
      if (status === 500) log.error({ err: error }, 'stripe webhook failed; Stripe will retry');
      return sendPlain(reply, status, status === 400 ? 'Bad request.' : 'Not processed; please retry.');
    });

    scope.post(STRIPE_WEBHOOK_PATH, { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
      const signature = request.headers['stripe-signature'];
      if (typeof signature !== 'string' || signature === '') return sendPlain(reply, 400, 'Missing Stripe-Signature header.');
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) return sendPlain(reply, 400, 'Missing body.');
      const delivery = await verifyStripeDelivery(request.body, signature, webhookSecret);
      if (delivery.kind === 'rejected') return sendPlain(reply, 400, delivery.message);

      const outcome = await subscriptions.applyStripeEvent(delivery.event);
      const event = delivery.event;
      const eventId = typeof event === 'object' && event !== null && 'id' in event ? event.id : undefined;
      if (outcome.kind === 'unattributed')
        log.warn({ eventId, ...outcome }, 'stripe payment not matched to a reader; grant it by hand (masthead subscription grant)');
      else log.info({ eventId, ...outcome }, 'stripe webhook');
      return sendPlain(reply, 200, 'Received.');
    });
  });
}
