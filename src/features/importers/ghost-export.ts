// Ghost's JSON export (Settings → Labs → Export): `{ db: [{ meta, data }] }`
// where `data` holds tables as arrays — posts, users, tags, posts_tags,
// posts_authors, posts_meta, members, members_newsletters. Read whole (JSON
// has no streaming shape worth the complexity; 10,000 posts are well under
// the memory budget, docs/benchmarks.md).
//
// Mapping (docs/decisions/022-importing-publications.md): the primary tag
// (lowest sort_order) is the section and other public tags are topics
// (internal `#tags` are dropped); visibility public → free, members →
// registered, paid or tiers → premium, anything unknown → premium (the safe
// side); `/slug/` is the old address.
import { readFile } from 'node:fs/promises';
import type { AccessLevel } from '../../core/db/schema.js';
import {
  UnreadableExportError,
  type SourceAuthor,
  type SourceComment,
  type SourceCommentStatus,
  type SourceEntry,
  type SourceExport,
  type SourceMember,
  type SourcePost,
  type SourceStatus,
} from './import-source.types.js';
import { idOf, isoDateOf, legacyPathOf, parentsFirst, text } from './source-values.js';

type Row = Record<string, unknown>;

const rowsOf = (data: Row, table: string): Row[] => {
  const rows = data[table];
  return Array.isArray(rows) ? rows.filter((row): row is Row => typeof row === 'object' && row !== null && !Array.isArray(row)) : [];
};

export function accessFromGhostVisibility(visibility: unknown): AccessLevel {
  if (visibility === undefined || visibility === null || visibility === 'public') return 'free';
  if (visibility === 'members') return 'registered';
  return 'premium';
}

const STATUSES: Record<string, SourceStatus> = { published: 'published', draft: 'draft', scheduled: 'scheduled', sent: 'draft' };

/** Groups a link table (`posts_tags`) by post, in sort order. */
function linksByPost(rows: Row[], column: string): Map<string, string[]> {
  const sorted = [...rows].sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0));
  const byPost = new Map<string, string[]>();
  for (const row of sorted) {
    const postId = idOf(row.post_id);
    const otherId = idOf(row[column]);
    if (!postId || !otherId) continue;
    byPost.set(postId, [...(byPost.get(postId) ?? []), otherId]);
  }
  return byPost;
}

