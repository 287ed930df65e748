// The rate-limit windows nodes on one PostgreSQL share (rate-limit.ts,
// createDatabaseRateLimiter). Times are ISO text, compared as text.
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface StoredWindow {
  count: number;
  resetsAt: string;
}

/**
 * Counts one hit, atomically: a window that has run out starts again at one.
 * Concurrent hits on one key queue on its row, so each sees its own count.
 */
export async function countHit(db: Db, key: string, now: string, resetsAt: string): Promise<StoredWindow> {
  const row = await db
    .insertInto('rate_limit_windows')
    .values({ key, count: 1, resets_at: resetsAt })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        count: sql<number>`case when rate_limit_windows.resets_at <= ${now} then 1 else rate_limit_windows.count + 1 end`,
        resets_at: sql<string>`case when rate_limit_windows.resets_at <= ${now} then excluded.resets_at else rate_limit_windows.resets_at end`,
      }),
    )
    .returning(['count', 'resets_at'])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), resetsAt: row.resets_at };
}

/** The key's window while it runs; none once it has run out. */
export async function findLiveWindow(db: Db, key: string, now: string): Promise<StoredWindow | undefined> {
  const row = await db
    .selectFrom('rate_limit_windows')
    .where('key', '=', key)
    .where('resets_at', '>', now)
    .select(['count', 'resets_at'])
    .executeTakeFirst();
  return row && { count: Number(row.count), resetsAt: row.resets_at };
}

export async function deleteWindow(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limit_windows').where('key', '=', key).execute();
}

/** Gives back one hit of a running window, never below zero. */
export async function uncountHit(db: Db, key: string, now: string): Promise<void> {
  await db
    .updateTable('rate_limit_windows')
    .set({ count: sql<number>`count - 1` })
    .where('key', '=', key)
    .where('count', '>', 0)
    .where('resets_at', '>', now)
    .execute();
}

/** Windows that have run out: nothing reads them again, and their keys name accounts and addresses. */
export async function deleteEndedWindows(db: Db, now: string): Promise<number> {
  const result = await db.deleteFrom('rate_limit_windows').where('resets_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
