// Everyone signed up to a newsletter, for `masthead newsletter export`: readers
// signed up with their account (not deleted) and imported subscribers who have
// not unsubscribed, read a page at a time by id so a long list never sits in memory.
import type { DbOrTransaction } from '../../core/db/database.js';

const PAGE = 1000;

export async function listReaderSubscribersAfter(db: DbOrTransaction, newsletterId: number, afterUserId: number) {
  return db
    .selectFrom('newsletter_subscriptions')
    .innerJoin('users', 'users.id', 'newsletter_subscriptions.user_id')
    .select(['users.id', 'users.email', 'users.first_name', 'users.last_name', 'newsletter_subscriptions.created_at'])
    .where('newsletter_subscriptions.newsletter_id', '=', newsletterId)
    .where('users.deleted_at', 'is', null)
    .where('users.id', '>', afterUserId)
    .orderBy('users.id')
    .limit(PAGE)
    .execute();
}

export async function listImportedSubscribersAfter(db: DbOrTransaction, newsletterId: number, afterId: number) {
  return db
    .selectFrom('newsletter_subscribers')
    .select(['id', 'email', 'first_name', 'last_name', 'consent_source', 'created_at'])
    .where('newsletter_id', '=', newsletterId)
    .where('unsubscribed_at', 'is', null)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(PAGE)
    .execute();
}
