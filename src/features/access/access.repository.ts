import { hasRowLocks, type Db, type DbOrTransaction } from '../../core/db/database.js';
import type { SubscriptionSource } from '../../core/db/schema.js';

export type PremiumReadOutcome = 'already-counted' | 'counted' | 'allowance-spent';

/**
 * Counts a premium read against a reader's allowance, atomically: the reader's
 * row is locked (PostgreSQL) or the write is serialised (SQLite) for the
 * check-and-insert, so parallel reads of different articles can never exceed
 * the allowance. Only this reader's reads wait; nobody else's pages do.
 */
export async function recordPremiumRead(
  db: Db,
  read: { userId: number; articleId: number; now: string; periodStart: string; limit: number },
): Promise<PremiumReadOutcome> {
  return db.transaction().execute(async (trx) => {
    if (hasRowLocks(trx)) await trx.selectFrom('users').where('id', '=', read.userId).select('id').forUpdate().executeTakeFirst();
    // Reads from earlier periods no longer count: clear them (the privacy notice promises it).
    await trx.deleteFrom('premium_reads').where('user_id', '=', read.userId).where('read_at', '<=', read.periodStart).execute();
    const existing = await trx
      .selectFrom('premium_reads')
      .where('user_id', '=', read.userId)
      .where('article_id', '=', read.articleId)
      .select('read_at')
      .executeTakeFirst();
    if (existing && existing.read_at > read.periodStart) return 'already-counted';
    const counted = await trx
      .selectFrom('premium_reads')
      .where('user_id', '=', read.userId)
      .where('read_at', '>', read.periodStart)
      .select((eb) => eb.fn.countAll<number>().as('reads'))
      .executeTakeFirstOrThrow();
    if (Number(counted.reads) >= read.limit) return 'allowance-spent';
    await trx
      .insertInto('premium_reads')
      .values({ user_id: read.userId, article_id: read.articleId, read_at: read.now })
      .onConflict((conflict) => conflict.columns(['user_id', 'article_id']).doUpdateSet({ read_at: read.now }))
      .execute();
    return 'counted';
  });
}

export async function listPremiumReads(db: DbOrTransaction, userId: number, periodStart: string) {
  return db
    .selectFrom('premium_reads')
    .where('user_id', '=', userId)
    .where('read_at', '>', periodStart)
    .select(['article_id', 'read_at'])
    .execute();
}

/** The latest end of any subscription that has started, or null. */
export async function findSubscriptionEnd(db: DbOrTransaction, userId: number, now: string): Promise<string | null> {
  const row = await db
    .selectFrom('subscriptions')
    .where('user_id', '=', userId)
    .where('starts_at', '<=', now)
    .select((eb) => eb.fn.max('ends_at').as('ends_at'))
    .executeTakeFirst();
  return (row?.ends_at as string | null | undefined) ?? null;
}

export async function insertSubscription(
  db: DbOrTransaction,
  subscription: { userId: number; source: SubscriptionSource; externalId: string | null; startsAt: string; endsAt: string; now: string },
): Promise<number> {
  const row = await db
    .insertInto('subscriptions')
    .values({
      user_id: subscription.userId,
      source: subscription.source,
      external_id: subscription.externalId,
      starts_at: subscription.startsAt,
      ends_at: subscription.endsAt,
      created_at: subscription.now,
      updated_at: subscription.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findLiveUserIdByEmail(db: DbOrTransaction, email: string): Promise<number | null> {
  const row = await db.selectFrom('users').where('email', '=', email).where('deleted_at', 'is', null).select('id').executeTakeFirst();
  return row?.id ?? null;
}
