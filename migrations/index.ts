// Every migration, in order. Listed explicitly (not read from the folder) so
// they load the same way under tsx, vitest and any bundler. Append only.
import type { Migration } from 'kysely/migration';
import * as createNewsroomContent from './0001_create_newsroom_content.js';
import * as createReaderAccounts from './0002_create_reader_accounts.js';
import * as createAccess from './0003_create_access.js';
import * as addSubscriptionEventTime from './0004_add_subscription_event_time.js';
import * as createCommunity from './0005_create_community.js';
import * as indexCommentThreads from './0006_index_comment_threads.js';
import * as countArticleComments from './0007_count_article_comments.js';
import * as indexNotificationsByTime from './0008_index_notifications_by_time.js';
import * as createStripePendingEvents from './0009_create_stripe_pending_events.js';
import * as sequenceCommentPublications from './0010_sequence_comment_publications.js';
import * as fanOutFollowingFeed from './0011_fan_out_following_feed.js';
import * as walkListingsByPublication from './0012_walk_listings_by_publication.js';
import * as indexSitemapChunks from './0013_index_sitemap_chunks.js';
import * as logContentChanges from './0014_log_content_changes.js';
import * as createRateLimitWindows from './0015_create_rate_limit_windows.js';
import * as createApiKeys from './0016_create_api_keys.js';
import * as createArticleEditing from './0017_create_article_editing.js';
import * as secureStaffSignIn from './0018_secure_staff_sign_in.js';
import * as createMediaLibrary from './0019_create_media_library.js';
import * as createFrontsAndPathRedirects from './0020_create_fronts_and_path_redirects.js';
import * as createInsightDailyCounts from './0021_create_insight_daily_counts.js';
import * as createNewsletterSending from './0022_create_newsletter_sending.js';
import * as createVirtualEvents from './0023_create_virtual_events.js';
import * as createSearchIndex from './0024_create_search_index.js';
import * as indexContentApiFilters from './0025_index_content_api_filters.js';
import * as createImportRecords from './0026_create_import_records.js';
import * as addEmailAttachments from './0028_add_email_attachments.js';
import * as createNewsletterBriefings from './0029_create_newsletter_briefings.js';
import * as indexContentApiSectionLevels from './0031_index_content_api_section_levels.js';
import * as indexPendingEventQuestions from './0033_index_pending_event_questions.js';

export const migrations: Record<string, Migration> = {
  '0001_create_newsroom_content': createNewsroomContent,
  '0002_create_reader_accounts': createReaderAccounts,
  '0003_create_access': createAccess,
  '0004_add_subscription_event_time': addSubscriptionEventTime,
  '0005_create_community': createCommunity,
  '0006_index_comment_threads': indexCommentThreads,
  '0007_count_article_comments': countArticleComments,
  '0008_index_notifications_by_time': indexNotificationsByTime,
  '0009_create_stripe_pending_events': createStripePendingEvents,
  '0010_sequence_comment_publications': sequenceCommentPublications,
  '0011_fan_out_following_feed': fanOutFollowingFeed,
  '0012_walk_listings_by_publication': walkListingsByPublication,
  '0013_index_sitemap_chunks': indexSitemapChunks,
  '0014_log_content_changes': logContentChanges,
  '0015_create_rate_limit_windows': createRateLimitWindows,
  '0016_create_api_keys': createApiKeys,
  '0017_create_article_editing': createArticleEditing,
  '0018_secure_staff_sign_in': secureStaffSignIn,
  '0019_create_media_library': createMediaLibrary,
  '0020_create_fronts_and_path_redirects': createFrontsAndPathRedirects,
  '0021_create_insight_daily_counts': createInsightDailyCounts,
  '0022_create_newsletter_sending': createNewsletterSending,
  '0023_create_virtual_events': createVirtualEvents,
  '0024_create_search_index': createSearchIndex,
  '0025_index_content_api_filters': indexContentApiFilters,
  '0026_create_import_records': createImportRecords,
  '0028_add_email_attachments': addEmailAttachments,
  '0029_create_newsletter_briefings': createNewsletterBriefings,
  '0031_index_content_api_section_levels': indexContentApiSectionLevels,
  '0033_index_pending_event_questions': indexPendingEventQuestions,
};
