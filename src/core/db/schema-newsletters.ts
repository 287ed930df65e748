// Tables of newsletter sending (migration 0022), apart from schema.ts. The
// columns 0022 adds to `newsletters` are on `NewslettersTable` in schema.ts.
import type { Generated } from 'kysely';

/** Where an issue is in its life. 'sending' covers the audience build and the deliveries. */
export type NewsletterIssueState = 'draft' | 'scheduled' | 'sending' | 'paused' | 'cancelled' | 'sent';

/** Whether the audience of a started send has been written out in full. */
export type NewsletterAudienceState = 'pending' | 'building' | 'complete';

/**
 * One recipient of one issue. 'pending' includes retries waiting for
 * next_attempt_at; 'sending' means the message was handed to the SMTP server
 * (attempt_started_at) and its answer is not recorded yet; 'failed' is final
 * (permanent refusal or attempts exhausted); 'skipped' was not sent because
 * the address became suppressed after the audience was fixed.
 */
export type NewsletterDeliveryState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface NewsletterSubscribersTable {
  id: Generated<number>;
  newsletter_id: number;
  /** Lower-cased. */
  email: string;
  first_name: Generated<string>;
  last_name: Generated<string>;
  /** Where the consent came from, as the importer stated it ("events desk sign-up sheet 2026"). */
  consent_source: string;
  created_at: string;
  unsubscribed_at: string | null;
}

export interface NewsletterIssuesTable {
  id: Generated<number>;
  newsletter_id: number;
  subject: string;
  /** The preview line mail clients show after the subject. */
  preheader: Generated<string>;
  /** The article body JSON format (features/articles), when composed in the editor. */
  body_json: string | null;
  /** Staff-written HTML (the Admin API's `html`), sanitised before it is stored. */
  body_html: string | null;
  /** A JSON array of article ids, shown as headline, standfirst and link. */
  article_ids_json: string | null;
  state: Generated<NewsletterIssueState>;
  send_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  audience_state: Generated<NewsletterAudienceState>;
  /** Where the audience build stopped: '' (not begun), 'readers:<last user id>', 'imported:<last subscriber id>'. */
  audience_cursor: Generated<string>;
  audience_claimed_by: string | null;
  audience_claimed_until: string | null;
  /** The email rendered once when the send starts (CSS inlined), with per-recipient placeholders. */
  rendered_html: string | null;
  rendered_text: string | null;
}

export interface NewsletterDeliveriesTable {
  id: Generated<number>;
  issue_id: number;
  /** Lower-cased; (issue_id, email) is unique. */
  email: string;
  user_id: number | null;
  subscriber_id: number | null;
  first_name: Generated<string>;
  state: Generated<NewsletterDeliveryState>;
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  /** Written just before the message goes to the SMTP server. */
  attempt_started_at: string | null;
  sent_at: string | null;
  smtp_response: string | null;
  last_error: string | null;
  /** 1 when a claim expired while the message was in flight: the recipient may get it twice. */
  possible_duplicate: Generated<number>;
  bounced_at: string | null;
  unsubscribed_at: string | null;
  created_at: string;
}

export interface NewsletterSuppressionsTable {
  /** Lower-cased. */
  email: string;
  bounce_count: Generated<number>;
  complained_at: string | null;
  /** Set once the address is past the bounce threshold or complained: nothing more is sent to it. */
  suppressed_at: string | null;
  last_reason: Generated<string>;
  updated_at: string;
}

export interface NewsletterTables {
  newsletter_subscribers: NewsletterSubscribersTable;
  newsletter_issues: NewsletterIssuesTable;
  newsletter_deliveries: NewsletterDeliveriesTable;
  newsletter_suppressions: NewsletterSuppressionsTable;
}
