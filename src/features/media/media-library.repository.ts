// The media library's writes and lookups: search over a bounded window,
// an image's details, its words and focal point, deletion, and the queue of
// background renditions (the jobs themselves: rendition-jobs.ts).
import { sql } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';

/** How many of the newest images (before the cursor) one search page reads at most. */
export const SEARCH_WINDOW = 2000;

const LIBRARY_COLUMNS = [
  'id',
  'public_id',
  'alt',
  'caption',
  'credit',
  'width',
  'height',
  'focal_x',
  'focal_y',
  'renditions_status',
  'created_at',
] as const;

/** `words` as a LIKE pattern matching it anywhere, its wildcards taken literally. */
function containing(words: string): string {
  return `%${words.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * A page of images, newest first, before the `before` id. With `words`, only
 * the SEARCH_WINDOW (or `window`) newest images before the cursor are read (a LIKE cannot use
 * an index); `windowEnd` is where that window stopped, so the page can offer to
 * search further back without any one request reading the whole library.
 */
export async function searchImages(db: DbOrTransaction, options: { words: string; before: number | null; limit: number; window?: number }) {
  const older = <Query extends { where: (...args: any[]) => Query }>(query: Query): Query =>
    options.before === null ? query : query.where('id', '<', options.before);
  if (!options.words) {
    const rows = await older(db.selectFrom('images'))
      .select(LIBRARY_COLUMNS)
      .orderBy('id', 'desc')
      .limit(options.limit + 1)
      .execute();
    return { rows, windowEnd: null };
  }
  const edge = await older(db.selectFrom('images'))
    .select('id')
    .orderBy('id', 'desc')
    .offset((options.window ?? SEARCH_WINDOW) - 1)
    .limit(1)
    .executeTakeFirst();
  let query = older(db.selectFrom('images')).where(sql<boolean>`search_text like ${containing(options.words)} escape '\\'`);
  if (edge) query = query.where('id', '>=', edge.id);
  const rows = await query
    .select(LIBRARY_COLUMNS)
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return { rows, windowEnd: edge?.id ?? null };
}

export async function findLibraryImage(db: DbOrTransaction, publicId: string) {
  return db
    .selectFrom('images')
    .where('public_id', '=', publicId)
    .select([...LIBRARY_COLUMNS, 'original_mime', 'updated_at'])
    .executeTakeFirst();
}

export async function updateImageText(
  db: DbOrTransaction,
  imageId: number,
  text: { alt: string; caption: string; credit: string },
  now: string,
): Promise<void> {
  await db
    .updateTable('images')
    .set({ ...text, search_text: searchTextOf(text), updated_at: now })
    .where('id', '=', imageId)
    .execute();
}

export async function updateFocalPoint(db: DbOrTransaction, imageId: number, focal: { x: number; y: number }, now: string) {
  await db.updateTable('images').set({ focal_x: focal.x, focal_y: focal.y, updated_at: now }).where('id', '=', imageId).execute();
}

/** What the library's search reads: the image's words, lower-cased (so one LIKE serves both engines). */
export function searchTextOf(text: { alt: string; caption: string; credit: string }): string {
  return `${text.alt} ${text.caption} ${text.credit}`.toLowerCase();
}

/** Whether any article shows the image (hero or body figure). */
export async function isImageUsed(db: DbOrTransaction, imageId: number): Promise<boolean> {
  const hero = await db.selectFrom('articles').where('hero_image_id', '=', imageId).select('id').limit(1).executeTakeFirst();
  if (hero) return true;
  const figure = await db.selectFrom('article_images').where('image_id', '=', imageId).select('article_id').limit(1).executeTakeFirst();
  return figure !== undefined;
}

export async function deleteImage(db: DbOrTransaction, imageId: number): Promise<void> {
  await db.deleteFrom('image_renditions').where('image_id', '=', imageId).execute();
  await db.deleteFrom('image_rendition_jobs').where('image_id', '=', imageId).execute();
  await db.deleteFrom('images').where('id', '=', imageId).execute();
}

/** How many of an image's renditions exist. */
export async function countRenditions(db: DbOrTransaction, imageId: number): Promise<number> {
  const row = await db
    .selectFrom('image_renditions')
    .where('image_id', '=', imageId)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
