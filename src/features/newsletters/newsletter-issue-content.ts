// What an issue holds, checked as the article editor's bodies are: a body
// document (the newsroom editor's JSON, staff or API HTML converted to it)
// whose figures must be pictures in the library, or a list of published
// articles. And the other way round: a list of articles made into body blocks
// the editor can change (an intro above, a note between), each article as its
// card shows it to anyone — headline, hero picture, standfirst, link — never
// its text, so a Premium article's gated part cannot reach an issue.
import type { Db } from '../../core/db/database.js';
import { articleBodySchema, articlePath, bodyFromHtml, figureImageIds, imageSourcesIn } from '../articles/articles.service.js';
import type { ArticleBody } from '../articles/articles.types.js';
import { imagePublicIdFromUrl } from '../media/media.types.js';
import * as repository from './newsletter-issue-content.repository.js';
import type { IssueContent } from './newsletters.types.js';

export const MAX_ISSUE_ARTICLES = 50;
const MAX_ISSUE_HTML = 512 * 1024;
/** The stored document's size: a long issue with many figures fits with room to spare. */
const MAX_ISSUE_BODY_JSON = 1024 * 1024;

type Block = ArticleBody['content'][number];
export type StoredContent = { bodyJson: string | null; articleIdsJson: string | null };
export type ComposeOutcome = { kind: 'composed'; body: ArticleBody } | { kind: 'invalid'; problems: string[] };
export interface FigureImage {
  alt: string;
  caption: string;
  credit: string;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function createIssueContentRules(deps: { db: Db; settings: { publicUrl: string; timeZone: string } }) {
  const { db, settings } = deps;

  async function libraryImages(publicIds: readonly string[]): Promise<Map<string, FigureImage>> {
    const rows = await repository.findLibraryImages(db, publicIds);
    return new Map(rows.map((row) => [row.public_id, { alt: row.alt, caption: row.caption, credit: row.credit }]));
  }

  /** The figures' pictures as the library holds them now; a figure whose picture was deleted has none. */
  const figureImagesOf = (body: ArticleBody) => libraryImages(figureImageIds(body));

  /** A checked body, or what is wrong with it (the article editor's rules: no empty issue, no picture from outside). */
  async function checkedBody(body: ArticleBody): Promise<StoredContent | { problems: string[] }> {
    if (body.content.length === 0) return { problems: ['body: the issue has no text'] };
    const json = JSON.stringify(body);
    if (json.length > MAX_ISSUE_BODY_JSON) return { problems: ['body: the issue is too long (at most 1 MB)'] };
    const images = await figureImagesOf(body);
    if (figureImageIds(body).some((id) => !images.has(id)))
      return { problems: ['body: a figure shows a picture that is not in the library: upload it first'] };
    return { bodyJson: json, articleIdsJson: null };
  }

  async function bodyFromIssueHtml(html: string): Promise<ArticleBody | { problems: string[] }> {
    // Our own pictures (a rendition's URL, as the archive and the API's output write them) stay figures.
    const sources = imageSourcesIn(html);
    const idOf = new Map(sources.map((source) => [source, imagePublicIdFromUrl(source, settings.publicUrl)]));
    const library = await libraryImages([...idOf.values()].filter((id): id is string => id !== null));
    const unknown = sources.find((source) => !library.has(idOf.get(source) ?? ''));
    // A picture silently missing from an issue is worse than a refusal the sender can fix.
    if (unknown !== undefined) return { problems: [`html: "${clip(unknown, 120)}" is not a picture in the library: upload it first`] };
    return bodyFromHtml(html, (source) => {
      const publicId = idOf.get(source.trim());
      const image = publicId ? library.get(publicId) : undefined;
      return image && publicId ? { imageId: publicId, ...image } : null;
    });
  }

  async function readContent(content: IssueContent): Promise<StoredContent | { problems: string[] }> {
    if (content.kind === 'articles') {
      const ids = [...new Set(content.articleIds)];
      if (ids.length === 0 || ids.length > MAX_ISSUE_ARTICLES || !ids.every((id) => Number.isSafeInteger(id) && id > 0))
        return { problems: [`articles: one to ${MAX_ISSUE_ARTICLES} article ids`] };
      const found = new Set((await repository.findArticleCards(db, ids)).map((row) => row.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length) return { problems: [`articles: no published article with id ${missing.join(', ')}`] };
      return { bodyJson: null, articleIdsJson: JSON.stringify(ids) };
    }
    if (content.kind === 'html') {
      if (content.html.length > MAX_ISSUE_HTML) return { problems: ['html: at most 512 KB'] };
      const body = await bodyFromIssueHtml(content.html);
      if ('problems' in body) return body;
      if (body.content.length === 0) return { problems: ['html: the issue has no text'] };
      return checkedBody(body);
    }
    if (content.bodyJson.length > MAX_ISSUE_BODY_JSON) return { problems: ['body: the issue is too long (at most 1 MB)'] };
    let json: unknown;
    try {
      json = JSON.parse(content.bodyJson);
    } catch {
      return { problems: ['body: not JSON'] };
    }
    const body = articleBodySchema.safeParse(json);
    if (!body.success) return { problems: ['body: not an article body document'] };
    return checkedBody(body.data);
  }

  /**
   * Published articles as body blocks, in the order given; 'invalid' names the ids that are not
   * published articles — or, with `skipUnpublished` (an issue's stored list, some of it since
   * withdrawn, as the email leaves them out), they are left out.
   */
  async function composeFromArticles(articleIds: readonly number[], options: { skipUnpublished?: boolean } = {}): Promise<ComposeOutcome> {
    const ids = [...new Set(articleIds)];
    if (ids.length === 0 || ids.length > MAX_ISSUE_ARTICLES || !ids.every((id) => Number.isSafeInteger(id) && id > 0))
      return { kind: 'invalid', problems: [`articles: one to ${MAX_ISSUE_ARTICLES} article ids`] };
    const rows = new Map((await repository.findArticleCards(db, ids)).map((row) => [row.id, row]));
    const missing = ids.filter((id) => !rows.get(id)?.published_at);
    if (missing.length && !options.skipUnpublished)
      return { kind: 'invalid', problems: [`articles: no published article with id ${missing.join(', ')}`] };
    const blocks: Block[] = [];
    for (const id of ids.filter((each) => !missing.includes(each))) {
      const row = rows.get(id)!;
      // A site path: the web archive links it as it is, the email makes it absolute.
      const href = articlePath({ sectionPath: row.section_path, publishedAt: row.published_at!, slug: row.slug }, settings.timeZone);
      const link = [{ type: 'link' as const, attrs: { href } }];
      blocks.push({
        type: 'heading',
        attrs: { level: 2 },
        content: [{ type: 'text', text: row.headline.trim() || 'Untitled', marks: link }],
      });
      if (row.hero_public_id)
        blocks.push({
          type: 'figure',
          attrs: {
            imageId: row.hero_public_id,
            alt: clip(row.hero_alt ?? row.image_alt ?? '', 500),
            caption: clip(row.hero_caption ?? row.image_caption ?? '', 1000),
            credit: clip(row.hero_credit ?? row.image_credit ?? '', 200),
          },
        });
      if (row.standfirst.trim()) blocks.push({ type: 'paragraph', content: [{ type: 'text', text: row.standfirst.trim() }] });
      blocks.push({
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Read the story', marks: link },
          ...(row.access_level === 'premium' ? [{ type: 'text' as const, text: ' (Premium)' }] : []),
        ],
      });
    }
    return { kind: 'composed', body: articleBodySchema.parse({ type: 'doc', content: blocks }) };
  }

  return { readContent, composeFromArticles, figureImagesOf };
}

export type IssueContentRules = ReturnType<typeof createIssueContentRules>;
