// Fronts and listing pages: home, sections, topics, authors.
import { jsonLdScript } from '../../../core/views/structured-data.js';
import { Layout } from '../../../core/views/layout.js';
import { absoluteUrl, type SiteContext } from '../../../core/views/site-context.js';
import { authorPath, sectionPath, topicPath } from '../article-urls.js';
import type { ArticleCard, Author, Page, Section, Topic } from '../articles.types.js';
import { feedPathFor, type ListingSubject } from '../listing-scope.js';
import { ArticleCardView, ArticleList, Pagination } from './article-list.js';

/** The page's RSS and Atom feeds, for browsers and feed readers to discover. */
function feedLinks(title: string, pagePath: string) {
  return (
    <>
      <link rel="alternate" type="application/rss+xml" title={title} href={feedPathFor(pagePath, 'rss')} />
      <link rel="alternate" type="application/atom+xml" title={title} href={feedPathFor(pagePath, 'atom')} />
    </>
  );
}

export function HomePage(props: { site: SiteContext; topStories: ArticleCard[]; latest: Page<ArticleCard> }) {
  const { site, topStories, latest } = props;
  const [lead, ...others] = topStories;
  return (
    <Layout
      site={site}
      meta={{
        title: site.publicationName,
        description: site.tagline,
        canonicalPath: latest.page === 1 ? '/' : `/?page=${latest.page}`,
        head: jsonLdScript({ '@context': 'https://schema.org', '@type': 'WebSite', name: site.publicationName, url: site.publicUrl + '/' }),
      }}
    >
      <h1 class="visually-hidden">{site.publicationName}: top stories</h1>
      {latest.page === 1 && lead ? (
        <section class="top-stories" aria-labelledby="top-stories-heading">
          <h2 id="top-stories-heading" class="visually-hidden">
            Top stories
          </h2>
          <ArticleCardView card={lead} timeZone={site.timeZone} lead headingLevel={3} />
          <div class="card-grid">
            {others.map((card) => (
              <ArticleCardView card={card} timeZone={site.timeZone} headingLevel={3} />
            ))}
          </div>
        </section>
      ) : null}
      <section class="latest" aria-labelledby="latest-heading">
        <h2 id="latest-heading" class="front-heading">
          Latest
        </h2>
        <ArticleList cards={latest.items} timeZone={site.timeZone} headingLevel={3} />
        <Pagination page={latest} basePath="/" />
      </section>
    </Layout>
  );
}

export function SectionPage(props: { site: SiteContext; section: Section; articles: Page<ArticleCard> }) {
  const { site, section, articles } = props;
  const path = sectionPath(section.path);
  return (
    <Layout
      site={site}
      meta={{
        title: articles.page > 1 ? `${section.name} (page ${articles.page})` : section.name,
        description: section.description || `${section.name} news from ${site.publicationName}`,
        canonicalPath: articles.page > 1 ? `${path}?page=${articles.page}` : path,
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
      <ArticleList cards={articles.items} timeZone={site.timeZone} emptyMessage={`No ${section.name} articles yet.`} />
      <Pagination page={articles} basePath={path} />
    </Layout>
  );
}

export function TopicPage(props: { site: SiteContext; topic: Topic; articles: Page<ArticleCard> }) {
  const { site, topic, articles } = props;
  const path = topicPath(topic.slug);
  return (
    <Layout
      site={site}
      meta={{
        title: articles.page > 1 ? `${topic.name} (page ${articles.page})` : topic.name,
        description: topic.description || `The latest on ${topic.name} from ${site.publicationName}`,
        canonicalPath: articles.page > 1 ? `${path}?page=${articles.page}` : path,
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

export function AuthorPage(props: { site: SiteContext; author: Author; articles: Page<ArticleCard> }) {
  const { site, author, articles } = props;
  const path = authorPath(author.slug);
  return (
    <Layout
      site={site}
      meta={{
        title: articles.page > 1 ? `${author.name} (page ${articles.page})` : author.name,
        description: author.bio || `Articles by ${author.name}`,
        canonicalPath: articles.page > 1 ? `${path}?page=${articles.page}` : path,
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
              },
            })}
          </>
        ),
      }}
    >
      <header class="listing-header">
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
export function renderListingPage(site: SiteContext, subject: Exclude<ListingSubject, { kind: 'site' }>, articles: Page<ArticleCard>) {
  switch (subject.kind) {
    case 'section':
      return SectionPage({ site, section: subject.section, articles });
    case 'topic':
      return TopicPage({ site, topic: subject.topic, articles });
    case 'author':
      return AuthorPage({ site, author: subject.author, articles });
  }
}
