// Read models for pages, feeds and sitemaps. Only published articles whose
// publication time has come are ever returned (article-publication.ts).
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import { jsonArrayFrom, parseJsonArray } from '../../core/db/json-rows.js';
import { preparedQuery } from '../../core/db/prepared-query.js';
import { parseArticleBody, figureImageIds } from './article-body.js';
import { isPublishedAndDue } from './article-publication.js';
import { HOME_FRONT } from './front-keys.js';
import type {
  Article,
  ArticleCard,
  Correction,
  Author,
  AuthorRef,
  ImageRef,
  Section,
  SectionRef,
  Topic,
  TopicRef,
} from './articles.types.js';

/** What a card shows, from `articles` joined to `sections` and (left) `images`. */
export const CARD_COLUMNS = [
  'articles.id',
  'articles.slug',
  'articles.kicker',
  'articles.headline',
  'articles.standfirst',
  'articles.access_level',
  'articles.published_at',
  'articles.updated_at',
  'sections.path as section_path',
  'sections.name as section_name',
  'images.public_id as hero_public_id',
  // The article's own hero text where it has one (the newsroom's), else the library's.
  sql<string | null>`coalesce(articles.hero_alt, images.alt)`.as('hero_alt'),
  sql<string | null>`coalesce(articles.hero_caption, images.caption)`.as('hero_caption'),
  sql<string | null>`coalesce(articles.hero_credit, images.credit)`.as('hero_credit'),
  'images.width as hero_width',
  'images.height as hero_height',
  'images.focal_x as hero_focal_x',
  'images.focal_y as hero_focal_y',
] as const;

function publishedCards(db: Db, now: string) {
  return db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .leftJoin('images', 'images.id', 'articles.hero_image_id')
    .where(isPublishedAndDue(now))
    .select(CARD_COLUMNS);
}

export type CardRow = Awaited<ReturnType<ReturnType<typeof publishedCards>['execute']>>[number];

function heroFromRow(row: CardRow): ImageRef | null {
  if (!row.hero_public_id) return null;
  return {
    publicId: row.hero_public_id,
    alt: row.hero_alt ?? '',
    caption: row.hero_caption ?? '',
    credit: row.hero_credit ?? '',
    width: row.hero_width ?? 0,
    height: row.hero_height ?? 0,
    focal: { x: Number(row.hero_focal_x ?? 0.5), y: Number(row.hero_focal_y ?? 0.5) },
  };
}

/** A card's authors in byline order, as JSON (json-rows.ts): for statements that read a few cards with no second query. */
export function authorsJson(db: Db, eb: ExpressionBuilder<Database, 'articles'>) {
  return jsonArrayFrom(
    db,
    eb
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .whereRef('article_authors.article_id', '=', 'articles.id')
      .select(['authors.slug', 'authors.name', 'authors.job_title as jobTitle'])
      .orderBy('article_authors.position'),
  ).as('authors_json');
}

/** A card from a row of CARD_COLUMNS and its authors. */
function cardOf(row: CardRow, authors: AuthorRef[]): ArticleCard {
  return {
    id: row.id,
    slug: row.slug,
    sectionPath: row.section_path,
    sectionName: row.section_name,
    kicker: row.kicker,
    headline: row.headline,
    standfirst: row.standfirst,
    accessLevel: row.access_level,
    publishedAt: row.published_at!,
    updatedAt: row.updated_at,
    hero: heroFromRow(row),
    authors,
  };
}

/** A card from a row of CARD_COLUMNS and `authorsJson`. */
export function cardFromRow(row: CardRow & { authors_json: unknown }): ArticleCard {
  return cardOf(row, parseJsonArray<AuthorRef>(row.authors_json));
}

