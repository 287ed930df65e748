// WordPress's export file (Tools → Export, WXR) as import entries. Read twice,
// both times as a stream: a first pass learns the authors, the attachments
// (a post's featured image is an attachment named by `_thumbnail_id`, which may
// come later in the file) and how many posts there are; the second yields
// the posts, each followed by its comments (parents before their replies).
//
// Mapping (docs/decisions/022-importing-publications.md): the first category
// is the section, tags (and further categories) are topics; every post is
// free to read (WordPress has no paid tiers of its own); its old addresses
// are the item's `<link>`, `/?p=<id>` and `/%year%/%monthnum%/%postname%/`.
import {
  type SourceAuthor,
  type SourceComment,
  type SourceCommentStatus,
  type SourceEntry,
  type SourceExport,
  type SourceImage,
  type SourcePost,
  type SourceStatus,
} from './import-source.types.js';
import { idOf, isoDateOf, legacyPathOf, parentsFirst } from './source-values.js';
import { streamWxr, type WxrItem } from './wxr-stream.js';

const STATUSES: Record<string, SourceStatus> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'draft',
  private: 'draft',
};

interface FirstPass {
  siteUrl: string | null;
  authors: Map<string, SourceAuthor>;
  attachments: Map<string, SourceImage>;
  postCount: number;
}

async function firstPass(file: string): Promise<FirstPass> {
  const pass: FirstPass = { siteUrl: null, authors: new Map(), attachments: new Map(), postCount: 0 };
  for await (const event of streamWxr(file)) {
    if (event.kind === 'site' && (event.name === 'wp:base_site_url' || (event.name === 'link' && !pass.siteUrl)))
      pass.siteUrl = event.value || pass.siteUrl;
    else if (event.kind === 'author') {
      const login = event.fields.get('wp:author_login')?.trim();
      const name =
        event.fields.get('wp:author_display_name')?.trim() ||
        [event.fields.get('wp:author_first_name'), event.fields.get('wp:author_last_name')].join(' ').trim() ||
        login;
      if (login && name) pass.authors.set(login, { sourceId: login, name, bio: '' });
    } else if (event.kind === 'item') {
      const type = event.item.fields.get('wp:post_type');
      if (type === 'attachment') {
        const id = idOf(event.item.fields.get('wp:post_id'));
        const url = event.item.fields.get('wp:attachment_url')?.trim();
        if (id && url)
          pass.attachments.set(id, {
            src: url,
            alt: event.item.meta.get('_wp_attachment_image_alt')?.trim() ?? '',
            caption: event.item.fields.get('excerpt:encoded')?.trim() ?? '',
          });
      } else if (type === 'post') pass.postCount += 1;
    }
  }
  return pass;
}

/** WordPress's `comment_approved` (and pingbacks and trackbacks, which are other sites' notices). */
function commentStatusOf(type: string, approved: string): SourceCommentStatus {
  if (type && type !== 'comment') return 'pingback';
  if (approved === '1') return 'approved';
  if (approved === 'spam') return 'spam';
  if (approved === 'trash' || approved === 'post-trashed') return 'trash';
  return 'held';
}

/**
 * A comment as WordPress stores it is text with a little HTML, its paragraphs
 * and line breaks made only when shown (wpautop): the same here, so the
 * sanitiser keeps them.
 */
export function htmlOfCommentText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/** `/%year%/%monthnum%/%postname%/` from the post's local date (`wp:post_date`, as WordPress builds it). */
function datedPermalink(localDate: string | undefined, postName: string): string | null {
  const date = /^(\d{4})-(\d{2})-\d{2}/.exec(localDate ?? '');
  return date && postName ? `/${date[1]}/${date[2]}/${postName}` : null;
}

