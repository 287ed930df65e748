// Test support: a reader's hand on a comment thread page (features/comments),
// through its plain forms, so a journey reads as what the reader does. Works
// with and without JavaScript: the forms post and the server redirects to the
// comment's anchor.
import type { Locator, Page } from 'playwright-core';

/** The id in the `#comment-{id}` a post redirects to. */
export function postedCommentId(page: Page): number {
  const match = /#comment-(\d+)$/.exec(page.url());
  if (!match) throw new Error(`Not at a comment after posting: ${page.url()}`);
  return Number(match[1]);
}

/** The comment's own card: its `<li>` also holds its replies. */
export function commentCard(page: Page, commentId: number): Locator {
  return page.locator(`#comment-${commentId} > article`);
}

/** Posts a top-level comment with the thread's "Join the conversation" form (`form#join`) and returns its id. */
export async function postComment(page: Page, text: string): Promise<number> {
  await page.fill('#join-body', text);
  await page.locator('form#join').getByRole('button', { name: 'Post comment' }).click();
  await page.waitForURL(/#comment-\d+$/);
  return postedCommentId(page);
}

/**
 * Replies through the comment's Reply link, which opens the reply form under
 * it (`?reply={id}#reply-{id}`), and returns the reply's id.
 */
export async function replyToComment(page: Page, options: { parentId: number; parentAuthor: string; text: string }): Promise<number> {
  const { parentId, parentAuthor, text } = options;
  await commentCard(page, parentId)
    .getByRole('link', { name: `Reply to ${parentAuthor}` })
    .click();
  await page.waitForURL(new RegExp(`[?&]reply=${parentId}#reply-${parentId}$`));
  const form = page.locator(`form#reply-${parentId}`);
  const heading = await form.getByRole('heading').textContent();
  if (heading !== `Reply to ${parentAuthor}`) throw new Error(`The reply form under comment ${parentId} is headed "${heading}"`);
  await page.fill(`#reply-${parentId}-body`, text);
  await form.getByRole('button', { name: 'Post reply' }).click();
  await page.waitForURL(/#comment-\d+$/);
  return postedCommentId(page);
}
