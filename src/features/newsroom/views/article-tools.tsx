// The frame of the newsroom's article tool pages (preview states, share
// links, revisions): a staff page (noindex, the signed-in corner) with the
// article's headline and links between its tools.
import type { Child, SafeHtml } from '#jsx/jsx-runtime';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';

export interface StaffChrome {
  site: SiteContext;
  /** The signed-in account corner. */
  account: SafeHtml;
}

export type ArticleTool = 'preview' | 'share-links' | 'revisions';

export const articleToolPath = (articleId: number, tool: ArticleTool | 'edit') => `/newsroom/articles/${articleId}/${tool}`;

const TOOL_LABELS: Record<ArticleTool | 'edit', string> = {
  edit: 'Edit',
  preview: 'Preview as a reader',
  revisions: 'Revisions',
  'share-links': 'Share links',
};

export function ArticleToolsNav(props: { articleId: number; current?: ArticleTool; tools?: readonly (ArticleTool | 'edit')[] }) {
  const tools = props.tools ?? (['edit', 'preview', 'revisions', 'share-links'] as const);
  return (
    <nav class="article-tools" aria-label="Article tools">
      <ul>
        {tools.map((tool) => (
          <li>
            <a href={articleToolPath(props.articleId, tool)} aria-current={tool === props.current ? 'page' : undefined}>
              {TOOL_LABELS[tool]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function ArticleToolPage(
  props: StaffChrome & { title: string; articleId: number; headline: string; current: ArticleTool; children?: Child },
) {
  return (
    <Layout site={props.site} account={props.account} meta={{ title: props.title, description: props.title, robots: 'noindex, nofollow' }}>
      <section class="newsroom-page article-tool-page">
        <p class="kicker">Newsroom</p>
        <h1>{props.title}</h1>
        <p class="article-tool-subject">{props.headline}</p>
        <ArticleToolsNav articleId={props.articleId} current={props.current} />
        {props.children}
      </section>
    </Layout>
  );
}
