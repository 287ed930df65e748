// What the page cache reads at each check (core/http/page-cache.ts), for the
// articles feature: the tags of logged changes and of scheduled articles that
// went live (docs/decisions/012-tagged-page-cache.md).
import type { Db } from '../../core/db/database.js';
import { readChangesSince } from '../../core/http/content-changes.repository.js';
import type { CacheCheckpoint, ContentChanges } from '../../core/http/page-cache.js';
import { tagsOfArticleState } from './article-cache-tags.js';
import * as repository from './articles.repository.js';

/** More articles coming due in one check than this: drop everything rather than tag each. */
const DUE_ARTICLES_TAGGED = 500;

/**
 * What the page cache reads at each check (core/http/page-cache.ts): the tags
 * logged since the node's checkpoint, those of the scheduled articles that
 * went live since, and the next scheduled publication. Read in this order:
 * the next publication is read after the log, so it counts every scheduling
 * the log has shown (a change seen in the log is never missed when it comes due).
 */
export function createContentChangeReader(deps: { db: Db }) {
  const { db } = deps;
  return async (since: CacheCheckpoint | undefined, now: string): Promise<ContentChanges> => {
    const logged = await readChangesSince(db, since?.revision);
    let stale = logged.stale;
    if (since && stale !== 'everything' && since.nextChangeAt !== null && since.nextChangeAt <= now) {
      const dueIds = await repository.listArticleIdsDueBetween(db, since.checkedAt, now, DUE_ARTICLES_TAGGED + 1);
      stale =
        dueIds.length > DUE_ARTICLES_TAGGED
          ? 'everything'
          : [...stale, ...(await repository.findArticleListings(db, dueIds)).flatMap((article) => tagsOfArticleState(article, now))];
    }
    return { revision: logged.revision, stale, nextChangeAt: await repository.findNextPublicationAt(db, now) };
  };
}
