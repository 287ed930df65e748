// Comment text in community pages: the comments feature's renderer (plain
// text, paragraphs, line breaks, http(s) links; everything escaped), so a
// comment reads the same here as in its thread.
import { renderCommentBody } from '../../comments/comments.service.js';

export function CommentText(props: { body: string }) {
  return <div class="comment-text">{renderCommentBody(props.body)}</div>;
}

/** One line, at most `max` characters, cut at a word where possible: for "in reply to" context and emails. */
export function excerptOf(body: string, max = 160): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max * 0.6 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}
