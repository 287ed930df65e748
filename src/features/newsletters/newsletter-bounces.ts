// Bounce and complaint reports from a mail provider's webhook (generic JSON,
// signed: docs in features/newsletters/README.md). A permanent bounce counts
// towards the address's threshold like an SMTP-time 5xx; a complaint
// suppresses the address at once; a temporary bounce changes nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import * as deliveries from './newsletter-deliveries.repository.js';

const MAX_EVENTS = 1000;
/** A delivery older than this (or from the future) is refused: a captured request cannot be replayed later. */
const TIMESTAMP_TOLERANCE_SECONDS = 300;

const eventSchema = z.object({
  type: z.enum(['bounce', 'complaint']),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(254)
    .regex(/^[^\s@]+@[^\s@]+$/),
  permanent: z.boolean().default(true),
  reason: z.string().max(500).default(''),
});
const payloadSchema = z.object({ events: z.array(eventSchema).min(1).max(MAX_EVENTS) });

export type ProviderEvent = z.infer<typeof eventSchema>;

export type WebhookVerdict = { kind: 'accepted'; events: ProviderEvent[] } | { kind: 'rejected'; message: string };

export function signWebhookBody(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export function verifyWebhookDelivery(options: {
  secret: string;
  body: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  now: Date;
}): WebhookVerdict {
  const { secret, body, timestamp, signature } = options;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { kind: 'rejected', message: 'Missing or malformed X-Masthead-Timestamp.' };
  if (Math.abs(options.now.getTime() / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS)
    return { kind: 'rejected', message: 'Timestamp too far from now.' };
  if (!signature || !/^sha256=[0-9a-f]{64}$/.test(signature))
    return { kind: 'rejected', message: 'Missing or malformed X-Masthead-Signature.' };
  const expected = Buffer.from(signWebhookBody(secret, timestamp, body));
  if (!timingSafeEqual(expected, Buffer.from(signature))) return { kind: 'rejected', message: 'Signature does not match.' };
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { kind: 'rejected', message: 'Body is not JSON.' };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return { kind: 'rejected', message: `Body is not a list of events: ${parsed.error.issues[0]?.message ?? ''}` };
  return { kind: 'accepted', events: parsed.data.events };
}

export function createBounceRecorder(deps: { db: Db; clock: Clock; bounceThreshold: number }) {
  return {
    async recordProviderEvents(events: ProviderEvent[]): Promise<{ applied: number; ignored: number }> {
      let applied = 0;
      const now = deps.clock.now().toISOString();
      await deps.db.transaction().execute(async (trx) => {
        for (const event of events) {
          if (event.type === 'complaint') {
            await deliveries.recordComplaint(trx, { email: event.email, reason: event.reason || 'complaint', now });
          } else if (event.permanent) {
            await deliveries.recordBounce(trx, {
              email: event.email,
              reason: event.reason || 'bounce',
              threshold: deps.bounceThreshold,
              now,
            });
            await deliveries.markLatestDeliveryBounced(trx, event.email, now);
          } else continue;
          applied++;
        }
      });
      return { applied, ignored: events.length - applied };
    },
  };
}

export type BounceRecorder = ReturnType<typeof createBounceRecorder>;
