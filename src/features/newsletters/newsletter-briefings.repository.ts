// The daily briefing's rows: which newsletters have one, the once-a-day
// claim (newsletter, local date) and the days already done.
import type { DbOrTransaction } from '../../core/db/database.js';
import type { BriefingOutcome } from '../../core/db/schema-briefings.js';

/** Newsletters set to a daily briefing with a time to send it. */
export async function listBriefingNewsletters(db: DbOrTransaction) {
  return db
    .selectFrom('newsletters')
    .select(['id', 'name', 'send_time', 'briefing_armed_at'])
    .where('is_briefing', '=', 1)
    .where('send_time', '!=', '')
    .orderBy('id')
    .execute();
}

export async function hasBriefingDay(db: DbOrTransaction, newsletterId: number, localDate: string): Promise<boolean> {
  const row = await db
    .selectFrom('newsletter_briefings')
    .select('newsletter_id')
    .where('newsletter_id', '=', newsletterId)
    .where('local_date', '=', localDate)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Claims the day: true for the one caller whose row went in. On PostgreSQL a
 * second transaction inserting the same key waits for the first and then
 * inserts nothing; on SQLite writers take turns.
 */
export async function claimBriefingDay(
  db: DbOrTransaction,
  values: { newsletterId: number; localDate: string; runAt: string; outcome: BriefingOutcome; now: string },
): Promise<boolean> {
  const result = await db
    .insertInto('newsletter_briefings')
    .values({
      newsletter_id: values.newsletterId,
      local_date: values.localDate,
      run_at: values.runAt,
      outcome: values.outcome,
      claimed_at: values.now,
    })
    .onConflict((conflict) => conflict.columns(['newsletter_id', 'local_date']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function setBriefingIssue(db: DbOrTransaction, newsletterId: number, localDate: string, issueId: number): Promise<void> {
  await db
    .updateTable('newsletter_briefings')
    .set({ issue_id: issueId })
    .where('newsletter_id', '=', newsletterId)
    .where('local_date', '=', localDate)
    .execute();
}

/** The latest days, newest first (the newsroom desk). */
export async function listBriefingDays(db: DbOrTransaction, newsletterId: number, limit: number) {
  return db
    .selectFrom('newsletter_briefings')
    .select(['local_date', 'run_at', 'outcome', 'issue_id'])
    .where('newsletter_id', '=', newsletterId)
    .orderBy('local_date', 'desc')
    .limit(limit)
    .execute();
}
