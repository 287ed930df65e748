// What reader search may index of an article body (features/search): the
// text above the wall, cut exactly as `articleViewFor` cuts a teaser, and the
// whole text. Search keeps them as separate documents, so a reader who is
// not entitled searches — and gets snippets from — the teaser alone.
import { bodyToPlainText, parseArticleBody, takeLeadingBlocks } from './article-body.js';
import { teaserLength } from './article-view.js';

export interface ArticleSearchText {
  teaserBody: string;
  fullBody: string;
}

// Control characters never reach a document: search marks matches with two of them.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function articleSearchText(bodyJson: string, teaserBlocks: number): ArticleSearchText {
  const body = parseArticleBody(bodyJson);
  const teaser = takeLeadingBlocks(body, teaserLength(body.content.length, teaserBlocks));
  return {
    teaserBody: bodyToPlainText(teaser).replace(CONTROL, ' '),
    fullBody: bodyToPlainText(body).replace(CONTROL, ' '),
  };
}

/** Plain text for a headline or standfirst, as search stores it. */
export function searchableLine(text: string): string {
  return text.replace(CONTROL, ' ');
}
