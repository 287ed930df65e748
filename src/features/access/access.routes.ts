// /subscribe: the way into Premium from the subscribe wall. Thin: reads the
// session, asks the access service, renders.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { nextPathInput } from '../../core/http/next-path.js';
import type { PageSender } from '../../core/http/page-sender.js';
import type { ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { AccessService } from './access.service.js';
import { SubscribePage, type SubscribeState } from './views/subscribe-page.js';

export interface AccessRoutesDependencies {
  access: AccessService;
  sessions: SessionManager;
  pages: PageSender;
  loadSite(): Promise<SiteContext>;
  publicUrl: string;
  /** A Stripe Payment Link (STRIPE_PAYMENT_LINK_URL); null when subscriptions are not sold online. */
  paymentLinkUrl: string | null;
}

/** Stripe Payment Links take the reader's id back to our webhook as client_reference_id. */
export function checkoutUrl(paymentLinkUrl: string, reader: { id: number; email: string }): string {
  const url = new URL(paymentLinkUrl);
  url.searchParams.set('client_reference_id', String(reader.id));
  url.searchParams.set('prefilled_email', reader.email);
  return url.toString();
}

export function registerAccessRoutes(app: FastifyInstance, deps: AccessRoutesDependencies): void {
  const querystring = z.object({ next: nextPathInput(deps.publicUrl) });
  app.withTypeProvider<ZodTypeProvider>().get('/subscribe', { schema: { querystring } }, async (request, reply) => {
    const { next } = request.query;
    const session = await deps.sessions.current(request);
    let state: SubscribeState;
    if (!session) state = { kind: 'signed-out' };
    else {
      const endsAt = await deps.access.subscriptionEnd(session.user.id);
      if (endsAt) state = { kind: 'subscriber', endsAt };
      else if (deps.paymentLinkUrl) state = { kind: 'can-subscribe', checkoutUrl: checkoutUrl(deps.paymentLinkUrl, session.user) };
      else state = { kind: 'not-on-sale' };
    }
    return deps.pages.sendBuiltPage(reply, SubscribePage({ site: await deps.loadSite(), state, next }), { caching: 'private' });
  });
}
