// What the editor's document becomes before it leaves the browser: the stored
// body format (articles/article-body.ts), rebuilt field by field from
// `editor.getJSON()`. Tiptap adds what the format does not have (link
// `target`/`rel`/`class`, list `start`/`type`, null attributes, empty text
// nodes after some edits); anything not named here is left behind, so what
// is posted always passes `articleBodySchema` (the server checks it again).
//
// No zod in the browser bundle: the rules are the schema's, written out
// (the unit test holds the two together, with arbitrary input).
import type { ArticleBody, Block, InlineNode, Mark } from '../../articles/articles.types.js';

/** The links the body format keeps (article-body.ts `safeHref`): http(s), mailto, a site path or an anchor. */
export function isSafeHref(href: string): boolean {
  return href.length <= 2000 && /^(?:https?:\/\/|\/(?!\/)|#|mailto:)/i.test(href);
}

type Json = { [key: string]: unknown };
type Paragraph = Extract<Block, { type: 'paragraph' }>;
type ListItem = Extract<Block, { type: 'bulletList' }>['content'][number];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const childrenOf = (node: Json): Json[] => (Array.isArray(node.content) ? node.content.filter(isObject) : []);
const attrsOf = (node: Json): Json => (isObject(node.attrs) ? node.attrs : {});
const text = (value: unknown, max: number): string => (typeof value === 'string' ? value.trim().slice(0, max) : '');

function marksOf(node: Json): Mark[] {
  const marks: Mark[] = [];
  for (const mark of Array.isArray(node.marks) ? node.marks.filter(isObject) : []) {
    if ((mark.type === 'bold' || mark.type === 'italic') && !marks.some((kept) => kept.type === mark.type)) marks.push({ type: mark.type });
    else if (mark.type === 'link' && !marks.some((kept) => kept.type === 'link')) {
      const href = attrsOf(mark).href;
      if (typeof href === 'string' && isSafeHref(href)) marks.push({ type: 'link', attrs: { href } });
    }
  }
  return marks;
}

function inlineOf(node: Json): InlineNode[] | undefined {
  const inline: InlineNode[] = [];
  for (const child of childrenOf(node)) {
    if (child.type === 'hardBreak') inline.push({ type: 'hardBreak' });
    else if (child.type === 'text' && typeof child.text === 'string' && child.text.length > 0) {
      const marks = marksOf(child);
      inline.push(marks.length ? { type: 'text', text: child.text, marks } : { type: 'text', text: child.text });
    }
  }
  // A paragraph of nothing but line breaks is an empty paragraph.
  return inline.some((item) => item.type === 'text') ? inline : undefined;
}

function paragraphOf(node: Json): Paragraph | null {
  const content = inlineOf(node);
  return content ? { type: 'paragraph', content } : null;
}

/** Paragraphs inside a container (a quote, a list item); only the non-empty ones. */
function paragraphsIn(node: Json): Paragraph[] {
  return childrenOf(node).flatMap((child) => {
    const paragraph = child.type === 'paragraph' || child.type === 'heading' ? paragraphOf(child) : null;
    return paragraph ? [paragraph] : [];
  });
}

function listItemsOf(node: Json): ListItem[] {
  return childrenOf(node).flatMap((item) => {
    const paragraphs = item.type === 'listItem' ? paragraphsIn(item) : [];
    return paragraphs.length ? [{ type: 'listItem' as const, content: paragraphs }] : [];
  });
}

function blockOf(node: Json): Block | null {
  switch (node.type) {
    case 'paragraph':
      // Empty paragraphs are the editor's spacing (and its trailing line), not the article's.
      return paragraphOf(node);
    case 'heading': {
      const content = inlineOf(node);
      const level = attrsOf(node).level;
      return content ? { type: 'heading', attrs: { level: typeof level === 'number' && level <= 2 ? 2 : 3 }, content } : null;
    }
    case 'bulletList':
    case 'orderedList': {
      const items = listItemsOf(node);
      return items.length ? { type: node.type, content: items } : null;
    }
    case 'blockquote': {
      const paragraphs = paragraphsIn(node);
      return paragraphs.length
        ? { type: 'blockquote', attrs: { attribution: text(attrsOf(node).attribution, 200) }, content: paragraphs }
        : null;
    }
    case 'pullQuote': {
      const content = inlineOf(node);
      return content ? { type: 'pullQuote', attrs: { attribution: text(attrsOf(node).attribution, 200) }, content } : null;
    }
    case 'figure': {
      const attrs = attrsOf(node);
      const imageId = typeof attrs.imageId === 'string' ? attrs.imageId : '';
      if (!imageId || imageId.length > 64) return null;
      return {
        type: 'figure',
        attrs: { imageId, alt: text(attrs.alt, 500), caption: text(attrs.caption, 1000), credit: text(attrs.credit, 200) },
      };
    }
    case 'horizontalRule':
      return { type: 'horizontalRule' };
    default:
      return null;
  }
}

/** The editor's JSON as the stored body: only what the format can say, always valid. */
export function toStoredBody(json: unknown): ArticleBody {
  const content = isObject(json) && json.type === 'doc' ? childrenOf(json).flatMap((node) => blockOf(node) ?? []) : [];
  return { type: 'doc', content };
}

/** Plain paragraphs separated by blank lines, as the no-JavaScript textarea holds the body. */
export function bodyFromPlainText(plain: string): ArticleBody {
  const content = plain
    .split(/\r?\n[\t ]*\r?\n/)
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((part): Block => ({ type: 'paragraph', content: [{ type: 'text', text: part }] }));
  return { type: 'doc', content };
}
