// Writes and the lookups the articles service needs.
import { sql } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';
import type { AccessLevel, ArticleStatus } from '../../core/db/schema.js';

export async function insertAuthor(
  db: DbOrTransaction,
  author: { slug: string; name: string; jobTitle: string; bio: string; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto('authors')
    .values({ slug: author.slug, name: author.name, job_title: author.jobTitle, bio: author.bio, created_at: author.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertSection(
  db: DbOrTransaction,
  section: { path: string; name: string; description: string; parentId: number | null; position: number },
): Promise<number> {
  const slug = section.path.split('/').at(-1)!;
  const row = await db
    .insertInto('sections')
    .values({
      slug,
      path: section.path,
      name: section.name,
      description: section.description,
      parent_id: section.parentId,
      position: section.position,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertTopic(db: DbOrTransaction, topic: { slug: string; name: string; description: string }): Promise<number> {
  const row = await db.insertInto('topics').values(topic).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export interface NewArticle {
  slug: string;
  sectionId: number;
  kicker: string;
  headline: string;
  standfirst: string;
  bodyJson: string;
  heroImageId: number | null;
  agencyCredit: string;
  accessLevel: AccessLevel;
  commentsEnabled: boolean;
  status: ArticleStatus;
  publishedAt: string | null;
  updatedAt: string | null;
  authorIds: number[];
  topicIds: number[];
  now: string;
}

export async function insertArticle(db: DbOrTransaction, article: NewArticle): Promise<number> {
  const row = await db
    .insertInto('articles')
    .values({
      slug: article.slug,
      section_id: article.sectionId,
      kicker: article.kicker,
      headline: article.headline,
      standfirst: article.standfirst,
      body_json: article.bodyJson,
      hero_image_id: article.heroImageId,
      agency_credit: article.agencyCredit,
      access_level: article.accessLevel,
      comments_enabled: article.commentsEnabled ? 1 : 0,
      status: article.status,
      published_at: article.publishedAt,
      updated_at: article.updatedAt,
      modified_at: article.updatedAt ?? article.publishedAt ?? article.now,
      created_at: article.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (article.authorIds.length) {
    await db
      .insertInto('article_authors')
      .values(article.authorIds.map((authorId, position) => ({ article_id: row.id, author_id: authorId, position })))
      .execute();
  }
  if (article.topicIds.length) {
    await db
      .insertInto('article_topics')
      .values(article.topicIds.map((topicId, position) => ({ article_id: row.id, topic_id: topicId, position })))
      .execute();
  }
  return row.id;
}

export interface ArticleChanges {
  kicker?: string;
  headline?: string;
  standfirst?: string;
  bodyJson?: string;
  agencyCredit?: string;
  accessLevel?: AccessLevel;
  commentsEnabled?: boolean;
  status?: ArticleStatus;
  publishedAt?: string | null;
  updatedAt?: string | null;
}

export async function updateArticleRow(db: DbOrTransaction, articleId: number, changes: ArticleChanges, now: string): Promise<boolean> {
  const result = await db
    .updateTable('articles')
    .set({
      ...(changes.kicker !== undefined && { kicker: changes.kicker }),
      ...(changes.headline !== undefined && { headline: changes.headline }),
      ...(changes.standfirst !== undefined && { standfirst: changes.standfirst }),
      ...(changes.bodyJson !== undefined && { body_json: changes.bodyJson }),
      ...(changes.agencyCredit !== undefined && { agency_credit: changes.agencyCredit }),
      ...(changes.accessLevel !== undefined && { access_level: changes.accessLevel }),
      ...(changes.commentsEnabled !== undefined && { comments_enabled: changes.commentsEnabled ? 1 : 0 }),
      ...(changes.status !== undefined && { status: changes.status }),
      ...(changes.publishedAt !== undefined && { published_at: changes.publishedAt }),
      ...(changes.updatedAt !== undefined && { updated_at: changes.updatedAt }),
      modified_at: now,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', articleId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findArticleIdBySlug(
  db: DbOrTransaction,
  slug: string,
): Promise<{ id: number; status: ArticleStatus; publishedAt: string | null } | undefined> {
  const row = await db.selectFrom('articles').where('slug', '=', slug).select(['id', 'status', 'published_at']).executeTakeFirst();
  return row ? { id: row.id, status: row.status, publishedAt: row.published_at } : undefined;
}

export async function replaceFrontSlots(db: DbOrTransaction, front: string, articleIds: number[]): Promise<void> {
  await db.deleteFrom('front_slots').where('front', '=', front).execute();
  if (articleIds.length) {
    await db
      .insertInto('front_slots')
      .values(articleIds.map((articleId, position) => ({ front, position, article_id: articleId })))
      .execute();
  }
}

export async function bumpContentRevision(db: DbOrTransaction, now: string): Promise<void> {
  await db
    .updateTable('content_revision')
    .set({ revision: sql<number>`revision + 1`, changed_at: now })
    .where('id', '=', 1)
    .execute();
}

export async function countArticles(db: DbOrTransaction): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}
