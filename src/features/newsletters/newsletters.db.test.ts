import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { createNewsletterKit } from './testing/newsletter-kit.js';
import { grantPremium, insertReader } from './testing/newsletter-fixtures.js';
import { startSmtpSink, type SmtpSink } from './testing/smtp-sink.js';

const NOW = '2026-12-06T09:00:00.000Z';
const LATER = '2027-12-06T09:00:00.000Z';
const HTML = '<p>Good morning. The harbour bridge reopens today.</p>';

describeEachEngine('newsletters: lists, eligibility and sending', (engine) => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let kit: ReturnType<typeof createNewsletterKit>;
  const clock = fixedClock(NOW);

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });
  beforeEach(async () => {
    clock.set(NOW);
    sink.deliveries.clear();
    database = await openTestDatabase(engine);
    kit = createNewsletterKit({ db: database.db, engine, clock, smtpUrl: sink.url, settings: { retryBaseMs: 1000 } });
  });
  afterEach(async () => {
    await kit.close();
    await database.destroy();
  });

  async function createNewsletter(slug: string, access: 'registered' | 'premium') {
    const saved = await kit.newsletters.createNewsletter({ name: `The ${slug}`, slug, access, frequency: 'Daily' });
    if (saved.kind !== 'saved') throw new Error(JSON.stringify(saved));
    return saved.newsletter;
  }

  async function createIssue(newsletterId: number) {
    const saved = await kit.newsletters.createIssue(newsletterId, {
      subject: 'Morning',
      content: { kind: 'html', html: HTML },
      createdBy: null,
    });
    if (saved.kind !== 'saved') throw new Error(JSON.stringify(saved));
    return saved.issue;
  }

  it('validates newsletters and keeps slugs unique', async () => {
    await createNewsletter('morning', 'registered');
    expect(await kit.newsletters.createNewsletter({ name: 'Other', slug: 'morning', access: 'registered' })).toEqual({
      kind: 'slug-taken',
    });
    const invalid = await kit.newsletters.createNewsletter({ name: '', slug: 'Bad Slug', access: 'premium', sendTime: '25:00' });
    expect(invalid.kind).toBe('invalid');
    expect(invalid.kind === 'invalid' && invalid.problems.join(' ')).toMatch(/name.*slug.*send time/s);
    expect(await database.db.selectFrom('newsletters').select('id').execute()).toHaveLength(1);
  });

  it('sends to eligible readers and imported subscribers only, and says why the others are held', async () => {
    const daily = await createNewsletter('daily', 'registered');
    const premium = await createNewsletter('insider', 'premium');
    const { db } = database;
    const confirmed = await insertReader(db, { email: 'confirmed@example.test', now: NOW });
    const unconfirmed = await insertReader(db, { email: 'unconfirmed@example.test', verified: false, now: NOW });
    const optedOut = await insertReader(db, { email: 'optedout@example.test', now: NOW });
    await db.updateTable('users').set({ marketing_opt_out: 1 }).where('id', '=', optedOut).execute();
    const subscriber = await insertReader(db, { email: 'subscriber@example.test', now: NOW });
    await grantPremium(db, subscriber, { from: NOW, until: LATER });
    const lapsed = await insertReader(db, { email: 'lapsed@example.test', now: NOW });
    await grantPremium(db, lapsed, { from: NOW, until: '2026-12-07T00:00:00.000Z' });
    const editor = await insertReader(db, { email: 'editor@example.test', role: 'editor', now: NOW });

    for (const userId of [confirmed, unconfirmed, optedOut, subscriber, lapsed, editor])
      expect(await kit.newsletters.subscribeReader(userId, daily.id)).toEqual({ kind: 'subscribed' });
    expect(await kit.newsletters.subscribeReader(confirmed, premium.id)).toEqual({ kind: 'premium-required' });
    for (const userId of [subscriber, lapsed, editor])
      expect((await kit.newsletters.subscribeReader(userId, premium.id)).kind).toBe('subscribed');
    expect(
      await kit.newsletters.importSubscriber(daily.id, {
        email: ' Imported@Example.test ',
        firstName: 'Ida',
        consentSource: 'Events desk sheet',
      }),
    ).toEqual({ kind: 'added' });
    expect((await kit.newsletters.importSubscriber(daily.id, { email: 'not-an-address', consentSource: 'x' })).kind).toBe('invalid');
    expect((await kit.newsletters.importSubscriber(daily.id, { email: 'a@b.test', consentSource: '' })).kind).toBe('invalid');

    // The subscription lapses before the premium issue goes: the reader stops receiving it and /account can say why.
    clock.set('2026-12-08T09:00:00.000Z');
    const lapsedView = await kit.newsletters.listReaderNewsletters(lapsed);
    expect(lapsedView.find((entry) => entry.newsletter.id === premium.id)).toMatchObject({
      isSubscribed: true,
      status: { kind: 'held', reason: 'premium-required' },
      canSubscribe: false,
    });
    const unconfirmedView = await kit.newsletters.listReaderNewsletters(unconfirmed);
    expect(unconfirmedView.find((entry) => entry.newsletter.id === daily.id)?.status).toEqual({
      kind: 'held',
      reason: 'email-unconfirmed',
    });

    const dailyIssue = await createIssue(daily.id);
    const premiumIssue = await createIssue(premium.id);
    expect((await kit.newsletters.sendIssueNow(dailyIssue.id)).kind).toBe('ok');
    expect((await kit.newsletters.sendIssueNow(premiumIssue.id)).kind).toBe('ok');
    await kit.sender.drain();

    expect(Object.fromEntries(sink.deliveries)).toEqual({
      'confirmed@example.test': 1,
      'optedout@example.test': 1,
      'subscriber@example.test': 2,
      'lapsed@example.test': 1,
      'editor@example.test': 2,
      'imported@example.test': 1,
    });
    expect(await kit.newsletters.issueFigures(dailyIssue.id)).toMatchObject({
      recipients: 6,
      sent: 6,
      pending: 0,
      isAudienceComplete: true,
    });
    expect((await kit.newsletters.findIssue(dailyIssue.id))?.state).toBe('sent');
    // Sent is final: nothing moves it or sends it again.
    expect((await kit.newsletters.sendIssueNow(dailyIssue.id)).kind).toBe('wrong-state');
    await kit.sender.drain();
    expect(sink.total()).toBe(8);
  });

  it('pauses without losing anyone and resumes without resending; cancel stops', async () => {
    const daily = await createNewsletter('daily', 'registered');
    for (let index = 0; index < 30; index++) {
      const id = await insertReader(database.db, { email: `r${index}@example.test`, now: NOW });
      await kit.newsletters.subscribeReader(id, daily.id);
    }
    const issue = await createIssue(daily.id);
    await kit.newsletters.sendIssueNow(issue.id);
    // Pause after the first batch's worth has gone.
    let paused = false;
    const pauseSoon = setInterval(() => {
      if (!paused && sink.total() >= 5) {
        paused = true;
        void kit.newsletters.pauseIssue(issue.id);
      }
    }, 1);
    await kit.sender.drain();
    clearInterval(pauseSoon);
    const during = await kit.newsletters.issueFigures(issue.id);
    expect((await kit.newsletters.findIssue(issue.id))?.state).toBe(during!.pending > 0 ? 'paused' : 'sent');
    expect((await kit.newsletters.resumeIssue(issue.id)).kind).toBe(during!.pending > 0 ? 'ok' : 'wrong-state');
    await kit.sender.drain();
    expect(sink.deliveries.size).toBe(30);
    expect([...sink.deliveries.values()].every((count) => count === 1)).toBe(true);
    expect(await kit.newsletters.issueFigures(issue.id)).toMatchObject({ recipients: 30, sent: 30, possibleDuplicates: 0 });

    const second = await createIssue(daily.id);
    await kit.newsletters.scheduleIssue(second.id, '2026-12-06T10:00:00.000Z');
    expect((await kit.newsletters.cancelIssue(second.id)).kind).toBe('ok');
    clock.set('2026-12-06T11:00:00.000Z');
    await kit.sender.drain();
    expect(sink.total()).toBe(30);
    expect((await kit.newsletters.resumeIssue(second.id)).kind).toBe('wrong-state');
  });

  it('sends a scheduled issue when its time comes', async () => {
    const daily = await createNewsletter('daily', 'registered');
    await kit.newsletters.subscribeReader(await insertReader(database.db, { email: 'one@example.test', now: NOW }), daily.id);
    const issue = await createIssue(daily.id);
    expect((await kit.newsletters.scheduleIssue(issue.id, '2026-12-06T08:00:00.000Z')).kind).toBe('invalid');
    expect((await kit.newsletters.scheduleIssue(issue.id, '2026-12-06T10:00:00.000Z')).kind).toBe('ok');
    await kit.sender.drain();
    expect(sink.total()).toBe(0);
    clock.set('2026-12-06T10:00:01.000Z');
    await kit.sender.drain();
    expect(sink.deliveries.get('one@example.test')).toBe(1);
  });

  it('retries temporary refusals with backoff, marks permanent ones bouncing and stops at the threshold', async () => {
    const daily = await createNewsletter('daily', 'registered');
    for (const email of ['bounce1@example.test', 'tempfail1@example.test', 'fine@example.test'])
      await kit.newsletters.subscribeReader(await insertReader(database.db, { email, now: NOW }), daily.id);
    const first = await createIssue(daily.id);
    await kit.newsletters.sendIssueNow(first.id);
    await kit.sender.drain();
    expect(await kit.newsletters.issueFigures(first.id)).toMatchObject({ sent: 1, failed: 1, bounced: 1, pending: 1 });
    const retry = await database.db
      .selectFrom('newsletter_deliveries')
      .select(['attempts', 'next_attempt_at', 'last_error'])
      .where('email', '=', 'tempfail1@example.test')
      .executeTakeFirstOrThrow();
    expect(retry.attempts).toBe(1);
    expect(retry.next_attempt_at > NOW).toBe(true);
    expect(retry.last_error).toMatch(/451|Try again/);
    // After its backoff it is tried again (and refused again: attempts grow, still not failed until the limit).
    clock.set('2026-12-06T09:00:02.000Z');
    await kit.sender.drain();
    expect(
      (
        await database.db
          .selectFrom('newsletter_deliveries')
          .select('attempts')
          .where('email', '=', 'tempfail1@example.test')
          .executeTakeFirstOrThrow()
      ).attempts,
    ).toBe(2);

    // A second permanent refusal reaches the threshold (2 here): the third issue does not go to that address.
    for (const when of ['2026-12-06T12:00:00.000Z', '2026-12-06T13:00:00.000Z']) {
      clock.set(when);
      const issue = await createIssue(daily.id);
      await kit.newsletters.sendIssueNow(issue.id);
      await kit.sender.drain();
    }
    const suppression = await database.db
      .selectFrom('newsletter_suppressions')
      .selectAll()
      .where('email', '=', 'bounce1@example.test')
      .executeTakeFirstOrThrow();
    expect(suppression.bounce_count).toBe(2);
    expect(suppression.suppressed_at).not.toBeNull();
    const lastIssue = await database.db.selectFrom('newsletter_issues').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const lastAudience = await database.db
      .selectFrom('newsletter_deliveries')
      .select('email')
      .where('issue_id', '=', lastIssue.id)
      .execute();
    expect(lastAudience.map((row) => row.email)).not.toContain('bounce1@example.test');
    const bouncer = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'bounce1@example.test')
      .executeTakeFirstOrThrow();
    const view = await kit.newsletters.listReaderNewsletters(bouncer.id);
    expect(view[0]?.status).toEqual({ kind: 'held', reason: 'address-suppressed' });
  });

  it('builds a large audience in chunks, each address once', async () => {
    await kit.close();
    kit = createNewsletterKit({ db: database.db, engine, clock, smtpUrl: sink.url, settings: { audienceChunk: 7 } });
    const daily = await createNewsletter('daily', 'registered');
    for (let index = 0; index < 20; index++)
      await kit.newsletters.subscribeReader(await insertReader(database.db, { email: `same${index}@example.test`, now: NOW }), daily.id);
    // An imported subscriber at a reader's address is the same recipient.
    await kit.newsletters.importSubscriber(daily.id, { email: 'same3@example.test', consentSource: 'fair' });
    await kit.newsletters.importSubscriber(daily.id, { email: 'new@example.test', consentSource: 'fair' });
    const issue = await createIssue(daily.id);
    await kit.newsletters.sendIssueNow(issue.id);
    await kit.sender.drain();
    expect(sink.deliveries.size).toBe(21);
    expect(sink.total()).toBe(21);
  });
});
