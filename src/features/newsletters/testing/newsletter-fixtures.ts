// Test and bench support: readers, subscriptions and newsletters written
// straight into the database (the accounts flows are tested elsewhere).
import type { Db } from '../../../core/db/database.js';
import { insertImage } from '../../media/testing/image-fixtures.js';

export async function insertReader(
  db: Db,
  options: { email: string; verified?: boolean; deleted?: boolean; role?: 'reader' | 'editor'; firstName?: string; now: string },
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      email: options.email,
      email_verified_at: options.verified === false ? null : options.now,
      password_hash: null,
      first_name: options.firstName ?? 'Reader',
      last_name: 'Test',
      date_of_birth: null,
      role: options.role ?? 'reader',
      created_at: options.now,
      updated_at: options.now,
      deleted_at: options.deleted ? options.now : null,
      last_sign_in_at: null,
      deactivated_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function grantPremium(db: Db, userId: number, options: { from: string; until: string }): Promise<void> {
  await db
    .insertInto('subscriptions')
    .values({
      user_id: userId,
      source: 'staff-grant',
      external_id: null,
      starts_at: options.from,
      ends_at: options.until,
      provider_event_at: null,
      created_at: options.from,
      updated_at: options.from,
    })
    .execute();
}

/** Many readers subscribed to one newsletter, in chunks of one statement each (the crash test and the bench). */
export async function insertSubscribedReaders(db: Db, options: { newsletterId: number; count: number; domain: string; now: string }) {
  const chunk = 500;
  for (let start = 0; start < options.count; start += chunk) {
    const size = Math.min(chunk, options.count - start);
    const rows = Array.from({ length: size }, (_, offset) => ({
      email: `reader${start + offset}@${options.domain}`,
      email_verified_at: options.now,
      password_hash: null,
      first_name: 'Reader',
      last_name: String(start + offset),
      date_of_birth: null,
      created_at: options.now,
      updated_at: options.now,
      deleted_at: null,
      last_sign_in_at: null,
      deactivated_at: null,
    }));
    const ids = await db.insertInto('users').values(rows).returning('id').execute();
    await db
      .insertInto('newsletter_subscriptions')
      .values(ids.map(({ id }) => ({ user_id: id, newsletter_id: options.newsletterId, created_at: options.now })))
      .execute();
  }
}

/** A picture in the media library (its bytes are never read here: emails and pages link its renditions). */
export async function insertLibraryPicture(
  db: Db,
  options: { publicId: string; alt: string; caption?: string; credit?: string; now: string },
): Promise<number> {
  return insertImage(db, {
    publicId: options.publicId,
    alt: options.alt,
    caption: options.caption ?? '',
    credit: options.credit ?? '',
    width: 1200,
    height: 800,
    mime: 'image/jpeg',
    data: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
    createdAt: options.now,
  });
}
