// HTML in, article body out: for the Admin API's `html` bodies, importers, and
// text pasted into the newsroom from Word or Google Docs.
//
// This is the sanitiser. Nothing of the HTML is kept as HTML: the tree is
// walked and only what the body format can say (article-body.ts) is written
// into a new document — paragraphs, headings, lists, quotes, pull quotes,
// figures of library images, dividers, bold, italic and links with safe
// schemes. Everything else is dropped or reduced to its text: attributes,
// styles, classes, scripts, comments, Word's <o:p>, Google Docs' wrapper
// spans. The result always passes `articleBodySchema`, so no HTML reaches a
// reader that our own renderer did not write (docs/decisions/015-html-to-body.md).
import { parseDocument } from 'htmlparser2';
import { Text, type ChildNode, type Document, type Element } from 'domhandler';
import { articleBodySchema, type ArticleBody, type Block, type InlineNode, type Mark } from './article-body.js';

/** A library image a `<img src>` points to, or null: only our own images become figures. */
export type ImageResolver = (src: string) => { imageId: string; alt: string; caption: string; credit: string } | null;

/** Elements whose content is never text for readers. */
const DROPPED = new Set([
  'script',
  'style',
  'head',
  'title',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'select',
  'textarea',
  'button',
  'canvas',
  'video',
  'audio',
  'map',
]);
const BLOCK_CONTAINERS = new Set([
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'body',
  'html',
  'center',
  'td',
  'th',
  'tr',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'dl',
  'dd',
  'dt',
  'details',
  'summary',
  'address',
  'nav',
]);
const LIST_ITEM_MAX = 500;
/** Deeper than this, an element's content is kept as plain text: the walk recurses, and hostile nesting must not exhaust the stack. */
const MAX_DEPTH = 64;
const MAX_BLOCKS = 5000;
const SAFE_HREF = /^(?:https?:\/\/|\/(?!\/)|#|mailto:)/i;

type Marks = { bold: boolean; italic: boolean; href: string | null };
const NO_MARKS: Marks = { bold: false, italic: false, href: null };

function attribute(element: Element, name: string): string {
  return element.attribs[name] ?? '';
}

/** Bold and italic as Word and Google Docs write them: tags, or inline styles on spans. */
function marksOf(element: Element, outer: Marks): Marks {
  const style = attribute(element, 'style').toLowerCase().replace(/\s+/g, '');
  let { bold, italic, href } = outer;
  if (element.name === 'b' || element.name === 'strong') bold = true;
  if (element.name === 'i' || element.name === 'em' || element.name === 'cite') italic = true;
  // The property itself, not Word's look-alikes (mso-bidi-font-weight).
  if (/(?:^|;)font-weight:(?:bold|[5-9]00)/.test(style)) bold = true;
  // Google Docs wraps a whole paste in <b style="font-weight:normal">: not bold.
  if (/(?:^|;)font-weight:(?:normal|[1-4]00)/.test(style)) bold = false;
  if (/(?:^|;)font-style:italic/.test(style)) italic = true;
  if (/(?:^|;)font-style:normal/.test(style)) italic = false;
  if (element.name === 'a') {
    const target = attribute(element, 'href').trim();
    href = SAFE_HREF.test(target) && target.length <= 2000 ? target : null;
  }
  return { bold, italic, href };
}

/** Collects inline content: text with marks, and hard breaks. */
class InlineWriter {
  readonly nodes: InlineNode[] = [];

  text(raw: string, marks: Marks): void {
    const text = raw.replace(/[\s\u00a0]+/g, (run) => (run.includes('\u00a0') && !/[\t\n\r ]/.test(run) ? '\u00a0' : ' '));
    if (!text) return;
    const markList: Mark[] = [];
    if (marks.bold) markList.push({ type: 'bold' });
    if (marks.italic) markList.push({ type: 'italic' });
    if (marks.href) markList.push({ type: 'link', attrs: { href: marks.href } });
    const last = this.nodes.at(-1);
    if (last?.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(markList)) last.text += text;
    else this.nodes.push(markList.length ? { type: 'text', text, marks: markList } : { type: 'text', text });
  }

  hardBreak(): void {
    this.nodes.push({ type: 'hardBreak' });
  }

  /** The content, whitespace collapsed across nodes and trimmed at the ends; undefined when empty. */
  finish(): InlineNode[] | undefined {
    const out: InlineNode[] = [];
    let previousEndsInSpace = true;
    for (const node of this.nodes) {
      if (node.type === 'hardBreak') {
        const last = out.at(-1);
        if (last?.type === 'text') last.text = last.text.replace(/ $/, '');
        out.push(node);
        previousEndsInSpace = true;
        continue;
      }
      const text: string = previousEndsInSpace ? node.text.replace(/^ /, '') : node.text;
      if (!text) continue;
      out.push({ ...node, text });
      previousEndsInSpace = text.endsWith(' ');
    }
    while (out.at(-1)?.type === 'hardBreak') out.pop();
    const last = out.at(-1);
    if (last?.type === 'text') {
      last.text = last.text.replace(/ $/, '');
      if (!last.text) out.pop();
    }
    while (out[0]?.type === 'hardBreak') out.shift();
    return out.some((node) => node.type === 'text' && node.text.trim()) ? out : undefined;
  }
}

function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function textOf(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if (isElement(node) && !DROPPED.has(node.name)) return node.children.map(textOf).join('');
  return '';
}

function writeInline(nodes: ChildNode[], writer: InlineWriter, marks: Marks): void {
  for (const node of nodes) {
    if (node.type === 'text') writer.text(node.data, marks);
    else if (isElement(node)) {
      if (DROPPED.has(node.name) || node.name.includes(':')) continue; // <o:p> and other Office tags
      if (node.name === 'br') writer.hardBreak();
      else writeInline(node.children, writer, marksOf(node, marks));
    }
  }
}

function paragraphOf(nodes: ChildNode[], marks: Marks = NO_MARKS): Block | null {
  const writer = new InlineWriter();
  writeInline(nodes, writer, marks);
  const content = writer.finish();
  return content ? { type: 'paragraph', content } : null;
}

const clip = (text: string, max: number) => text.replace(/\s+/g, ' ').trim().slice(0, max);

class BlockWriter {
  readonly blocks: Block[] = [];
  private pending: ChildNode[] = [];

  constructor(private readonly resolveImage: ImageResolver) {}

  push(block: Block | null): void {
    if (block && this.blocks.length < MAX_BLOCKS) this.blocks.push(block);
  }

  /** Loose inline content between blocks becomes one paragraph. */
  flush(): void {
    if (this.pending.length) this.push(paragraphOf(this.pending));
    this.pending = [];
  }

  figure(image: Element, caption: string, credit: string): void {
    const resolved = this.resolveImage(attribute(image, 'src').trim());
    if (!resolved) return;
    const alt = clip(attribute(image, 'alt'), 500) || resolved.alt;
    this.push({
      type: 'figure',
      attrs: {
        imageId: resolved.imageId,
        alt,
        caption: clip(caption, 1000) || resolved.caption,
        credit: clip(credit, 200) || resolved.credit,
      },
    });
  }

  listOf(list: Element): Block | null {
    const items = list.children
      .filter((child): child is Element => isElement(child) && child.name === 'li')
      .slice(0, LIST_ITEM_MAX)
      .flatMap((item) => {
        const paragraph = paragraphOf(item.children.filter((child) => !(isElement(child) && (child.name === 'ul' || child.name === 'ol'))));
        return paragraph?.type === 'paragraph' ? [{ type: 'listItem' as const, content: [paragraph] }] : [];
      });
    if (!items.length) return null;
    return { type: list.name === 'ol' ? 'orderedList' : 'bulletList', content: items };
  }

  quoteOf(quote: Element): Block | null {
    const isPull = /\bpull-?quote\b/i.test(attribute(quote, 'class')) || quote.name === 'aside';
    const attributionElement = quote.children.find(
      (child): child is Element =>
        isElement(child) && (child.name === 'footer' || child.name === 'cite' || (child.name === 'p' && isCiteLine(child))),
    );
    const attribution = attributionElement ? clip(textOf(attributionElement), 200).replace(/^[—–-]\s*/, '') : '';
    const body = quote.children.filter((child) => child !== attributionElement);
    if (isPull) {
      const writer = new InlineWriter();
      writeInline(body, writer, NO_MARKS);
      const content = writer.finish();
      return content ? { type: 'pullQuote', attrs: { attribution }, content } : null;
    }
    const inner = new BlockWriter(this.resolveImage);
    inner.walk(body);
    inner.flush();
    const paragraphs = inner.blocks.filter((block) => block.type === 'paragraph');
    if (!paragraphs.length) return null;
    return attribution ? { type: 'blockquote', attrs: { attribution }, content: paragraphs } : { type: 'blockquote', content: paragraphs };
  }

  walk(nodes: ChildNode[]): void {
    for (const node of nodes) {
      if (node.type === 'text') {
        this.pending.push(node);
        continue;
      }
      if (!isElement(node) || DROPPED.has(node.name) || node.name.includes(':')) continue;
      const name = node.name;
      if (name === 'p') {
        this.flush();
        this.push(paragraphOf(node.children));
      } else if (/^h[1-6]$/.test(name)) {
        this.flush();
        const writer = new InlineWriter();
        writeInline(node.children, writer, NO_MARKS);
        const content = writer.finish();
        if (content) this.push({ type: 'heading', attrs: { level: name === 'h1' || name === 'h2' ? 2 : 3 }, content });
      } else if (name === 'ul' || name === 'ol') {
        this.flush();
        this.push(this.listOf(node));
      } else if (name === 'blockquote' || (name === 'aside' && /\bpull-?quote\b/i.test(attribute(node, 'class')))) {
        this.flush();
        this.push(this.quoteOf(node));
      } else if (name === 'hr') {
        this.flush();
        this.push({ type: 'horizontalRule' });
      } else if (name === 'figure') {
        this.flush();
        const image = findFirst(node, 'img');
        const caption = findFirst(node, 'figcaption');
        const credit = caption ? findFirst(caption, 'small') : null;
        const captionText = caption
          ? textOf({ ...caption, children: caption.children.filter((child) => child !== credit) } as Element)
          : '';
        if (image) this.figure(image, captionText, credit ? textOf(credit) : '');
      } else if (name === 'img') {
        this.flush();
        this.figure(node, '', '');
      } else if (BLOCK_CONTAINERS.has(name) || name === 'li' || name === 'pre' || name === 'aside') {
        this.flush();
        this.walk(node.children);
        this.flush();
      } else this.pending.push(node);
    }
  }
}

/** `<p>— <cite>Name</cite></p>`: a quote's last line naming its source, as many sites write it. */
function isCiteLine(paragraph: Element): boolean {
  const meaningful = paragraph.children.filter((child) => !(child.type === 'text' && /^[\s—–-]*$/.test(child.data)));
  return meaningful.length === 1 && isElement(meaningful[0]!) && meaningful[0].name === 'cite';
}

function findFirst(root: Element, name: string): Element | null {
  for (const child of root.children) {
    if (!isElement(child)) continue;
    if (child.name === name) return child;
    const found = findFirst(child, name);
    if (found) return found;
  }
  return null;
}

/** Iteratively (no recursion): the text under a node, skipping what is never text for readers. */
function flatText(root: Element): string {
  const parts: string[] = [];
  const stack: ChildNode[] = [...root.children].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'text') parts.push(node.data);
    else if (isElement(node) && !DROPPED.has(node.name))
      for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index]!);
  }
  return parts.join('');
}

