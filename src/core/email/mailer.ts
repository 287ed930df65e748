// Outgoing email. Over SMTP when SMTP_URL is set; otherwise every message is
// written as an .eml file to the outbox folder under the data directory, which
// the operator (and staff, later) can read: the embedded default needs no mail server.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Transporter } from 'nodemailer';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** Files sent with the message (an event's .ics); text content, with its full content type. */
  attachments?: EmailAttachment[];
  /** Stable per queued message, so a retried send is recognisable as the same email. */
  messageId?: string;
}

export interface EmailAttachment {
  filename: string;
  /** e.g. `text/calendar; charset=utf-8; method=REQUEST`. */
  contentType: string;
  content: string;
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

// nodemailer is loaded with the first message, not at start-up (~35 ms of cold start).
async function loadNodemailer() {
  return (await import('nodemailer')).default;
}

export function createSmtpMailer(options: { url: string; from: string }): Mailer {
  let transport: Promise<Transporter> | undefined;
  return {
    async send(message) {
      transport ??= loadNodemailer().then((nodemailer) => nodemailer.createTransport(options.url));
      await (await transport).sendMail({ from: options.from, ...message });
    },
    close: () => void transport?.then((open) => open.close()),
  };
}

export function createOutboxMailer(options: { directory: string; from: string }): Mailer {
  let transport: Promise<Transporter> | undefined;
  return {
    async send(message) {
      transport ??= loadNodemailer().then((nodemailer) =>
        nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
      );
      const info = await (await transport).sendMail({ from: options.from, ...message });
      // Messages hold sign-in and password-reset links: readable by the service's user only.
      mkdirSync(options.directory, { recursive: true, mode: 0o700 });
      const safeRecipient = message.to.replace(/[^a-zA-Z0-9@._-]/g, '_').slice(0, 80);
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeRecipient}-${Math.random().toString(36).slice(2, 8)}.eml`;
      writeFileSync(path.join(options.directory, name), info.message as Buffer, { mode: 0o600 });
    },
    close: () => void transport?.then((open) => open.close()),
  };
}
