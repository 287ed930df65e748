// Fronts and listing pages: home, sections, topics, authors.
import { jsonLdScript } from '../../../core/views/structured-data.js';
import { Layout } from '../../../core/views/layout.js';
import { absoluteUrl, type SiteContext } from '../../../core/views/site-context.js';
import { authorPath, sectionPath, topicPath } from '../article-urls.js';
import { formatShortDate } from '../../../core/views/format.js';
import type { ArticleCard, Author, Section, Topic } from '../articles.types.js';
import { listingHref, type ListingPage, type ListingPosition } from '../listing-cursor.js';
import { feedPathFor, type ListingSubject } from '../listing-scope.js';
import { ArticleCardView, ArticleList, Pagination } from './article-list.js';
import { Picture } from './picture.js';
import { imagePath } from '../../media/media.types.js';

/** "before 10 March 2026" for a page of older stories, "after …" for newer ones. */
function positionPhrase(position: Exclude<ListingPosition, { kind: 'newest' }>, timeZone: string): string {
  return `${position.kind} ${formatShortDate(position.cursor.publishedAt, timeZone)}`;
}

/** A later page's title says where it stands: "World: stories before 10 March 2026". */
function listingTitle(name: string, page: ListingPage<unknown>, timeZone: string): string {
  return page.position.kind === 'newest' ? name : `${name}: stories ${positionPhrase(page.position, timeZone)}`;
}

/** The page's RSS and Atom feeds, for browsers and feed readers to discover. */
function feedLinks(title: string, pagePath: string) {
  return (
    <>
      <link rel="alternate" type="application/rss+xml" title={title} href={feedPathFor(pagePath, 'rss')} />
      <link rel="alternate" type="application/atom+xml" title={title} href={feedPathFor(pagePath, 'atom')} />
    </>
  );
}

/** A front's curated stories (home, or a section's first page): the first one leads. */
function TopStories(props: { cards: ArticleCard[]; timeZone: string }) {
  const [lead, ...others] = props.cards;
  if (!lead) return null;
  return (
    <section class="top-stories" aria-labelledby="top-stories-heading">
      <h2 id="top-stories-heading" class="visually-hidden">
        Top stories
      </h2>
      <ArticleCardView card={lead} timeZone={props.timeZone} lead headingLevel={3} />
      <div class="card-grid">
        {others.map((card) => (
          <ArticleCardView card={card} timeZone={props.timeZone} headingLevel={3} />
        ))}
      </div>
    </section>
  );
}

export function HomePage(props: { site: SiteContext; topStories: ArticleCard[]; latest: ListingPage<ArticleCard> }) {
  const { site, topStories, latest } = props;
  return (
    <Layout
      site={site}
      meta={{
        title: latest.position.kind === 'newest' ? site.publicationName : `Stories ${positionPhrase(latest.position, site.timeZone)}`,
        description: site.tagline,
        canonicalPath: listingHref('/', latest.position),
        head: jsonLdScript({ '@context': 'https://schema.org', '@type': 'WebSite', name: site.publicationName, url: site.publicUrl + '/' }),
      }}
    >
      <h1 class="visually-hidden">
        {site.publicationName}: {latest.position.kind === 'newest' ? 'top stories' : 'older stories'}
      </h1>
      {latest.position.kind === 'newest' ? <TopStories cards={topStories} timeZone={site.timeZone} /> : null}
      <section class="latest" aria-labelledby="latest-heading">
        <h2 id="latest-heading" class="front-heading">
          {latest.position.kind === 'newest' ? 'Latest' : `Stories ${positionPhrase(latest.position, site.timeZone)}`}
        </h2>
        <ArticleList cards={latest.items} timeZone={site.timeZone} headingLevel={3} />
        <Pagination page={latest} basePath="/" />
      </section>
    </Layout>
  );
}

