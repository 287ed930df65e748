// Row types as the database stores them (both engines). Timestamps are ISO 8601
// UTC text; booleans are 0/1 integers (docs/decisions/003-storage-conventions.md).
import type { Generated, Insertable, Selectable } from 'kysely';

export type AccessLevel = 'free' | 'registered' | 'premium';
export type ArticleStatus = 'draft' | 'published' | 'withdrawn';

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  job_title: Generated<string>;
  bio: Generated<string>;
  created_at: string;
}

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  path: string;
  name: string;
  description: Generated<string>;
  parent_id: number | null;
  position: Generated<number>;
}

export interface TopicsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
}

export interface ImagesTable {
  id: Generated<number>;
  public_id: string;
  alt: string;
  caption: Generated<string>;
  credit: Generated<string>;
  width: number;
  height: number;
  original_mime: string;
  original_data: Uint8Array;
  created_at: string;
}

export interface ImageRenditionsTable {
  image_id: number;
  width: number;
  format: string;
  data: Uint8Array;
}

export interface ArticlesTable {
  id: Generated<number>;
  slug: string;
  section_id: number;
  kicker: Generated<string>;
  headline: string;
  standfirst: Generated<string>;
  body_json: string;
  hero_image_id: number | null;
  agency_credit: Generated<string>;
  access_level: AccessLevel;
  comments_enabled: Generated<number>;
  status: ArticleStatus;
  published_at: string | null;
  updated_at: string | null;
  modified_at: string;
  version: Generated<number>;
  created_at: string;
}

export interface ArticleAuthorsTable {
  article_id: number;
  author_id: number;
  position: Generated<number>;
}

export interface ArticleTopicsTable {
  article_id: number;
  topic_id: number;
  position: Generated<number>;
}

export interface FrontSlotsTable {
  front: string;
  position: number;
  article_id: number;
}

export interface ContentRevisionTable {
  id: number;
  revision: number;
  changed_at: string;
}

export type Role = 'reader' | 'contributor' | 'author' | 'editor' | 'moderator' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  email_verified_at: string | null;
  password_hash: string | null;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  role: Generated<Role>;
  marketing_opt_out: Generated<number>;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: Generated<string>;
  ip_address: Generated<string>;
}

export interface ConsentsTable {
  id: Generated<number>;
  user_id: number | null;
  document: string;
  version: string;
  granted: number;
  recorded_at: string;
  ip_address: Generated<string>;
  user_agent: Generated<string>;
}

export type EmailTokenPurpose = 'verify-email' | 'reset-password' | 'change-email';

export interface EmailTokensTable {
  id: string;
  user_id: number;
  purpose: EmailTokenPurpose;
  new_email: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface NewslettersTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
  access_level: Generated<AccessLevel>;
  created_at: string;
}

export interface NewsletterSubscriptionsTable {
  user_id: number;
  newsletter_id: number;
  created_at: string;
}

export type EmailStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface EmailOutboxTable {
  id: Generated<number>;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers_json: Generated<string>;
  status: Generated<EmailStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  available_at: string;
  claimed_at: string | null;
  sent_at: string | null;
  created_at: string;
}

export interface UsedChallengesTable {
  signature: string;
  expires_at: string;
}

export type SubscriptionSource = 'staff-grant' | 'stripe';

export interface SubscriptionsTable {
  id: Generated<number>;
  user_id: number;
  source: SubscriptionSource;
  external_id: string | null;
  starts_at: string;
  ends_at: string;
  /**
   * `created` of the latest payment-provider subscription event applied (ISO),
   * so an older one delivered later is left out; null until one has been.
   */
  provider_event_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PremiumReadsTable {
  user_id: number;
  article_id: number;
  read_at: string;
}

export interface Database {
  subscriptions: SubscriptionsTable;
  premium_reads: PremiumReadsTable;
  users: UsersTable;
  sessions: SessionsTable;
  consents: ConsentsTable;
  email_tokens: EmailTokensTable;
  newsletters: NewslettersTable;
  newsletter_subscriptions: NewsletterSubscriptionsTable;
  email_outbox: EmailOutboxTable;
  used_challenges: UsedChallengesTable;
  authors: AuthorsTable;
  sections: SectionsTable;
  topics: TopicsTable;
  images: ImagesTable;
  image_renditions: ImageRenditionsTable;
  articles: ArticlesTable;
  article_authors: ArticleAuthorsTable;
  article_topics: ArticleTopicsTable;
  front_slots: FrontSlotsTable;
  content_revision: ContentRevisionTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