export function readGhostExport(json: string): SourceExport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new UnreadableExportError(`The file is not JSON: ${(error as Error).message}`);
  }
  const database = (parsed as { db?: unknown })?.db;
  const first = Array.isArray(database) ? (database[0] as { data?: unknown; meta?: unknown } | undefined) : undefined;
  const data = first?.data;
  if (typeof data !== 'object' || data === null || !Array.isArray((data as Row).posts))
    throw new UnreadableExportError('This is not a Ghost export: it has no db[0].data.posts.');
  const tables = data as Row;

  const authors = new Map<string, SourceAuthor>();
  for (const user of rowsOf(tables, 'users')) {
    const id = idOf(user.id);
    const name = text(user.name).trim() || text(user.slug).trim();
    if (id && name) authors.set(id, { sourceId: id, name, bio: text(user.bio).trim() });
  }
  const tags = new Map<string, { name: string; slug: string; isPublic: boolean }>();
  for (const tag of rowsOf(tables, 'tags')) {
    const name = text(tag.name).trim();
    const isPublic = tag.visibility !== 'internal' && !name.startsWith('#');
    if (idOf(tag.id) && name) tags.set(idOf(tag.id), { name, slug: text(tag.slug).trim(), isPublic });
  }
  const tagsByPost = linksByPost(rowsOf(tables, 'posts_tags'), 'tag_id');
  const authorsByPost = linksByPost(rowsOf(tables, 'posts_authors'), 'author_id');
  const metaByPost = new Map(rowsOf(tables, 'posts_meta').map((meta) => [idOf(meta.post_id), meta]));
  const posts = rowsOf(tables, 'posts');
  const settings = rowsOf(tables, 'settings');
  const siteUrl = text(settings.find((setting) => setting.key === 'url')?.value) || null;

  function toEntry(post: Row): SourceEntry {
    const sourceId = idOf(post.id);
    const title = text(post.title).trim();
    const problem = (reason: string): SourceEntry => ({ kind: 'problem', sourceId: sourceId || '(no id)', title, reason });
    if (!sourceId) return problem('The post has no id.');
    if (post.type === 'page') return problem('A page, not a post: pages are not imported.');
    if (!title) return problem('The post has no title.');
    const status = STATUSES[text(post.status)];
    if (!status) return problem(`Unknown status "${text(post.status).slice(0, 40)}".`);
    const html = post.html;
    if (typeof html !== 'string' && (post.mobiledoc || post.lexical))
      return problem('The post has no HTML rendition (only mobiledoc or lexical): open and save it in Ghost, then export again.');
    const authorIds = authorsByPost.get(sourceId) ?? (idOf(post.author_id) ? [idOf(post.author_id)] : []);
    const unknown = authorIds.find((id) => !authors.has(id));
    if (unknown) return problem(`Its author (id ${unknown.slice(0, 40)}) is not among the export's users.`);
    const postTags = (tagsByPost.get(sourceId) ?? []).map((id) => tags.get(id)).filter((tag) => tag?.isPublic);
    const meta = metaByPost.get(sourceId);
    const featureImage = text(post.feature_image).trim();
    const slug = text(post.slug).trim();
    const result: SourcePost = {
      sourceId,
      title,
      slug,
      html: typeof html === 'string' ? html : '',
      excerpt: text(post.custom_excerpt).trim(),
      status,
      publishedAt: isoDateOf(post.published_at),
      access: accessFromGhostVisibility(post.visibility),
      authorIds,
      section: postTags[0] ? { name: postTags[0].name, slug: postTags[0].slug } : null,
      topics: postTags.slice(1).map((tag) => tag!.name),
      featureImage: featureImage
        ? {
            src: featureImage,
            alt: text(meta?.feature_image_alt ?? post.feature_image_alt).trim(),
            caption: text(meta?.feature_image_caption ?? post.feature_image_caption).trim(),
          }
        : null,
      commentsEnabled: true,
      legacyPaths: slug ? [legacyPathOf(`/${slug}/`, null)].filter((path): path is string => path !== null) : [],
    };
    return { kind: 'post', post: result };
  }

  const newsletterMembers = new Set(rowsOf(tables, 'members_newsletters').map((row) => idOf(row.member_id)));
  function toMember(member: Row): SourceEntry | null {
    const sourceId = idOf(member.id);
    const email = text(member.email).trim();
    if (!sourceId || !email) return null;
    const value: SourceMember = {
      sourceId,
      email,
      name: text(member.name).trim(),
      createdAt: isoDateOf(member.created_at) ?? new Date(0).toISOString(),
      subscribed: member.subscribed === true || newsletterMembers.has(sourceId),
    };
    return { kind: 'member', member: value };
  }

  // After the posts and members they name; parents before replies. The member's name and address go with
  // each comment, so one whose member was not imported (a bad address) still has a name.
  const membersById = new Map(rowsOf(tables, 'members').map((member) => [idOf(member.id), member]));
  const comments = parentsFirst(
    rowsOf(tables, 'comments').map((row) => {
      const comment = toComment(row);
      const member = comment.memberSourceId === null ? undefined : membersById.get(comment.memberSourceId);
      return member ? { ...comment, authorName: text(member.name).trim(), authorEmail: text(member.email).trim() } : comment;
    }),
  );

  return {
    format: 'ghost',
    source: siteUrl ? `ghost:${siteUrl}` : 'ghost',
    postCount: posts.length,
    authors,
    async *entries() {
      for (const post of posts) yield toEntry(post);
      for (const member of rowsOf(tables, 'members')) {
        const entry = toMember(member);
        if (entry) yield entry;
      }
      for (const comment of comments) yield { kind: 'comment', comment };
    },
  };
}

/** Ghost's comment statuses: `published`, `hidden` (by a moderator), `deleted` (by its writer or staff). */
const COMMENT_STATUSES: Record<string, SourceCommentStatus> = { published: 'approved', hidden: 'hidden', deleted: 'deleted' };

function toComment(row: Row): SourceComment {
  return {
    sourceId: idOf(row.id),
    postSourceId: idOf(row.post_id),
    parentSourceId: idOf(row.parent_id) || null,
    memberSourceId: idOf(row.member_id) || null,
    authorName: '',
    authorEmail: '',
    html: text(row.html),
    createdAt: isoDateOf(row.created_at),
    // An unknown status waits for a moderator rather than going live.
    status: COMMENT_STATUSES[text(row.status)] ?? 'held',
  };
}

export async function openGhostExport(file: string): Promise<SourceExport> {
  return readGhostExport(await readFile(file, 'utf8'));
}
