// The automatic daily briefing on both engines: one issue a day at the send
// time from the home front, through the sender, never an article's text;
// an empty front skips the day; two nodes looking at the same moment make one
// issue; a restarted node catches up inside the window and not after it.
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { listHomeFrontArticleIds } from '../articles/articles.service.js';
import { insertArticle, insertSection, replaceFrontSlots } from '../articles/testing/article-fixtures.js';
import { createBriefingJob, type BriefingJobDependencies } from './newsletter-briefings.js';
import { createNewsletterKit } from './testing/newsletter-kit.js';
import { insertReader } from './testing/newsletter-fixtures.js';
import { startSmtpSink, type SmtpSink } from './testing/smtp-sink.js';

const LONDON = 'Europe/London';
// Winter: London is on UTC, so 07:00 there is 07:00Z.
const DAY_ONE = '2026-12-07';
const at = (date: string, time: string) => `${date}T${time}:00.000Z`;
const PREMIUM_TEXT = 'The ledger shows the harbour trust sold the quay for a pound.';

describeEachEngine('daily briefing', (engine) => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let kit: ReturnType<typeof createNewsletterKit>;
  let front: { free: number; premium: number };
  const clock = fixedClock(at(DAY_ONE, '06:00'));

  const job = (db: Db = database.db, extra: Partial<BriefingJobDependencies> = {}) =>
    createBriefingJob({ db, clock, timeZone: LONDON, readHomeFront: (now) => listHomeFrontArticleIds(db, now), ...extra });

  beforeAll(async () => {
    sink = await startSmtpSink({ keepMessages: true });
  });
  afterAll(async () => {
    await sink.close();
  });
  beforeEach(async () => {
    clock.set(at(DAY_ONE, '06:00'));
    sink.deliveries.clear();
    sink.messages.length = 0;
    database = await openTestDatabase(engine);
    kit = createNewsletterKit({ db: database.db, engine, clock, smtpUrl: sink.url });
    const sectionId = await insertSection(database.db, { path: '/harbour', name: 'Harbour', description: '', parentId: null, position: 0 });
    const article = async (slug: string, accessLevel: 'free' | 'premium', body: string) =>
      insertArticle(database.db, {
        slug,
        sectionId,
        kicker: '',
        headline: `Headline of ${slug}`,
        standfirst: `Standfirst of ${slug}`,
        bodyJson: JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: body }] }] }),
        heroImageId: null,
        agencyCredit: '',
        accessLevel,
        commentsEnabled: true,
        status: 'published',
        publishedAt: '2026-12-01T08:00:00.000Z',
        updatedAt: null,
        authorIds: [],
        topicIds: [],
        now: '2026-12-01T08:00:00.000Z',
      });
    front = {
      premium: await article('quay-sold-for-a-pound', 'premium', PREMIUM_TEXT),
      free: await article('ferry-timetable-changes', 'free', 'The ferry leaves at nine from Monday.'),
    };
    await replaceFrontSlots(database.db, 'home', [front.premium, front.free]);
  });
  afterEach(async () => {
    await kit.close();
    await database.destroy();
  });

  async function briefingNewsletter(sendTime = '07:00') {
    const saved = await kit.newsletters.createNewsletter({
      name: 'Harbour Morning',
      slug: 'harbour-morning',
      access: 'registered',
      sendTime,
      isBriefing: true,
    });
    if (saved.kind !== 'saved') throw new Error(JSON.stringify(saved));
    return saved.newsletter;
  }
  const issues = () => database.db.selectFrom('newsletter_issues').selectAll().orderBy('id').execute();
  const days = () => database.db.selectFrom('newsletter_briefings').selectAll().orderBy('local_date').execute();

  it('makes one issue at the send time from the front, in its order, and sends it without any article’s text', async () => {
    const newsletter = await briefingNewsletter();
    const readerId = await insertReader(database.db, { email: 'reader@example.test', now: at(DAY_ONE, '06:00') });
    await kit.newsletters.subscribeReader(readerId, newsletter.id);
    const briefings = job();

    clock.set(at(DAY_ONE, '06:59'));
    expect(await briefings.run()).toEqual([]);
    clock.set(at(DAY_ONE, '07:00'));
    const [day] = await briefings.run();
    expect(day).toMatchObject({ newsletterId: newsletter.id, localDate: DAY_ONE, outcome: 'scheduled' });
    clock.advance(60_000);
    expect(await briefings.run()).toEqual([]);

    const [issue] = await issues();
    expect(issue).toMatchObject({
      id: day!.issueId,
      state: 'scheduled',
      send_at: at(DAY_ONE, '07:00'),
      subject: 'Harbour Morning: Monday 7 December 2026',
      preheader: 'Headline of quay-sold-for-a-pound',
      created_by: null,
      body_json: null,
    });
    expect(JSON.parse(issue!.article_ids_json!)).toEqual([front.premium, front.free]);

    // The ordinary send path: the sender starts the scheduled issue and delivers it.
    await kit.sender.drain();
    expect((await kit.newsletters.findIssue(issue!.id))?.state).toBe('sent');
    expect(sink.deliveries.get('reader@example.test')).toBe(1);
    const raw = sink.messages[0]!.raw.toString('utf8').replace(/=\r?\n/g, '');
    expect(raw).toContain('Headline of quay-sold-for-a-pound');
    expect(raw).toContain('Standfirst of quay-sold-for-a-pound');
    expect(raw).not.toContain('the harbour trust sold the quay');
    expect(raw).not.toContain('The ferry leaves at nine');
  });

  it('skips a day when the front is empty, and goes on the next day', async () => {
    const newsletter = await briefingNewsletter();
    await replaceFrontSlots(database.db, 'home', []);
    clock.set(at(DAY_ONE, '07:00'));
    expect(await job().run()).toEqual([{ newsletterId: newsletter.id, localDate: DAY_ONE, outcome: 'empty-front', issueId: null }]);
    // Stories pinned later that morning do not bring the day back.
    await replaceFrontSlots(database.db, 'home', [front.free]);
    clock.set(at(DAY_ONE, '08:00'));
    expect(await job().run()).toEqual([]);
    expect(await issues()).toHaveLength(0);
    clock.set(at('2026-12-08', '07:00'));
    expect((await job().run()).map((day) => day.outcome)).toEqual(['scheduled']);
    expect((await days()).map((day) => [day.local_date, day.outcome])).toEqual([
      [DAY_ONE, 'empty-front'],
      ['2026-12-08', 'scheduled'],
    ]);
    const described = await kit.newsletters.describeBriefing(newsletter.id);
    expect(described?.recent.map((day) => [day.localDate, day.outcome, day.issueId !== null])).toEqual([
      ['2026-12-08', 'scheduled', true],
      [DAY_ONE, 'empty-front', false],
    ]);
    expect(described?.nextAt).toBe(at('2026-12-09', '07:00'));
  });

  it('makes one issue a day when two nodes look at the same moment', async () => {
    await briefingNewsletter();
    const otherNode = database.openAnotherHandle();
    try {
      // Both nodes read the front before either claims: each reaches the claim believing the day is free.
      let waiting: (() => void)[] = [];
      const together = async (db: Db, now: string) => {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === 2) {
            waiting.forEach((release) => release());
            waiting = [];
          }
        });
        return listHomeFrontArticleIds(db, now);
      };
      // SQLite is one writer per process (better-sqlite3 would block the thread the other node waits on):
      // the two nodes share a handle there, as two tickers in one process do; PostgreSQL gets two pools.
      const second = engine === 'postgres' ? otherNode.db : database.db;
      const here = job(database.db, { readHomeFront: (now) => together(database.db, now) });
      const there = job(second, { readHomeFront: (now) => together(second, now) });
      for (const date of ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11']) {
        clock.set(at(date, '07:00'));
        const [a, b] = await Promise.all([here.run(), there.run()]);
        expect(a.length + b.length, date).toBe(1);
      }
    } finally {
      await otherNode.close();
    }
    expect(await issues()).toHaveLength(5);
    expect((await days()).map((day) => day.local_date)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11']);
  });

  it('catches up after a restart inside the window, once, and not after it', async () => {
    await briefingNewsletter();
    // No node was running at 07:00; one starts at 09:30 (a new job: nothing in memory).
    clock.set(at(DAY_ONE, '09:30'));
    expect((await job().run()).map((day) => day.localDate)).toEqual([DAY_ONE]);
    clock.set(at(DAY_ONE, '10:00'));
    expect(await job().run()).toEqual([]);
    // The next day nothing runs until 13:00: six hours after 07:00 is too late for that day's briefing.
    clock.set(at('2026-12-08', '13:00'));
    expect(await job().run()).toEqual([]);
    expect(await issues()).toHaveLength(1);
  });

  it('owes nothing for a time set after it passed, and follows the clocks on the last Sunday of October', async () => {
    clock.set(at('2026-10-24', '06:30'));
    const newsletter = await briefingNewsletter('07:00');
    // 07:00 BST on Saturday is 06:00Z: switched on after it, so the first briefing is Sunday's.
    expect(await job().run()).toEqual([]);
    // Sunday 25 October: clocks went back at 02:00, so 07:00 is 07:00Z, not 06:00Z.
    clock.set(at('2026-10-25', '06:00'));
    expect(await job().run()).toEqual([]);
    clock.set(at('2026-10-25', '07:00'));
    expect((await job().run()).map((day) => day.localDate)).toEqual(['2026-10-25']);
    expect((await kit.newsletters.describeBriefing(newsletter.id))?.nextAt).toBe('2026-10-26T07:00:00.000Z');
  });

  it('is looked at by the sender on each pass, at most every half minute of clock time', async () => {
    await briefingNewsletter();
    let looks = 0;
    const briefings = job(database.db, {
      readHomeFront: (now) => {
        looks++;
        return listHomeFrontArticleIds(database.db, now);
      },
    });
    await kit.close();
    kit = createNewsletterKit({ db: database.db, engine, clock, smtpUrl: sink.url, beforePass: () => briefings.tick() });
    clock.set(at(DAY_ONE, '07:00'));
    await kit.sender.drain();
    expect(looks).toBe(1);
    expect((await issues()).map((issue) => issue.state)).toEqual(['sent']);
    await kit.sender.drain();
    expect(await briefings.tick()).toEqual([]);
    expect(looks).toBe(1);
  });
});
