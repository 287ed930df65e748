// Row types as the database stores them (both engines). Timestamps are ISO 8601
// UTC text; booleans are 0/1 integers (docs/decisions/003-storage-conventions.md).
import type { EditingTables } from './schema-editing.js';
import type { StaffSecurityTables } from './schema-staff.js';
import type { MediaTables, RenditionsStatus } from './schema-media.js';
import type { NewsletterTables } from './schema-newsletters.js';
import type { FrontsTables } from './schema-fronts.js';
import type { ImportTables } from './schema-imports.js';
import type { InsightTables } from './schema-insight.js';
import type { SearchTables } from './schema-search.js';
import type { EventsTables } from './schema-events.js';
import type { BriefingTables } from './schema-briefings.js';
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
  /** The author's portrait from the media library (migration 0020). */
  picture_image_id: number | null;
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
  /** Migration 0019 (schema-media.ts): the focal point, 0..1 across and down. */
  focal_x: Generated<number>;
  focal_y: Generated<number>;
  renditions_status: Generated<RenditionsStatus>;
  /** Alt text, caption and credit, lower-cased: what the library's search reads. */
  search_text: Generated<string>;
  updated_at: string | null;
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
  /** Who created it (migration 0017): a staff member, or an API key. "Own" for an author. */
  created_by_user_id: number | null;
  created_by_api_key_id: number | null;
  /** Set while a draft is in review. */
  submitted_at: string | null;
  /** Staff only; never on a reader's page. */
  editorial_note: Generated<string>;
  /** The hero's caption, credit and alt text for this article; NULL: the image library's. */
  hero_caption: string | null;
  hero_credit: string | null;
  hero_alt: string | null;
  /** JSON array of `{ text, correctedAt }`, oldest first (appended, never edited). */
  corrections_json: Generated<string>;
}

export interface ArticleAuthorsTable {
  article_id: number;
  author_id: number;
  position: Generated<number>;
  /** The article's, copied by triggers (migration 0012): listings walk it. */
  status: Generated<ArticleStatus>;
  /** The article's, copied by triggers (migration 0012). */
  published_at: Generated<string | null>;
}

