// The archive's records as `masthead import masthead` accepts them
// (docs/export-format.md): one zod schema per type; a record that fails its
// schema is reported and skipped, never imported half.
import { z } from 'zod';

const text = z.string().max(100_000);
const when = z.string().max(40);
const id = z.string().min(1).max(200);

export const headerSchema = z.object({ type: z.literal('masthead-archive'), version: z.literal(1), source: z.string().min(1).max(300) });

export const sectionSchema = z.object({
  type: z.literal('section'),
  path: text,
  slug: text,
  name: text,
  description: text,
  parent: text.nullable(),
});
export const topicSchema = z.object({ type: z.literal('topic'), slug: text, name: text, description: text });
export const imageSchema = z.object({
  type: z.literal('image'),
  id,
  alt: text,
  caption: text,
  credit: text,
  focal: z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) }),
  data: z.string().max(30_000_000),
});
export const authorSchema = z.object({
  type: z.literal('author'),
  slug: text,
  name: text,
  jobTitle: text,
  bio: text,
  picture: id.nullable(),
});
export const articleSchema = z.object({
  type: z.literal('article'),
  id,
  slug: text,
  section: text,
  kicker: text,
  headline: text,
  standfirst: text,
  body: z.object({ type: z.literal('doc'), content: z.array(z.unknown()) }).passthrough(),
  hero: z.object({ imageId: id, alt: text, caption: text, credit: text }).nullable(),
  agencyCredit: text,
  access: z.enum(['free', 'registered', 'premium']),
  commentsEnabled: z.boolean(),
  status: z.enum(['draft', 'published', 'withdrawn']),
  inReview: z.boolean(),
  publishedAt: when.nullable(),
  updatedAt: when.nullable(),
  authors: z.array(text).max(50),
  topics: z.array(text).max(50),
  corrections: z.array(z.object({ text, correctedAt: when })).max(500),
  editorialNote: text,
});
export const accountSchema = z.object({
  type: z.literal('account'),
  id,
  email: z.string().min(3).max(320),
  firstName: text,
  lastName: text,
  dateOfBirth: when.nullable(),
  role: z.enum(['reader', 'contributor', 'author', 'editor', 'moderator', 'admin']),
  emailVerifiedAt: when.nullable(),
  marketingOptOut: z.boolean(),
  createdAt: when,
  updatedAt: when,
  deletedAt: when.nullable(),
  deactivatedAt: when.nullable(),
  consents: z
    .array(z.object({ document: text, version: text, granted: z.boolean(), recordedAt: when, ipAddress: text, userAgent: text }))
    .max(1000),
  passwordHash: z.string().max(1000).nullable().optional(),
});
export const sessionSchema = z.object({
  type: z.literal('session'),
  id,
  account: id,
  createdAt: when,
  lastSeenAt: when,
  expiresAt: when,
  userAgent: text,
  ipAddress: text,
});
export const commentSchema = z.object({
  type: z.literal('comment'),
  id,
  article: id,
  author: id,
  parent: id.nullable(),
  body: text,
  status: z.enum(['published', 'pending', 'rejected', 'deleted']),
  statusReason: text.nullable(),
  featured: z.boolean(),
  createdAt: when,
  editedAt: when.nullable(),
  deletedAt: when.nullable(),
});

export const RECORD_SCHEMAS = {
  section: sectionSchema,
  topic: topicSchema,
  image: imageSchema,
  author: authorSchema,
  article: articleSchema,
  account: accountSchema,
  session: sessionSchema,
  comment: commentSchema,
} as const;

export type RecordType = keyof typeof RECORD_SCHEMAS;
export type ArchiveRecord = { [Type in RecordType]: z.infer<(typeof RECORD_SCHEMAS)[Type]> }[RecordType];
