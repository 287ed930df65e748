// Machine-readable article metadata: Open Graph, Twitter card and JSON-LD
// NewsArticle (docs/product.md, "Web conventions followed"). Descriptions come from the standfirst only,
// never from the body, so gated text cannot leak through them.
import type { SafeHtml } from '#jsx/jsx-runtime';
import { LOGO_SIZE } from '../../../core/http/static-assets.js';
import { jsonLdScript } from '../../../core/views/structured-data.js';
import { absoluteUrl, type SiteContext } from '../../../core/views/site-context.js';
import { imagePath } from '../../media/media.types.js';
import { articlePath, authorPath } from '../article-urls.js';
import type { ArticleView } from '../articles.types.js';

/** When readers were last told something changed: an update marked significant, or a correction. */
function lastModified(article: ArticleView): string {
  const dates = [article.publishedAt, article.updatedAt, ...article.corrections.map((correction) => correction.correctedAt)];
  return dates
    .filter((date): date is string => date !== null)
    .sort()
    .at(-1)!;
}

export function articleStructuredData(site: SiteContext, article: ArticleView) {
  const url = absoluteUrl(site, articlePath(article, site.timeZone));
  const isAccessibleForFree = article.accessLevel === 'free';
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: article.headline,
    description: article.standfirst,
    ...(article.hero
      ? {
          image: [
            absoluteUrl(site, imagePath(article.hero.publicId, 1600, 'jpg')),
            absoluteUrl(site, imagePath(article.hero.publicId, 960, 'jpg')),
          ],
        }
      : {}),
    datePublished: article.publishedAt,
    dateModified: lastModified(article),
    ...(article.corrections.length
      ? {
          correction: article.corrections.map((correction) => ({
            '@type': 'CorrectionComment',
            text: correction.text,
            datePublished: correction.correctedAt,
          })),
        }
      : {}),
    author: article.authors.map((author) => ({
      '@type': 'Person',
      name: author.name,
      url: absoluteUrl(site, authorPath(author.slug)),
    })),
    publisher: {
      '@type': 'Organization',
      name: site.publicationName,
      url: site.publicUrl + '/',
      logo: { '@type': 'ImageObject', url: absoluteUrl(site, '/logo.png'), width: LOGO_SIZE, height: LOGO_SIZE },
    },
    articleSection: article.section.name,
    keywords: article.topics.map((topic) => topic.name),
    inLanguage: site.language,
    isAccessibleForFree,
    ...(isAccessibleForFree ? {} : { hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.paywall' } }),
  };
}

export function articleHeadTags(site: SiteContext, article: ArticleView): SafeHtml {
  const url = absoluteUrl(site, articlePath(article, site.timeZone));
  const image = article.hero ? absoluteUrl(site, imagePath(article.hero.publicId, 1600, 'jpg')) : null;
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={site.publicationName} />
      <meta property="og:title" content={article.headline} />
      <meta property="og:description" content={article.standfirst} />
      <meta property="og:url" content={url} />
      {image ? <meta property="og:image" content={image} /> : null}
      {image ? <meta property="og:image:width" content="1600" /> : null}
      {image && article.hero ? (
        <meta property="og:image:height" content={String(Math.round((article.hero.height / article.hero.width) * 1600))} />
      ) : null}
      {image && article.hero ? <meta property="og:image:alt" content={article.hero.alt} /> : null}
      <meta property="article:published_time" content={article.publishedAt} />
      <meta property="article:modified_time" content={lastModified(article)} />
      {article.authors.map((author) => (
        <meta property="article:author" content={absoluteUrl(site, authorPath(author.slug))} />
      ))}
      <meta property="article:section" content={article.section.name} />
      {article.topics.map((topic) => (
        <meta property="article:tag" content={topic.name} />
      ))}
      <meta name="twitter:card" content="summary_large_image" />
      <meta name="twitter:title" content={article.headline} />
      <meta name="twitter:description" content={article.standfirst} />
      {image ? <meta name="twitter:image" content={image} /> : null}
      {image && article.hero ? <meta name="twitter:image:alt" content={article.hero.alt} /> : null}
      {jsonLdScript(articleStructuredData(site, article))}
    </>
  );
}
