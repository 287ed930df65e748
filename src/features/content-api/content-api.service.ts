// The Ghost-compatible Content API (docs/content-api.md): posts, authors, tags,
// pages, tiers and settings as Ghost's Content API gives them. Each answer is
// built once per set of options into a CachedResponse (JSON and its ETag) kept
// in a page cache of the API's own — so API traffic can never evict readers'
// pages — tagged with what it shows, so an edit drops it on every node.
//
// The paywall: the API serves a visitor with no account and no meter left. A
// post's `html` and `plaintext` are the teaser every other channel shows
// (article-view's rule: the first WALL_TEASER_BLOCKS blocks, never more than
// half) unless it is a free post in a section that is not metered; Ghost's
// `visibility` says which tier the rest needs.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { buildCachedResponse, type CachedResponse } from '../../core/http/cached-response.js';
import type { PageCache } from '../../core/http/page-cache.js';
import {
  articleBodyHtml,
  articlePath,
  articleTag,
  bodyToPlainText,
  countWords,
  figureImageIds,
  listingTag,
  parseArticleBody,
  takeLeadingBlocks,
  teaserLength,
} from '../articles/articles.service.js';
import type { ImageRef } from '../articles/articles.types.js';
import { ContentApiInputError, readContentOptions, type ContentOptions, type ResourceRules } from './content-api.options.js';
import * as queries from './content-api.queries.js';
import { FilterError } from './content-filter.js';
import {
  authorObject,
  pickFields,
  POST_FIELDS,
  postObject,
  sectionTagObject,
  settingsObject,
  tierObjects,
  topicTagObject,
  type GhostObject,
  type SiteFacts,
} from './ghost-shapes.js';
import { checkRecordFilter, postConditionOf, recordMatches } from './post-filter.js';

export { ContentApiInputError } from './content-api.options.js';

export const CONTENT_API_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';
const WORDS_PER_MINUTE = 275;

export type ContentResource = 'posts' | 'pages' | 'authors' | 'tags' | 'tiers' | 'settings';

export interface ContentApiDependencies {
  db: Db;
  clock: Clock;
  site: SiteFacts;
  /** The API's own page cache (tagged like the readers' pages; see the file's opening comment). */
  cache: PageCache;
  teaserBlocks: number;
  /** Whether a section's free articles are metered (access feature): then the API sends their teaser. */
  isMetered(sectionPath: string): boolean;
}

const TAXONOMY_RECORD_FIELDS = ['id', 'slug', 'name', 'visibility'];

const RULES: Record<ContentResource, ResourceRules> = {
  posts: { fields: POST_FIELDS, includes: ['authors', 'tags'], orderFields: ['published_at'], defaultDirection: 'desc', hasFormats: true },
  pages: { fields: POST_FIELDS, includes: ['authors', 'tags'], orderFields: ['published_at'], defaultDirection: 'desc', hasFormats: true },
  authors: {
    fields: ['id', 'slug', 'name', 'profile_image', 'cover_image', 'bio', 'website', 'location', 'facebook', 'twitter', 'url'],
    includes: [],
    orderFields: ['name', 'slug'],
    defaultDirection: 'asc',
    hasFormats: false,
  },
  tags: {
    fields: ['id', 'slug', 'name', 'description', 'feature_image', 'visibility', 'url'],
    includes: [],
    orderFields: ['name', 'slug'],
    defaultDirection: 'asc',
    hasFormats: false,
  },
  tiers: { fields: [], includes: [], orderFields: ['name'], defaultDirection: 'asc', hasFormats: false },
  settings: { fields: [], includes: [], orderFields: ['name'], defaultDirection: 'asc', hasFormats: false },
};

function pagination(options: ContentOptions, total: number) {
  const pages = Math.max(1, Math.ceil(total / options.limit));
  return {
    pagination: {
      page: options.page,
      limit: options.limit,
      pages,
      total,
      next: options.page < pages ? options.page + 1 : null,
      prev: options.page > 1 ? options.page - 1 : null,
    },
  };
}

function jsonResponse(payload: unknown): CachedResponse {
  return buildCachedResponse({
    body: JSON.stringify(payload),
    contentType: 'application/json; charset=utf-8',
    cacheControl: CONTENT_API_CACHE_CONTROL,
  });
}

