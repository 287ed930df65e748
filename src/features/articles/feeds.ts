// RSS 2.0 and Atom (RFC 4287) feeds, the sitemap index and its children, the
// Google News sitemap and robots.txt. Feed items carry the standfirst only: never body text, so gated
// articles cannot leak through a feed reader.
import { toRfc822 } from '../../core/views/format.js';
import { absoluteUrl, type SiteContext } from '../../core/views/site-context.js';
import { escapeXml } from '../../core/views/xml.js';
import { imagePath } from '../media/media.types.js';
import { articlePath, authorPath } from './article-urls.js';
import type { ArticleCard } from './articles.types.js';

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export interface FeedOptions {
  title: string;
  description: string;
  /** Site path of the HTML page this feed mirrors. */
  pagePath: string;
  /** Site path of the feed itself. */
  feedPath: string;
  items: ArticleCard[];
}

function headlineOf(card: ArticleCard): string {
  return card.kicker ? `${card.kicker}: ${card.headline}` : card.headline;
}

function heroContent(site: SiteContext, card: ArticleCard): string {
  return card.hero
    ? `<media:content url="${escapeXml(absoluteUrl(site, imagePath(card.hero.publicId, 960, 'jpg')))}" medium="image" type="image/jpeg" width="960"><media:description>${escapeXml(card.hero.alt)}</media:description></media:content>`
    : '';
}

