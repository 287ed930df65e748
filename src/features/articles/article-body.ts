// The article body: a ProseMirror/Tiptap-compatible JSON document.
//
// Node and mark names follow Tiptap's StarterKit (paragraph, heading,
// blockquote, bulletList, orderedList, listItem, horizontalRule, hardBreak;
// bold, italic, link) so the newsroom editor can load the stored document
// as-is. Masthead adds two block nodes: `figure` (an image from the library
// with caption/credit) and `pullQuote`. The document's top-level `content`
// array is the unit the registration wall cuts: a teaser is the first N
// top-level blocks. A `blockquote` may carry `attrs.attribution` (who said it;
// optional, for bodies stored before it existed). See
// docs/decisions/002-article-body-format.md.
import { z } from 'zod';

const safeHref = z
  .string()
  .max(2000)
  .refine((href) => /^(https?:\/\/|\/(?!\/)|#|mailto:)/i.test(href), {
    message: 'Links must be http(s), mailto, a site path or an anchor',
  });

const markSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bold') }),
  z.object({ type: z.literal('italic') }),
  z.object({ type: z.literal('link'), attrs: z.object({ href: safeHref }) }),
]);

const textSchema = z.object({ type: z.literal('text'), text: z.string().min(1), marks: z.array(markSchema).optional() });
const hardBreakSchema = z.object({ type: z.literal('hardBreak') });
const inlineSchema = z.discriminatedUnion('type', [textSchema, hardBreakSchema]);
const inlineContent = z.array(inlineSchema).optional();

const paragraphSchema = z.object({ type: z.literal('paragraph'), content: inlineContent });
const headingSchema = z.object({
  type: z.literal('heading'),
  attrs: z.object({ level: z.union([z.literal(2), z.literal(3)]) }),
  content: inlineContent,
});
const listItemSchema = z.object({ type: z.literal('listItem'), content: z.array(paragraphSchema).min(1) });
const bulletListSchema = z.object({ type: z.literal('bulletList'), content: z.array(listItemSchema).min(1) });
const orderedListSchema = z.object({ type: z.literal('orderedList'), content: z.array(listItemSchema).min(1) });
// `attrs` arrived after bodies were first stored: a quote saved without it still parses (no attribution).
const blockquoteSchema = z.object({
  type: z.literal('blockquote'),
  attrs: z.object({ attribution: z.string().max(200).default('') }).optional(),
  content: z.array(paragraphSchema).min(1),
});
const pullQuoteSchema = z.object({
  type: z.literal('pullQuote'),
  attrs: z.object({ attribution: z.string().max(200).default('') }),
  content: inlineContent,
});
const figureSchema = z.object({
  type: z.literal('figure'),
  attrs: z.object({
    imageId: z.string().min(1).max(64),
    alt: z.string().max(500),
    caption: z.string().max(1000).default(''),
    credit: z.string().max(200).default(''),
  }),
});
const horizontalRuleSchema = z.object({ type: z.literal('horizontalRule') });

export const blockSchema = z.discriminatedUnion('type', [
  paragraphSchema,
  headingSchema,
  bulletListSchema,
  orderedListSchema,
  blockquoteSchema,
  pullQuoteSchema,
  figureSchema,
  horizontalRuleSchema,
]);

export const articleBodySchema = z.object({ type: z.literal('doc'), content: z.array(blockSchema) });

export type ArticleBody = z.infer<typeof articleBodySchema>;
export type Block = z.infer<typeof blockSchema>;
export type InlineNode = z.infer<typeof inlineSchema>;
export type Mark = z.infer<typeof markSchema>;

export function parseArticleBody(json: string): ArticleBody {
  return articleBodySchema.parse(JSON.parse(json));
}

/** The first `blockCount` top-level blocks: what a teaser may show. */
export function takeLeadingBlocks(body: ArticleBody, blockCount: number): ArticleBody {
  return { type: 'doc', content: body.content.slice(0, Math.max(0, blockCount)) };
}

function inlineText(content: InlineNode[] | undefined): string {
  return (content ?? []).map((node) => (node.type === 'text' ? node.text : ' ')).join('');
}

/** Plain text of a body (for descriptions, word counts and search). */
export function bodyToPlainText(body: ArticleBody): string {
  const parts: string[] = [];
  for (const block of body.content) {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
      case 'pullQuote':
        parts.push(inlineText(block.content));
        break;
      case 'blockquote':
        for (const paragraph of block.content) parts.push(inlineText(paragraph.content));
        break;
      case 'bulletList':
      case 'orderedList':
        for (const item of block.content) for (const paragraph of item.content) parts.push(inlineText(paragraph.content));
        break;
      case 'figure':
      case 'horizontalRule':
        break;
    }
  }
  return parts.filter(Boolean).join('\n\n');
}

export function countWords(body: ArticleBody): number {
  const text = bodyToPlainText(body).trim();
  return text ? text.split(/\s+/u).length : 0;
}

/** Image ids a body refers to, in order (so pages can load them in one query). */
export function figureImageIds(body: ArticleBody): string[] {
  return body.content.flatMap((block) => (block.type === 'figure' ? [block.attrs.imageId] : []));
}
