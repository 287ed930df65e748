// Where a comment lives, and who may be shown its words outside its thread.
import type { AccessLevel } from '../../core/db/schema.js';
import { articlePath } from '../articles/articles.service.js';
import type { Viewer } from './community.types.js';

/** The article's canonical path (the articles feature's `articlePath`): computed from the row, no article loaded. */
export const articlePathOf = articlePath;

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
