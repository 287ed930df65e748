// The reader's page of an article in any state, for people the newsroom lets
// see it before (or besides) readers: staff previewing it as a reader state,
// and whoever holds a share link. The same ArticlePage and the same
// `articleViewFor` as the public page, over an Article built from the
// editable one, so what is previewed is what readers get; only the robots
// meta (noindex) and a notice above the article differ. Never cached: a
// preview shows unpublished text and must not outlive a change or a revoked link.
import type { SafeHtml } from '#jsx/jsx-runtime';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { slugFrom } from '../../core/text/slug.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { figureImageIds } from './article-body.js';
import type { EditableArticle } from './article-editing.types.js';
import { findPreviewReferences } from './article-preview.queries.js';
import { articleViewFor } from './article-view.js';
import type { Article, ArticleVisibility } from './articles.types.js';
import { listRelatedArticles } from './related-articles.queries.js';
import { ArticlePage } from './views/article-page.js';

export interface ArticlePreviewDependencies {
  db: Db;
  clock: Clock;
  loadSite: () => Promise<SiteContext>;
  /** Top-level body blocks shown above a wall (WALL_TEASER_BLOCKS), as on the public page. */
  teaserBlocks: number;
  countComments?: (articleId: number) => Promise<number>;
  pageScripts?: string[];
}

export function createArticlePreviewService(deps: ArticlePreviewDependencies) {
  const { db } = deps;

  /** The Article readers would get from this editable one; a draft, not dated yet, is dated now. */
  async function articleFrom(editable: EditableArticle): Promise<Article> {
    const figureIds = figureImageIds(editable.body);
    const references = await findPreviewReferences(db, {
      sectionPath: editable.section,
      authorNames: editable.authors,
      topicNames: editable.topics,
      imageIds: [...(editable.hero ? [editable.hero.imageId] : []), ...figureIds],
    });
    const section = references.section ?? { path: editable.section, name: editable.section, parent: null };
    const heroImage = editable.hero ? references.images.get(editable.hero.imageId) : undefined;
    const publishedAt = editable.publishedAt ?? deps.clock.now().toISOString();
    return {
      id: editable.id,
      slug: editable.slug,
      sectionPath: section.path,
      sectionName: section.name,
      kicker: editable.kicker,
      headline: editable.headline,
      standfirst: editable.standfirst,
      accessLevel: editable.access,
      publishedAt,
      updatedAt: editable.updatedAt,
      // The article's own hero text (the editable article carries it, or the library's where it has none).
      hero:
        editable.hero && heroImage
          ? { ...heroImage, alt: editable.hero.alt, caption: editable.hero.caption, credit: editable.hero.credit }
          : null,
      authors: editable.authors.map((name) => references.authors.get(slugFrom(name)) ?? { slug: slugFrom(name), name, jobTitle: '' }),
      body: editable.body,
      agencyCredit: editable.agencyCredit,
      commentsEnabled: editable.commentsEnabled,
      modifiedAt: editable.modifiedAt,
      version: editable.version,
      corrections: editable.corrections,
      section,
      topics: editable.topics.map((name) => references.topics.get(slugFrom(name)) ?? { slug: slugFrom(name), name }),
      figureImages: Object.fromEntries(figureIds.flatMap((id) => (references.images.has(id) ? [[id, references.images.get(id)!]] : []))),
    };
  }

  /** The reader's page for `visibility`, with `notice` above the article and noindex. */
  async function renderPreview(options: { article: EditableArticle; visibility: ArticleVisibility; notice: SafeHtml }): Promise<SafeHtml> {
    const article = await articleFrom(options.article);
    const now = deps.clock.now().toISOString();
    // Only a live article has a thread: the comment count and its refresh script (which asks the
    // public count endpoint, a 404 for anything readers cannot see) are left out of the others.
    const isLive = options.article.state === 'published';
    const [related, commentCount] = await Promise.all([
      listRelatedArticles(db, { id: article.id, publishedAt: article.publishedAt }, now),
      isLive && deps.countComments ? deps.countComments(article.id) : Promise.resolve(0),
    ]);
    return ArticlePage({
      site: await deps.loadSite(),
      model: { article: articleViewFor(article, options.visibility, deps.teaserBlocks), related, commentCount },
      scripts: { page: isLive ? deps.pageScripts : [] },
      preview: { notice: options.notice },
    });
  }

  return { renderPreview };
}

export type ArticlePreviewService = ReturnType<typeof createArticlePreviewService>;
