// The email as a mail client sees it (parsed with mailparser from a real
// SMTP server) and the unsubscribe address it carries: GET changes nothing,
// the one-click POST works with no cookie, Origin or CSRF token.
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { insertLibraryPicture, insertReader } from './testing/newsletter-fixtures.js';
import { startSmtpSink, type SmtpSink } from './testing/smtp-sink.js';

const NOW = new Date('2026-12-06T09:00:00.000Z');
const BODY = {
  type: 'doc',
  content: [
    { type: 'paragraph', content: [{ type: 'text', text: 'The tide tables changed overnight.' }] },
    { type: 'figure', attrs: { imageId: 'abc123', alt: 'The harbour at low tide', caption: 'Low tide', credit: '' } },
  ],
};

describeEachEngine('newsletter email and unsubscribe routes', (engine) => {
  let sink: SmtpSink;
  let testApp: TestApp;
  let mail: ParsedMail;
  let raw: string;
  let readerId: number;
  let newsletterId: number;
  let issueId: number;

  beforeAll(async () => {
    sink = await startSmtpSink({ keepMessages: true });
    testApp = await createTestApp({ engine, now: NOW, environment: { NEWSLETTER_SMTP_URL: sink.url } });
    const { newsletters } = testApp;
    const saved = await newsletters.createNewsletter({
      name: 'Harbour Notes',
      slug: 'harbour-notes',
      access: 'registered',
      senderName: 'Harbour Desk',
    });
    if (saved.kind !== 'saved') throw new Error('not saved');
    newsletterId = saved.newsletter.id;
    readerId = await insertReader(testApp.database.db, { email: 'reader@example.test', now: NOW.toISOString() });
    await insertLibraryPicture(testApp.database.db, { publicId: 'abc123', alt: 'Library words', now: NOW.toISOString() });
    await newsletters.subscribeReader(readerId, newsletterId);
    const issue = await newsletters.createIssue(newsletterId, {
      subject: 'Tides & times',
      preheader: 'What moved at the harbour',
      content: { kind: 'body', bodyJson: JSON.stringify(BODY) },
      createdBy: null,
    });
    if (issue.kind !== 'saved') throw new Error('issue not saved');
    issueId = issue.issue.id;
    await newsletters.sendIssueNow(issueId);
    await testApp.newsletterSender.drain();
    raw = sink.messages[0]!.raw.toString('utf8');
    mail = await simpleParser(sink.messages[0]!.raw);
  });
  afterAll(async () => {
    await testApp.destroy();
    await sink.close();
  });

  // The header as sent (mailparser turns list headers into objects); folded lines joined.
  const listUnsubscribe = () => /^List-Unsubscribe:[ \t]*(.*(?:\r?\n[ \t].*)*)/m.exec(raw)![1]!.replace(/\r?\n[ \t]+/g, ' ');
  const unsubscribeUrl = () => /<(https:\/\/[^>]+)>/.exec(listUnsubscribe())![1]!;
  const subscribed = async () =>
    (await testApp.database.db.selectFrom('newsletter_subscriptions').select('user_id').where('user_id', '=', readerId).execute()).length;

  it('carries the list headers, both parts, alt text, inlined CSS and dark-mode styles', () => {
    expect(sink.messages).toHaveLength(1);
    expect(mail.subject).toBe('Tides & times');
    expect(mail.from?.value[0]).toEqual({ name: 'Harbour Desk', address: 'newsroom@localhost' });
    expect(unsubscribeUrl()).toMatch(/^https:\/\/news\.example\.test\/newsletters\/unsubscribe\/[\w.-]+$/);
    // No mailbox configured: no mailto: (Masthead reads no mail).
    expect(listUnsubscribe()).not.toContain('mailto:');
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(raw).toMatch(/^List-ID: "?Harbour Notes"? <harbour-notes\.newsletters\.news\.example\.test>\r?$/m);
    expect(mail.messageId).toMatch(/^<newsletter-\d+-\d+@news\.example\.test>$/);
    expect(mail.text).toContain('The tide tables changed overnight.');
    expect(mail.text).toContain(`Unsubscribe: ${unsubscribeUrl()}`);
    expect(mail.text).toContain('Manage your newsletters: https://news.example.test/account');
    const html = String(mail.html);
    expect(html).toContain(`href="${unsubscribeUrl()}"`);
    expect(html).toContain('href="https://news.example.test/account"');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toMatch(/<div class="wrapper" style="[^"]*max-width: 640px/);
    const images = [...html.matchAll(/<img\b[^>]*>/g)].map((match) => match[0]);
    expect(images).toHaveLength(1);
    expect(images[0]).toContain('alt="The harbour at low tide"');
    expect(images[0]).toContain('src="https://news.example.test/media/abc123/960.jpg"');
    expect(html).not.toContain('@@MASTHEAD_');
  });

  it('GET of the unsubscribe address shows a confirm button and changes nothing', async () => {
    const url = new URL(unsubscribeUrl());
    const response = await testApp.app.inject({ method: 'GET', url: url.pathname });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('Unsubscribe from Harbour Notes?');
    expect(response.body).toMatch(new RegExp(`<form method="post" action="${url.pathname.replace(/[.]/g, '\\.')}"`));
    expect(await subscribed()).toBe(1);
  });

  it('one-click POST unsubscribes with no session, cookie, Origin or CSRF token, and counts it', async () => {
    const url = new URL(unsubscribeUrl());
    const response = await testApp.app.inject({
      method: 'POST',
      url: url.pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('You are unsubscribed');
    expect(await subscribed()).toBe(0);
    expect(await testApp.newsletters.issueFigures(issueId)).toMatchObject({ unsubscribed: 1, sent: 1 });
    // Again (a client retrying), and with another body type: still 200, nothing else changes.
    const again = await testApp.app.inject({
      method: 'POST',
      url: url.pathname,
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    expect(again.statusCode).toBe(200);
    expect(await testApp.newsletters.issueFigures(issueId)).toMatchObject({ unsubscribed: 1 });
  });

  it('a token that is not ours is a clear 404 and changes nothing', async () => {
    await testApp.newsletters.subscribeReader(readerId, newsletterId);
    const forged = new URL(unsubscribeUrl()).pathname.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    for (const method of ['GET', 'POST'] as const) {
      const response = await testApp.app.inject({ method, url: forged });
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('This unsubscribe link is not valid');
    }
    expect(await subscribed()).toBe(1);
  });
});