async function authorsByArticle(db: Db, articleIds: number[]): Promise<Map<number, AuthorRef[]>> {
  const byArticle = new Map<number, AuthorRef[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await db
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.id', 'article_authors.author_id')
    .where('article_authors.article_id', 'in', articleIds)
    .select(['article_authors.article_id', 'authors.slug', 'authors.name', 'authors.job_title'])
    .orderBy('article_authors.article_id')
    .orderBy('article_authors.position')
    .execute();
  for (const row of rows) {
    const list = byArticle.get(row.article_id) ?? [];
    list.push({ slug: row.slug, name: row.name, jobTitle: row.job_title });
    byArticle.set(row.article_id, list);
  }
  return byArticle;
}

async function toCards(db: Db, rows: CardRow[]): Promise<ArticleCard[]> {
  const authors = await authorsByArticle(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => cardOf(row, authors.get(row.id) ?? []));
}

/**
 * A readable article with everything its page shows but the related cards
 * and figure images: the card, section and parent, hero, authors and topics,
 * in one statement built and compiled once (core/db/prepared-query.ts; the
 * lists as JSON, core/db/json-rows.ts). Also what the related walks start
 * from: its section and first topic (0 when it has none: no topic has id 0).
 */
const publishedArticleQuery = preparedQuery('findPublishedArticle', (db, args: { slug: string; now: string }) =>
  publishedCards(db, args.now)
    .leftJoin('sections as parent_sections', 'parent_sections.id', 'sections.parent_id')
    .where('articles.slug', '=', args.slug)
    .select((eb) => [
      authorsJson(db, eb),
      'articles.body_json',
      'articles.agency_credit',
      'articles.comments_enabled',
      'articles.modified_at',
      'articles.version',
      'articles.corrections_json',
      'articles.section_id',
      'parent_sections.path as parent_path',
      'parent_sections.name as parent_name',
      jsonArrayFrom(
        db,
        eb
          .selectFrom('article_topics')
          .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
          .whereRef('article_topics.article_id', '=', 'articles.id')
          .select(['topics.id', 'topics.slug', 'topics.name'])
          .orderBy('article_topics.position'),
      ).as('topics_json'),
    ]),
);

export interface PublishedArticle {
  article: Article;
  /** Where its related articles are walked from (related-articles.queries.ts). */
  sectionId: number;
  /** Its first topic's id, or 0 when it has none. */
  firstTopicId: number;
}

export async function readPublishedArticle(db: Db, slug: string, now: string): Promise<PublishedArticle | null> {
  const row = (await publishedArticleQuery(db, { slug, now })).rows[0];
  if (!row) return null;
  const body = parseArticleBody(row.body_json);
  const topics = parseJsonArray<TopicRef & { id: number }>(row.topics_json);
  const figureIds = figureImageIds(body);
  const figureRows = figureIds.length
    ? await db
        .selectFrom('images')
        .where('public_id', 'in', figureIds)
        .select(['public_id', 'alt', 'caption', 'credit', 'width', 'height'])
        .execute()
    : [];
  const article: Article = {
    ...cardFromRow(row),
    body,
    agencyCredit: row.agency_credit,
    commentsEnabled: row.comments_enabled === 1,
    modifiedAt: row.modified_at,
    version: row.version,
    corrections: JSON.parse(row.corrections_json) as Correction[],
    section: {
      path: row.section_path,
      name: row.section_name,
      parent: row.parent_path ? { path: row.parent_path, name: row.parent_name! } : null,
    },
    topics: topics.map((topic) => ({ slug: topic.slug, name: topic.name })),
    figureImages: Object.fromEntries(
      figureRows.map((image) => [
        image.public_id,
        {
          publicId: image.public_id,
          alt: image.alt,
          caption: image.caption,
          credit: image.credit,
          width: image.width,
          height: image.height,
        },
      ]),
    ),
  };
  return { article, sectionId: row.section_id, firstTopicId: topics[0]?.id ?? 0 };
}

export async function findPublishedArticleBySlug(db: Db, slug: string, now: string): Promise<Article | null> {
  return (await readPublishedArticle(db, slug, now))?.article ?? null;
}

/** Status of a slug that is not readable now: withdrawn articles answer 410. */
export async function findArticleStatus(db: Db, slug: string): Promise<'withdrawn' | 'unpublished' | 'missing'> {
  const row = await db.selectFrom('articles').where('slug', '=', slug).select('status').executeTakeFirst();
  if (!row) return 'missing';
  return row.status === 'withdrawn' ? 'withdrawn' : 'unpublished';
}

/** Where a live article given up a slug now is (a renamed article: its old URLs answer 301), or null. */
export async function findLiveAddressByOldSlug(
  db: Db,
  oldSlug: string,
  now: string,
): Promise<{ slug: string; sectionPath: string; publishedAt: string } | null> {
  const row = await db
    .selectFrom('article_slug_redirects')
    .innerJoin('articles', 'articles.id', 'article_slug_redirects.article_id')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .where('article_slug_redirects.old_slug', '=', oldSlug)
    .where(isPublishedAndDue(now))
    .select(['articles.slug', 'sections.path', 'articles.published_at'])
    .executeTakeFirst();
  return row ? { slug: row.slug, sectionPath: row.path, publishedAt: row.published_at! } : null;
}

export async function listFrontArticles(db: Db, front: string, now: string): Promise<ArticleCard[]> {
  const rows = await publishedCards(db, now)
    .innerJoin('front_slots', 'front_slots.article_id', 'articles.id')
    .where('front_slots.front', '=', front)
    .orderBy('front_slots.position')
    .execute();
  return toCards(db, rows);
}

/** The home front's stories readers may see now, in the front's order (the newsletters' daily briefing). */
export async function listHomeFrontArticleIds(db: Db, now: string): Promise<number[]> {
  const rows = await db
    .selectFrom('front_slots')
    .innerJoin('articles', 'articles.id', 'front_slots.article_id')
    .where('front_slots.front', '=', HOME_FRONT)
    .where(isPublishedAndDue(now))
    .select('articles.id')
    .orderBy('front_slots.position')
    .execute();
  return rows.map((row) => row.id);
}

/** The ids on a curated front (the home page's later pages leave them out of "Latest", as its first page does). */
export async function listFrontArticleIds(db: Db, front: string): Promise<number[]> {
  const rows = await db.selectFrom('front_slots').where('front', '=', front).select('article_id').execute();
  return rows.map((row) => row.article_id);
}

/** The cards of these articles that readers may see now (in no particular order). */
export async function readCards(db: Db, ids: readonly number[], now: string): Promise<ArticleCard[]> {
  if (ids.length === 0) return [];
  return toCards(db, await publishedCards(db, now).where('articles.id', 'in', ids).execute());
}

export async function findSectionByPath(db: Db, path: string): Promise<Section | null> {
  const row = await db
    .selectFrom('sections')
    .leftJoin('sections as parent', 'parent.id', 'sections.parent_id')
    .where('sections.path', '=', path)
    .select([
      'sections.id',
      'sections.slug',
      'sections.path',
      'sections.name',
      'sections.description',
      'parent.path as parent_path',
      'parent.name as parent_name',
    ])
    .executeTakeFirst();
  if (!row) return null;
  const children = await db
    .selectFrom('sections')
    .where('parent_id', '=', row.id)
    .select(['path', 'name'])
    .orderBy('position')
    .orderBy('name')
    .execute();
  return {
    id: row.id,
    slug: row.slug,
    path: row.path,
    name: row.name,
    description: row.description,
    parent: row.parent_path ? { path: row.parent_path, name: row.parent_name! } : null,
    children,
  };
}

/** The section and every section below it, however deep: a section's page lists their articles too. */
export async function listSectionTreeIds(db: Db, sectionId: number): Promise<number[]> {
  const rows = await db
    .withRecursive('tree(id)', (cte) =>
      cte
        .selectFrom('sections')
        .where('sections.id', '=', sectionId)
        .select('sections.id')
        .unionAll((union) => union.selectFrom('sections').innerJoin('tree', 'tree.id', 'sections.parent_id').select('sections.id')),
    )
    .selectFrom('tree')
    .select('tree.id')
    .execute();
  return rows.map((row) => row.id);
}

/** Top-level sections in navigation order. */
export async function listNavigationSections(db: Db): Promise<SectionRef[]> {
  return db.selectFrom('sections').where('parent_id', 'is', null).select(['path', 'name']).orderBy('position').orderBy('name').execute();
}

export async function listAllSections(db: Db): Promise<SectionRef[]> {
  return db.selectFrom('sections').select(['path', 'name']).orderBy('path').execute();
}

export async function findTopicBySlug(db: Db, slug: string): Promise<Topic | null> {
  const row = await db.selectFrom('topics').where('slug', '=', slug).select(['id', 'slug', 'name', 'description']).executeTakeFirst();
  return row ?? null;
}

export async function listTopics(db: Db): Promise<TopicRef[]> {
  return db.selectFrom('topics').select(['slug', 'name']).orderBy('name').execute();
}

export async function findAuthorBySlug(db: Db, slug: string): Promise<Author | null> {
  const row = await db
    .selectFrom('authors')
    .leftJoin('images', 'images.id', 'authors.picture_image_id')
    .where('authors.slug', '=', slug)
    .select([
      'authors.id',
      'authors.slug',
      'authors.name',
      'authors.job_title',
      'authors.bio',
      'images.public_id',
      'images.alt',
      'images.caption',
      'images.credit',
      'images.width',
      'images.height',
    ])
    .executeTakeFirst();
  if (!row) return null;
  const picture =
    row.public_id === null
      ? null
      : {
          publicId: row.public_id,
          // The portrait says who it shows, whatever the library's alt text says of the picture.
          alt: row.name,
          caption: row.caption ?? '',
          credit: row.credit ?? '',
          width: row.width ?? 0,
          height: row.height ?? 0,
        };
  return { id: row.id, slug: row.slug, name: row.name, jobTitle: row.job_title, bio: row.bio, picture };
}

export async function listAuthors(db: Db): Promise<AuthorRef[]> {
  const rows = await db.selectFrom('authors').select(['slug', 'name', 'job_title']).orderBy('name').execute();
  return rows.map((row) => ({ slug: row.slug, name: row.name, jobTitle: row.job_title }));
}
