// The Content API's read-model over the articles' tables. It only reads, and
// only what readers may see now (the published-and-due rule of
// articles/article-publication.ts). A browse is two statements on the
// archive: the page's ids, walked in publication order on the
// `(status, published_at, id)` index (migration 0012) with the filter as
// conditions with bound values, and a count that stops at COUNT_CAP rows; then
// the page's rows, authors and topics by id.
import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { AccessLevel, Database } from '../../core/db/schema.js';
import { HOME_FRONT, isPublishedAndDue } from '../articles/articles.service.js';
import type { PostCondition } from './post-filter.js';

/** Counting stops here: a million-article archive is never counted whole on a request (decision 021). */
export const COUNT_CAP = 10_000;

export interface ContentTaxonomy {
  sections: { id: number; slug: string; path: string; name: string; description: string; parentId: number | null; position: number }[];
  topics: { id: number; slug: string; name: string; description: string }[];
  authors: { id: number; slug: string; name: string; jobTitle: string; bio: string; picturePublicId: string | null }[];
}

export interface PostRow {
  id: number;
  slug: string;
  headline: string;
  standfirst: string;
  accessLevel: AccessLevel;
  publishedAt: string;
  createdAt: string;
  modifiedAt: string;
  bodyJson: string;
  sectionId: number;
  hero: { publicId: string; alt: string; caption: string } | null;
  featured: boolean;
  authorIds: number[];
  topicIds: number[];
}

/** Sections, topics and authors, whole: bounded by the taxonomy, never the archive. */
export async function readTaxonomy(db: Db): Promise<ContentTaxonomy> {
  const [sections, topics, authors] = await Promise.all([
    db.selectFrom('sections').select(['id', 'slug', 'path', 'name', 'description', 'parent_id', 'position']).orderBy('path').execute(),
    db.selectFrom('topics').select(['id', 'slug', 'name', 'description']).orderBy('name').execute(),
    db
      .selectFrom('authors')
      .leftJoin('images', 'images.id', 'authors.picture_image_id')
      .select(['authors.id', 'authors.slug', 'authors.name', 'authors.job_title', 'authors.bio', 'images.public_id'])
      .orderBy('authors.name')
      .execute(),
  ]);
  return {
    sections: sections.map(({ parent_id, ...row }) => ({ ...row, parentId: parent_id })),
    topics,
    authors: authors.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      jobTitle: row.job_title,
      bio: row.bio,
      picturePublicId: row.public_id,
    })),
  };
}

type ArticlesBuilder = ExpressionBuilder<Database, 'articles'>;

const PUBLISHED_AT_OPERATORS = { '=': '=', '>': '>', '>=': '>=', '<': '<', '<=': '<=' } as const;

/** A checked condition as SQL over `articles`; every value is bound, never spliced in. */
function conditionSql(eb: ArticlesBuilder, condition: PostCondition): Expression<SqlBool> {
  switch (condition.kind) {
    case 'and':
      return eb.and(condition.children.map((child) => conditionSql(eb, child)));
    case 'or':
      return eb.or(condition.children.map((child) => conditionSql(eb, child)));
    case 'not':
      return eb.not(conditionSql(eb, condition.child));
    case 'nothing':
      return sql<SqlBool>`1 = 0`;
    case 'sections':
      return eb('articles.section_id', 'in', condition.ids);
    case 'topics':
      return eb.exists(
        eb
          .selectFrom('article_topics')
          .whereRef('article_topics.article_id', '=', 'articles.id')
          .where('article_topics.topic_id', 'in', condition.ids)
          .select(sql`1`.as('one')),
      );
    case 'authors':
      if (condition.primaryOnly)
        return eb(
          eb
            .selectFrom('article_authors')
            .whereRef('article_authors.article_id', '=', 'articles.id')
            .select('article_authors.author_id')
            .orderBy('article_authors.position')
            .orderBy('article_authors.author_id')
            .limit(1),
          'in',
          condition.ids,
        );
      return eb.exists(
        eb
          .selectFrom('article_authors')
          .whereRef('article_authors.article_id', '=', 'articles.id')
          .where('article_authors.author_id', 'in', condition.ids)
          .select(sql`1`.as('one')),
      );
    case 'featured': {
      const onFront = eb(
        'articles.id',
        'in',
        eb.selectFrom('front_slots').where('front_slots.front', '=', HOME_FRONT).select('article_id'),
      );
      return condition.featured ? onFront : eb.not(onFront);
    }
    case 'published-at':
      return eb('articles.published_at', PUBLISHED_AT_OPERATORS[condition.operator], condition.at);
    case 'access':
      return eb('articles.access_level', 'in', condition.levels);
    case 'ids':
      return eb('articles.id', 'in', condition.ids);
    case 'slugs':
      return eb('articles.slug', 'in', condition.slugs);
  }
}

function readablePosts(db: Db, now: string, condition: PostCondition | null) {
  return db
    .selectFrom('articles')
    .where(isPublishedAndDue(now))
    .$if(condition !== null, (query) => query.where((eb) => conditionSql(eb, condition!)));
}

