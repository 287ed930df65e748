// The article endpoints' schemas: what Fastify checks before a handler runs
// (a failure is a 422 naming the field), and what /api/admin/openapi.json
// describes. Lengths here only cap absurd input; the article editing service
// says what is too long in words a writer understands.
import { z } from 'zod';
import { MAX_ID } from '../../core/http/route-input.js';
import { articleBodySchema } from '../articles/articles.service.js';

export const ARTICLE_STATUSES = ['draft', 'review', 'scheduled', 'published', 'unpublished'] as const;
/** What a create may ask for: an article starts as a draft, in review, published or scheduled. */
export const CREATE_STATUSES = ['draft', 'review', 'published', 'scheduled'] as const;

const text = (max: number) => z.string().max(max);
const names = z.array(text(240)).max(100);

/** RFC 3339 with any offset (`…Z`, `+00:00`, `-05:00`); a time without an offset is refused, not guessed. */
export const rfc3339 = z.iso
  .datetime({ offset: true, error: 'Use an RFC 3339 time with an offset, such as 2026-12-01T09:00:00Z or 2026-12-01T10:00:00+01:00.' })
  .refine((value) => !Number.isNaN(Date.parse(value)), 'That time does not exist.');

const hero = z
  .strictObject({
    imageId: z.string({ error: 'Give the image id from POST /api/admin/images.' }).max(64),
    // Left out: the library's own words for the image.
    caption: text(4000).optional(),
    credit: text(1000).optional(),
    alt: text(2000).optional(),
  })
  .nullable();

/** The fields both a create and a change may carry. */
const articleFields = {
  kicker: text(1000).optional(),
  standfirst: text(4000).optional(),
  slug: text(200).optional(),
  topics: names.optional(),
  authors: names.optional(),
  access: z.enum(['free', 'registered', 'premium']).optional(),
  commentsEnabled: z.boolean().optional(),
  agencyCredit: text(1000).optional(),
  editorialNote: text(20_000).optional(),
  hero: hero.optional(),
  /** The body as HTML: sanitised by conversion to the body format. */
  html: z.string().max(2_000_000).optional(),
  /** The body as the stored ProseMirror JSON document. */
  doc: articleBodySchema.optional(),
  publishedAt: rfc3339.optional(),
};

export const createArticleBody = z.strictObject({
  headline: z.string({ error: 'Enter a headline.' }).max(4000),
  section: z.string({ error: "Choose a section: its path, such as 'world' or 'world/europe'." }).max(400),
  ...articleFields,
  status: z.enum(CREATE_STATUSES).optional(),
});

export const changeArticleBody = z.strictObject({
  version: z.number({ error: 'Send the version you started from (the article’s `version`).' }).int().min(1).max(MAX_ID),
  headline: text(4000).optional(),
  section: text(400).optional(),
  ...articleFields,
  status: z.enum(ARTICLE_STATUSES).optional(),
  significantUpdate: z.boolean().optional(),
});

export const correctionBody = z.strictObject({
  version: z.number({ error: 'Send the version you started from (the article’s `version`).' }).int().min(1).max(MAX_ID),
  text: z.string({ error: 'Write the correction.' }).max(8000),
});

export type CreateArticleBody = z.infer<typeof createArticleBody>;
export type ChangeArticleBody = z.infer<typeof changeArticleBody>;

const id = z.coerce.number().int().min(1).max(MAX_ID);
export const articleParams = z.object({ id });
export const revisionParams = z.object({ id, revisionId: id });

export const articleListQuery = z.strictObject({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(ARTICLE_STATUSES).optional(),
  slug: text(200).optional(),
  /** A section's path; its subsections are included. */
  section: text(400).optional(),
  /** An author's slug. */
  author: text(200).optional(),
  /** Words of the headline. */
  search: text(200).optional(),
});

export const revisionListQuery = z.strictObject({
  /** The `next` of the previous page: revisions older than this id. */
  before: id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const heroObject = z.object({ imageId: z.string(), caption: z.string(), credit: z.string(), alt: z.string() }).nullable();

/** The article as every article endpoint answers it. */
export const articleObject = z.object({
  id: z.number(),
  slug: z.string(),
  url: z.string(),
  status: z.enum(ARTICLE_STATUSES),
  version: z.number(),
  kicker: z.string(),
  headline: z.string(),
  standfirst: z.string(),
  section: z.string(),
  topics: z.array(z.string()),
  authors: z.array(z.string()),
  access: z.enum(['free', 'registered', 'premium']),
  commentsEnabled: z.boolean(),
  agencyCredit: z.string(),
  editorialNote: z.string(),
  hero: heroObject,
  doc: articleBodySchema,
  html: z.string(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  createdAt: z.string(),
  modifiedAt: z.string(),
  submittedAt: z.string().nullable(),
  corrections: z.array(z.object({ text: z.string(), correctedAt: z.string() })),
});

const pagination = z.object({ page: z.number(), limit: z.number(), next: z.number().nullable(), prev: z.number().nullable() });

export const articleList = z.object({
  articles: z.array(
    z.object({
      id: z.number(),
      slug: z.string(),
      status: z.enum(ARTICLE_STATUSES),
      version: z.number(),
      headline: z.string(),
      section: z.string(),
      authors: z.array(z.string()),
      publishedAt: z.string().nullable(),
      modifiedAt: z.string(),
      submittedAt: z.string().nullable(),
    }),
  ),
  meta: z.object({ pagination }),
});

const revisionSummary = z.object({
  id: z.number(),
  version: z.number(),
  action: z.string(),
  actorName: z.string(),
  createdAt: z.string(),
});

export const revisionList = z.object({
  revisions: z.array(revisionSummary),
  meta: z.object({ pagination: z.object({ limit: z.number(), next: z.number().nullable() }) }),
});

export const revisionObject = revisionSummary.extend({
  articleId: z.number(),
  snapshot: z.object({
    kicker: z.string(),
    headline: z.string(),
    standfirst: z.string(),
    slug: z.string(),
    section: z.string(),
    topics: z.array(z.string()),
    authors: z.array(z.string()),
    access: z.string(),
    commentsEnabled: z.boolean(),
    agencyCredit: z.string(),
    editorialNote: z.string(),
    hero: heroObject,
    // As it was saved then: not re-checked against today's body schema, so an old revision always reads.
    doc: z.unknown(),
    publishedAt: z.string().nullable(),
  }),
});
