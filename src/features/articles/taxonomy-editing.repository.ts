// Renames and reorders of sections, topics and authors, and the reader paths
// they give up (`path_redirects`). Every function takes the transaction the
// service opened through `changeContent`, so a rename and its log row commit
// together.
import type { Db, DbOrTransaction } from '../../core/db/database.js';

export interface SectionTreeRow {
  id: number;
  slug: string;
  path: string;
  name: string;
  description: string;
  parent_id: number | null;
  position: number;
}

export async function listAllSectionRows(db: DbOrTransaction): Promise<SectionTreeRow[]> {
  return db
    .selectFrom('sections')
    .select(['id', 'slug', 'path', 'name', 'description', 'parent_id', 'position'])
    .orderBy('position')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function findSectionRow(db: DbOrTransaction, id: number): Promise<SectionTreeRow | null> {
  return (
    (await db
      .selectFrom('sections')
      .where('id', '=', id)
      .select(['id', 'slug', 'path', 'name', 'description', 'parent_id', 'position'])
      .executeTakeFirst()) ?? null
  );
}

export async function isSectionPathTaken(db: DbOrTransaction, path: string, exceptId: number): Promise<boolean> {
  const row = await db.selectFrom('sections').where('path', '=', path).where('id', '!=', exceptId).select('id').executeTakeFirst();
  return row !== undefined;
}

export async function updateSectionRow(
  trx: DbOrTransaction,
  id: number,
  values: { slug: string; path: string; name: string; description: string },
): Promise<void> {
  await trx.updateTable('sections').set(values).where('id', '=', id).execute();
}

/** Every section below `path` (its subsections, however deep). */
export async function listSectionsBelow(trx: DbOrTransaction, path: string): Promise<{ id: number; path: string }[]> {
  const escaped = path.replace(/[\\%_]/g, (character) => `\\${character}`);
  return trx
    .selectFrom('sections')
    .where((eb) => eb('path', 'like', `${escaped}/%`))
    .select(['id', 'path'])
    .execute()
    .then((rows) => rows.filter((row) => row.path.startsWith(`${path}/`)));
}

export async function setSectionPath(trx: DbOrTransaction, id: number, path: string): Promise<void> {
  await trx.updateTable('sections').set({ path }).where('id', '=', id).execute();
}

export async function setSectionPosition(trx: DbOrTransaction, id: number, position: number): Promise<void> {
  await trx.updateTable('sections').set({ position }).where('id', '=', id).execute();
}

export interface TopicEditRow {
  id: number;
  slug: string;
  name: string;
  description: string;
}

export async function findTopicRow(db: DbOrTransaction, id: number): Promise<TopicEditRow | null> {
  return (await db.selectFrom('topics').where('id', '=', id).select(['id', 'slug', 'name', 'description']).executeTakeFirst()) ?? null;
}

export async function isTopicSlugTaken(db: DbOrTransaction, slug: string, exceptId: number): Promise<boolean> {
  return (await db.selectFrom('topics').where('slug', '=', slug).where('id', '!=', exceptId).select('id').executeTakeFirst()) !== undefined;
}

export async function updateTopicRow(trx: DbOrTransaction, id: number, values: Omit<TopicEditRow, 'id'>): Promise<void> {
  await trx.updateTable('topics').set(values).where('id', '=', id).execute();
}

export interface AuthorEditRow {
  id: number;
  slug: string;
  name: string;
  job_title: string;
  bio: string;
  picture_public_id: string | null;
}

export async function findAuthorRow(db: DbOrTransaction, id: number): Promise<AuthorEditRow | null> {
  return (
    (await db
      .selectFrom('authors')
      .leftJoin('images', 'images.id', 'authors.picture_image_id')
      .where('authors.id', '=', id)
      .select(['authors.id', 'authors.slug', 'authors.name', 'authors.job_title', 'authors.bio', 'images.public_id as picture_public_id'])
      .executeTakeFirst()) ?? null
  );
}

export async function isAuthorSlugTaken(db: DbOrTransaction, slug: string, exceptId: number): Promise<boolean> {
  return (
    (await db.selectFrom('authors').where('slug', '=', slug).where('id', '!=', exceptId).select('id').executeTakeFirst()) !== undefined
  );
}

export async function findImageIdByPublicId(db: Db, publicId: string): Promise<number | null> {
  return (await db.selectFrom('images').where('public_id', '=', publicId).select('id').executeTakeFirst())?.id ?? null;
}

export async function updateAuthorRow(
  trx: DbOrTransaction,
  id: number,
  values: { slug: string; name: string; job_title: string; bio: string; picture_image_id: number | null },
): Promise<void> {
  await trx.updateTable('authors').set(values).where('id', '=', id).execute();
}

/**
 * Records that `oldPath` now lives at `newPath`: earlier redirects to the old
 * path follow it (no chains), and a redirect from the new path (a path taken
 * back) is dropped, since a live page answers there again.
 */
export async function recordPathMove(trx: DbOrTransaction, move: { oldPath: string; newPath: string; now: string }): Promise<void> {
  await trx.deleteFrom('path_redirects').where('old_path', '=', move.newPath).execute();
  await trx.updateTable('path_redirects').set({ new_path: move.newPath }).where('new_path', '=', move.oldPath).execute();
  await trx
    .insertInto('path_redirects')
    .values({ old_path: move.oldPath, new_path: move.newPath, created_at: move.now })
    .onConflict((conflict) => conflict.column('old_path').doUpdateSet({ new_path: move.newPath, created_at: move.now }))
    .execute();
}

/** Where a path given up by a rename leads now, or null. */
export async function findPathRedirect(db: DbOrTransaction, oldPath: string): Promise<string | null> {
  return (await db.selectFrom('path_redirects').where('old_path', '=', oldPath).select('new_path').executeTakeFirst())?.new_path ?? null;
}
