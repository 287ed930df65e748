// Renders the stored document to HTML. Every text node goes through the
// escaping JSX runtime; link hrefs were restricted to safe schemes when the
// body was parsed (article-body.ts), so nothing here trusts stored markup.
import type { Child } from '#jsx/jsx-runtime';
import type { ArticleBody, Block, InlineNode } from '../article-body.js';
import type { ImageRef } from '../articles.types.js';
import { Figure } from './picture.js';

function renderInline(nodes: InlineNode[] | undefined): Child[] {
  return (nodes ?? []).map((node) => {
    if (node.type === 'hardBreak') return <br />;
    let rendered: Child = node.text;
    for (const mark of node.marks ?? []) {
      if (mark.type === 'bold') rendered = <strong>{rendered}</strong>;
      else if (mark.type === 'italic') rendered = <em>{rendered}</em>;
      else if (mark.type === 'link') {
        const external = /^https?:\/\//i.test(mark.attrs.href);
        rendered = (
          <a href={mark.attrs.href} rel={external ? 'noopener' : undefined}>
            {rendered}
          </a>
        );
      }
    }
    return rendered;
  });
}

function renderBlock(block: Block, figureImages: Record<string, ImageRef>): Child {
  switch (block.type) {
    case 'paragraph':
      return <p>{renderInline(block.content)}</p>;
    case 'heading':
      return block.attrs.level === 2 ? <h2>{renderInline(block.content)}</h2> : <h3>{renderInline(block.content)}</h3>;
    case 'bulletList':
      return (
        <ul>
          {block.content.map((item) => (
            <li>{item.content.map((paragraph) => renderInline(paragraph.content))}</li>
          ))}
        </ul>
      );
    case 'orderedList':
      return (
        <ol>
          {block.content.map((item) => (
            <li>{item.content.map((paragraph) => renderInline(paragraph.content))}</li>
          ))}
        </ol>
      );
    case 'blockquote':
      return (
        <blockquote>
          {block.content.map((paragraph) => (
            <p>{renderInline(paragraph.content)}</p>
          ))}
          {block.attrs?.attribution ? (
            <footer class="quote-attribution">
              — <cite>{block.attrs.attribution}</cite>
            </footer>
          ) : null}
        </blockquote>
      );
    case 'pullQuote':
      return (
        // A figure, not an aside: asides are landmarks, and two pull quotes would be two unnamed ones.
        <figure class="pull-quote">
          <blockquote>
            <p>{renderInline(block.content)}</p>
          </blockquote>
          {block.attrs.attribution ? <figcaption class="pull-quote-attribution">{block.attrs.attribution}</figcaption> : null}
        </figure>
      );
    case 'figure': {
      const stored = figureImages[block.attrs.imageId];
      // A figure whose image was deleted from the library simply disappears.
      if (!stored) return null;
      const image = { ...stored, alt: block.attrs.alt || stored.alt };
      return (
        <Figure
          className="inline-figure"
          image={image}
          caption={block.attrs.caption || stored.caption}
          credit={block.attrs.credit || stored.credit}
          sizes="(min-width: 46rem) 40rem, 100vw"
        />
      );
    }
    case 'horizontalRule':
      return <hr />;
  }
}

export function ArticleBodyView(props: { body: ArticleBody; figureImages: Record<string, ImageRef> }) {
  return <>{props.body.content.map((block) => renderBlock(block, props.figureImages))}</>;
}
