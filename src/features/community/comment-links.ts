// Where a comment lives, and who may be shown its words outside its thread.
import type { AccessLevel } from '../../core/db/schema.js';
import { datePartsInZone } from '../../core/views/format.js';
import type { Viewer } from './community.types.js';

/**
 * The article's canonical path, computed as articles/article-urls.ts
 * `articlePath` does (a test holds the two together): the articles feature
 * only shares its service and types, and this needs no article loaded.
 */
export function articlePathOf(article: { sectionPath: string; publishedAt: string; slug: string }, timeZone: string): string {
  const { year, month, day } = datePartsInZone(article.publishedAt, timeZone);
  return `/${article.sectionPath}/${year}/${month}/${day}/${article.slug}`;
}

export function commentHref(articlePath: string, commentId: number): string {
  return `${articlePath}/comments#comment-${commentId}`;
}

/**
 * Comments are readable by whoever may read the article (issue 5), and a
 * comment can quote the article. Outside the thread, where the reader's
 * entitlement is not decided, a comment's words are shown only where every
 * such viewer may read the article: free articles to anyone, registered-only
 * articles to signed-in readers. Premium comments are linked, never quoted:
 * the article page decides.
 */
export function mayQuote(accessLevel: AccessLevel, viewer: Viewer): boolean {
  if (accessLevel === 'free') return true;
  if (accessLevel === 'registered') return viewer === 'reader';
  return false;
}
