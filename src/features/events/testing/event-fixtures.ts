// Events and readers for tests: readers stored directly (thousands of them for
// the race test, in batches), and an event made through the service's rules.
import type { Db } from '../../../core/db/database.js';
import { insertAuthor } from '../../articles/testing/article-fixtures.js';
import type { EventInput } from '../events.types.js';

export const EVENT_NOW = new Date('2026-10-20T12:00:00.000Z');

let readerBatch = 0;

/** `count` reader accounts, inserted in batches; their ids in insertion order. */
export async function insertReaders(db: Db, count: number, now = EVENT_NOW.toISOString()): Promise<number[]> {
  const batch = ++readerBatch;
  const ids: number[] = [];
  for (let start = 0; start < count; start += 500) {
    const rows = await db
      .insertInto('users')
      .values(
        Array.from({ length: Math.min(500, count - start) }, (_, offset) => ({
          email: `reader-${batch}-${start + offset}-${Math.random().toString(36).slice(2, 8)}@readers.example.test`,
          password_hash: null,
          first_name: 'Event',
          last_name: `Reader ${start + offset}`,
          date_of_birth: null,
          role: 'reader' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

let authorCount = 0;

export async function insertSpeaker(db: Db, name = 'Mara Quillfeather'): Promise<{ id: number; slug: string; name: string }> {
  const slug = `speaker-${++authorCount}-${Math.random().toString(36).slice(2, 7)}`;
  const id = await insertAuthor(db, { slug, name, jobTitle: 'Harbour correspondent', bio: '', createdAt: EVENT_NOW.toISOString() });
  return { id, slug, name };
}

let eventCount = 0;

/** A valid event input two days after EVENT_NOW, for an hour; override what the test is about. */
export function eventInput(overrides: Partial<EventInput> = {}): EventInput {
  return {
    slug: `tide-tables-evening-${++eventCount}`,
    title: 'Reading the tide tables with our harbour desk',
    description: 'An hour with the reporters who watch the sea wall, and your questions.',
    startsAt: '2026-10-22T18:00:00.000Z',
    endsAt: '2026-10-22T19:00:00.000Z',
    capacity: 3,
    access: 'registered',
    streamUrl: 'https://stream.example.test/secret-room-4471',
    speakerIds: [],
    ...overrides,
  };
}
