import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';

describeEachEngine('migration 0022 (newsletter sending)', (engine) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase(engine);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('keeps one delivery per (issue, address) and goes down and up again', async () => {
    const { db } = database;
    const now = '2026-12-06T10:00:00.000Z';
    const newsletter = await db
      .insertInto('newsletters')
      .values({ slug: 'morning', name: 'Morning', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stored = await db.selectFrom('newsletters').selectAll().where('id', '=', newsletter.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ frequency: '', sender_name: '', send_time: '', is_briefing: 0, updated_at: null });
    const issue = await db
      .insertInto('newsletter_issues')
      .values({ newsletter_id: newsletter.id, subject: 'Hello', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const delivery = { issue_id: issue.id, email: 'a@example.test', next_attempt_at: now, created_at: now };
    await db.insertInto('newsletter_deliveries').values(delivery).execute();
    await expect(db.insertInto('newsletter_deliveries').values(delivery).execute()).rejects.toThrow();
    const inserted = await db
      .insertInto('newsletter_deliveries')
      .values(delivery)
      .onConflict((c) => c.columns(['issue_id', 'email']).doNothing())
      .executeTakeFirst();
    expect(Number(inserted.numInsertedOrUpdatedRows ?? 0)).toBe(0);

    const down = await database.migrateTo('0021_create_insight_daily_counts');
    expect(down.error).toBeUndefined();
    const up = await database.migrateTo('latest');
    expect(up.error).toBeUndefined();
    expect(await db.selectFrom('newsletter_deliveries').selectAll().execute()).toEqual([]);
  });
});
