// A sent issue as a web page fragment for the archive: the composed body as
// the articles feature renders bodies for readers, and listed articles as
// headline, standfirst and link — never an article's text, so an issue page
// carries nothing of a Premium article beyond what its card shows anyone.
import { articleBodyHtml, articleBodySchema, articlePath, figureImageIds } from '../articles/articles.service.js';
import type { ImageRef } from '../articles/articles.types.js';
import type { Db } from '../../core/db/database.js';
import * as repository from './newsletters.repository.js';

export interface WebIssueDependencies {
  db: Db;
  timeZone: string;
  /** The media library's images by public id (figures in a composed issue). */
  findImages(publicIds: readonly string[]): Promise<Map<string, ImageRef>>;
}

function IssueArticles(props: { articles: { headline: string; standfirst: string; path: string; isPremium: boolean }[] }) {
  return (
    <ul class="issue-articles">
      {props.articles.map((article) => (
        <li>
          <h2>
            <a href={article.path}>{article.headline}</a>
          </h2>
          {article.standfirst ? <p>{article.standfirst}</p> : null}
          {article.isPremium ? <p class="issue-premium">Premium</p> : null}
        </li>
      ))}
    </ul>
  );
}

export function createWebIssueRenderer(deps: WebIssueDependencies) {
  /** The issue's content as trusted HTML, or null when the issue is gone. */
  return async function renderIssueForWeb(issueId: number): Promise<string | null> {
    const issue = await repository.findIssue(deps.db, issueId);
    if (!issue) return null;
    let bodyHtml = '';
    if (issue.body_json) {
      const body = articleBodySchema.safeParse(JSON.parse(issue.body_json));
      if (body.success) {
        const images = await deps.findImages(figureImageIds(body.data));
        bodyHtml = articleBodyHtml(body.data, Object.fromEntries(images));
      }
    }
    const ids = issue.article_ids_json ? (JSON.parse(issue.article_ids_json) as number[]) : [];
    const rows = new Map((await repository.findArticlesForIssue(deps.db, ids)).map((row) => [row.id, row]));
    const articles = ids.flatMap((id) => {
      const row = rows.get(id);
      if (!row?.published_at) return [];
      const path = articlePath({ sectionPath: row.section_path, publishedAt: row.published_at, slug: row.slug }, deps.timeZone);
      return [{ headline: row.headline, standfirst: row.standfirst, path, isPremium: row.access_level === 'premium' }];
    });
    return bodyHtml + (articles.length ? IssueArticles({ articles }).value : '');
  };
}
