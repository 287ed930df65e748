// An issue's body made fit for a mail client: links to the site's own pages
// made absolute (a site path means nothing in an inbox), and the plain-text
// part, which keeps what the HTML part says through its links and pictures
// (a link's address after its words, a picture's alt text in brackets).
import type { ArticleBody } from '../../articles/articles.types.js';

type Block = ArticleBody['content'][number];
type Inline = NonNullable<Extract<Block, { type: 'paragraph' }>['content']>[number];

function absoluteInline(content: Inline[] | undefined, origin: string): Inline[] | undefined {
  return content?.map((node) =>
    node.type === 'text' && node.marks
      ? {
          ...node,
          marks: node.marks.map((mark) =>
            mark.type === 'link' && mark.attrs.href.startsWith('/') ? { ...mark, attrs: { href: origin + mark.attrs.href } } : mark,
          ),
        }
      : node,
  );
}

/** The body with every site-path link (`/news/…`) written as `<publicUrl>/news/…`. */
export function withAbsoluteLinks(body: ArticleBody, publicUrl: string): ArticleBody {
  const origin = publicUrl.endsWith('/') ? publicUrl.slice(0, -1) : publicUrl;
  const paragraphs = <T extends { content?: Inline[] | undefined }>(list: T[]): T[] =>
    list.map((paragraph) => ({ ...paragraph, content: absoluteInline(paragraph.content, origin) }));
  const content = body.content.map((block): Block => {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
      case 'pullQuote':
        return { ...block, content: absoluteInline(block.content, origin) } as Block;
      case 'blockquote':
        return { ...block, content: paragraphs(block.content) };
      case 'bulletList':
      case 'orderedList':
        return { ...block, content: block.content.map((item) => ({ ...item, content: paragraphs(item.content) })) };
      default:
        return block;
    }
  });
  return { type: 'doc', content };
}

function inlineText(content: Inline[] | undefined, words: (text: string) => string = (text) => text): string {
  return (content ?? [])
    .map((node) => {
      if (node.type === 'hardBreak') return '\n';
      const href = node.marks?.find((mark) => mark.type === 'link')?.attrs.href;
      return href && href !== node.text ? `${words(node.text)} (${href})` : words(node.text);
    })
    .join('');
}

/** The body as the plain-text part: blocks a blank line apart; links' addresses and pictures' alt text kept. */
export function bodyToEmailText(body: ArticleBody, altOf: (imageId: string, alt: string) => string | null): string {
  const parts: string[] = [];
  for (const block of body.content) {
    switch (block.type) {
      case 'paragraph':
        parts.push(inlineText(block.content));
        break;
      case 'heading':
        parts.push(inlineText(block.content, (words) => words.toUpperCase()));
        break;
      case 'pullQuote':
        parts.push(`“${inlineText(block.content)}”${block.attrs.attribution ? ` — ${block.attrs.attribution}` : ''}`);
        break;
      case 'blockquote':
        parts.push(block.content.map((paragraph) => `> ${inlineText(paragraph.content)}`).join('\n'));
        break;
      case 'bulletList':
      case 'orderedList':
        parts.push(
          block.content
            .map(
              (item, index) =>
                `${block.type === 'bulletList' ? '-' : `${index + 1}.`} ${item.content.map((p) => inlineText(p.content)).join(' ')}`,
            )
            .join('\n'),
        );
        break;
      case 'figure': {
        const alt = altOf(block.attrs.imageId, block.attrs.alt);
        if (alt !== null) parts.push(`[Picture: ${alt}]${block.attrs.caption ? ` ${block.attrs.caption}` : ''}`);
        break;
      }
      case 'horizontalRule':
        parts.push('* * *');
        break;
    }
  }
  return parts.filter((part) => part.trim()).join('\n\n');
}
