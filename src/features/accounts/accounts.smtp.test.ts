// The verification email leaves over real SMTP: a loopback smtp-server receives
// it and mailparser reads it as a mail client would.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createSmtpMailer } from '../../core/email/mailer.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { confirmEmailLink, linkIn, pageText, registerThroughForm, TestBrowser, validRegistration } from './testing/session-helpers.js';

describeEachEngine('account email over SMTP', (engine) => {
  const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
  let smtp: SMTPServer;
  let testApp: TestApp;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address), mail });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
      from: 'The Test Gazette <newsroom@news.example.test>',
    });
    testApp = await createTestApp({ engine, now: new Date(), mailer });
  });
  afterAll(async () => {
    await testApp.destroy();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('delivers a verification email whose link confirms the address', async () => {
    const fields = validRegistration();
    const response = await registerThroughForm(new TestBrowser(testApp.app), fields);
    expect(response.statusCode).toBe(303);
    await testApp.emailWorker.drain();

    expect(received).toHaveLength(1);
    const [{ envelopeTo, mail }] = received as [(typeof received)[number]];
    expect(envelopeTo).toEqual([fields.email]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined).toBe(fields.email);
    expect(mail.from?.value[0]?.address).toBe('newsroom@news.example.test');
    expect(mail.subject).toBe('Confirm your email address for The Test Gazette');
    expect(mail.messageId).toMatch(/^<outbox-\d+@news\.example\.test>$/);
    expect(mail.text).toContain('Welcome, Zoë');
    const link = linkIn(mail.text ?? '', '/account/verify');
    expect(mail.html || '').toContain(`href="https://news.example.test${link}"`);

    const outbox = await testApp.database.db
      .selectFrom('email_outbox')
      .where('recipient', '=', String(fields.email))
      .select(['status', 'sent_at'])
      .executeTakeFirstOrThrow();
    expect(outbox.status).toBe('sent');
    expect(outbox.sent_at).not.toBeNull();

    const verified = await confirmEmailLink(new TestBrowser(testApp.app), link);
    expect(verified.statusCode).toBe(200);
    expect(pageText(verified.body)).toContain('Your email address is confirmed');
  });
});