export function SectionPage(props: {
  site: SiteContext;
  section: Section;
  articles: ListingPage<ArticleCard>;
  topStories?: ArticleCard[];
}) {
  const { site, section, articles } = props;
  const topStories = articles.position.kind === 'newest' ? (props.topStories ?? []) : [];
  const path = sectionPath(section.path);
  return (
    <Layout
      site={site}
      meta={{
        title: listingTitle(section.name, articles, site.timeZone),
        description: section.description || `${section.name} news from ${site.publicationName}`,
        canonicalPath: listingHref(path, articles.position),
        currentSectionPath: section.parent?.path ?? section.path,
        head: feedLinks(`${site.publicationName}: ${section.name}`, path),
      }}
    >
      <header class="listing-header">
        {section.parent ? (
          <p class="kicker">
            <a href={sectionPath(section.parent.path)}>{section.parent.name}</a>
          </p>
        ) : null}
        <h1>{section.name}</h1>
        {section.description ? <p class="listing-description">{section.description}</p> : null}
        {section.children.length ? (
          <nav aria-label={`${section.name} subsections`}>
            <ul class="subsection-list">
              {section.children.map((child) => (
                <li>
                  <a href={sectionPath(child.path)}>{child.name}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <TopStories cards={topStories} timeZone={site.timeZone} />
      {topStories.length ? (
        <h2 class="front-heading" id="latest-heading">
          Latest
        </h2>
      ) : null}
      <ArticleList
        cards={articles.items}
        timeZone={site.timeZone}
        headingLevel={topStories.length ? 3 : undefined}
        emptyMessage={topStories.length ? undefined : `No ${section.name} articles yet.`}
      />
      <Pagination page={articles} basePath={path} />
    </Layout>
  );
}

export function TopicPage(props: { site: SiteContext; topic: Topic; articles: ListingPage<ArticleCard> }) {
  const { site, topic, articles } = props;
  const path = topicPath(topic.slug);
  return (
    <Layout
      site={site}
      meta={{
        title: listingTitle(topic.name, articles, site.timeZone),
        description: topic.description || `The latest on ${topic.name} from ${site.publicationName}`,
        canonicalPath: listingHref(path, articles.position),
        head: feedLinks(`${site.publicationName}: ${topic.name}`, path),
      }}
    >
      <header class="listing-header">
        <p class="kicker">Topic</p>
        <h1>{topic.name}</h1>
        {topic.description ? <p class="listing-description">{topic.description}</p> : null}
      </header>
      <ArticleList cards={articles.items} timeZone={site.timeZone} />
      <Pagination page={articles} basePath={path} />
    </Layout>
  );
}

export function AuthorPage(props: { site: SiteContext; author: Author; articles: ListingPage<ArticleCard> }) {
  const { site, author, articles } = props;
  const path = authorPath(author.slug);
  return (
    <Layout
      site={site}
      meta={{
        title: listingTitle(author.name, articles, site.timeZone),
        description: author.bio || `Articles by ${author.name}`,
        canonicalPath: listingHref(path, articles.position),
        head: (
          <>
            {feedLinks(`${site.publicationName}: ${author.name}`, path)}
            {jsonLdScript({
              '@context': 'https://schema.org',
              '@type': 'ProfilePage',
              mainEntity: {
                '@type': 'Person',
                name: author.name,
                jobTitle: author.jobTitle,
                description: author.bio,
                url: absoluteUrl(site, path),
                ...(author.picture ? { image: absoluteUrl(site, imagePath(author.picture.publicId, 960, 'jpg')) } : {}),
              },
            })}
          </>
        ),
      }}
    >
      <header class="listing-header">
        {author.picture ? <Picture image={author.picture} sizes="8rem" className="author-picture" loading="eager" /> : null}
        <p class="kicker">{author.jobTitle}</p>
        <h1>{author.name}</h1>
        {author.bio ? <p class="listing-description">{author.bio}</p> : null}
      </header>
      <ArticleList cards={articles.items} timeZone={site.timeZone} emptyMessage={`${author.name} has not published any articles yet.`} />
      <Pagination page={articles} basePath={path} />
    </Layout>
  );
}

/** The page of a section, topic or author. */
export function renderListingPage(
  site: SiteContext,
  subject: Exclude<ListingSubject, { kind: 'site' }>,
  articles: ListingPage<ArticleCard>,
  topStories: ArticleCard[] = [],
) {
  switch (subject.kind) {
    case 'section':
      return SectionPage({ site, section: subject.section, articles, topStories });
    case 'topic':
      return TopicPage({ site, topic: subject.topic, articles });
    case 'author':
      return AuthorPage({ site, author: subject.author, articles });
  }
}