/** The ids of one page of readable posts, newest first (or oldest first). */
export interface BrowseOptions {
  now: string;
  condition: PostCondition | null;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/**
 * A filter that is one topic or one author (`tag:coast`, `author:ada-fenwick`,
 * the commonest), alone or with other conditions (`tag:coast+published_at:<…`,
 * `author:ada-fenwick+visibility:paid`), walks that link table's listing index,
 * as the topic and author pages do (decision 011): the site's walk would probe
 * every article for a rare one. The links carry copies of status and
 * publication time (kept by triggers, migration 0012), so a date condition is a
 * range on the walked index; any other condition reads the article's row,
 * except a level (`visibility:paid`): the level's own walk (migration 0025)
 * probing the link is cheaper than reading every linked article's row (on
 * SQLite, its body with it) for a level the few paid or members posts have.
 * The rows are read afterwards with the rule applied to the article itself, so
 * a stale copy could only hide a post.
 */
function linkWalk(db: Db, condition: PostCondition | null): LinkWalk | null {
  const parts = condition === null ? [] : condition.kind === 'and' ? condition.children : [condition];
  const subject = parts.find((part) => (part.kind === 'topics' || part.kind === 'authors') && part.ids.length === 1) as
    Extract<PostCondition, { kind: 'topics' | 'authors' }> | undefined;
  if (!subject) return null;
  let walk =
    subject.kind === 'topics'
      ? db.selectFrom('article_topics as link').where('link.topic_id', '=', subject.ids[0]!)
      : (db
          .selectFrom('article_authors as link')
          .where('link.author_id', '=', subject.ids[0]!)
          // `primary_author:`: no byline comes before this one (position, then author id, as conditionSql's first byline).
          .$if(subject.primaryOnly, (query) =>
            query.where(({ not, exists, selectFrom }) =>
              not(
                exists(
                  selectFrom('article_authors as earlier')
                    .whereRef('earlier.article_id', '=', 'link.article_id')
                    .where((eb) =>
                      eb.or([
                        eb('earlier.position', '<', eb.ref('link.position')),
                        eb.and([
                          eb('earlier.position', '=', eb.ref('link.position')),
                          eb('earlier.author_id', '<', eb.ref('link.author_id')),
                        ]),
                      ]),
                    )
                    .select(sql`1`.as('one')),
                ),
              ),
            ),
          ) as unknown as LinkWalk);
  const rest = parts.filter((part) => part !== subject);
  for (const part of rest)
    if (part.kind === 'published-at') walk = walk.where('link.published_at', PUBLISHED_AT_OPERATORS[part.operator], part.at);
  const others = rest.filter((part) => part.kind !== 'published-at');
  if (others.length === 0) return walk;
  if (others.some((part) => part.kind === 'access')) return null;
  return walk
    .innerJoin('articles', 'articles.id', 'link.article_id')
    .where((eb) => conditionSql(eb as unknown as ArticlesBuilder, { kind: 'and', children: others })) as unknown as LinkWalk;
}
/** The two link tables share the walked columns; only the subject's column differs (as in listings.queries.ts). */
type LinkWalk = SelectQueryBuilder<Database & { link: Database['article_topics'] }, 'link', object>;

/** The home front's article ids (a few dozen at most): `featured:true` alone starts from them. */
export async function readFrontIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('front_slots').where('front', '=', HOME_FRONT).select('article_id').execute();
  return rows.map((row) => row.article_id);
}

/**
 * A condition `featured:true` alone (a front-end's hero strip) is rewritten to
 * the front's ids, read first: as a subquery the site's walk probed every
 * article for the few on the front; as ids, each is one primary-key lookup.
 */
export async function withFrontIds(db: Db, condition: PostCondition | null): Promise<PostCondition | null> {
  if (condition?.kind !== 'featured' || !condition.featured) return condition;
  const ids = await readFrontIds(db);
  return ids.length ? { kind: 'ids', ids } : { kind: 'nothing' };
}

/** The statement of a browse (its plan is checked in content-api.db.test.ts). */
export function browsePostIdsQuery(db: Db, options: BrowseOptions) {
  const links = linkWalk(db, options.condition);
  if (links)
    return links
      .where(isPublishedAndDue(options.now, 'link'))
      .select('link.article_id as id')
      .orderBy('link.published_at', options.order)
      .orderBy('link.article_id', options.order)
      .limit(options.limit)
      .offset(options.offset);
  return readablePosts(db, options.now, options.condition)
    .select('articles.id')
    .orderBy('articles.published_at', options.order)
    .orderBy('articles.id', options.order)
    .limit(options.limit)
    .offset(options.offset);
}

/**
 * A condition that is a list of ids (`id:[…]`, or `featured:true` as the
 * front's ids) is read by primary key and ordered here: a few rows. Given as
 * a filter, SQLite preferred the site's walk to find them (no sort), probing
 * every article for the few in the list.
 */
async function readableKeysOf(db: Db, now: string, ids: readonly number[]) {
  const rows = await db
    .selectFrom('articles')
    .where('articles.id', 'in', ids)
    .where(isPublishedAndDue(now))
    .select(['articles.id', 'articles.published_at'])
    .execute();
  return rows.sort((a, b) => (a.published_at === b.published_at ? b.id - a.id : a.published_at! < b.published_at! ? 1 : -1));
}

