// Test and bench support: the newsletters service and a sender over one
// database, sending to an SMTP server (usually testing/smtp-sink.ts).
import type { Clock } from '../../../core/clock.js';
import type { Db } from '../../../core/db/database.js';
import { createNewsletterSender, DEFAULT_SENDER_TUNING, type SenderSettings } from '../newsletter-sender.js';
import { createSmtpNewsletterTransport } from '../newsletter-transport.js';
import { createNewslettersService } from '../newsletters.service.js';

export const KIT_SECRET = 'newsletter-kit-secret-0123456789abcdef';
export const KIT_PUBLIC_URL = 'https://news.example.test';

export function createNewsletterKit(options: {
  db: Db;
  engine: 'sqlite' | 'postgres';
  clock: Clock;
  smtpUrl: string;
  settings?: Partial<SenderSettings>;
  onError?: (error: unknown) => void;
  /** The sender's first step on each pass (the daily briefings' tick). */
  beforePass?: () => Promise<unknown>;
}) {
  const newsletters = createNewslettersService({
    db: options.db,
    clock: options.clock,
    secret: KIT_SECRET,
    settings: { publicUrl: KIT_PUBLIC_URL, publicationName: 'The Test Gazette', timeZone: 'Europe/London' },
  });
  const settings: SenderSettings = {
    ...DEFAULT_SENDER_TUNING,
    publicUrl: KIT_PUBLIC_URL,
    publicationName: 'The Test Gazette',
    from: 'The Test Gazette <newsroom@news.example.test>',
    unsubscribeMailbox: null,
    ratePerSecond: 0,
    poolSize: 3,
    bounceThreshold: 2,
    pollMs: 50,
    ...options.settings,
  };
  const transport = createSmtpNewsletterTransport({ url: options.smtpUrl, poolSize: settings.poolSize });
  const sender = createNewsletterSender({
    db: options.db,
    engine: options.engine,
    clock: options.clock,
    transport,
    secret: KIT_SECRET,
    settings,
    renderIssue: newsletters.renderIssueEmail,
    ...(options.beforePass ? { beforePass: options.beforePass } : {}),
    onError: options.onError ?? ((error) => console.error('newsletter sender', error)),
  });
  return {
    newsletters,
    sender,
    async close() {
      await sender.stop();
      transport.close();
    },
  };
}
