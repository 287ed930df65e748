// Writes and the lookups the articles service needs.
import { sql } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';
import type { AccessLevel, ArticleStatus } from '../../core/db/schema.js';
import type { ArticleListings } from './article-cache-tags.js';
import { isScheduled } from './article-publication.js';

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
  await insertArticleLinks(db, row.id, article);
  await relinkArticleImages(db, row.id);
  return row.id;
}

/** Byline and topics in the order given (the listing copies follow by trigger, migration 0012). */
export async function insertArticleLinks(
  db: DbOrTransaction,
  articleId: number,
  links: { authorIds: number[]; topicIds: number[] },
): Promise<void> {
  if (links.authorIds.length) {
    await db
      .insertInto('article_authors')
      .values(links.authorIds.map((authorId, position) => ({ article_id: articleId, author_id: authorId, position })))
      .execute();
  }
  if (links.topicIds.length) {
    await db
      .insertInto('article_topics')
      .values(links.topicIds.map((topicId, position) => ({ article_id: articleId, topic_id: topicId, position })))
      .execute();
  }
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
  const updated = Number(result.numUpdatedRows) > 0;
  if (updated && changes.bodyJson !== undefined) await relinkArticleImages(db, articleId);
  return updated;
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

/** Whether the newspaper has any article at all: one index probe, whatever the archive's size (a count walks all of it). */
export async function hasArticles(db: DbOrTransaction): Promise<boolean> {
  return (await db.selectFrom('articles').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function countArticles(db: DbOrTransaction): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Where each article is listed, and whether it is live (cache tags, article-cache-tags.ts). */
export async function findArticleListings(db: DbOrTransaction, articleIds: readonly number[]): Promise<ArticleListings[]> {
  if (articleIds.length === 0) return [];
  const ids = [...articleIds];
  const [articles, topics, authors] = await Promise.all([
    db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where('articles.id', 'in', ids)
      .select(['articles.id', 'articles.status', 'articles.published_at', 'sections.path'])
      .execute(),
    db
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
      .where('article_topics.article_id', 'in', ids)
      .select(['article_topics.article_id', 'topics.slug'])
      .execute(),
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .where('article_authors.article_id', 'in', ids)
      .select(['article_authors.article_id', 'authors.slug'])
      .execute(),
  ]);
  const slugsOf = (rows: { article_id: number; slug: string }[], articleId: number) =>
    rows.filter((row) => row.article_id === articleId).map((row) => row.slug);
  return articles.map((row) => ({
    id: row.id,
    status: row.status,
    publishedAt: row.published_at,
    sectionPath: row.path,
    topicSlugs: slugsOf(topics, row.id),
    authorSlugs: slugsOf(authors, row.id),
  }));
}

/** Published articles whose time came in (after, until]: scheduled publications that have just gone live; at most `limit`. */
export async function listArticleIdsDueBetween(db: DbOrTransaction, after: string, until: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('articles')
    .where('status', '=', 'published')
    .where('published_at', '>', after)
    .where('published_at', '<=', until)
    .select('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/** The next scheduled publication after `now`, or null: when the pages change with no edit. */
export async function findNextPublicationAt(db: DbOrTransaction, now: string): Promise<string | null> {
  const row = await db
    .selectFrom('articles')
    .where(isScheduled(now))
    .select((eb) => eb.fn.min('published_at').as('next'))
    .executeTakeFirst();
  return (row?.next as string | null | undefined) ?? null;
}

/** Figure image ids in a stored body, read leniently: a body that does not parse names none. */
function storedFigureIds(bodyJson: string): string[] {
  try {
    const body = JSON.parse(bodyJson) as { content?: Array<{ type?: unknown; attrs?: { imageId?: unknown } }> };
    return (body.content ?? []).flatMap((block) =>
      block?.type === 'figure' && typeof block.attrs?.imageId === 'string' ? [block.attrs.imageId] : [],
    );
  } catch {
    return [];
  }
}

/**
 * Rewrites `article_images` (migration 0019) from the article as stored now: its hero and the
 * images its body's figures show. Every write of an article's hero or body calls it inside its
 * transaction, so the media library answers "where is this image used" without reading bodies.
 */
export async function relinkArticleImages(db: DbOrTransaction, articleId: number): Promise<void> {
  const article = await db.selectFrom('articles').where('id', '=', articleId).select(['hero_image_id', 'body_json']).executeTakeFirst();
  await db.deleteFrom('article_images').where('article_id', '=', articleId).execute();
  if (!article) return;
  const figureIds = [...new Set(storedFigureIds(article.body_json))];
  const figures = figureIds.length ? await db.selectFrom('images').where('public_id', 'in', figureIds).select('id').execute() : [];
  const rows = [
    ...(article.hero_image_id === null ? [] : [{ article_id: articleId, image_id: article.hero_image_id, role: 'hero' as const }]),
    ...[...new Set(figures.map((figure) => figure.id))].map((imageId) => ({
      article_id: articleId,
      image_id: imageId,
      role: 'figure' as const,
    })),
  ];
  if (rows.length) await db.insertInto('article_images').values(rows).execute();
}

/** Articles with this image as their hero; `followingLibraryText`: only those showing some of the library's words (NULL own text). */
export async function findHeroArticleIds(db: DbOrTransaction, imageId: number, followingLibraryText: boolean): Promise<number[]> {
  let query = db.selectFrom('articles').where('hero_image_id', '=', imageId);
  if (followingLibraryText)
    query = query.where((eb) => eb.or([eb('hero_caption', 'is', null), eb('hero_credit', 'is', null), eb('hero_alt', 'is', null)]));
  return (await query.select('id').orderBy('id').execute()).map((row) => row.id);
}

/** Where an image is shown: heroes (from the article itself) and body figures (from `article_images`), at most `limit`. */
export async function findImageUses(db: DbOrTransaction, imageId: number, limit: number) {
  const heroes = await db
    .selectFrom('articles')
    .where('hero_image_id', '=', imageId)
    .select(['id', 'headline', 'status', sql<'hero' | 'figure'>`'hero'`.as('role')])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const figures = await db
    .selectFrom('article_images')
    .innerJoin('articles', 'articles.id', 'article_images.article_id')
    .where('article_images.image_id', '=', imageId)
    .where('article_images.role', '=', 'figure')
    .select(['articles.id', 'articles.headline', 'articles.status', sql<'hero' | 'figure'>`'figure'`.as('role')])
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
  return [...heroes, ...figures].slice(0, limit);
}