/** A post's comments, parents before replies (a comment without an id is still yielded: the importer reports it). */
function commentsOf(item: WxrItem, postSourceId: string): SourceEntry[] {
  const comments = item.comments.map((raw): SourceComment => {
    const value = (name: string) => raw.get(name)?.trim() ?? '';
    const parent = value('wp:comment_parent');
    return {
      sourceId: value('wp:comment_id'),
      postSourceId,
      parentSourceId: parent && parent !== '0' ? parent : null,
      memberSourceId: null,
      authorName: value('wp:comment_author'),
      authorEmail: value('wp:comment_author_email'),
      html: htmlOfCommentText(raw.get('wp:comment_content') ?? ''),
      createdAt: isoDateOf(value('wp:comment_date_gmt')) ?? isoDateOf(value('wp:comment_date')),
      status: commentStatusOf(value('wp:comment_type'), value('wp:comment_approved')),
    };
  });
  return parentsFirst(comments).map((comment): SourceEntry => ({ kind: 'comment', comment }));
}

function toEntries(item: WxrItem, pass: FirstPass): SourceEntry[] {
  const field = (name: string) => item.fields.get(name) ?? '';
  const sourceId = idOf(field('wp:post_id'));
  const title = field('title').trim();
  // A post left out still yields its comments (a broken item's excepted): the report counts them as left out with it.
  const problem = (reason: string): SourceEntry[] => [
    { kind: 'problem', sourceId: sourceId || '(no id)', title, reason },
    ...(sourceId && !item.malformed ? commentsOf(item, sourceId) : []),
  ];
  if (item.malformed) return problem(`The XML of this post is broken: ${item.malformed}`);
  if (!sourceId) return problem('The post has no wp:post_id.');
  if (!title) return problem('The post has no title.');
  const wpStatus = field('wp:status');
  if (wpStatus === 'trash' || wpStatus === 'auto-draft') return problem(`A post in WordPress's ${wpStatus}: not imported.`);
  const status = STATUSES[wpStatus];
  if (!status) return problem(`Unknown status "${wpStatus.slice(0, 40)}".`);
  const creator = field('dc:creator').trim();
  if (creator && !pass.authors.has(creator)) return problem(`Its author "${creator.slice(0, 60)}" is not among the export's authors.`);
  const categories = item.categories.filter((category) => category.domain === 'category' && category.name);
  const tags = item.categories.filter((category) => category.domain === 'post_tag' && category.name);
  const thumbnail = item.meta.get('_thumbnail_id');
  const postName = field('wp:post_name').trim();
  const legacyPaths = [
    legacyPathOf(field('link').trim(), pass.siteUrl),
    `/?p=${sourceId}`,
    datedPermalink(field('wp:post_date'), postName),
  ].filter((path): path is string => path !== null);
  const post: SourcePost = {
    sourceId,
    title,
    slug: postName,
    html: field('content:encoded'),
    excerpt: field('excerpt:encoded').trim(),
    status,
    publishedAt: isoDateOf(field('wp:post_date_gmt')) ?? isoDateOf(field('pubDate')),
    access: 'free',
    authorIds: creator ? [creator] : [],
    section: categories[0] ? { name: categories[0].name, slug: categories[0].nicename } : null,
    topics: [...categories.slice(1), ...tags].map((category) => category.name),
    featureImage: thumbnail ? (pass.attachments.get(thumbnail.trim()) ?? null) : null,
    commentsEnabled: field('wp:comment_status') !== 'closed',
    legacyPaths: [...new Set(legacyPaths)],
  };
  return [{ kind: 'post', post }, ...commentsOf(item, sourceId)];
}

export async function openWordPressExport(file: string): Promise<SourceExport> {
  const pass = await firstPass(file);
  return {
    format: 'wordpress',
    source: pass.siteUrl ? `wordpress:${pass.siteUrl}` : 'wordpress',
    postCount: pass.postCount,
    authors: pass.authors,
    async *entries() {
      for await (const event of streamWxr(file)) {
        if (event.kind !== 'item') continue;
        const type = event.item.fields.get('wp:post_type');
        // Attachments were read in the first pass; pages, menus and the rest are not articles.
        // A broken item whose type was lost with the rest of it is reported too.
        if (type !== 'post' && !(type === undefined && event.item.malformed)) continue;
        yield* toEntries(event.item, pass);
      }
    },
  };
}
