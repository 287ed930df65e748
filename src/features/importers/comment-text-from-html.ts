// Another platform's comment (HTML) as a Masthead comment (plain text: the
// comments feature stores text and escapes it when shown). The HTML goes
// through the articles' sanitiser (body-from-html.ts), the same one posts go
// through, so nothing of it survives that the body format cannot say; then
// paragraphs become blank lines and line breaks new lines. A link keeps its
// address in brackets after its words when they differ, since a comment's
// only links are the http(s) URLs written in its text.
import type { Block, InlineNode } from '../articles/articles.types.js';
import { bodyFromHtml } from '../articles/articles.service.js';
import { normaliseCommentText } from '../comments/comments.service.js';

/** Generous: the site's own limit (COMMENT_MAX_LENGTH) is for new writing; an old comment is kept whole up to this. */
export const MAX_IMPORTED_COMMENT_LENGTH = 20_000;

function inlineText(content: readonly InlineNode[] | undefined): string {
  let text = '';
  for (const node of content ?? []) {
    if (node.type === 'hardBreak') {
      text += '\n';
      continue;
    }
    text += node.text;
    const href = node.marks?.find((mark) => mark.type === 'link')?.attrs.href;
    if (href && /^https?:\/\//i.test(href) && node.text.trim() !== href) text += ` (${href})`;
  }
  return text;
}

function blockText(block: Block): string[] {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
    case 'pullQuote':
      return [inlineText(block.content)];
    case 'blockquote':
      return block.content.map((paragraph) => inlineText(paragraph.content));
    case 'bulletList':
    case 'orderedList':
      return block.content.map((item, index) => {
        const bullet = block.type === 'bulletList' ? '•' : `${index + 1}.`;
        return `${bullet} ${item.content.map((paragraph) => inlineText(paragraph.content)).join('\n')}`;
      });
    case 'figure':
    case 'horizontalRule':
      return [];
  }
}

/** The comment's text, normalised as the comments feature stores it (empty when nothing readable is left). */
export function commentTextFromHtml(html: string): string {
  const text = normaliseCommentText(bodyFromHtml(html).content.flatMap(blockText).join('\n\n'));
  return text.length > MAX_IMPORTED_COMMENT_LENGTH ? `${text.slice(0, MAX_IMPORTED_COMMENT_LENGTH - 1).trimEnd()}…` : text;
}
