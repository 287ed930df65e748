// Related articles: the stories of the article's first topic published just
// before it, then of its own section; for an article that opens its topic or
// section, the ones published just after it. A story published later changes
// no older article's list (docs/decisions/011-archive-scale-queries.md).
//
// Two statements, each built and compiled once (core/db/prepared-query.ts).
// The first: the four short index walks (topic and section, older and newer)
// as arms of one UNION ALL, each reading at most `limit` keys. The choice is
// made here: the first arm's keys, then the next arm's not yet chosen, and so
// on up to `limit`. An arm of `limit` keys always holds enough unchosen ones,
// since at most `limit - 1` were chosen before it; so this picks what walking
// the arms one after another, each leaving out the chosen ones, picked (up to
// four statements before). The second reads the chosen cards and their
// authors. Whatever the archive's size: at most 4 × `limit` index entries
// and `limit` cards.
import { sql } from 'kysely';
import type { Db } from '../../core/db/database.js';
import { preparedQuery } from '../../core/db/prepared-query.js';
import { isPublishedAndDue } from './article-publication.js';
import { authorsJson, CARD_COLUMNS, cardFromRow } from './articles.queries.js';
import type { ArticleCard } from './articles.types.js';
import type { ListingCursor } from './listing-cursor.js';
import { walkArticles, walkLinks, type WalkOptions } from './listings.queries.js';

export const RELATED_LIMIT = 4;

/** The arms in the order their keys are chosen; `older` arms read newest first, `newer` ones oldest first. */
const ARM_DIRECTIONS = ['older', 'older', 'newer', 'newer'] as const;

type RelatedArguments = {
  id: number;
  publishedAt: string;
  sectionId: number;
  /** 0 for an article with no topic: no topic has that id, so its arms read nothing. */
  topicId: number;
  now: string;
  /** The rule's instant for the older walks: the article's publication time when earlier than now (listings.queries.ts, `dueAt`). */
  olderDueAt: string;
  limit: number;
};

const relatedKeysQuery = preparedQuery('relatedArticleKeys', (db, args: RelatedArguments) => {
  const from: ListingCursor = { publishedAt: args.publishedAt, id: args.id };
  const walk = (direction: 'older' | 'newer'): WalkOptions => ({
    now: args.now,
    dueAt: direction === 'older' ? args.olderDueAt : args.now,
    direction,
    from,
    limit: args.limit,
  });
  const topic = { kind: 'topic' as const, topicId: args.topicId };
  const [first, ...others] = [
    walkLinks(db, topic, walk('older')),
    walkArticles(db, walk('older'), args.sectionId),
    walkLinks(db, topic, walk('newer')),
    walkArticles(db, walk('newer'), args.sectionId),
  ].map((arm, index) => db.selectFrom(arm.as('walk')).select([sql.lit(index).as('arm'), 'walk.id', 'walk.published_at']));
  return others.reduce((union, arm) => union.unionAll(arm), first!);
});

/**
 * The cards of up to RELATED_LIMIT chosen ids, with their authors, in one
 * statement of a fixed shape (unused slots are 0, which no article has).
 * Read after the choice: the walks find up to four times as many keys.
 */
const relatedCardsQuery = preparedQuery(
  'relatedArticleCards',
  (db, args: { now: string; id1: number; id2: number; id3: number; id4: number }) =>
    db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .leftJoin('images', 'images.id', 'articles.hero_image_id')
      .where('articles.id', 'in', [args.id1, args.id2, args.id3, args.id4])
      .where(isPublishedAndDue(args.now))
      .select(CARD_COLUMNS)
      .select((eb) => authorsJson(db, eb)),
);

const byNewest = (a: ListingCursor, b: ListingCursor) =>
  a.publishedAt === b.publishedAt ? b.id - a.id : a.publishedAt < b.publishedAt ? 1 : -1;

/** Up to `limit` related cards, in the order they are shown. */
export async function readRelatedArticles(
  db: Db,
  article: { id: number; publishedAt: string; sectionId: number; firstTopicId: number },
  now: string,
  limit = RELATED_LIMIT,
): Promise<ArticleCard[]> {
  const { rows } = await relatedKeysQuery(db, {
    id: article.id,
    publishedAt: article.publishedAt,
    sectionId: article.sectionId,
    topicId: article.firstTopicId,
    now,
    olderDueAt: article.publishedAt < now ? article.publishedAt : now,
    limit,
  });
  const arms: ListingCursor[][] = ARM_DIRECTIONS.map(() => []);
  for (const row of rows) arms[Number(row.arm)]!.push({ id: row.id, publishedAt: row.published_at! });
  const chosen: number[] = [];
  arms.forEach((keys, index) => {
    keys.sort(ARM_DIRECTIONS[index] === 'older' ? byNewest : (a, b) => byNewest(b, a));
    for (const key of keys) {
      if (chosen.length >= limit) return;
      if (!chosen.includes(key.id)) chosen.push(key.id);
    }
  });
  const cards = new Map<number, ArticleCard>();
  for (let start = 0; start < chosen.length; start += RELATED_LIMIT) {
    const [id1 = 0, id2 = 0, id3 = 0, id4 = 0] = chosen.slice(start, start + RELATED_LIMIT);
    for (const row of (await relatedCardsQuery(db, { now, id1, id2, id3, id4 })).rows) cards.set(row.id, cardFromRow(row));
  }
  // Any no longer readable left out, as every listing does.
  return chosen.flatMap((id) => cards.get(id) ?? []);
}

/** The same for an article known by id and publication time only: its section and first topic are read first. */
export async function listRelatedArticles(
  db: Db,
  article: { id: number; publishedAt: string },
  now: string,
  limit = RELATED_LIMIT,
): Promise<ArticleCard[]> {
  const facts = await db
    .selectFrom('articles')
    .where('articles.id', '=', article.id)
    .select((eb) => [
      'articles.section_id',
      eb
        .selectFrom('article_topics')
        .whereRef('article_topics.article_id', '=', 'articles.id')
        .select('article_topics.topic_id')
        .orderBy('article_topics.position')
        .limit(1)
        .as('topic_id'),
    ])
    .executeTakeFirst();
  if (!facts) return [];
  return readRelatedArticles(db, { ...article, sectionId: facts.section_id, firstTopicId: facts.topic_id ?? 0 }, now, limit);
}
