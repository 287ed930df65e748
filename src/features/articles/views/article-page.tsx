import type { SafeHtml } from '#jsx/jsx-runtime';
import { Layout } from '../../../core/views/layout.js';
import { formatDateline } from '../../../core/views/format.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { articlePath, sectionPath, topicPath } from '../article-urls.js';
import type { ArticleCard, ArticleView } from '../articles.types.js';
import { ArticleBodyView } from './article-body-view.js';
import { AccessBadge, ArticleList, Byline } from './article-list.js';
import { articleHeadTags } from './article-metadata.js';
import { AllowanceNote, ArticleWall } from './article-wall.js';
import { Figure } from './picture.js';

export interface ArticlePageModel {
  article: ArticleView;
  related: ArticleCard[];
  commentCount: number;
}

function Dateline(props: { article: ArticleView; timeZone: string }) {
  const { article } = props;
  return (
    <p class="dateline">
      <time datetime={article.publishedAt}>{formatDateline(article.publishedAt, props.timeZone)}</time>
      {article.updatedAt ? (
        <>
          {' '}
          <span class="updated">
            Updated <time datetime={article.updatedAt}>{formatDateline(article.updatedAt, props.timeZone)}</time>
          </span>
        </>
      ) : null}
    </p>
  );
}

/** Corrections as the newsroom appended them, oldest first, each with its date (also in the JSON-LD). */
function Corrections(props: { article: ArticleView; timeZone: string }) {
  const { corrections } = props.article;
  if (corrections.length === 0) return null;
  return (
    <aside class="corrections" aria-labelledby="corrections-heading">
      <h2 id="corrections-heading">{corrections.length === 1 ? 'Correction' : 'Corrections'}</h2>
      <ul>
        {corrections.map((correction) => (
          <li>
            <time datetime={correction.correctedAt}>{formatDateline(correction.correctedAt, props.timeZone)}</time>: {correction.text}
          </li>
        ))}
      </ul>
    </aside>
  );
}

function SectionTrail(props: { article: ArticleView }) {
  const { section } = props.article;
  return (
    <nav class="section-trail" aria-label="Section">
      <ol>
        {section.parent ? (
          <li>
            <a href={sectionPath(section.parent.path)}>{section.parent.name}</a>
          </li>
        ) : null}
        <li>
          <a href={sectionPath(section.path)}>{section.name}</a>
        </li>
      </ol>
    </nav>
  );
}

function commentsLabel(count: number): string {
  return count === 1 ? '1 comment' : `${count} comments`;
}

export interface ArticlePageScripts {
  /** On every article page (the comment count's refresh). */
  page?: string[];
  /** Under the registration wall (the form's validation and proof-of-work). */
  wall?: string[];
}

/**
 * A page that is not the article's public one (a newsroom preview, a share
 * link): kept out of search engines, with a notice above the article saying what it is.
 */
export interface ArticlePagePreview {
  notice: SafeHtml;
}

export function ArticlePage(props: {
  site: SiteContext;
  model: ArticlePageModel;
  scripts?: ArticlePageScripts;
  preview?: ArticlePagePreview;
}) {
  const { site, model } = props;
  const { article } = model;
  const timeZone = site.timeZone;
  const path = articlePath(article, timeZone);
  return (
    <Layout
      site={site}
      meta={{
        title: article.headline,
        description: article.standfirst,
        canonicalPath: path,
        currentSectionPath: article.section.parent?.path ?? article.section.path,
        head: articleHeadTags(site, article),
        ...(props.preview ? { robots: 'noindex, nofollow' } : {}),
        scripts: [
          ...(props.scripts?.page ?? []),
          ...(article.visibility.view === 'wall' && article.visibility.wall === 'register' ? (props.scripts?.wall ?? []) : []),
        ],
      }}
    >
      {props.preview?.notice}
      <article class="article" data-access={article.accessLevel}>
        <header class="article-header">
          <SectionTrail article={article} />
          {article.kicker ? <p class="kicker">{article.kicker}</p> : null}
          <h1 class="headline">{article.headline}</h1>
          {article.standfirst ? <p class="standfirst">{article.standfirst}</p> : null}
          <div class="article-meta">
            <p class="byline">
              <Byline authors={article.authors} /> <AccessBadge level={article.accessLevel} />
            </p>
            <Dateline article={article} timeZone={timeZone} />
            <p>
              <a class="comments-link" href="#comments">
                {commentsLabel(model.commentCount)}
              </a>
            </p>
          </div>
        </header>
        {article.hero ? (
          <Figure
            className="hero"
            image={article.hero}
            caption={article.hero.caption}
            credit={article.hero.credit}
            sizes="(min-width: 64rem) 60rem, 100vw"
            loading="eager"
            fetchpriority="high"
          />
        ) : null}
        {article.visibility.view === 'full' ? <AllowanceNote visibility={article.visibility} articlePath={path} /> : null}
        {/* Google's paywalled-content markup points at .paywall (articleStructuredData): the
            gated text, present only for readers entitled to it. */}
        <div class={article.accessLevel !== 'free' && article.isComplete ? 'article-body paywall' : 'article-body'}>
          <ArticleBodyView body={article.visibleBody} figureImages={article.figureImages} />
        </div>
        {article.visibility.view === 'wall' ? <ArticleWall visibility={article.visibility} articlePath={path} /> : null}
        {article.agencyCredit && article.isComplete ? <p class="agency-credit">{article.agencyCredit}</p> : null}
        <Corrections article={article} timeZone={timeZone} />
        <footer class="article-footer">
          {article.topics.length ? (
            <>
              <h2 class="visually-hidden">Topics</h2>
              <ul class="topic-list">
                {article.topics.map((topic) => (
                  <li>
                    <a href={topicPath(topic.slug)} rel="tag">
                      {topic.name}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </footer>
      </article>
      {/* Shared bytes per visibility: only the count here, never a comment (the thread page is personal). */}
      <section id="comments" class="comments" aria-labelledby="comments-heading">
        <h2 id="comments-heading">Comments</h2>
        <p>
          <a href={`${path}/comments`} class="comments-thread-link" data-comment-count-url={`/comments/count?article=${article.id}`}>
            {commentsLabel(model.commentCount)}
          </a>
        </p>
        {article.commentsEnabled ? (
          article.visibility.view === 'full' ? (
            <p>
              <a href={`${path}/comments#join`}>Read and join the conversation</a>
            </p>
          ) : null
        ) : (
          <p>Comments are closed for this article.</p>
        )}
      </section>
      {model.related.length ? (
        <section class="related" aria-labelledby="related-heading">
          <h2 id="related-heading">More on this story</h2>
          <ArticleList cards={model.related} timeZone={timeZone} headingLevel={3} />
        </section>
      ) : null}
    </Layout>
  );
}
