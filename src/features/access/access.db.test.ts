import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { insertUser } from '../accounts/testing/user-fixtures.js';
import { seedFixtureNewspaper, FIXTURE_NOW } from '../articles/testing/fixture-newspaper.js';
import { decideAccess, type MeterSettings } from './access-decision.js';
import { createAccessService } from './access.service.js';

const settings: MeterSettings = { anonymousFreeArticles: 5, registeredPremiumArticles: 3, periodDays: 30, meteredSections: [] };
const DAY = 86_400_000;

describeEachEngine('access: premium allowance and subscriptions', (engine) => {
  let database: TestDatabase;
  let articleIds: number[];
  const clock = fixedClock(FIXTURE_NOW);
  let nextReader = 0;

  async function newReader(role: 'reader' | 'editor' = 'reader') {
    const id = await insertUser(database.db, {
      email: `reader-${++nextReader}@example.com`,
      passwordHash: null,
      firstName: 'Test',
      lastName: 'Reader',
      dateOfBirth: '1990-01-01',
      role,
      marketingOptOut: true,
      now: FIXTURE_NOW.toISOString(),
    });
    return { id: id!, role, email: `reader-${nextReader}@example.com` };
  }

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedFixtureNewspaper(database.db, { extraArticles: 10 });
    articleIds = (await database.db.selectFrom('articles').select('id').orderBy('id').execute()).map((row) => row.id);
  });
  afterAll(() => database.destroy());

  it('counts distinct premium reads up to the allowance; re-reads are free', async () => {
    const access = createAccessService({ db: database.db, clock, settings });
    const reader = await newReader();
    expect(await access.recordPremiumRead(reader.id, articleIds[0]!)).toBe('counted');
    expect(await access.recordPremiumRead(reader.id, articleIds[0]!)).toBe('already-counted');
    expect(await access.recordPremiumRead(reader.id, articleIds[1]!)).toBe('counted');
    expect(await access.recordPremiumRead(reader.id, articleIds[2]!)).toBe('counted');
    expect(await access.recordPremiumRead(reader.id, articleIds[3]!)).toBe('allowance-spent');
    expect(await access.recordPremiumRead(reader.id, articleIds[1]!)).toBe('already-counted');
    const state = await access.signedInReader(reader);
    expect(state).toMatchObject({ kind: 'registered', subscriptionEndsAt: null });
    if (state.kind !== 'registered') throw new Error('expected a registered reader');
    expect(state.premiumReads.map((read) => read.articleId).sort((a, b) => a - b)).toEqual(articleIds.slice(0, 3));
    expect(
      decideAccess({ id: articleIds[3]!, accessLevel: 'premium', sectionPath: 'world' }, state, settings, clock.now().getTime()).kind,
    ).toBe('wall');
  });

  it('never exceeds the allowance under parallel reads of distinct articles by one reader', async () => {
    const access = createAccessService({ db: database.db, clock, settings });
    const reader = await newReader();
    const outcomes = await Promise.all(articleIds.slice(0, 12).map((articleId) => access.recordPremiumRead(reader.id, articleId)));
    expect(outcomes.filter((outcome) => outcome === 'counted')).toHaveLength(3);
    const rows = await database.db.selectFrom('premium_reads').where('user_id', '=', reader.id).select('article_id').execute();
    expect(rows).toHaveLength(3);
  });

  it('starts a new allowance when the period has passed', async () => {
    const later = fixedClock(FIXTURE_NOW);
    const access = createAccessService({ db: database.db, clock: later, settings });
    const reader = await newReader();
    for (const articleId of articleIds.slice(0, 3)) expect(await access.recordPremiumRead(reader.id, articleId)).toBe('counted');
    later.advance(31 * DAY);
    expect(await access.recordPremiumRead(reader.id, articleIds[0]!)).toBe('counted');
    expect(await access.recordPremiumRead(reader.id, articleIds[4]!)).toBe('counted');
    // Reads from the earlier period are gone, not just ignored (the privacy notice says so).
    const rows = await database.db
      .selectFrom('premium_reads')
      .where('user_id', '=', reader.id)
      .select('article_id')
      .orderBy('article_id')
      .execute();
    expect(rows.map((row) => row.article_id)).toEqual([articleIds[0], articleIds[4]].sort((a, b) => a! - b!));
  });

  it('grants a subscription by email, extends a running one, and ends it on time', async () => {
    const grantClock = fixedClock(FIXTURE_NOW);
    const access = createAccessService({ db: database.db, clock: grantClock, settings });
    const reader = await newReader();
    expect(await access.grantSubscription({ email: reader.email, days: 10 })).toEqual({
      kind: 'granted',
      endsAt: new Date(FIXTURE_NOW.getTime() + 10 * DAY).toISOString(),
    });
    expect(await access.grantSubscription({ email: ` ${reader.email.toUpperCase()} `, days: 5 })).toEqual({
      kind: 'granted',
      endsAt: new Date(FIXTURE_NOW.getTime() + 15 * DAY).toISOString(),
    });
    const premium = { id: articleIds[5]!, accessLevel: 'premium' as const, sectionPath: 'world' };
    expect(decideAccess(premium, await access.signedInReader(reader), settings, grantClock.now().getTime())).toMatchObject({
      kind: 'full',
      reason: 'subscriber',
    });
    grantClock.advance(15 * DAY);
    expect(decideAccess(premium, await access.signedInReader(reader), settings, grantClock.now().getTime())).toMatchObject({
      kind: 'full',
      reason: 'within-premium-allowance',
    });
    expect(await access.grantSubscription({ email: 'nobody@example.com', days: 5 })).toEqual({ kind: 'unknown-reader' });
    expect((await access.grantSubscription({ email: reader.email, days: 0 })).kind).toBe('invalid');
  });

  it('treats staff as entitled to everything', async () => {
    const access = createAccessService({ db: database.db, clock, settings });
    expect(await access.signedInReader(await newReader('editor'))).toEqual({ kind: 'staff' });
  });
});
