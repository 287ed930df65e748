// The send's rows: the audience written out in chunks, claims, outcomes,
// figures and address suppressions (docs/decisions/018-newsletter-sending.md).
import { sql } from 'kysely';
import type { Db, DbOrTransaction } from '../../core/db/database.js';

export type Engine = 'sqlite' | 'postgres';

/** Where the audience build of an issue stands: readers by user id, then imported subscribers by id. */
export type AudienceCursor = { source: 'readers'; after: number } | { source: 'imported'; after: number } | { source: 'done' };

export function parseAudienceCursor(stored: string): AudienceCursor {
  if (stored === 'done') return { source: 'done' };
  const match = /^(readers|imported):(\d+)$/.exec(stored);
  if (!match) return { source: 'readers', after: 0 };
  return { source: match[1] as 'readers' | 'imported', after: Number(match[2]) };
}

export const formatAudienceCursor = (cursor: AudienceCursor) => (cursor.source === 'done' ? 'done' : `${cursor.source}:${cursor.after}`);

/**
 * Writes the next chunk of an issue's audience and moves its cursor, in one
 * transaction. The cursor moves by compare-and-set, so two nodes building the
 * same audience cannot skip a chunk; the (issue, email) key makes a chunk
 * written twice harmless. Returns the new cursor, or null if another node
 * moved it first.
 */
export async function writeAudienceChunk(
  db: Db,
  options: { issueId: number; newsletterId: number; isPremium: boolean; storedCursor: string; chunkSize: number; now: string },
): Promise<AudienceCursor | null> {
  const { issueId, newsletterId, storedCursor, chunkSize, now } = options;
  const cursor = parseAudienceCursor(storedCursor);
  if (cursor.source === 'done') return cursor;
  return db
    .transaction()
    .execute(async (trx) => {
      let next: AudienceCursor;
      if (cursor.source === 'readers') {
        const ids = await trx
          .selectFrom('newsletter_subscriptions')
          .select('user_id')
          .where('newsletter_id', '=', newsletterId)
          .where('user_id', '>', cursor.after)
          .orderBy('user_id')
          .limit(chunkSize)
          .execute();
        const last = ids.at(-1)?.user_id;
        if (last !== undefined) {
          await trx
            .insertInto('newsletter_deliveries')
            .columns(['issue_id', 'email', 'user_id', 'first_name', 'next_attempt_at', 'created_at'])
            .expression((eb) => {
              let chosen = eb
                .selectFrom('newsletter_subscriptions')
                .innerJoin('users', 'users.id', 'newsletter_subscriptions.user_id')
                .select([
                  sql.lit(issueId).as('issue_id'),
                  'users.email',
                  'users.id',
                  'users.first_name',
                  sql.val(now).as('next_attempt_at'),
                  sql.val(now).as('created_at'),
                ])
                .where('newsletter_subscriptions.newsletter_id', '=', newsletterId)
                .where('newsletter_subscriptions.user_id', '>', cursor.after)
                .where('newsletter_subscriptions.user_id', '<=', last)
                .where('users.deleted_at', 'is', null)
                .where('users.email_verified_at', 'is not', null)
                .where((inner) =>
                  inner.not(
                    inner.exists(
                      inner
                        .selectFrom('newsletter_suppressions')
                        .whereRef('newsletter_suppressions.email', '=', 'users.email')
                        .where('newsletter_suppressions.suppressed_at', 'is not', null)
                        .select('newsletter_suppressions.email'),
                    ),
                  ),
                );
              if (options.isPremium)
                chosen = chosen.where((inner) =>
                  inner.or([
                    inner('users.role', '!=', 'reader'),
                    inner.exists(
                      inner
                        .selectFrom('subscriptions')
                        .whereRef('subscriptions.user_id', '=', 'users.id')
                        .where('subscriptions.starts_at', '<=', now)
                        .where('subscriptions.ends_at', '>', now)
                        .select('subscriptions.id'),
                    ),
                  ]),
                );
              return chosen;
            })
            .onConflict((c) => c.columns(['issue_id', 'email']).doNothing())
            .execute();
        }
        next = ids.length < chunkSize ? { source: 'imported', after: 0 } : { source: 'readers', after: last! };
      } else {
        const rows = await trx
          .selectFrom('newsletter_subscribers')
          .select('id')
          .where('newsletter_id', '=', newsletterId)
          .where('id', '>', cursor.after)
          .orderBy('id')
          .limit(chunkSize)
          .execute();
        const last = rows.at(-1)?.id;
        if (last !== undefined) {
          await trx
            .insertInto('newsletter_deliveries')
            .columns(['issue_id', 'email', 'subscriber_id', 'first_name', 'next_attempt_at', 'created_at'])
            .expression((eb) =>
              eb
                .selectFrom('newsletter_subscribers')
                .select([
                  sql.lit(issueId).as('issue_id'),
                  'newsletter_subscribers.email',
                  'newsletter_subscribers.id',
                  'newsletter_subscribers.first_name',
                  sql.val(now).as('next_attempt_at'),
                  sql.val(now).as('created_at'),
                ])
                .where('newsletter_subscribers.newsletter_id', '=', newsletterId)
                .where('newsletter_subscribers.id', '>', cursor.after)
                .where('newsletter_subscribers.id', '<=', last)
                .where('newsletter_subscribers.unsubscribed_at', 'is', null)
                .where((inner) =>
                  inner.not(
                    inner.exists(
                      inner
                        .selectFrom('newsletter_suppressions')
                        .whereRef('newsletter_suppressions.email', '=', 'newsletter_subscribers.email')
                        .where('newsletter_suppressions.suppressed_at', 'is not', null)
                        .select('newsletter_suppressions.email'),
                    ),
                  ),
                ),
            )
            .onConflict((c) => c.columns(['issue_id', 'email']).doNothing())
            .execute();
        }
        next = rows.length < chunkSize ? { source: 'done' } : { source: 'imported', after: last! };
      }
      const moved = await trx
        .updateTable('newsletter_issues')
        .set({
          audience_cursor: formatAudienceCursor(next),
          audience_state: next.source === 'done' ? 'complete' : 'building',
          updated_at: now,
        })
        .where('id', '=', issueId)
        .where('audience_cursor', '=', storedCursor)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) {
        // Another node wrote this chunk first: undo ours (the rows are the same).
        throw new LostRace();
      }
      return next;
    })
    .catch((error: unknown) => {
      if (error instanceof LostRace) return null;
      throw error;
    });
}

