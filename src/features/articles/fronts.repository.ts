// Curated fronts as the newsroom edits them: the slots of a front, its
// version (a stale form is refused), and the bounded headline search that
// picks stories for it. Readers' queries of fronts are in articles.queries.ts.
import { sql } from 'kysely';
import type { Db, DbOrTransaction } from '../../core/db/database.js';
import { isPublishedAndDue } from './article-publication.js';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

export interface FrontPickRow {
  id: number;
  headline: string;
  section_id: number;
  section_name: string;
  published_at: string | null;
}

function livePicks(db: DbOrTransaction, now: string) {
  return db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .where(isPublishedAndDue(now))
    .select(['articles.id', 'articles.headline', 'articles.section_id', 'sections.name as section_name', 'articles.published_at']);
}

/**
 * Live stories whose headline holds every word, newest first, at most
 * `limit`: the walk of the publication index stops at the limit (on a big
 * archive a word nobody used reads the live articles once; the newsroom's
 * article list searches the same way).
 */
export async function searchLiveHeadlines(
  db: Db,
  options: { words: readonly string[]; sectionIds: readonly number[] | null; now: string; limit: number },
): Promise<FrontPickRow[]> {
  let query = livePicks(db, options.now);
  if (options.sectionIds) query = query.where('articles.section_id', 'in', options.sectionIds);
  for (const word of options.words) {
    query = query.where(sql<boolean>`lower(articles.headline) like ${`%${escapeLike(word.toLowerCase())}%`} escape '\\'`);
  }
  return query.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(options.limit).execute();
}

/** These stories as far as they are live now (any other id is left out; in no particular order). */
export async function findLivePicks(db: DbOrTransaction, ids: readonly number[], now: string): Promise<FrontPickRow[]> {
  if (ids.length === 0) return [];
  return livePicks(db, now).where('articles.id', 'in', ids).execute();
}

/** The front's article ids in slot order (live or not). */
export async function listSlotIds(db: DbOrTransaction, front: string): Promise<number[]> {
  const rows = await db.selectFrom('front_slots').where('front', '=', front).select('article_id').orderBy('position').execute();
  return rows.map((row) => row.article_id);
}

/** 0 for a front never saved from the newsroom. */
export async function readFrontVersion(db: DbOrTransaction, front: string): Promise<number> {
  const row = await db.selectFrom('front_versions').where('front', '=', front).select('version').executeTakeFirst();
  return row?.version ?? 0;
}

/**
 * Moves the front from `expected` to the next version, or answers false when
 * it is not at `expected` any more (another editor saved it meanwhile). The
 * update's row lock orders two saves of one front on PostgreSQL; the first
 * save inserts, and a second first save finds the row taken.
 */
export async function claimFrontVersion(
  trx: DbOrTransaction,
  front: { front: string; expected: number; now: string; byName: string },
): Promise<boolean> {
  if (front.expected === 0) {
    const inserted = await trx
      .insertInto('front_versions')
      .values({ front: front.front, version: 1, updated_at: front.now, updated_by_name: front.byName })
      .onConflict((conflict) => conflict.doNothing())
      .returning('front')
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const updated = await trx
    .updateTable('front_versions')
    .set({ version: front.expected + 1, updated_at: front.now, updated_by_name: front.byName })
    .where('front', '=', front.front)
    .where('version', '=', front.expected)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Writes the slots (shared with the demo and fixtures). */
export { replaceFrontSlots } from './articles.repository.js';
