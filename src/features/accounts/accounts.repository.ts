import type { DbOrTransaction } from '../../core/db/database.js';
import type { EmailTokenPurpose, Role } from '../../core/db/schema.js';

export async function insertUser(
  db: DbOrTransaction,
  user: {
    email: string;
    passwordHash: string | null;
    firstName: string;
    lastName: string;
    dateOfBirth: string | null;
    role: Role;
    marketingOptOut: boolean;
    now: string;
  },
): Promise<number | null> {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email,
      password_hash: user.passwordHash,
      first_name: user.firstName,
      last_name: user.lastName,
      date_of_birth: user.dateOfBirth,
      role: user.role,
      marketing_opt_out: user.marketingOptOut ? 1 : 0,
      created_at: user.now,
      updated_at: user.now,
    })
    // Two registrations racing for one address: the second simply gets no row.
    .onConflict((conflict) => conflict.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function findUserByEmail(db: DbOrTransaction, email: string) {
  return db.selectFrom('users').where('email', '=', email).where('deleted_at', 'is', null).selectAll().executeTakeFirst();
}

export async function findUserById(db: DbOrTransaction, id: number) {
  return db.selectFrom('users').where('id', '=', id).where('deleted_at', 'is', null).selectAll().executeTakeFirst();
}

export async function updateUser(
  db: DbOrTransaction,
  id: number,
  changes: Partial<{
    passwordHash: string;
    firstName: string;
    lastName: string;
    email: string;
    emailVerifiedAt: string | null;
    marketingOptOut: boolean;
    role: Role;
  }>,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
      ...(changes.firstName !== undefined && { first_name: changes.firstName }),
      ...(changes.lastName !== undefined && { last_name: changes.lastName }),
      ...(changes.email !== undefined && { email: changes.email }),
      ...(changes.emailVerifiedAt !== undefined && { email_verified_at: changes.emailVerifiedAt }),
      ...(changes.marketingOptOut !== undefined && { marketing_opt_out: changes.marketingOptOut ? 1 : 0 }),
      ...(changes.role !== undefined && { role: changes.role }),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function insertConsent(
  db: DbOrTransaction,
  consent: { userId: number; document: string; version: string; granted: boolean; now: string; ipAddress: string; userAgent: string },
): Promise<void> {
  await db
    .insertInto('consents')
    .values({
      user_id: consent.userId,
      document: consent.document,
      version: consent.version,
      granted: consent.granted ? 1 : 0,
      recorded_at: consent.now,
      ip_address: consent.ipAddress.slice(0, 64),
      user_agent: consent.userAgent.slice(0, 300),
    })
    .execute();
}

export async function listConsents(db: DbOrTransaction, userId: number) {
  return db
    .selectFrom('consents')
    .where('user_id', '=', userId)
    .select(['document', 'version', 'granted', 'recorded_at', 'ip_address', 'user_agent'])
    .orderBy('id')
    .execute();
}

export async function insertEmailToken(
  db: DbOrTransaction,
  token: { id: string; userId: number; purpose: EmailTokenPurpose; newEmail?: string; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('email_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      purpose: token.purpose,
      new_email: token.newEmail ?? null,
      created_at: token.now,
      expires_at: token.expiresAt,
    })
    .execute();
}

/** Marks a live token used and returns it; null if unknown, expired or already used. Safe under races. */
export async function consumeEmailToken(db: DbOrTransaction, id: string, purpose: EmailTokenPurpose, now: string) {
  const result = await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  return db.selectFrom('email_tokens').where('id', '=', id).select(['user_id', 'new_email']).executeTakeFirst();
}

/** A token that is still usable (unused, unexpired), without using it. */
export async function findLiveEmailToken(db: DbOrTransaction, id: string, purpose: EmailTokenPurpose, now: string) {
  return db
    .selectFrom('email_tokens')
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .select(['user_id', 'new_email'])
    .executeTakeFirst();
}

export async function clearPassword(db: DbOrTransaction, userId: number, now: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: null, updated_at: now }).where('id', '=', userId).execute();
}

export async function listStaffUsers(db: DbOrTransaction) {
  return db
    .selectFrom('users')
    .where('role', '!=', 'reader')
    .where('deleted_at', 'is', null)
    .select(['id', 'email', 'first_name', 'last_name', 'role', 'password_hash', 'created_at'])
    .orderBy('email')
    .execute();
}

export async function invalidateEmailTokens(db: DbOrTransaction, userId: number, purpose: EmailTokenPurpose, now: string): Promise<void> {
  await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/**
 * Deletes what identifies a reader while keeping rows others depend on: the
 * user row stays as an anonymous tombstone (so consent records, and later
 * comments, keep a valid reference), personal fields are cleared.
 */
export async function anonymiseUser(db: DbOrTransaction, userId: number, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({
      email: `deleted-${userId}@invalid`,
      password_hash: null,
      first_name: 'Deleted',
      last_name: 'reader',
      date_of_birth: null,
      email_verified_at: null,
      marketing_opt_out: 1,
      deleted_at: now,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('email_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('newsletter_subscriptions').where('user_id', '=', userId).execute();
  await db.updateTable('consents').set({ ip_address: '', user_agent: '' }).where('user_id', '=', userId).execute();
}

export async function recordSignIn(db: DbOrTransaction, userId: number, now: string): Promise<void> {
  await db.updateTable('users').set({ last_sign_in_at: now }).where('id', '=', userId).execute();
}

/** Staff for the admins' staff page: with last sign-in, deactivation and whether a second factor is on. */
export async function listStaffOverview(db: DbOrTransaction) {
  return db
    .selectFrom('users')
    .leftJoin('staff_second_factors', (join) =>
      join.onRef('staff_second_factors.user_id', '=', 'users.id').on('staff_second_factors.confirmed_at', 'is not', null),
    )
    .where('users.role', '!=', 'reader')
    .where('users.deleted_at', 'is', null)
    .select([
      'users.id',
      'users.email',
      'users.first_name',
      'users.last_name',
      'users.role',
      'users.password_hash',
      'users.last_sign_in_at',
      'users.deactivated_at',
      'staff_second_factors.user_id as second_factor_user_id',
    ])
    .orderBy('users.deactivated_at', (ob) => ob.nullsFirst())
    .orderBy('users.email')
    .execute();
}

export async function setDeactivated(db: DbOrTransaction, userId: number, at: string | null, now: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ deactivated_at: at, updated_at: now })
    .where('id', '=', userId)
    .where('role', '!=', 'reader')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Admin API keys that belong to `userId` (api_keys.owner_user_id), revoked with their owner. */
export async function revokeApiKeysOwnedBy(db: DbOrTransaction, userId: number, now: string): Promise<number> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('owner_user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
