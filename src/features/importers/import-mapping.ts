// From a post as an export has it to what the article editing service takes:
// pure, so every rule of the mapping is tested without a database
// (import-mapping.test.ts). The importer supplies what needs the database —
// the section's path, the library's images, a free slug.
import type { CreateRequest } from '../articles/articles.service.js';
import type { ArticleBody, HeroInput } from '../articles/articles.types.js';
import type { SourceAuthor, SourcePost } from './import-source.types.js';

/** The standfirst's limit in the editor (article-editing.rules.ts LIMITS.standfirst). */
const STANDFIRST_MAX = 500;

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** Alt text for a picture the export did not describe: the library requires some. */
export const fallbackAlt = (title: string) => clip(`Picture from “${title}”`, 500);

export type SaveChoice = { action: NonNullable<CreateRequest['action']>; publishAt?: string };

/** What becomes of the post's state: live posts keep their date; a schedule already past is published at its time. */
export function saveChoiceFor(post: Pick<SourcePost, 'status' | 'publishedAt'>, now: string): SaveChoice {
  if (post.status === 'draft') return { action: 'save' };
  const at = post.publishedAt ?? now;
  if (post.status === 'scheduled' && at > now) return { action: 'schedule', publishAt: at };
  return { action: 'publish', publishAt: at <= now ? at : now };
}

export function createRequestFor(
  post: SourcePost,
  resolved: {
    authors: ReadonlyMap<string, SourceAuthor>;
    sectionPath: string;
    /** Topics added by the importer (a tag that could not become a section). */
    extraTopics: readonly string[];
    slug: string;
    body: ArticleBody;
    hero: HeroInput | null;
    now: string;
  },
): CreateRequest {
  const choice = saveChoiceFor(post, resolved.now);
  return {
    fields: {
      headline: post.title.replace(/\s+/g, ' ').trim(),
      standfirst: clip(post.excerpt.replace(/\s+/g, ' ').trim(), STANDFIRST_MAX),
      slug: resolved.slug,
      section: resolved.sectionPath,
      topics: [...new Set([...resolved.extraTopics, ...post.topics])],
      authors: post.authorIds.map((id) => resolved.authors.get(id)?.name ?? '').filter(Boolean),
      access: post.access,
      commentsEnabled: post.commentsEnabled,
      body: resolved.body,
      hero: resolved.hero,
    },
    ...choice,
  };
}
