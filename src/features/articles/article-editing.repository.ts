// SQL of the article editing service: articles in any state, their revisions,
// old slugs, and the names behind topics and authors.
import { sql } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';
import type { AccessLevel, ArticleStatus } from '../../core/db/schema.js';
import type { RevisionAction } from '../../core/db/schema-editing.js';
import { slugFrom } from '../../core/text/slug.js';
import { insertArticleLinks } from './articles.repository.js';
import { insertAuthorIfNew, insertTopicIfNew } from './taxonomy.repository.js';

export interface EditableRow {
  id: number;
  slug: string;
  sectionPath: string;
  sectionName: string;
  kicker: string;
  headline: string;
  standfirst: string;
  bodyJson: string;
  heroPublicId: string | null;
  heroCaption: string;
  heroCredit: string;
  heroAlt: string;
  agencyCredit: string;
  accessLevel: AccessLevel;
  commentsEnabled: boolean;
  status: ArticleStatus;
  publishedAt: string | null;
  updatedAt: string | null;
  modifiedAt: string;
  createdAt: string;
  submittedAt: string | null;
  editorialNote: string;
  correctionsJson: string;
  version: number;
  createdByUserId: number | null;
  createdByApiKeyId: number | null;
  topics: string[];
  authors: string[];
}

export async function findEditableRow(db: DbOrTransaction, articleId: number): Promise<EditableRow | null> {
  const row = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .leftJoin('images', 'images.id', 'articles.hero_image_id')
    .where('articles.id', '=', articleId)
    .select([
      'articles.id',
      'articles.slug',
      'sections.path as section_path',
      'sections.name as section_name',
      'articles.kicker',
      'articles.headline',
      'articles.standfirst',
      'articles.body_json',
      'images.public_id as hero_public_id',
      sql<string>`coalesce(articles.hero_caption, images.caption, '')`.as('hero_caption'),
      sql<string>`coalesce(articles.hero_credit, images.credit, '')`.as('hero_credit'),
      sql<string>`coalesce(articles.hero_alt, images.alt, '')`.as('hero_alt'),
      'articles.agency_credit',
      'articles.access_level',
      'articles.comments_enabled',
      'articles.status',
      'articles.published_at',
      'articles.updated_at',
      'articles.modified_at',
      'articles.created_at',
      'articles.submitted_at',
      'articles.editorial_note',
      'articles.corrections_json',
      'articles.version',
      'articles.created_by_user_id',
      'articles.created_by_api_key_id',
    ])
    .executeTakeFirst();
  if (!row) return null;
  const [topics, authors] = await Promise.all([
    db
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
      .where('article_topics.article_id', '=', articleId)
      .orderBy('article_topics.position')
      .select('topics.name')
      .execute(),
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .where('article_authors.article_id', '=', articleId)
      .orderBy('article_authors.position')
      .select('authors.name')
      .execute(),
  ]);
  return {
    id: row.id,
    slug: row.slug,
    sectionPath: row.section_path,
    sectionName: row.section_name,
    kicker: row.kicker,
    headline: row.headline,
    standfirst: row.standfirst,
    bodyJson: row.body_json,
    heroPublicId: row.hero_public_id,
    heroCaption: row.hero_caption,
    heroCredit: row.hero_credit,
    heroAlt: row.hero_alt,
    agencyCredit: row.agency_credit,
    accessLevel: row.access_level,
    commentsEnabled: Number(row.comments_enabled) === 1,
    status: row.status,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    modifiedAt: row.modified_at,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    editorialNote: row.editorial_note,
    correctionsJson: row.corrections_json,
    version: Number(row.version),
    createdByUserId: row.created_by_user_id,
    createdByApiKeyId: row.created_by_api_key_id,
    topics: topics.map((topic) => topic.name),
    authors: authors.map((author) => author.name),
  };
}

export async function findSectionIdByPath(db: DbOrTransaction, path: string): Promise<number | null> {
  const row = await db.selectFrom('sections').where('path', '=', path).select('id').executeTakeFirst();
  return row?.id ?? null;
}

