import { formatShortDate } from '../../../core/views/format.js';
import { articlePath, authorPath } from '../article-urls.js';
import type { ArticleCard } from '../articles.types.js';
import { listingHref, type ListingPage } from '../listing-cursor.js';
import { Picture } from './picture.js';

export function AccessBadge(props: { level: ArticleCard['accessLevel'] }) {
  if (props.level === 'free') return null;
  return <span class={`access-badge access-${props.level}`}>{props.level === 'premium' ? 'Premium' : 'Registered readers'}</span>;
}

export function Byline(props: { authors: ArticleCard['authors'] }) {
  if (props.authors.length === 0) return null;
  const links = props.authors.map((author) => (
    <a rel="author" href={authorPath(author.slug)}>
      {author.name}
    </a>
  ));
  const joined = links.flatMap((link, index) => (index === 0 ? [link] : [index === links.length - 1 ? ' and ' : ', ', link]));
  return <>By {joined}</>;
}

export function ArticleCardView(props: { card: ArticleCard; timeZone: string; headingLevel?: 2 | 3; showImage?: boolean; lead?: boolean }) {
  const { card } = props;
  const href = articlePath(card, props.timeZone);
  const headline = (
    <a href={href}>
      {card.kicker ? <span class="card-kicker">{card.kicker} </span> : null}
      {card.headline}
    </a>
  );
  return (
    <article class={props.lead ? 'card card-lead' : 'card'}>
      {props.showImage !== false && card.hero ? (
        <Picture
          className="card-image"
          image={card.hero}
          sizes={props.lead ? '(min-width: 60rem) 38rem, 100vw' : '(min-width: 60rem) 18rem, (min-width: 40rem) 45vw, 100vw'}
          loading={props.lead ? 'eager' : 'lazy'}
          fetchpriority={props.lead ? 'high' : undefined}
        />
      ) : null}
      <div class="card-text">
        {props.headingLevel === 3 ? <h3 class="card-headline">{headline}</h3> : <h2 class="card-headline">{headline}</h2>}
        {card.standfirst ? <p class="card-standfirst">{card.standfirst}</p> : null}
        <p class="card-meta">
          <time datetime={card.publishedAt}>{formatShortDate(card.publishedAt, props.timeZone)}</time>
          {card.authors.length ? <> · {card.authors.map((author) => author.name).join(', ')}</> : null}{' '}
          <AccessBadge level={card.accessLevel} />
        </p>
      </div>
    </article>
  );
}

export function ArticleList(props: { cards: ArticleCard[]; timeZone: string; headingLevel?: 2 | 3; emptyMessage?: string }) {
  if (props.cards.length === 0) return <p class="empty">{props.emptyMessage ?? 'No articles yet.'}</p>;
  return (
    <div class="card-grid">
      {props.cards.map((card) => (
        <ArticleCardView card={card} timeZone={props.timeZone} headingLevel={props.headingLevel} />
      ))}
    </div>
  );
}

/** "Newer stories" and "Older stories": links to the pages next to this one (keyset positions, listing-cursor.ts). */
export function Pagination(props: { page: ListingPage<unknown>; basePath: string }) {
  const { newer, older } = props.page;
  if (!newer && !older) return null;
  return (
    <nav class="pagination" aria-label="More stories">
      {newer ? (
        <a rel="prev" href={listingHref(props.basePath, newer)}>
          Newer stories
        </a>
      ) : null}
      {older ? (
        <a rel="next" href={listingHref(props.basePath, older)}>
          Older stories
        </a>
      ) : null}
    </nav>
  );
}
