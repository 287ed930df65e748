// Lookups and writes behind the account settings pages (/account). Shared
// account lookups (findUserById, insertConsent, email tokens) stay in
// accounts.repository.ts.
import type { DbOrTransaction } from '../../core/db/database.js';
import type { EmailTokenPurpose } from '../../core/db/schema.js';

/** Whether any account row, including anonymised ones, holds the address (the unique index covers them all). */
export async function isEmailInUse(db: DbOrTransaction, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').where('email', '=', email).select('id').executeTakeFirst();
  return row !== undefined;
}

/** A token that is live (unused, unexpired) for this user and purpose, without using it up. */
export async function findLiveEmailToken(
  db: DbOrTransaction,
  options: { id: string; userId: number; purpose: EmailTokenPurpose; now: string },
) {
  return db
    .selectFrom('email_tokens')
    .where('id', '=', options.id)
    .where('user_id', '=', options.userId)
    .where('purpose', '=', options.purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', options.now)
    .select(['new_email', 'expires_at'])
    .executeTakeFirst();
}

/** Moves the account to a new address, confirmed by the link sent there. Throws on a unique violation. */
export async function changeUserEmail(db: DbOrTransaction, options: { userId: number; email: string; now: string }): Promise<void> {
  await db
    .updateTable('users')
    .set({ email: options.email, email_verified_at: options.now, updated_at: options.now })
    .where('id', '=', options.userId)
    .execute();
}

export { isUniqueViolation } from '../../core/db/unique-violation.js';

/** Queued and sent messages to an address: their bodies hold names and links, so they go with the account. */
export async function deleteOutboxMessagesTo(db: DbOrTransaction, recipient: string): Promise<void> {
  await db.deleteFrom('email_outbox').where('recipient', '=', recipient).execute();
}

// Read-models for "download my data": explicit columns only, so a secret
// added to a table later is not exported by accident.

export async function findProfileForExport(db: DbOrTransaction, userId: number) {
  return db
    .selectFrom('users')
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .select([
      'email',
      'email_verified_at',
      'first_name',
      'last_name',
      'date_of_birth',
      'role',
      'marketing_opt_out',
      'created_at',
      'updated_at',
    ])
    .executeTakeFirst();
}

export async function listSubscribedNewslettersForExport(db: DbOrTransaction, userId: number) {
  return db
    .selectFrom('newsletter_subscriptions')
    .innerJoin('newsletters', 'newsletters.id', 'newsletter_subscriptions.newsletter_id')
    .where('newsletter_subscriptions.user_id', '=', userId)
    .select(['newsletters.slug', 'newsletters.name', 'newsletter_subscriptions.created_at'])
    .orderBy('newsletters.name')
    .execute();
}

export async function listSessionsForExport(db: DbOrTransaction, userId: number, now: string) {
  return db
    .selectFrom('sessions')
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .select(['created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip_address'])
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function listEmailChangeRequestsForExport(db: DbOrTransaction, userId: number) {
  return db
    .selectFrom('email_tokens')
    .where('user_id', '=', userId)
    .where('purpose', '=', 'change-email')
    .select(['new_email', 'created_at', 'expires_at', 'used_at'])
    .orderBy('created_at')
    .execute();
}
