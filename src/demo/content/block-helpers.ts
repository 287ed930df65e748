// Small builders that keep the demo articles readable. They produce the
// body block format of article-body.ts (Tiptap-compatible JSON).
import type { Block, InlineNode, Mark } from '../../features/articles/articles.types.js';
import type { DemoImage, DemoScene } from '../demo-types.js';

/** A part of a line of text: a plain string or an inline node built below. */
export type InlinePart = string | InlineNode;

type ParagraphBlock = Extract<Block, { type: 'paragraph' }>;

function textNode(text: string, marks?: Mark[]): InlineNode {
  if (text.length === 0) throw new Error('Demo content: text nodes must not be empty');
  return marks && marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text };
}

/** Turns parts into inline nodes, dropping empty strings (empty text nodes are invalid). */
export function inline(parts: InlinePart[]): InlineNode[] {
  const nodes: InlineNode[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      if (part.length > 0) nodes.push(textNode(part));
    } else {
      nodes.push(part);
    }
  }
  return nodes;
}

export function link(text: string, href: string): InlineNode {
  return textNode(text, [{ type: 'link', attrs: { href } }]);
}

export function em(text: string): InlineNode {
  return textNode(text, [{ type: 'italic' }]);
}

export function strong(text: string): InlineNode {
  return textNode(text, [{ type: 'bold' }]);
}

export const br: InlineNode = { type: 'hardBreak' };

function paragraph(parts: InlinePart[]): ParagraphBlock {
  return { type: 'paragraph', content: inline(parts) };
}

/** A paragraph; parts may be passed one by one or as a single array. */
export function p(...parts: Array<InlinePart | InlinePart[]>): Block {
  return paragraph(parts.flat());
}

export function h2(...parts: InlinePart[]): Block {
  return { type: 'heading', attrs: { level: 2 }, content: inline(parts) };
}

export function h3(...parts: InlinePart[]): Block {
  return { type: 'heading', attrs: { level: 3 }, content: inline(parts) };
}

/** A pull quote (Masthead's `pullQuote` node). */
export function quote(text: string, attribution: string): Block {
  return { type: 'pullQuote', attrs: { attribution }, content: inline([text]) };
}

/** A blockquote; each argument is one paragraph (a string or a list of parts). */
export function blockquote(...paragraphs: Array<string | InlinePart[]>): Block {
  return { type: 'blockquote', content: paragraphs.map((item) => paragraph(typeof item === 'string' ? [item] : item)) };
}

function listItems(items: Array<string | InlinePart[]>) {
  return items.map((item) => ({ type: 'listItem' as const, content: [paragraph(typeof item === 'string' ? [item] : item)] }));
}

export function bullets(...items: Array<string | InlinePart[]>): Block {
  return { type: 'bulletList', content: listItems(items) };
}

export function numbered(...items: Array<string | InlinePart[]>): Block {
  return { type: 'orderedList', content: listItems(items) };
}

export function figure(imageId: string, alt: string, caption: string, credit: string): Block {
  return { type: 'figure', attrs: { imageId, alt, caption, credit } };
}

/** A figure block for one of the article's `inlineImages`. */
export function figureOf(image: DemoImage): Block {
  return figure(image.key, image.alt, image.caption, image.credit);
}

export const rule: Block = { type: 'horizontalRule' };

export const ILLUSTRATION_CREDIT = 'Illustration: Masthead demo';

export function image(
  key: string,
  scene: DemoScene,
  seed: number,
  alt: string,
  caption: string,
  credit: string = ILLUSTRATION_CREDIT,
): DemoImage {
  return { key, scene, seed, alt, caption, credit };
}
