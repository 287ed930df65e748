// The articles' side of the media library: where an image is shown, and a
// library change applied with the pages it reaches dropped on every node.
// A hero's caption, credit and alt text are the library's where the article's
// own are NULL (migration 0017), so a change to an image's words reaches
// exactly those articles; its focal point reaches every article showing it as
// a hero (cards crop heroes). Body figures carry their own words and are shown
// uncropped, so a library change never reaches them.
import type { Transaction } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { Database } from '../../core/db/schema.js';
import type { ImageChangeReach, ImageUse } from '../media/media.types.js';
import { tagsOfArticleState } from './article-cache-tags.js';
import { findArticleListings, findHeroArticleIds, findImageUses } from './articles.repository.js';

export interface ArticleImagesDependencies {
  db: Db;
  clock: Clock;
  /** The articles service's. */
  changeContent: (change: (trx: Transaction<Database>) => Promise<readonly string[] | 'everything'>) => Promise<void>;
}

export function createArticleImages(deps: ArticleImagesDependencies) {
  /** Up to `limit` uses of an image: heroes first, then body figures. */
  async function usesOf(imageId: number, limit = 200): Promise<ImageUse[]> {
    const rows = await findImageUses(deps.db, imageId, limit);
    return rows.map((row) => ({ articleId: row.id, headline: row.headline, status: row.status, role: row.role }));
  }

  /** Runs `change` (the library's write) in one transaction with the change log, and drops the pages it reaches. */
  async function changeImage(imageId: number, reach: ImageChangeReach, change: (trx: Transaction<Database>) => Promise<void>) {
    await deps.changeContent(async (trx) => {
      await change(trx);
      const articleIds = await findHeroArticleIds(trx, imageId, reach === 'hero-text');
      const listed = await findArticleListings(trx, articleIds);
      const timestamp = deps.clock.now().toISOString();
      return [...new Set(listed.flatMap((article) => tagsOfArticleState(article, timestamp)))];
    });
  }

  return { usesOf, changeImage };
}

export type ArticleImages = ReturnType<typeof createArticleImages>;
