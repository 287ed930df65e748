// Our content in the shapes Ghost's Content API gives (posts, authors, tags,
// tiers, settings), field for field, so front-ends written for Ghost read it
// unchanged. Ghost fields we have no counterpart for are null (or empty), never
// left out: themes test them. docs/content-api.md has the mapping.
import { createHash } from 'node:crypto';
import type { AccessLevel } from '../../core/db/schema.js';
import { imagePath } from '../media/media.types.js';
import type { ContentTaxonomy } from './content-api.queries.js';
import { sectionTagSlug, VISIBILITY_OF } from './post-filter.js';

export type GhostObject = Record<string, unknown>;

export interface SiteFacts {
  publicUrl: string;
  name: string;
  tagline: string;
  language: string;
  timeZone: string;
}

/** A stable UUID for an object of ours (we keep none): the same post always has the same one. */
export function stableUuid(kind: string, id: number, publicUrl: string): string {
  const hex = createHash('sha256').update(`${publicUrl}\n${kind}\n${id}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const SOCIAL_AND_META = {
  og_image: null,
  og_title: null,
  og_description: null,
  twitter_image: null,
  twitter_title: null,
  twitter_description: null,
  meta_title: null,
  meta_description: null,
} as const;

export function imageUrl(publicUrl: string, publicId: string): string {
  return publicUrl + imagePath(publicId, 1600, 'jpg');
}

export function authorObject(author: ContentTaxonomy['authors'][number], site: SiteFacts): GhostObject {
  return {
    id: String(author.id),
    slug: author.slug,
    name: author.name,
    profile_image: author.picturePublicId ? imageUrl(site.publicUrl, author.picturePublicId) : null,
    cover_image: null,
    bio: author.bio || author.jobTitle || null,
    website: null,
    location: null,
    facebook: null,
    twitter: null,
    meta_title: null,
    meta_description: null,
    url: `${site.publicUrl}/author/${author.slug}/`,
  };
}

/** A section or topic as a Ghost tag. Ids say which (`section-3`, `topic-7`): the two are numbered apart. */
export function sectionTagObject(section: ContentTaxonomy['sections'][number], site: SiteFacts): GhostObject {
  return tagObject({
    id: `section-${section.id}`,
    slug: sectionTagSlug(section.path),
    name: section.name,
    description: section.description,
    url: `${site.publicUrl}/${section.path}/`,
  });
}

export function topicTagObject(topic: ContentTaxonomy['topics'][number], site: SiteFacts): GhostObject {
  return tagObject({
    id: `topic-${topic.id}`,
    slug: topic.slug,
    name: topic.name,
    description: topic.description,
    url: `${site.publicUrl}/topic/${topic.slug}/`,
  });
}

function tagObject(tag: { id: string; slug: string; name: string; description: string; url: string }): GhostObject {
  return {
    id: tag.id,
    name: tag.name,
    slug: tag.slug,
    description: tag.description || null,
    feature_image: null,
    visibility: 'public',
    ...SOCIAL_AND_META,
    codeinjection_head: null,
    codeinjection_foot: null,
    canonical_url: null,
    accent_color: null,
    url: tag.url,
  };
}

export const POST_FIELDS = [
  'id',
  'uuid',
  'title',
  'slug',
  'html',
  'plaintext',
  'comment_id',
  'feature_image',
  'feature_image_alt',
  'feature_image_caption',
  'featured',
  'visibility',
  'created_at',
  'updated_at',
  'published_at',
  'custom_excerpt',
  'codeinjection_head',
  'codeinjection_foot',
  'custom_template',
  'canonical_url',
  'url',
  'excerpt',
  'reading_time',
  'access',
  'comments',
  'email_subject',
  'frontmatter',
  ...Object.keys(SOCIAL_AND_META),
  'authors',
  'tags',
  'primary_author',
  'primary_tag',
] as const;

export interface PostFacts {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  accessLevel: AccessLevel;
  featured: boolean;
  createdAt: string;
  updatedAt: string;
  publishedAt: string;
  url: string;
  hero: { publicId: string; alt: string; caption: string } | null;
  /** The free part only (the whole text of an unmetered free post). */
  html: string;
  plaintext: string;
  readingTimeMinutes: number;
  authors: GhostObject[];
  tags: GhostObject[];
}

export function postObject(
  post: PostFacts,
  site: SiteFacts,
  options: { formats: readonly string[]; include: readonly string[] },
): GhostObject {
  const excerpt = post.standfirst || post.plaintext.slice(0, 500);
  const object: GhostObject = {
    id: String(post.id),
    uuid: stableUuid('post', post.id, site.publicUrl),
    title: post.title,
    slug: post.slug,
    ...(options.formats.includes('html') && { html: post.html }),
    ...(options.formats.includes('plaintext') && { plaintext: post.plaintext }),
    comment_id: String(post.id),
    feature_image: post.hero ? imageUrl(site.publicUrl, post.hero.publicId) : null,
    feature_image_alt: post.hero?.alt || null,
    feature_image_caption: post.hero?.caption ? escapeHtml(post.hero.caption) : null,
    featured: post.featured,
    visibility: VISIBILITY_OF[post.accessLevel],
    created_at: post.createdAt,
    updated_at: post.updatedAt,
    published_at: post.publishedAt,
    custom_excerpt: post.standfirst || null,
    codeinjection_head: null,
    codeinjection_foot: null,
    custom_template: null,
    canonical_url: null,
    url: post.url,
    excerpt,
    reading_time: post.readingTimeMinutes,
    // As Ghost answers a visitor without a member session: whether they may read the whole post.
    access: post.accessLevel === 'free',
    comments: false,
    email_subject: null,
    frontmatter: null,
    ...SOCIAL_AND_META,
    meta_description: post.standfirst || null,
  };
  if (options.include.includes('authors')) {
    object.authors = post.authors;
    object.primary_author = post.authors[0] ?? null;
  }
  if (options.include.includes('tags')) {
    object.tags = post.tags;
    object.primary_tag = post.tags[0] ?? null;
  }
  return object;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Only the asked-for fields, in the asked-for order; relations asked for by `include` stay. */
export function pickFields(object: GhostObject, fields: readonly string[] | null, include: readonly string[]): GhostObject {
  if (!fields) return object;
  const keep = new Set([...fields, ...include, ...include.map((name) => `primary_${name.replace(/s$/, '')}`)]);
  return Object.fromEntries(Object.entries(object).filter(([key]) => keep.has(key)));
}

/** Ghost's three kinds of reader, as our access levels. */
export function tierObjects(site: SiteFacts): GhostObject[] {
  const tier = (slug: AccessLevel, name: string, description: string) => ({
    id: slug,
    name,
    slug,
    description,
    active: true,
    type: slug === 'premium' ? 'paid' : 'free',
    visibility: 'public',
    welcome_page_url: slug === 'free' ? null : `${site.publicUrl}/${slug === 'premium' ? 'subscribe' : 'register'}`,
    created_at: null,
    updated_at: null,
    monthly_price: null,
    yearly_price: null,
    currency: null,
    benefits: [],
    trial_days: 0,
  });
  return [
    tier('free', 'Free', 'Free articles, within the monthly allowance.'),
    tier('registered', 'Registered', 'Articles for registered readers, and a few Premium articles a month.'),
    tier('premium', 'Premium', 'Every article.'),
  ];
}

export function settingsObject(site: SiteFacts, navigation: { label: string; url: string }[]): GhostObject {
  return {
    title: site.name,
    description: site.tagline,
    logo: null,
    icon: null,
    accent_color: null,
    cover_image: null,
    facebook: null,
    twitter: null,
    lang: site.language,
    locale: site.language,
    timezone: site.timeZone,
    codeinjection_head: null,
    codeinjection_foot: null,
    navigation,
    secondary_navigation: [],
    ...SOCIAL_AND_META,
    members_support_address: null,
    members_enabled: true,
    members_invite_only: false,
    paid_members_enabled: true,
    allow_self_signup: true,
    recommendations_enabled: false,
    url: `${site.publicUrl}/`,
  };
}