/** Library ids of images by public id (unknown ids are left out). */
export async function findImageIds(db: DbOrTransaction, publicIds: readonly string[]): Promise<Map<string, number>> {
  if (publicIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('images')
    .where('public_id', 'in', [...new Set(publicIds)])
    .select(['id', 'public_id'])
    .execute();
  return new Map(rows.map((row) => [row.public_id, row.id]));
}

/** The library's own caption, credit and alt text of an image (a hero that says the same stores NULL). */
export async function findImageText(
  db: DbOrTransaction,
  imageId: number,
): Promise<{ caption: string; credit: string; alt: string } | null> {
  return (await db.selectFrom('images').where('id', '=', imageId).select(['caption', 'credit', 'alt']).executeTakeFirst()) ?? null;
}

export async function isSlugTaken(db: DbOrTransaction, slug: string, exceptArticleId: number | null): Promise<boolean> {
  let query = db.selectFrom('articles').where('slug', '=', slug).select('id');
  if (exceptArticleId !== null) query = query.where('id', '<>', exceptArticleId);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * Topic or author ids for names, creating the missing ones (slug from the
 * name). A name whose slug another profile already has is that profile: "Ada
 * Fenwick" and "ada fenwick" are one author.
 */
export async function resolveNames(
  trx: DbOrTransaction,
  table: 'topics' | 'authors',
  names: readonly string[],
  now: string,
): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const slug = slugFrom(name);
    // By name first: a topic named "The coast" may have the slug `coast` (the editor shows names).
    const existing =
      (await trx.selectFrom(table).where('name', '=', name).orderBy('id').select('id').executeTakeFirst()) ??
      (await trx.selectFrom(table).where('slug', '=', slug).select('id').executeTakeFirst());
    let id = existing?.id ?? null;
    if (id === null) {
      id =
        table === 'topics'
          ? await insertTopicIfNew(trx, { slug, name, description: '' })
          : await insertAuthorIfNew(trx, { slug, name, jobTitle: '', bio: '', createdAt: now });
      // Someone created it between the lookup and the insert.
      id ??= (await trx.selectFrom(table).where('slug', '=', slug).select('id').executeTakeFirstOrThrow()).id;
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

export interface ArticleRowValues {
  slug: string;
  sectionId: number;
  kicker: string;
  headline: string;
  standfirst: string;
  bodyJson: string;
  heroImageId: number | null;
  heroCaption: string | null;
  heroCredit: string | null;
  heroAlt: string | null;
  agencyCredit: string;
  accessLevel: AccessLevel;
  commentsEnabled: boolean;
  editorialNote: string;
  status: ArticleStatus;
  publishedAt: string | null;
  updatedAt: string | null;
  submittedAt: string | null;
}

const columnsOf = (values: ArticleRowValues) => ({
  slug: values.slug,
  section_id: values.sectionId,
  kicker: values.kicker,
  headline: values.headline,
  standfirst: values.standfirst,
  body_json: values.bodyJson,
  hero_image_id: values.heroImageId,
  hero_caption: values.heroCaption,
  hero_credit: values.heroCredit,
  hero_alt: values.heroAlt,
  agency_credit: values.agencyCredit,
  access_level: values.accessLevel,
  comments_enabled: values.commentsEnabled ? 1 : 0,
  editorial_note: values.editorialNote,
  status: values.status,
  published_at: values.publishedAt,
  updated_at: values.updatedAt,
  submitted_at: values.submittedAt,
});

export async function insertEditedArticle(
  trx: DbOrTransaction,
  values: ArticleRowValues,
  creator: { userId: number | null; apiKeyId: number | null },
  now: string,
): Promise<number> {
  const row = await trx
    .insertInto('articles')
    .values({
      ...columnsOf(values),
      modified_at: now,
      created_at: now,
      created_by_user_id: creator.userId,
      created_by_api_key_id: creator.apiKeyId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes the whole row if it is still at `baseVersion`; false when another save came first. */
export async function updateEditedArticle(
  trx: DbOrTransaction,
  articleId: number,
  baseVersion: number,
  values: ArticleRowValues,
  now: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('articles')
    .set({ ...columnsOf(values), modified_at: now, version: sql<number>`version + 1` })
    .where('id', '=', articleId)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Appends a correction (the JSON array is rewritten whole inside the save's transaction). */
export async function setCorrections(
  trx: DbOrTransaction,
  articleId: number,
  baseVersion: number,
  json: string,
  now: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('articles')
    .set({ corrections_json: json, modified_at: now, version: sql<number>`version + 1` })
    .where('id', '=', articleId)
    .where('version', '=', baseVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A new byline and topics, replacing the old (the listing copies follow by trigger, migration 0012). */
export async function replaceLinks(
  trx: DbOrTransaction,
  articleId: number,
  links: { authorIds: number[]; topicIds: number[] },
): Promise<void> {
  await trx.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
  await trx.deleteFrom('article_topics').where('article_id', '=', articleId).execute();
  await insertArticleLinks(trx, articleId, links);
}

export interface RevisionValues {
  articleId: number;
  version: number;
  action: RevisionAction;
  actorName: string;
  userId: number | null;
  apiKeyId: number | null;
  snapshot: string;
  now: string;
}

/**
 * Records a revision. Autosaves coalesce: one in a row by the same person
 * replaces the previous autosave instead of piling up every few seconds.
 */
export async function recordRevision(trx: DbOrTransaction, revision: RevisionValues): Promise<number> {
  if (revision.action === 'autosave') {
    const last = await trx
      .selectFrom('article_revisions')
      .where('article_id', '=', revision.articleId)
      .orderBy('id', 'desc')
      .select(['id', 'action', 'user_id', 'api_key_id'])
      .executeTakeFirst();
    if (last && last.action === 'autosave' && last.user_id === revision.userId && last.api_key_id === revision.apiKeyId) {
      await trx
        .updateTable('article_revisions')
        .set({ version: revision.version, snapshot: revision.snapshot, created_at: revision.now })
        .where('id', '=', last.id)
        .execute();
      return last.id;
    }
  }
  const row = await trx
    .insertInto('article_revisions')
    .values({
      article_id: revision.articleId,
      version: revision.version,
      action: revision.action,
      actor_name: revision.actorName,
      user_id: revision.userId,
      api_key_id: revision.apiKeyId,
      snapshot: revision.snapshot,
      created_at: revision.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const revisionColumns = ['id', 'article_id', 'version', 'action', 'actor_name', 'created_at'] as const;

/** Newest first, a page at a time (`beforeId` is the last id of the previous page). */
export async function listRevisionRows(db: DbOrTransaction, articleId: number, page: { beforeId: number | null; limit: number }) {
  let query = db.selectFrom('article_revisions').where('article_id', '=', articleId);
  if (page.beforeId !== null) query = query.where('id', '<', page.beforeId);
  return query.orderBy('id', 'desc').limit(page.limit).select(revisionColumns).execute();
}

export async function findRevisionRow(db: DbOrTransaction, articleId: number, revisionId: number) {
  return (
    (await db
      .selectFrom('article_revisions')
      .where('article_id', '=', articleId)
      .where('id', '=', revisionId)
      .select([...revisionColumns, 'snapshot'])
      .executeTakeFirst()) ?? null
  );
}

/** Remembers a slug a published article gave up, so its old URLs answer 301. */
export async function rememberOldSlug(trx: DbOrTransaction, oldSlug: string, articleId: number, now: string): Promise<void> {
  await trx
    .insertInto('article_slug_redirects')
    .values({ old_slug: oldSlug, article_id: articleId, created_at: now })
    .onConflict((conflict) => conflict.column('old_slug').doUpdateSet({ article_id: articleId, created_at: now }))
    .execute();
}

/** A slug taken by an article is nobody's old slug any more. */
export async function forgetOldSlug(trx: DbOrTransaction, slug: string): Promise<void> {
  await trx.deleteFrom('article_slug_redirects').where('old_slug', '=', slug).execute();
}

export async function findArticleIdByOldSlug(db: DbOrTransaction, slug: string): Promise<number | null> {
  const row = await db.selectFrom('article_slug_redirects').where('old_slug', '=', slug).select('article_id').executeTakeFirst();
  return row?.article_id ?? null;
}

export interface ListFilterValues {
  state?: 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished';
  sectionPath?: string;
  authorSlug?: string;
  slug?: string;
  headlineWords?: string[];
  createdBy?: { userId: number | null; apiKeyId: number | null };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/**
 * The newsroom's lists, newest first, a page at a time (`limit + 1` rows are
 * read so the caller knows whether there is a next page; never a count).
 * Each state walks an index: drafts and reviews by status, scheduled and
 * published by (status, published_at), everything else by id.
 */
export async function listEditableRows(
  db: DbOrTransaction,
  filter: ListFilterValues,
  page: { offset: number; limit: number },
  now: string,
) {
  let query = db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select([
      'articles.id',
      'articles.slug',
      'articles.headline',
      'articles.status',
      'articles.published_at',
      'articles.modified_at',
      'articles.submitted_at',
      'articles.version',
      'sections.path as section_path',
      'sections.name as section_name',
    ]);
  switch (filter.state) {
    case 'draft':
      query = query.where('articles.status', '=', 'draft').where('articles.submitted_at', 'is', null).orderBy('articles.id', 'desc');
      break;
    case 'review':
      query = query.where('articles.status', '=', 'draft').where('articles.submitted_at', 'is not', null).orderBy('articles.submitted_at');
      break;
    case 'scheduled':
      query = query.where('articles.status', '=', 'published').where('articles.published_at', '>', now).orderBy('articles.published_at');
      break;
    case 'published':
      query = query
        .where('articles.status', '=', 'published')
        .where('articles.published_at', '<=', now)
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc');
      break;
    case 'unpublished':
      query = query.where('articles.status', '=', 'withdrawn').orderBy('articles.id', 'desc');
      break;
    case undefined:
      query = query.orderBy('articles.id', 'desc');
  }
  if (filter.slug !== undefined) query = query.where('articles.slug', '=', filter.slug);
  if (filter.sectionPath !== undefined) {
    const path = filter.sectionPath;
    query = query.where((eb) => eb.or([eb('sections.path', '=', path), eb('sections.path', 'like', `${escapeLike(path)}/%`)]));
  }
  if (filter.authorSlug !== undefined) {
    const slug = filter.authorSlug;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('article_authors')
          .innerJoin('authors', 'authors.id', 'article_authors.author_id')
          .whereRef('article_authors.article_id', '=', 'articles.id')
          .where('authors.slug', '=', slug)
          .select('article_authors.article_id'),
      ),
    );
  }
  for (const word of filter.headlineWords ?? []) {
    query = query.where(sql<boolean>`lower(articles.headline) like ${`%${escapeLike(word.toLowerCase())}%`} escape '\\'`);
  }
  if (filter.createdBy) {
    const { userId, apiKeyId } = filter.createdBy;
    query =
      userId !== null
        ? query.where('articles.created_by_user_id', '=', userId)
        : query.where('articles.created_by_api_key_id', '=', apiKeyId!);
  }
  const rows = await query
    .limit(page.limit + 1)
    .offset(page.offset)
    .execute();
  const ids = rows.map((row) => row.id);
  const authors = ids.length
    ? await db
        .selectFrom('article_authors')
        .innerJoin('authors', 'authors.id', 'article_authors.author_id')
        .where('article_authors.article_id', 'in', ids)
        .orderBy('article_authors.position')
        .select(['article_authors.article_id', 'authors.name'])
        .execute()
    : [];
  return rows.map((row) => ({
    ...row,
    version: Number(row.version),
    authors: authors.filter((author) => author.article_id === row.id).map((author) => author.name),
  }));
}
