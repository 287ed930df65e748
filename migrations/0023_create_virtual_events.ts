// Frozen. Virtual events with the paper's journalists (features/events):
// - `events`: a stable public id (URLs, the Admin API) and a calendar UID that
//   never changes; `sequence` rises on every change of time and on
//   cancellation (RFC 5545); `version` is the optimistic-locking counter for
//   edits. `confirmed_count` and `next_arrival` live on the event row so a
//   sign-up decides "seat or waiting list" under one lock of that row
//   (docs/decisions/019-event-seats-and-join-links.md). `stream_url` is staff
//   only: readers reach it through their personal join link.
// - `event_speakers`: the paper's authors, in order.
// - `event_registrations`: one row per sign-up; at most one live (confirmed or
//   waiting) row per reader and event, enforced by a partial unique index. The
//   waiting list is ordered by `arrival`. Only a SHA-256 of the join token is
//   kept.
// - `event_reminder_deliveries`: which reminder went to which registration for
//   which start time — inserted once across every node, re-armed by a new time.
// - `event_calendar_feeds`: a reader's secret, revocable calendar feed (hash only).
// - `event_questions`, `event_question_votes`: attendees' questions and upvotes.
import { sql, type Kysely } from 'kysely';

function engineOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = engineOf(db) === 'postgres';
  const id = postgres ? 'serial' : 'integer';
  const primaryKey = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('events')
    .addColumn('id', id, primaryKey)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('calendar_uid', 'text', (c) => c.notNull().unique())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('stream_url', 'text', (c) => c.notNull())
    .addColumn('recording_url', 'text')
    .addColumn('recording_access', 'text', (c) => c.notNull().defaultTo('registered'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled'))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('confirmed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_arrival', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .execute();
  // Upcoming and past listings: a range of start times, never a scan.
  await db.schema.createIndex('events_starts_at_idx').on('events').columns(['starts_at', 'id']).execute();
  await db.schema.createIndex('events_ends_at_idx').on('events').columns(['ends_at', 'id']).execute();

  await db.schema
    .createTable('event_speakers')
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_speakers_pk', ['event_id', 'author_id'])
    .execute();
  await db.schema.createIndex('event_speakers_author_idx').on('event_speakers').columns(['author_id', 'event_id']).execute();

  await db.schema
    .createTable('event_registrations')
    .addColumn('id', id, primaryKey)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('arrival', 'integer', (c) => c.notNull())
    .addColumn('join_token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('event_registrations_live_idx')
    .on('event_registrations')
    .columns(['event_id', 'user_id'])
    .unique()
    .where(sql.ref('state'), '<>', 'cancelled')
    .execute();
  // The waiting list's head and a reader's place in it; attendee lists.
  await db.schema
    .createIndex('event_registrations_queue_idx')
    .on('event_registrations')
    .columns(['event_id', 'state', 'arrival'])
    .execute();
  await db.schema.createIndex('event_registrations_user_idx').on('event_registrations').columns(['user_id', 'event_id']).execute();

  await db.schema
    .createTable('event_reminder_deliveries')
    .addColumn('registration_id', 'integer', (c) => c.notNull().references('event_registrations.id').onDelete('cascade'))
    .addColumn('reminder', 'text', (c) => c.notNull())
    .addColumn('event_starts_at', 'text', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_reminder_deliveries_pk', ['registration_id', 'reminder', 'event_starts_at'])
    .execute();

  await db.schema
    .createTable('event_calendar_feeds')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('event_questions')
    .addColumn('id', id, primaryKey)
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('vote_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('event_questions_event_idx')
    .on('event_questions')
    .columns(['event_id', 'status', 'vote_count', 'id'])
    .execute();
  await db.schema
    .createTable('event_question_votes')
    .addColumn('question_id', 'integer', (c) => c.notNull().references('event_questions.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_question_votes_pk', ['question_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'event_question_votes',
    'event_questions',
    'event_calendar_feeds',
    'event_reminder_deliveries',
    'event_registrations',
    'event_speakers',
    'events',
  ])
    await db.schema.dropTable(table).execute();
}