export async function browsePostIds(db: Db, options: BrowseOptions): Promise<number[]> {
  if (options.condition?.kind === 'ids') {
    const newestFirst = (await readableKeysOf(db, options.now, options.condition.ids)).map((row) => row.id);
    const ordered = options.order === 'desc' ? newestFirst : newestFirst.reverse();
    return ordered.slice(options.offset, options.offset + options.limit);
  }
  return (await browsePostIdsQuery(db, options).execute()).map((row) => row.id);
}

/** How many readable posts match, counting no further than COUNT_CAP (then COUNT_CAP: "at least"). */
export async function countPostsCapped(db: Db, options: { now: string; condition: PostCondition | null; cap?: number }): Promise<number> {
  if (options.condition?.kind === 'ids')
    return Math.min((await readableKeysOf(db, options.now, options.condition.ids)).length, options.cap ?? COUNT_CAP);
  const links = linkWalk(db, options.condition);
  const capped = links
    ? links
        .where(isPublishedAndDue(options.now, 'link'))
        .select('link.article_id as id')
        .limit(options.cap ?? COUNT_CAP)
        .as('capped')
    : readablePosts(db, options.now, options.condition)
        .select('articles.id')
        .limit(options.cap ?? COUNT_CAP)
        .as('capped');
  const row = await db
    .selectFrom(capped)
    .select((eb) => eb.fn.countAll<number | string>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** The readable post with this id or slug, or null (drafts, scheduled and withdrawn articles are not there). */
export async function findPostId(db: Db, options: { now: string; id?: number; slug?: string }): Promise<number | null> {
  const row = await db
    .selectFrom('articles')
    .where(isPublishedAndDue(options.now))
    .$if(options.id !== undefined, (query) => query.where('articles.id', '=', options.id!))
    .$if(options.slug !== undefined, (query) => query.where('articles.slug', '=', options.slug!))
    .select('articles.id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The rows of these readable posts, in the order of `ids`. */
export async function readPosts(db: Db, ids: readonly number[], now: string): Promise<PostRow[]> {
  if (ids.length === 0) return [];
  const [rows, authors, topics, featured] = await Promise.all([
    db
      .selectFrom('articles')
      .leftJoin('images', 'images.id', 'articles.hero_image_id')
      .where('articles.id', 'in', ids)
      .where(isPublishedAndDue(now))
      .select([
        'articles.id',
        'articles.slug',
        'articles.headline',
        'articles.standfirst',
        'articles.access_level',
        'articles.published_at',
        'articles.created_at',
        'articles.modified_at',
        'articles.body_json',
        'articles.section_id',
        'images.public_id as hero_public_id',
        sql<string | null>`coalesce(articles.hero_alt, images.alt)`.as('hero_alt'),
        sql<string | null>`coalesce(articles.hero_caption, images.caption)`.as('hero_caption'),
      ])
      .execute(),
    db
      .selectFrom('article_authors')
      .where('article_id', 'in', ids)
      .select(['article_id', 'author_id'])
      .orderBy('article_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('article_topics')
      .where('article_id', 'in', ids)
      .select(['article_id', 'topic_id'])
      .orderBy('article_id')
      .orderBy('position')
      .execute(),
    db.selectFrom('front_slots').where('front', '=', HOME_FRONT).where('article_id', 'in', ids).select('article_id').execute(),
  ]);
  const group = (links: { article_id: number; id: number }[]) => {
    const byArticle = new Map<number, number[]>();
    for (const link of links) byArticle.set(link.article_id, [...(byArticle.get(link.article_id) ?? []), link.id]);
    return byArticle;
  };
  const authorsOf = group(authors.map((row) => ({ article_id: row.article_id, id: row.author_id })));
  const topicsOf = group(topics.map((row) => ({ article_id: row.article_id, id: row.topic_id })));
  const featuredIds = new Set(featured.map((row) => row.article_id));
  const byId = new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        slug: row.slug,
        headline: row.headline,
        standfirst: row.standfirst,
        accessLevel: row.access_level,
        publishedAt: row.published_at!,
        createdAt: row.created_at,
        modifiedAt: row.modified_at,
        bodyJson: row.body_json,
        sectionId: row.section_id,
        hero: row.hero_public_id ? { publicId: row.hero_public_id, alt: row.hero_alt ?? '', caption: row.hero_caption ?? '' } : null,
        featured: featuredIds.has(row.id),
        authorIds: authorsOf.get(row.id) ?? [],
        topicIds: topicsOf.get(row.id) ?? [],
      } satisfies PostRow,
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The images figures refer to, by public id: the caption and alt text the free part's HTML shows. */
export async function readFigureImages(db: Db, publicIds: readonly string[]) {
  if (publicIds.length === 0) return [];
  return db
    .selectFrom('images')
    .where('public_id', 'in', publicIds)
    .select(['public_id', 'alt', 'caption', 'credit', 'width', 'height'])
    .execute();
}