export function renderRssFeed(site: SiteContext, feed: FeedOptions): string {
  const lastBuild = feed.items[0]?.updatedAt ?? feed.items[0]?.publishedAt;
  const items = feed.items
    .map((card) => {
      const url = absoluteUrl(site, articlePath(card, site.timeZone));
      // One dc:creator naming everyone, as WordPress does: feed readers (and
      // the feedparser package) mishandle repeated dc:creator elements.
      const creators = card.authors.length
        ? `<dc:creator>${escapeXml(joinNames(card.authors.map((author) => author.name)))}</dc:creator>`
        : '';
      const image = heroContent(site, card);
      return (
        `<item><title>${escapeXml(headlineOf(card))}</title>` +
        `<link>${escapeXml(url)}</link><guid isPermaLink="true">${escapeXml(url)}</guid>` +
        `<description>${escapeXml(card.standfirst)}</description>` +
        `<pubDate>${toRfc822(card.publishedAt)}</pubDate>` +
        `<category>${escapeXml(card.sectionName)}</category>${creators}${image}</item>`
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">' +
    `<channel><title>${escapeXml(feed.title)}</title><link>${escapeXml(absoluteUrl(site, feed.pagePath))}</link>` +
    `<description>${escapeXml(feed.description)}</description><language>${escapeXml(site.language)}</language>` +
    `<atom:link href="${escapeXml(absoluteUrl(site, feed.feedPath))}" rel="self" type="application/rss+xml"/>` +
    (lastBuild ? `<lastBuildDate>${toRfc822(lastBuild)}</lastBuildDate>` : '') +
    `<ttl>5</ttl>${items}</channel></rss>\n`
  );
}

const isoTime = (date: string) => new Date(date).toISOString();

/**
 * An Atom feed (RFC 4287). The feed's id is its page's URL and each entry's
 * id its article's canonical URL, the same as the RSS guid, so both formats
 * name an article alike. The publication is the feed's author; an entry names
 * its own authors when it has any. `updatedAt` is the feed's `updated` when it
 * has no entries (an empty topic still needs one).
 */
export function renderAtomFeed(site: SiteContext, feed: FeedOptions & { updatedAt: string }): string {
  const entryUpdated = (card: ArticleCard) => isoTime(card.updatedAt ?? card.publishedAt);
  const updated = feed.items.length ? feed.items.map(entryUpdated).sort().at(-1)! : isoTime(feed.updatedAt);
  const entries = feed.items
    .map((card) => {
      const url = escapeXml(absoluteUrl(site, articlePath(card, site.timeZone)));
      const authors = card.authors
        .map(
          (author) =>
            `<author><name>${escapeXml(author.name)}</name><uri>${escapeXml(absoluteUrl(site, authorPath(author.slug)))}</uri></author>`,
        )
        .join('');
      return (
        `<entry><id>${url}</id><title type="text">${escapeXml(headlineOf(card))}</title>` +
        `<link rel="alternate" type="text/html" href="${url}"/>` +
        `<published>${isoTime(card.publishedAt)}</published><updated>${entryUpdated(card)}</updated>${authors}` +
        `<summary type="text">${escapeXml(card.standfirst)}</summary>` +
        `<category term="${escapeXml(card.sectionName)}"/>${heroContent(site, card)}</entry>`
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${escapeXml(site.language)}">` +
    `<id>${escapeXml(absoluteUrl(site, feed.pagePath))}</id><title type="text">${escapeXml(feed.title)}</title>` +
    `<subtitle type="text">${escapeXml(feed.description)}</subtitle><updated>${updated}</updated>` +
    `<link rel="self" type="application/atom+xml" href="${escapeXml(absoluteUrl(site, feed.feedPath))}"/>` +
    `<link rel="alternate" type="text/html" href="${escapeXml(absoluteUrl(site, feed.pagePath))}"/>` +
    `<author><name>${escapeXml(site.publicationName)}</name><uri>${escapeXml(absoluteUrl(site, '/'))}</uri></author>` +
    `${entries}</feed>\n`
  );
}

export interface SitemapEntry {
  path: string;
  lastModified?: string;
}

/** The `<url>` elements of these entries: a large sitemap is rendered a slice at a time (sitemaps.ts). */
export function renderSitemapUrls(site: SiteContext, entries: SitemapEntry[]): string {
  return entries
    .map(
      (entry) =>
        `<url><loc>${escapeXml(absoluteUrl(site, entry.path))}</loc>${entry.lastModified ? `<lastmod>${new Date(entry.lastModified).toISOString()}</lastmod>` : ''}</url>`,
    )
    .join('');
}

const SITEMAP_START = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">';
const SITEMAP_END = '</urlset>\n';

/** A sitemap of `<url>` elements already rendered. */
export function sitemapDocument(urls: string): string {
  return `${SITEMAP_START}${urls}${SITEMAP_END}`;
}

/** The same document in pieces, never joined into one string (a child of 50,000 URLs is several MB). */
export function sitemapDocumentPieces(urls: readonly string[]): string[] {
  return [SITEMAP_START, ...urls, SITEMAP_END];
}

export function renderSitemap(site: SiteContext, entries: SitemapEntry[]): string {
  return sitemapDocument(renderSitemapUrls(site, entries));
}

export interface SitemapIndexEntry {
  /** Site path of the child sitemap. */
  path: string;
  lastModified?: string;
}

/** The sitemap index (/sitemap.xml): one entry per child sitemap, with its last change. */
export function renderSitemapIndex(site: SiteContext, children: SitemapIndexEntry[]): string {
  const entries = children
    .map(
      (child) =>
        `<sitemap><loc>${escapeXml(absoluteUrl(site, child.path))}</loc>${child.lastModified ? `<lastmod>${new Date(child.lastModified).toISOString()}</lastmod>` : ''}</sitemap>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries}</sitemapindex>\n`;
}

export interface NewsSitemapEntry {
  path: string;
  headline: string;
  publishedAt: string;
}

/** Google News sitemap: articles of the last two days only, at most 1,000. */
export function renderNewsSitemap(site: SiteContext, entries: NewsSitemapEntry[]): string {
  const publicationName = escapeXml(site.publicationName);
  const language = escapeXml(site.language.split('-')[0]!.toLowerCase());
  const urls = entries
    .slice(0, 1000)
    .map(
      (entry) =>
        `<url><loc>${escapeXml(absoluteUrl(site, entry.path))}</loc><news:news><news:publication><news:name>${publicationName}</news:name>` +
        `<news:language>${language}</news:language></news:publication><news:publication_date>${new Date(entry.publishedAt).toISOString()}</news:publication_date>` +
        `<news:title>${escapeXml(entry.headline)}</news:title></news:news></url>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' +
    `${urls}</urlset>\n`
  );
}

export function renderRobotsTxt(site: SiteContext): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(site, '/sitemap.xml')}\nSitemap: ${absoluteUrl(site, '/news-sitemap.xml')}\n`;
}