export function createContentApiService(deps: ContentApiDependencies) {
  const { db, site, cache } = deps;
  const now = () => deps.clock.now().toISOString();

  function sectionPathOf(taxonomy: queries.ContentTaxonomy, sectionId: number): string {
    return taxonomy.sections.find((section) => section.id === sectionId)?.path ?? '';
  }

  async function postObjects(rows: queries.PostRow[], taxonomy: queries.ContentTaxonomy, options: ContentOptions): Promise<GhostObject[]> {
    const authorsById = new Map(taxonomy.authors.map((author) => [author.id, authorObject(author, site)]));
    const topicsById = new Map(taxonomy.topics.map((topic) => [topic.id, topicTagObject(topic, site)]));
    const sectionsById = new Map(taxonomy.sections.map((section) => [section.id, sectionTagObject(section, site)]));
    const prepared = rows.map((row) => {
      const body = parseArticleBody(row.bodyJson);
      const sectionPath = sectionPathOf(taxonomy, row.sectionId);
      const isWhole = row.accessLevel === 'free' && !deps.isMetered(sectionPath);
      const visibleBody = isWhole ? body : takeLeadingBlocks(body, teaserLength(body.content.length, deps.teaserBlocks));
      return { row, body, sectionPath, visibleBody };
    });
    const figureRows = await queries.readFigureImages(
      db,
      prepared.flatMap((post) => figureImageIds(post.visibleBody)),
    );
    const figures: Record<string, ImageRef> = Object.fromEntries(
      figureRows.map((image) => [image.public_id, { publicId: image.public_id, ...image }]),
    );
    return prepared.map(({ row, body, sectionPath, visibleBody }) => {
      const post = postObject(
        {
          id: row.id,
          slug: row.slug,
          title: row.headline,
          standfirst: row.standfirst,
          accessLevel: row.accessLevel,
          featured: row.featured,
          createdAt: row.createdAt,
          updatedAt: row.modifiedAt,
          publishedAt: row.publishedAt,
          url: site.publicUrl + articlePath({ sectionPath, publishedAt: row.publishedAt, slug: row.slug }, site.timeZone),
          hero: row.hero,
          html: articleBodyHtml(visibleBody, figures),
          plaintext: bodyToPlainText(visibleBody),
          readingTimeMinutes: Math.max(1, Math.round(countWords(body) / WORDS_PER_MINUTE)),
          authors: row.authorIds.flatMap((id): GhostObject[] => {
            const author = authorsById.get(id);
            return author ? [author] : [];
          }),
          tags: [sectionsById.get(row.sectionId), ...row.topicIds.map((id) => topicsById.get(id))].filter(
            (tag): tag is GhostObject => tag !== undefined,
          ),
        },
        site,
        options,
      );
      return pickFields(post, options.fields, options.include);
    });
  }

  function conditionOf(options: ContentOptions, taxonomy: queries.ContentTaxonomy) {
    if (!options.filter) return null;
    try {
      return postConditionOf(options.filter, taxonomy);
    } catch (error) {
      if (error instanceof FilterError) throw new ContentApiInputError(error.message, 'filter');
      throw error;
    }
  }

  async function browsePosts(options: ContentOptions): Promise<{ payload: unknown; tags: string[] }> {
    const at = now();
    const taxonomy = await queries.readTaxonomy(db);
    const condition = await queries.withFrontIds(db, conditionOf(options, taxonomy));
    const [total, ids] = await Promise.all([
      queries.countPostsCapped(db, { now: at, condition }),
      queries.browsePostIds(db, {
        now: at,
        condition,
        order: options.order.direction,
        limit: options.limit,
        offset: (options.page - 1) * options.limit,
      }),
    ]);
    const posts = await postObjects(await queries.readPosts(db, ids, at), taxonomy, options);
    return { payload: { posts, meta: pagination(options, total) }, tags: [listingTag({ kind: 'site' }), ...ids.map(articleTag)] };
  }

  async function readPost(target: { id?: number; slug?: string }, options: ContentOptions) {
    const at = now();
    const id = await queries.findPostId(db, { now: at, ...target });
    if (id === null) return null;
    const taxonomy = await queries.readTaxonomy(db);
    const [post] = await postObjects(await queries.readPosts(db, [id], at), taxonomy, options);
    return post ? { payload: { posts: [post] }, tags: [articleTag(id), listingTag({ kind: 'site' })] } : null;
  }

  /** Tags or authors: the whole (small) list, filtered, ordered and paged in memory. */
  function pageOfRecords(records: GhostObject[], options: ContentOptions, resource: string) {
    if (options.filter) {
      try {
        checkRecordFilter(options.filter, TAXONOMY_RECORD_FIELDS, resource);
      } catch (error) {
        if (error instanceof FilterError) throw new ContentApiInputError(error.message, 'filter');
        throw error;
      }
    }
    const filter = options.filter;
    const matching = filter
      ? records.filter((record) => recordMatches(filter, record as Record<string, string>, TAXONOMY_RECORD_FIELDS))
      : records;
    const key = options.order.field;
    const sign = options.order.direction === 'asc' ? 1 : -1;
    const sorted = [...matching].sort((a, b) => sign * String(a[key]).localeCompare(String(b[key]), site.language));
    const start = (options.page - 1) * options.limit;
    const items = sorted.slice(start, start + options.limit).map((record) => pickFields(record, options.fields, []));
    return { items, meta: pagination(options, matching.length) };
  }

  /** Every listing tag of the taxonomy: a rename or profile edit names one of them. */
  function taxonomyTags(taxonomy: queries.ContentTaxonomy): string[] {
    return [
      listingTag({ kind: 'site' }),
      ...taxonomy.sections.map((section) => listingTag({ kind: 'section', path: section.path })),
      ...taxonomy.topics.map((topic) => listingTag({ kind: 'topic', slug: topic.slug })),
      ...taxonomy.authors.map((author) => listingTag({ kind: 'author', slug: author.slug })),
    ];
  }

  async function build(resource: ContentResource, options: ContentOptions, target: { id?: string; slug?: string } | null) {
    switch (resource) {
      case 'posts': {
        if (!target) return browsePosts(options);
        if (target.id !== undefined) return /^[1-9]\d{0,8}$/.test(target.id) ? readPost({ id: Number(target.id) }, options) : null;
        return readPost({ slug: target.slug! }, options);
      }
      case 'pages':
        // Masthead has no free-standing pages a front-end would render through the API (docs/content-api.md).
        return target ? null : { payload: { pages: [], meta: pagination(options, 0) }, tags: [] };
      case 'authors':
      case 'tags': {
        const taxonomy = await queries.readTaxonomy(db);
        const records =
          resource === 'authors'
            ? taxonomy.authors.map((author) => authorObject(author, site))
            : [
                ...taxonomy.sections.map((section) => sectionTagObject(section, site)),
                ...taxonomy.topics.map((topic) => topicTagObject(topic, site)),
              ];
        const tags = taxonomyTags(taxonomy);
        if (target) {
          const found = records.find((record) => (target.id !== undefined ? record.id === target.id : record.slug === target.slug));
          return found ? { payload: { [resource]: [pickFields(found, options.fields, [])] }, tags } : null;
        }
        const page = pageOfRecords(records, options, resource);
        return { payload: { [resource]: page.items, meta: page.meta }, tags };
      }
      case 'tiers': {
        const tiers = tierObjects(site);
        return {
          payload: { tiers, meta: pagination({ ...options, limit: Math.max(options.limit, tiers.length), page: 1 }, tiers.length) },
          tags: [],
        };
      }
      case 'settings': {
        const taxonomy = await queries.readTaxonomy(db);
        const navigation = taxonomy.sections
          .filter((section) => section.parentId === null)
          .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, site.language))
          .map((section) => ({ label: section.name, url: `${site.publicUrl}/${section.path}` }));
        return { payload: { settings: settingsObject(site, navigation), meta: {} }, tags: taxonomyTags(taxonomy) };
      }
    }
  }

  /**
   * The answer for a request: a browse (`target` null) or a read by id or
   * slug. Null: nothing readable there (404). Throws ContentApiInputError for
   * options the API does not take (400).
   */
  async function answer(resource: ContentResource, query: Record<string, unknown>, target: { id?: string; slug?: string } | null) {
    const options = readContentOptions(query, RULES[resource]);
    const key = `content-api:${resource}:${JSON.stringify(target)}:${JSON.stringify(options)}`;
    let tags: readonly string[] = [];
    return cache.get(
      key,
      async () => {
        const built = await build(resource, options, target);
        if (!built) return null;
        tags = built.tags;
        return jsonResponse(built.payload);
      },
      { tags: () => tags },
    );
  }

  return { answer };
}

export type ContentApiService = ReturnType<typeof createContentApiService>;
