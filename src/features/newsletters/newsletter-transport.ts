// How newsletter messages leave: nodemailer's pooled SMTP transport to any
// SMTP server (a few connections kept open and reused), or, with no SMTP
// server configured, .eml files in the data directory's outbox as the rest
// of Masthead's mail does on a local install.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Transporter } from 'nodemailer';

export interface NewsletterMessage {
  from: { name: string; address: string };
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** List-Id and List-Unsubscribe, written by nodemailer (which quotes and encodes a list's name properly). */
  list: { id: { url: string; comment: string }; unsubscribe: string[] };
  messageId: string;
}

/** A refusal: 'permanent' for an SMTP 5xx answer, 'temporary' for 4xx, timeouts and broken connections. */
export class SendFailure extends Error {
  constructor(
    readonly kind: 'temporary' | 'permanent',
    message: string,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

export interface NewsletterTransport {
  /** Resolves with the server's answer once it has accepted the message; throws SendFailure otherwise. */
  send(message: NewsletterMessage): Promise<string>;
  close(): void;
}

export function classifySmtpError(error: unknown): SendFailure {
  const details = error as { responseCode?: unknown; response?: unknown; message?: unknown };
  const code = typeof details.responseCode === 'number' ? details.responseCode : null;
  const text = String(details.response ?? details.message ?? error).slice(0, 300);
  return new SendFailure(code !== null && code >= 500 && code < 600 ? 'permanent' : 'temporary', text);
}

/** nodemailer reads pool options from the URL's query (a second argument would be message defaults). */
function pooledUrl(url: string, poolSize: number): string {
  const pooled = new URL(url);
  pooled.searchParams.set('pool', 'true');
  pooled.searchParams.set('maxConnections', String(poolSize));
  // One connection carries many messages; a broken one is replaced by the pool.
  pooled.searchParams.set('maxMessages', '1000000');
  return pooled.toString();
}

export function createSmtpNewsletterTransport(options: { url: string; poolSize: number }): NewsletterTransport {
  let transport: Promise<Transporter> | undefined;
  const open = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport(pooledUrl(options.url, options.poolSize)),
    ));
  return {
    async send(message) {
      const smtp = await open();
      try {
        const info = (await smtp.sendMail({ ...message, messageId: message.messageId })) as { response?: string };
        return String(info.response ?? 'accepted');
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close: () => void transport?.then((smtp) => smtp.close()),
  };
}

export function createOutboxNewsletterTransport(options: { directory: string }): NewsletterTransport {
  let transport: Promise<Transporter> | undefined;
  return {
    async send(message) {
      transport ??= import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
      );
      const info = await (await transport).sendMail({ ...message, messageId: message.messageId });
      // The links in it unsubscribe the recipient: readable by the service's user only.
      mkdirSync(options.directory, { recursive: true, mode: 0o700 });
      const safe = message.to.replace(/[^a-zA-Z0-9@._-]/g, '_').slice(0, 80);
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-newsletter-${safe}-${Math.random().toString(36).slice(2, 8)}.eml`;
      writeFileSync(path.join(options.directory, name), info.message as Buffer, { mode: 0o600 });
      return 'written to the outbox';
    },
    close: () => void transport?.then((open) => open.close()),
  };
}