/** Cuts the tree at MAX_DEPTH, keeping what lies below as text, without recursing. */
function limitDepth(document: Document): Document {
  const stack: Array<{ node: ChildNode; depth: number }> = document.children.map((node) => ({ node, depth: 1 }));
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (!isElement(node)) continue;
    if (depth >= MAX_DEPTH) node.children = [new Text(flatText(node))];
    else for (const child of node.children) stack.push({ node: child, depth: depth + 1 });
  }
  return document;
}

/** Tags that close their open sibling (or never nest), so they add no depth. */
const FLAT_TAGS = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'option',
  'optgroup',
  'br',
  'hr',
  'img',
  'meta',
  'link',
  'input',
  'wbr',
  'col',
  'area',
  'base',
  'source',
]);
const OPEN_LIMIT = 256;

/**
 * htmlparser2 keeps its stack of open elements with `unshift` and searches it on
 * every closing tag, so its work grows with the square of the nesting. Before
 * parsing, opening tags past OPEN_LIMIT levels are turned into text (`&lt;…`),
 * in one linear pass; no real document nests that deep. `[^<>]*` stops each
 * match at the next `<`, so the scan itself stays linear on text full of them.
 */
function capNesting(html: string): string {
  let depth = 0;
  return html.replace(/<(\/?)([a-zA-Z][\w:-]*)(?![\w:-])([^<>]*)>/g, (tag, closing: string, name: string, rest: string) => {
    const lower = name.toLowerCase();
    if (closing) {
      depth = Math.max(0, depth - 1);
      return tag;
    }
    if (FLAT_TAGS.has(lower) || rest.endsWith('/')) return tag;
    if (depth >= OPEN_LIMIT) return `&lt;${tag.slice(1)}`;
    depth++;
    return tag;
  });
}

function parse(html: string): Document {
  return limitDepth(parseDocument(capNesting(html), { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }));
}

/** The body an HTML fragment says, in the stored format; always valid against `articleBodySchema`. */
export function bodyFromHtml(html: string, resolveImage: ImageResolver = () => null): ArticleBody {
  const document = parse(html);
  const writer = new BlockWriter(resolveImage);
  writer.walk(document.children);
  writer.flush();
  return articleBodySchema.parse({ type: 'doc', content: writer.blocks });
}

/** Every `<img src>` in an HTML fragment, for looking the images up before converting. */
export function imageSourcesIn(html: string): string[] {
  const sources: string[] = [];
  const visit = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (!isElement(node)) continue;
      if (node.name === 'img' && node.attribs.src) sources.push(node.attribs.src.trim());
      visit(node.children);
    }
  };
  visit(parse(html).children);
  return sources;
}
