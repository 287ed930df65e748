// What each cached page of the articles feature shows, as page-cache tags
// (core/http/page-cache.ts), and which tags a change to an article touches.
// An article's own page carries `article:<id>` (and its related articles'
// ids, whose cards it shows); a listing or feed carries `listing:<scope>`;
// the sitemap index, the news sitemap and the listing pages' children carry
// `sitemaps`, and an article child its id range's tag. A change to an article touches its own tag
// and, while it is (or was) live, every listing it appears on: the home
// page and site feeds, its section and each section above it (a section
// front lists its subsections' articles), its topics, its authors, the
// sitemaps and the sitemap child of its id range (docs/decisions/012-tagged-page-cache.md).
import { isArticlePublishedAndDue } from './article-publication.js';
import type { ArticleStatus } from '../../core/db/schema.js';
import { scopeKey, type ListingScope } from './listing-scope.js';
import { SITEMAP_URL_LIMIT } from './sitemaps.queries.js';

export const SITEMAPS_TAG = 'sitemaps';

/** The tag of the article sitemap child listing the Nth range of SITEMAP_URL_LIMIT ids (sitemaps.ts). */
export function articleSitemapTag(rangeNumber: number): string {
  return `sitemaps:articles-${rangeNumber}`;
}

const sitemapRangeOf = (articleId: number) => Math.floor((articleId - 1) / SITEMAP_URL_LIMIT) + 1;

export function articleTag(articleId: number): string {
  return `article:${articleId}`;
}

/** The articles a change names by their own tags (search refreshes exactly those). */
export function articleIdsOfTags(tags: readonly string[]): number[] {
  const ids = new Set<number>();
  for (const tag of tags) {
    const match = /^article:([0-9]+)$/.exec(tag);
    if (match) ids.add(Number(match[1]));
  }
  return [...ids];
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
    articleSitemapTag(sitemapRangeOf(article.id)),
  ];
}