class LostRace extends Error {}

export interface ClaimedDelivery {
  id: number;
  issue_id: number;
  email: string;
  user_id: number | null;
  subscriber_id: number | null;
  first_name: string;
  attempts: number;
  /** The claim took over a message a stopped sender had in flight. */
  was_in_flight: boolean;
}

/**
 * Claims up to `limit` rows of an issue that are due and not held by a live
 * claim. A row still 'sending' under an expired claim was in flight when its
 * sender stopped: it is flagged as a possible duplicate before it is sent again.
 */
export async function claimDeliveries(
  db: Db,
  engine: Engine,
  options: { issueId: number; workerId: string; limit: number; now: string; claimUntil: string },
): Promise<ClaimedDelivery[]> {
  const { issueId, workerId, limit, now, claimUntil } = options;
  let due = db
    .selectFrom('newsletter_deliveries')
    .select('id')
    .where('issue_id', '=', issueId)
    .where('state', 'in', ['pending', 'sending'])
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('id')
    .limit(limit);
  // PostgreSQL: nodes claiming at once skip each other's rows instead of waiting; SQLite has one writer.
  if (engine === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('newsletter_deliveries')
    .set((eb) => ({
      claimed_by: workerId,
      claimed_until: claimUntil,
      possible_duplicate: eb.case().when('state', '=', 'sending').then(1).else(eb.ref('possible_duplicate')).end(),
    }))
    .where('id', 'in', due)
    .returning(['id', 'issue_id', 'email', 'user_id', 'subscriber_id', 'first_name', 'attempts', 'state'])
    .execute();
  return rows
    .map((row) => ({ ...row, was_in_flight: row.state === 'sending' }))
    .map(({ state: _state, ...row }) => row)
    .sort((a, b) => a.id - b.id);
}

/** Written just before the message goes to the SMTP server. */
export async function markInFlight(db: DbOrTransaction, deliveryId: number, now: string): Promise<void> {
  await db
    .updateTable('newsletter_deliveries')
    .set((eb) => ({ state: 'sending', attempt_started_at: now, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', deliveryId)
    .execute();
}

export async function markSent(db: DbOrTransaction, deliveryId: number, now: string, response: string): Promise<void> {
  await db
    .updateTable('newsletter_deliveries')
    .set({ state: 'sent', sent_at: now, smtp_response: response.slice(0, 300), claimed_until: null, last_error: null })
    .where('id', '=', deliveryId)
    .execute();
}

export async function markRetry(db: DbOrTransaction, deliveryId: number, options: { nextAttemptAt: string; error: string }) {
  await db
    .updateTable('newsletter_deliveries')
    .set({ state: 'pending', next_attempt_at: options.nextAttemptAt, last_error: options.error.slice(0, 300), claimed_until: null })
    .where('id', '=', deliveryId)
    .execute();
}

export async function markFailed(db: DbOrTransaction, deliveryId: number, options: { error: string; bouncedAt: string | null }) {
  await db
    .updateTable('newsletter_deliveries')
    .set({ state: 'failed', last_error: options.error.slice(0, 300), bounced_at: options.bouncedAt, claimed_until: null })
    .where('id', '=', deliveryId)
    .execute();
}

export async function markSkipped(db: DbOrTransaction, deliveryIds: number[]) {
  if (deliveryIds.length === 0) return;
  await db.updateTable('newsletter_deliveries').set({ state: 'skipped', claimed_until: null }).where('id', 'in', deliveryIds).execute();
}

/** Gives back claimed rows that were not attempted (a pause or a stop), so the next claim takes them at once. */
export async function releaseClaims(db: DbOrTransaction, deliveryIds: number[]) {
  if (deliveryIds.length === 0) return;
  await db
    .updateTable('newsletter_deliveries')
    .set({ claimed_until: null, claimed_by: null })
    .where('id', 'in', deliveryIds)
    .where('state', '=', 'pending')
    .execute();
}

export async function hasUnfinishedDeliveries(db: DbOrTransaction, issueId: number): Promise<boolean> {
  const row = await db
    .selectFrom('newsletter_deliveries')
    .select('id')
    .where('issue_id', '=', issueId)
    .where('state', 'in', ['pending', 'sending'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Addresses among `emails` that are suppressed. */
export async function listSuppressed(db: DbOrTransaction, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db
    .selectFrom('newsletter_suppressions')
    .select('email')
    .where('email', 'in', emails)
    .where('suppressed_at', 'is not', null)
    .execute();
  return new Set(rows.map((row) => row.email));
}

/** Counts a permanent failure; the address is suppressed once it reaches `threshold`. */
export async function recordBounce(db: DbOrTransaction, options: { email: string; reason: string; threshold: number; now: string }) {
  const { email, reason, threshold, now } = options;
  await db
    .insertInto('newsletter_suppressions')
    .values({ email, bounce_count: 1, last_reason: reason.slice(0, 300), updated_at: now, suppressed_at: threshold <= 1 ? now : null })
    .onConflict((c) =>
      c.column('email').doUpdateSet((eb) => ({
        bounce_count: eb('newsletter_suppressions.bounce_count', '+', 1),
        last_reason: reason.slice(0, 300),
        updated_at: now,
        suppressed_at: eb
          .case()
          .when('newsletter_suppressions.suppressed_at', 'is not', null)
          .then(eb.ref('newsletter_suppressions.suppressed_at'))
          .when(eb('newsletter_suppressions.bounce_count', '+', 1), '>=', threshold)
          .then(now)
          .else(null)
          .end(),
      })),
    )
    .execute();
}

/** A complaint (marked as spam) suppresses the address at once. */
export async function recordComplaint(db: DbOrTransaction, options: { email: string; reason: string; now: string }) {
  const { email, reason, now } = options;
  await db
    .insertInto('newsletter_suppressions')
    .values({ email, complained_at: now, suppressed_at: now, last_reason: reason.slice(0, 300), updated_at: now })
    .onConflict((c) =>
      c.column('email').doUpdateSet({ complained_at: now, suppressed_at: now, last_reason: reason.slice(0, 300), updated_at: now }),
    )
    .execute();
}

/** Marks the latest delivery to an address as bounced (the webhook's report), for the issue's figures. */
export async function markLatestDeliveryBounced(db: DbOrTransaction, email: string, now: string) {
  const latest = await db
    .selectFrom('newsletter_deliveries')
    .select('id')
    .where('email', '=', email)
    .where('state', '=', 'sent')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest) await db.updateTable('newsletter_deliveries').set({ bounced_at: now }).where('id', '=', latest.id).execute();
}

export async function markDeliveryUnsubscribed(db: DbOrTransaction, issueId: number, email: string, now: string) {
  await db
    .updateTable('newsletter_deliveries')
    .set({ unsubscribed_at: now })
    .where('issue_id', '=', issueId)
    .where('email', '=', email)
    .where('unsubscribed_at', 'is', null)
    .execute();
}

export async function countIssueDeliveries(db: DbOrTransaction, issueId: number) {
  const row = await db
    .selectFrom('newsletter_deliveries')
    .where('issue_id', '=', issueId)
    .select((eb) => [
      eb.fn.countAll().as('recipients'),
      eb.fn.sum(eb.case().when('state', '=', 'sent').then(1).else(0).end()).as('sent'),
      eb.fn.sum(eb.case().when('state', '=', 'failed').then(1).else(0).end()).as('failed'),
      eb.fn.sum(eb.case().when('state', '=', 'skipped').then(1).else(0).end()).as('skipped'),
      eb.fn.sum(eb.case().when('state', 'in', ['pending', 'sending']).then(1).else(0).end()).as('pending'),
      eb.fn.sum(eb.case().when('bounced_at', 'is not', null).then(1).else(0).end()).as('bounced'),
      eb.fn.sum(eb.case().when('unsubscribed_at', 'is not', null).then(1).else(0).end()).as('unsubscribed'),
      eb.fn.sum('possible_duplicate').as('possible_duplicates'),
    ])
    .executeTakeFirstOrThrow();
  const count = (value: unknown) => Number(value ?? 0);
  return {
    recipients: count(row.recipients),
    sent: count(row.sent),
    failed: count(row.failed),
    skipped: count(row.skipped),
    pending: count(row.pending),
    bounced: count(row.bounced),
    unsubscribed: count(row.unsubscribed),
    possibleDuplicates: count(row.possible_duplicates),
  };
}

export async function findDeliveryForToken(db: DbOrTransaction, deliveryId: number) {
  return db.selectFrom('newsletter_deliveries').select(['id', 'issue_id', 'email']).where('id', '=', deliveryId).executeTakeFirst();
}
