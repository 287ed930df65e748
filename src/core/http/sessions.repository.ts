import type { DbOrTransaction } from '../db/database.js';
import { preparedQuery } from '../db/prepared-query.js';

export async function insertSession(
  db: DbOrTransaction,
  session: {
    id: string;
    userId: number;
    createdAt: string;
    expiresAt: string;
    userAgent: string;
    ipAddress: string;
    secondFactorAt?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.createdAt,
      last_seen_at: session.createdAt,
      expires_at: session.expiresAt,
      user_agent: session.userAgent.slice(0, 300),
      ip_address: session.ipAddress.slice(0, 64),
      second_factor_at: session.secondFactorAt ?? null,
      staff_seen_at: session.secondFactorAt ?? null,
    })
    .execute();
}

// Every signed-in request asks this: built and compiled once (core/db/prepared-query.ts).
const liveSessionQuery = preparedQuery('findLiveSession', (db, args: { id: string; now: string }) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .where('sessions.id', '=', args.id)
    .where('sessions.expires_at', '>', args.now)
    .where('users.deleted_at', 'is', null)
    .where('users.deactivated_at', 'is', null)
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.last_seen_at',
      'sessions.created_at',
      'sessions.second_factor_at',
      'sessions.staff_seen_at',
      'users.email',
      'users.first_name',
      'users.last_name',
      'users.role',
      'users.email_verified_at',
    ]),
);

export async function findLiveSession(db: DbOrTransaction, id: string, now: string) {
  const { rows } = await liveSessionQuery(db, { id, now });
  return rows[0];
}

export async function touchSession(db: DbOrTransaction, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/** The session passed the second factor now (and so was active in the staff area now). */
export async function markSecondFactor(db: DbOrTransaction, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ second_factor_at: now, staff_seen_at: now }).where('id', '=', id).execute();
}

export async function touchStaffArea(db: DbOrTransaction, id: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ staff_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: DbOrTransaction, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: DbOrTransaction, userId: number, exceptId?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) query = query.where('id', '!=', exceptId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSessionsOfUser(db: DbOrTransaction, userId: number, now: string) {
  return db
    .selectFrom('sessions')
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .select(['id', 'created_at', 'last_seen_at', 'user_agent', 'ip_address'])
    .orderBy('last_seen_at', 'desc')
    .execute();
}
