import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';

describeEachEngine('migration 0029 (daily briefings)', (engine) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase(engine);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('keeps one briefing per (newsletter, local date), leaves older briefings owed, and goes down and up again', async () => {
    const { db } = database;
    const now = '2026-12-06T10:00:00.000Z';
    const down = await database.migrateTo('0028_add_email_attachments');
    expect(down.error).toBeUndefined();
    await db
      .insertInto('newsletters')
      .values({ slug: 'dawn', name: 'Dawn', created_at: now, send_time: '07:00', is_briefing: 1 })
      .execute();
    const up = await database.migrateTo('latest');
    expect(up.error).toBeUndefined();
    const newsletter = await db.selectFrom('newsletters').select(['id', 'briefing_armed_at']).executeTakeFirstOrThrow();
    expect(newsletter.briefing_armed_at).toBeNull();

    const day = { newsletter_id: newsletter.id, local_date: '2026-12-07', run_at: now, outcome: 'empty-front' as const, claimed_at: now };
    await db.insertInto('newsletter_briefings').values(day).execute();
    await expect(db.insertInto('newsletter_briefings').values(day).execute()).rejects.toThrow();
    await db
      .insertInto('newsletter_briefings')
      .values({ ...day, local_date: '2026-12-08' })
      .execute();
    // Deleting the newsletter takes its days with it.
    await db.deleteFrom('newsletters').where('id', '=', newsletter.id).execute();
    expect(await db.selectFrom('newsletter_briefings').selectAll().execute()).toEqual([]);
    expect((await database.migrateTo('0028_add_email_attachments')).error).toBeUndefined();
    expect((await database.migrateTo('latest')).error).toBeUndefined();
  });
});
