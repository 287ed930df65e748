// The export's SQL: every table the archive carries, read in keyset pages
// (`id > after`, by id, a page at a time), so the export never holds a whole
// table and each page is one indexed range read.
import { sql } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';

export const EXPORT_PAGE = 200;

export async function countForExport(db: DbOrTransaction): Promise<number> {
  let total = 0;
  for (const table of ['sections', 'topics', 'images', 'authors', 'articles', 'users', 'comments'] as const) {
    const row = await db
      .selectFrom(table)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    total += Number(row.n);
  }
  return total;
}

/** Top-level sections first (`topLevel`), then their children: a parent always comes before its children. */
export function sectionPage(db: DbOrTransaction, topLevel: boolean, after: number) {
  return db
    .selectFrom('sections')
    .leftJoin('sections as parent', 'parent.id', 'sections.parent_id')
    .where('sections.parent_id', topLevel ? 'is' : 'is not', null)
    .where('sections.id', '>', after)
    .orderBy('sections.id')
    .limit(EXPORT_PAGE)
    .select([
      'sections.id',
      'sections.slug',
      'sections.path',
      'sections.name',
      'sections.description',
      'sections.position',
      'parent.path as parentPath',
    ])
    .execute();
}

export function topicPage(db: DbOrTransaction, after: number) {
  return db.selectFrom('topics').where('id', '>', after).orderBy('id').limit(EXPORT_PAGE).selectAll().execute();
}

export function imagePage(db: DbOrTransaction, after: number) {
  return db
    .selectFrom('images')
    .where('id', '>', after)
    .orderBy('id')
    .limit(EXPORT_PAGE)
    .select([
      'id',
      'public_id',
      'alt',
      'caption',
      'credit',
      'width',
      'height',
      'original_mime',
      'original_data',
      'focal_x',
      'focal_y',
      'created_at',
    ])
    .execute();
}

export function authorPage(db: DbOrTransaction, after: number) {
  return db
    .selectFrom('authors')
    .leftJoin('images', 'images.id', 'authors.picture_image_id')
    .where('authors.id', '>', after)
    .orderBy('authors.id')
    .limit(EXPORT_PAGE)
    .select([
      'authors.id',
      'authors.slug',
      'authors.name',
      'authors.job_title',
      'authors.bio',
      'authors.created_at',
      'images.public_id as picture',
    ])
    .execute();
}

export function articlePage(db: DbOrTransaction, after: number) {
  return db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .leftJoin('images', 'images.id', 'articles.hero_image_id')
    .where('articles.id', '>', after)
    .orderBy('articles.id')
    .limit(EXPORT_PAGE)
    .select([
      'articles.id',
      'articles.slug',
      'sections.path as section',
      'articles.kicker',
      'articles.headline',
      'articles.standfirst',
      'articles.body_json',
      'images.public_id as heroImage',
      'images.alt as libraryAlt',
      'images.caption as libraryCaption',
      'images.credit as libraryCredit',
      'articles.hero_alt',
      'articles.hero_caption',
      'articles.hero_credit',
      'articles.agency_credit',
      'articles.access_level',
      'articles.comments_enabled',
      'articles.status',
      'articles.submitted_at',
      'articles.published_at',
      'articles.updated_at',
      'articles.modified_at',
      'articles.created_at',
      'articles.editorial_note',
      'articles.corrections_json',
    ])
    .execute();
}

/** The bylines and topics of a page of articles, in their order: two queries per page. */
export async function linksOf(db: DbOrTransaction, articleIds: readonly number[]) {
  if (!articleIds.length) return { authors: [], topics: [] };
  const authors = await db
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.id', 'article_authors.author_id')
    .where('article_authors.article_id', 'in', articleIds)
    .orderBy('article_authors.article_id')
    .orderBy('article_authors.position')
    .select(['article_authors.article_id as articleId', 'authors.slug'])
    .execute();
  const topics = await db
    .selectFrom('article_topics')
    .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
    .where('article_topics.article_id', 'in', articleIds)
    .orderBy('article_topics.article_id')
    .orderBy('article_topics.position')
    .select(['article_topics.article_id as articleId', 'topics.slug'])
    .execute();
  return { authors, topics };
}

export function accountPage(db: DbOrTransaction, after: number) {
  return db
    .selectFrom('users')
    .where('id', '>', after)
    .orderBy('id')
    .limit(EXPORT_PAGE)
    .select([
      'id',
      'email',
      'email_verified_at',
      'password_hash',
      'first_name',
      'last_name',
      'date_of_birth',
      'role',
      'marketing_opt_out',
      'created_at',
      'updated_at',
      'deleted_at',
      'deactivated_at',
    ])
    .execute();
}

export function consentsOf(db: DbOrTransaction, userIds: readonly number[]) {
  if (!userIds.length) return Promise.resolve([]);
  return db
    .selectFrom('consents')
    .where('user_id', 'in', userIds)
    .orderBy('id')
    .select(['user_id', 'document', 'version', 'granted', 'recorded_at', 'ip_address', 'user_agent'])
    .execute();
}

export function sessionsOf(db: DbOrTransaction, userIds: readonly number[]) {
  if (!userIds.length) return Promise.resolve([]);
  return db
    .selectFrom('sessions')
    .where('user_id', 'in', userIds)
    .orderBy('created_at')
    .select(['id', 'user_id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip_address'])
    .execute();
}

export function commentPage(db: DbOrTransaction, after: number) {
  return db
    .selectFrom('comments')
    .where('id', '>', after)
    .orderBy('id')
    .limit(EXPORT_PAGE)
    .select([
      'id',
      'article_id',
      'author_id',
      'parent_id',
      'body',
      'status',
      'status_reason',
      'is_featured',
      'created_at',
      'edited_at',
      'deleted_at',
    ])
    .execute();
}