export interface ArticleTopicsTable {
  article_id: number;
  topic_id: number;
  position: Generated<number>;
  /** The article's, copied by triggers (migration 0012): listings walk it. */
  status: Generated<ArticleStatus>;
  /** The article's, copied by triggers (migration 0012). */
  published_at: Generated<string | null>;
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

/** One content change: the revision it moved `content_revision` to, and the page-cache tags it touched (JSON array). */
export interface ContentChangesTable {
  revision: number;
  tags: string;
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
  /** Staff: whether newsroom notifications (a story submitted for review) also come by email. */
  review_emails: Generated<number>;
  /** Migration 0018: the last completed sign-in (shown on the staff pages). */
  last_sign_in_at: string | null;
  /** Migration 0018: a deactivated staff account cannot sign in and has no sessions. */
  deactivated_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: Generated<string>;
  ip_address: Generated<string>;
  /** Migration 0018: when this session last passed the second factor (null: never, or not enrolled). */
  second_factor_at: string | null;
  /** Migration 0018: the session's last staff-area request, for re-verification after idle time. */
  staff_seen_at: string | null;
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
  /** Migration 0022 (schema-newsletters.ts): how often it comes, in words ("Every weekday morning"). */
  frequency: Generated<string>;
  sender_name: Generated<string>;
  /** HH:MM in the publication's time zone, '' for none. */
  send_time: Generated<string>;
  /** 1: an issue is assembled from the front every day at send_time. */
  is_briefing: Generated<number>;
  updated_at: string | null;
  /** Migration 0029: when the briefing was switched on or its time changed; briefing times before it are not owed. */
  briefing_armed_at: string | null;
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
  /** Migration 0028: JSON array of { filename, contentType, content } (an event's calendar file); null when none. */
  attachments_json?: string | null;
}

/** A fixed rate-limit window shared by the nodes of one PostgreSQL (core/http/rate-limit.ts). */
export interface RateLimitWindowsTable {
  key: string;
  count: number;
  resets_at: string;
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

export type CommentStatus = 'published' | 'pending' | 'rejected' | 'deleted';
export type NotificationKind = 'reply' | 'followed-comment';
export type BannedWordAction = 'reject' | 'hold';

export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  author_id: number;
  parent_id: number | null;
  /** The thread's top-level comment (its own id for a top-level comment); set right after insert. */
  root_id: number | null;
  depth: number;
  /** Zero-padded ancestor ids and its own, '/'-joined: ordering by it reads a thread in order. */
  path: string;
  body: string;
  status: CommentStatus;
  status_reason: string | null;
  is_featured: Generated<number>;
  recommend_count: Generated<number>;
  reply_count: Generated<number>;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  /** The article's publication sequence number it got when last published, null until then (set by triggers, migration 0010). */
  published_seq: Generated<number | null>;
}

/** Kept by triggers on `comments` (migration 0007): an article's counts are the sums over its rows. */
export interface ArticleCommentCountsTable {
  article_id: number;
  /** PostgreSQL: one row per database session (backend pid modulo 16), so concurrent posts do not queue on one row; SQLite: 0. */
  shard: number;
  /** Comments with status 'published', at any depth. */
  published_count: Generated<number>;
  /** Top-level comments a thread page lists: published ones and those still holding replies. */
  listed_thread_count: Generated<number>;
  /** The article's last publication sequence number (migration 0010): on shard 0 only, so read the maximum over its rows. */
  last_published_seq: Generated<number>;
}

/**
 * The Following feed fanned out (migration 0011): a comment in a reader's feed
 * (by someone they follow, or a reply to that person), whatever its status;
 * kept by triggers on `comments` and `follows`.
 */
export interface FollowingFeedTable {
  comment_id: number;
  reader_id: number;
  /** The comment's own. */
  created_at: string;
}

export interface CommentRecommendationsTable {
  comment_id: number;
  user_id: number;
  created_at: string;
}

export interface CommentReportsTable {
  id: Generated<number>;
  comment_id: number;
  reporter_id: number;
  reason: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: number | null;
}

export interface FollowsTable {
  follower_id: number;
  followee_id: number;
  created_at: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: NotificationKind;
  comment_id: number;
  actor_id: number;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPreferencesTable {
  user_id: number;
  email_replies: Generated<number>;
  email_follows: Generated<number>;
  updated_at: string;
}

export interface ReaderModerationTable {
  user_id: number;
  premoderated: Generated<number>;
  suspended_until: string | null;
  banned_at: string | null;
  reason: string | null;
  updated_at: string;
  updated_by: number | null;
}

export interface ArticleCommentSettingsTable {
  article_id: number;
  premoderated: Generated<number>;
  updated_at: string;
}

export interface BannedWordsTable {
  id: Generated<number>;
  phrase: string;
  action: BannedWordAction;
  created_at: string;
  created_by: number | null;
}

export interface ModerationLogTable {
  id: Generated<number>;
  staff_id: number;
  action: string;
  comment_id: number | null;
  user_id: number | null;
  article_id: number | null;
  reason: Generated<string>;
  created_at: string;
}

/**
 * A Stripe subscription event that arrived before its checkout and named no reader: the
 * latest such event per subscription, applied when the checkout links it (migration 0009).
 */
export interface StripePendingEventsTable {
  external_id: string;
  ends_at: string;
  event_at: string;
  received_at: string;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  /** A staff role (features/accounts/staff.service.ts STAFF_ROLES, moderator excepted). */
  role: string;
  /** SHA-256 of the key, base64url. */
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Migration 0018: the staff member the key belongs to, if any: deactivating them revokes it. */
  owner_user_id: number | null;
}

export interface Database
  extends
    EditingTables,
    StaffSecurityTables,
    MediaTables,
    FrontsTables,
    InsightTables,
    SearchTables,
    ImportTables,
    EventsTables,
    NewsletterTables,
    BriefingTables {
  api_keys: ApiKeysTable;
  comments: CommentsTable;
  article_comment_counts: ArticleCommentCountsTable;
  following_feed: FollowingFeedTable;
  comment_recommendations: CommentRecommendationsTable;
  comment_reports: CommentReportsTable;
  follows: FollowsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  reader_moderation: ReaderModerationTable;
  article_comment_settings: ArticleCommentSettingsTable;
  banned_words: BannedWordsTable;
  moderation_log: ModerationLogTable;
  subscriptions: SubscriptionsTable;
  stripe_pending_events: StripePendingEventsTable;
  premium_reads: PremiumReadsTable;
  users: UsersTable;
  sessions: SessionsTable;
  consents: ConsentsTable;
  email_tokens: EmailTokensTable;
  newsletters: NewslettersTable;
  newsletter_subscriptions: NewsletterSubscriptionsTable;
  email_outbox: EmailOutboxTable;
  used_challenges: UsedChallengesTable;
  rate_limit_windows: RateLimitWindowsTable;
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
  content_changes: ContentChangesTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
