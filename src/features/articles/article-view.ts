// The only way from a stored article to what a reader is shown of it. Every
// channel that renders article text goes through `articleViewFor`, so a wall
// decision cannot be forgotten by one of them: past the wall, the rest of the
// body is not hidden, it is absent.
import { figureImageIds, takeLeadingBlocks } from './article-body.js';
import type { Article, ArticleView, ArticleVisibility } from './articles.types.js';

/**
 * Blocks above the wall: the setting, but never more than half the article,
 * so a short piece does not give itself away in its teaser.
 */
export function teaserLength(totalBlocks: number, teaserBlocks: number): number {
  return Math.min(teaserBlocks, Math.floor(totalBlocks / 2));
}

export function articleViewFor(article: Article, visibility: ArticleVisibility, teaserBlocks: number): ArticleView {
  const { body, figureImages, ...rest } = article;
  const visibleBody = visibility.view === 'full' ? body : takeLeadingBlocks(body, teaserLength(body.content.length, teaserBlocks));
  const visibleImages: ArticleView['figureImages'] = {};
  for (const id of figureImageIds(visibleBody)) {
    const image = figureImages[id];
    if (image) visibleImages[id] = image;
  }
  return { ...rest, visibleBody, figureImages: visibleImages, visibility, isComplete: visibleBody.content.length === body.content.length };
}

const keys = new WeakMap<ArticleVisibility, string>();

/** A stable cache key for a visibility: every reader with the same one gets the same bytes. */
export function visibilityKey(visibility: ArticleVisibility): string {
  let key = keys.get(visibility);
  if (key === undefined) {
    key =
      visibility.view === 'full'
        ? `full:${visibility.allowanceKind ?? ''}:${visibility.allowanceNote ?? ''}`
        : `wall:${visibility.wall}:${visibility.reason}`;
    keys.set(visibility, key);
  }
  return key;
}
