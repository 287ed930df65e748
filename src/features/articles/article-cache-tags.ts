// What each cached page of the articles feature shows, as page-cache tags
// (core/http/page-cache.ts), and which tags a change to an article touches.
// An article's own page carries `article:<id>` (and its related articles'
// ids, whose cards it shows); a listing or feed carries `listing:<scope>`;
// sitemaps carry `sitemaps`. A change to an article touches its own tag
// and, while it is (or was) live, every listing it appears on: the home
// page and site feeds, its section and each section above it (a section
// front lists its subsections' articles), its topics, its authors, and the
// sitemaps (docs/decisions/012-tagged-page-cache.md).
import { isArticlePublishedAndDue } from './article-publication.js';
import type { ArticleStatus } from '../../core/db/schema.js';
import { scopeKey, type ListingScope } from './listing-scope.js';

export const SITEMAPS_TAG = 'sitemaps';

export function articleTag(articleId: number): string {
  return `article:${articleId}`;
}

/** `listing:site`, `listing:section:world/europe`, `listing:topic:coast`, `listing:author:ada-fenwick`. */
export function listingTag(scope: ListingScope): string {
  return `listing:${scopeKey(scope)}`;
}

/** An article as far as caching cares: where it is listed, and whether readers see it. */
export interface ArticleListings {
  id: number;
  status: ArticleStatus;
  publishedAt: string | null;
  sectionPath: string;
  topicSlugs: string[];
  authorSlugs: string[];
}

/** `world/europe/ports` → world, world/europe, world/europe/ports. */
function sectionAndAncestors(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

/**
 * The tags to drop for one state of a changed article (call it for the state
 * before the change and the state after). A state readers cannot see (a
 * draft, a scheduled or withdrawn article) is on no listing: a draft saved
 * all day drops nothing but its own tag.
 */
export function tagsOfArticleState(article: ArticleListings, now: string): string[] {
  if (!isArticlePublishedAndDue(article, now)) return [articleTag(article.id)];
  return [
    articleTag(article.id),
    listingTag({ kind: 'site' }),
    ...sectionAndAncestors(article.sectionPath).map((path) => listingTag({ kind: 'section', path })),
    ...article.topicSlugs.map((slug) => listingTag({ kind: 'topic', slug })),
    ...article.authorSlugs.map((slug) => listingTag({ kind: 'author', slug })),
    SITEMAPS_TAG,
  ];
}
