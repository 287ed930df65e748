// What the archive tests add to the fixture newspaper: a reader with a password
// hash, consents and a session, and a comment with a held reply.
import { readFileSync } from 'node:fs';
import type { Db } from '../../../core/db/database.js';
import { FIXTURE_NOW } from '../../articles/testing/fixture-newspaper.js';

export const FIXTURE_HASH = '$scrypt$fixture-hash-do-not-leak';

export type ArchiveRecord = Record<string, unknown> & { type: string };

export async function seedArchiveExtras(db: Db, now = FIXTURE_NOW): Promise<void> {
  const iso = now.toISOString();
  const reader = await db
    .insertInto('users')
    .values({
      email: 'reader@ledger.test',
      email_verified_at: iso,
      password_hash: FIXTURE_HASH,
      first_name: 'Rowan',
      last_name: 'Reader',
      marketing_opt_out: 1,
      created_at: iso,
      updated_at: iso,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('consents')
    .values([
      { user_id: reader.id, document: 'terms', version: '2026-01', granted: 1, recorded_at: iso, user_agent: 'Fixture browser' },
      { user_id: reader.id, document: 'marketing', version: '2026-01', granted: 0, recorded_at: iso, user_agent: '' },
    ])
    .execute();
  await db
    .insertInto('sessions')
    .values({ id: 'session-secret-fixture', user_id: reader.id, created_at: iso, last_seen_at: iso, expires_at: iso })
    .execute();
  // A portrait and a focal point away from the centre: both must survive the trip.
  await db.updateTable('images').set({ focal_x: 0.25, focal_y: 0.75 }).where('public_id', '=', 'fixture-hero').execute();
  const hero = await db.selectFrom('images').where('public_id', '=', 'fixture-hero').select('id').executeTakeFirstOrThrow();
  await db.updateTable('authors').set({ picture_image_id: hero.id }).where('slug', '=', 'tomas-ruiz').execute();
  const article = await db.selectFrom('articles').where('slug', '=', 'council-agrees-budget').select('id').executeTakeFirstOrThrow();
  const comment = await db
    .insertInto('comments')
    .values({
      article_id: article.id,
      author_id: reader.id,
      parent_id: null,
      depth: 0,
      path: '',
      body: 'A first comment.',
      status: 'published',
      status_reason: null,
      created_at: iso,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('comments')
    .values({
      article_id: article.id,
      author_id: reader.id,
      parent_id: comment.id,
      root_id: comment.id,
      depth: 1,
      path: '',
      body: 'A reply, held.',
      status: 'pending',
      status_reason: 'first comment',
      created_at: iso,
    })
    .execute();
}

export function readArchive(file: string): ArchiveRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ArchiveRecord);
}
