// Newsletters, who chose them, imported subscribers and issues: the writes
// and lookups the newsletters service needs. Delivery rows (the send) are in
// newsletter-deliveries.repository.ts.
import type { Selectable } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';
import type { NewsletterIssuesTable } from '../../core/db/schema-newsletters.js';
import type { NewsletterIssueState } from './newsletters.types.js';

export type IssueRow = Selectable<NewsletterIssuesTable>;

const NEWSLETTER_COLUMNS = [
  'id',
  'slug',
  'name',
  'description',
  'frequency',
  'sender_name',
  'access_level',
  'send_time',
  'is_briefing',
  'briefing_armed_at',
] as const;

export async function listNewsletters(db: DbOrTransaction) {
  return db.selectFrom('newsletters').select(NEWSLETTER_COLUMNS).orderBy('name').orderBy('id').execute();
}

export async function findNewsletterById(db: DbOrTransaction, id: number) {
  return db.selectFrom('newsletters').select(NEWSLETTER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findNewsletterBySlug(db: DbOrTransaction, slug: string) {
  return db.selectFrom('newsletters').select(NEWSLETTER_COLUMNS).where('slug', '=', slug).executeTakeFirst();
}

export interface NewsletterValues {
  slug: string;
  name: string;
  description: string;
  frequency: string;
  sender_name: string;
  access_level: 'registered' | 'premium';
  send_time: string;
  is_briefing: number;
  /** Set when the briefing is switched on or moved (migration 0029); left as it is when absent. */
  briefing_armed_at?: string | null;
}

export async function insertNewsletter(db: DbOrTransaction, values: NewsletterValues, now: string): Promise<number> {
  const row = await db
    .insertInto('newsletters')
    .values({ ...values, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateNewsletter(db: DbOrTransaction, id: number, values: NewsletterValues, now: string): Promise<boolean> {
  const result = await db
    .updateTable('newsletters')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function isSlugTaken(db: DbOrTransaction, slug: string, exceptId: number | null): Promise<boolean> {
  let query = db.selectFrom('newsletters').select('id').where('slug', '=', slug);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertReaderSubscription(db: DbOrTransaction, userId: number, newsletterId: number, now: string) {
  await db
    .insertInto('newsletter_subscriptions')
    .values({ user_id: userId, newsletter_id: newsletterId, created_at: now })
    .onConflict((c) => c.columns(['user_id', 'newsletter_id']).doNothing())
    .execute();
}

export async function deleteReaderSubscription(db: DbOrTransaction, userId: number, newsletterId: number) {
  await db.deleteFrom('newsletter_subscriptions').where('user_id', '=', userId).where('newsletter_id', '=', newsletterId).execute();
}

export async function listSubscribedNewsletterIds(db: DbOrTransaction, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('newsletter_subscriptions').select('newsletter_id').where('user_id', '=', userId).execute();
  return rows.map((row) => row.newsletter_id);
}

/** The facts eligibility needs about a reader, or undefined for no such account. */
export async function findReaderFacts(db: DbOrTransaction, userId: number, now: string) {
  return db
    .selectFrom('users')
    .where('users.id', '=', userId)
    .select((eb) => [
      'users.email',
      'users.email_verified_at',
      'users.deleted_at',
      'users.role',
      eb
        .exists(
          eb
            .selectFrom('subscriptions')
            .whereRef('subscriptions.user_id', '=', 'users.id')
            .where('subscriptions.starts_at', '<=', now)
            .where('subscriptions.ends_at', '>', now)
            .select('subscriptions.id'),
        )
        .as('has_subscription'),
      eb
        .exists(
          eb
            .selectFrom('newsletter_suppressions')
            .whereRef('newsletter_suppressions.email', '=', 'users.email')
            .where('newsletter_suppressions.suppressed_at', 'is not', null)
            .select('newsletter_suppressions.email'),
        )
        .as('is_suppressed'),
    ])
    .executeTakeFirst();
}

export async function findImportedSubscriber(db: DbOrTransaction, newsletterId: number, email: string) {
  return db
    .selectFrom('newsletter_subscribers')
    .select(['id', 'unsubscribed_at'])
    .where('newsletter_id', '=', newsletterId)
    .where('email', '=', email)
    .executeTakeFirst();
}

export async function insertImportedSubscriber(
  db: DbOrTransaction,
  values: { newsletterId: number; email: string; firstName: string; lastName: string; consentSource: string; now: string },
): Promise<boolean> {
  const result = await db
    .insertInto('newsletter_subscribers')
    .values({
      newsletter_id: values.newsletterId,
      email: values.email,
      first_name: values.firstName,
      last_name: values.lastName,
      consent_source: values.consentSource,
      created_at: values.now,
    })
    .onConflict((c) => c.columns(['newsletter_id', 'email']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Everyone at this address leaves the newsletter: readers' choices are deleted, imported rows marked. */
export async function unsubscribeAddress(db: DbOrTransaction, newsletterId: number, email: string, now: string): Promise<number> {
  const readers = await db
    .deleteFrom('newsletter_subscriptions')
    .where('newsletter_id', '=', newsletterId)
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('users.id').where('users.email', '=', email))
    .executeTakeFirst();
  const imported = await db
    .updateTable('newsletter_subscribers')
    .set({ unsubscribed_at: now })
    .where('newsletter_id', '=', newsletterId)
    .where('email', '=', email)
    .where('unsubscribed_at', 'is', null)
    .executeTakeFirst();
  return Number(readers.numDeletedRows) + Number(imported.numUpdatedRows);
}

export async function findUserEmail(db: DbOrTransaction, userId: number): Promise<string | undefined> {
  return (await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst())?.email;
}

export async function findSubscriberEmail(db: DbOrTransaction, subscriberId: number, newsletterId: number) {
  return (
    await db
      .selectFrom('newsletter_subscribers')
      .select('email')
      .where('id', '=', subscriberId)
      .where('newsletter_id', '=', newsletterId)
      .executeTakeFirst()
  )?.email;
}

export async function insertIssue(
  db: DbOrTransaction,
  values: {
    newsletterId: number;
    subject: string;
    preheader: string;
    bodyJson: string | null;
    articleIdsJson: string | null;
    createdBy: number | null;
    now: string;
  },
): Promise<number> {
  const row = await db
    .insertInto('newsletter_issues')
    .values({
      newsletter_id: values.newsletterId,
      subject: values.subject,
      preheader: values.preheader,
      body_json: values.bodyJson,
      article_ids_json: values.articleIdsJson,
      created_by: values.createdBy,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateIssueContent(
  db: DbOrTransaction,
  issueId: number,
  values: { subject: string; preheader: string; bodyJson: string | null; articleIdsJson: string | null; now: string },
  allowedStates: NewsletterIssueState[],
): Promise<boolean> {
  const result = await db
    .updateTable('newsletter_issues')
    .set({
      subject: values.subject,
      preheader: values.preheader,
      body_json: values.bodyJson,
      article_ids_json: values.articleIdsJson,
      updated_at: values.now,
    })
    .where('id', '=', issueId)
    .where('state', 'in', allowedStates)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findIssue(db: DbOrTransaction, issueId: number): Promise<IssueRow | undefined> {
  return db.selectFrom('newsletter_issues').selectAll().where('id', '=', issueId).executeTakeFirst();
}

export async function listIssues(db: DbOrTransaction, newsletterId: number, options: { states?: NewsletterIssueState[]; limit: number }) {
  let query = db.selectFrom('newsletter_issues').selectAll().where('newsletter_id', '=', newsletterId);
  if (options.states) query = query.where('state', 'in', options.states);
  return query.orderBy('id', 'desc').limit(options.limit).execute();
}

/** Compare-and-set of an issue's state: false when it was not in one of `from` (another node or request moved it). */
export async function moveIssueState(
  db: DbOrTransaction,
  issueId: number,
  move: {
    from: NewsletterIssueState[];
    to: NewsletterIssueState;
    now: string;
    sendAt?: string | null;
    startedAt?: string;
    finishedAt?: string;
    rendered?: { html: string; text: string };
  },
): Promise<boolean> {
  const result = await db
    .updateTable('newsletter_issues')
    .set({
      state: move.to,
      updated_at: move.now,
      ...(move.sendAt !== undefined ? { send_at: move.sendAt } : {}),
      ...(move.startedAt ? { started_at: move.startedAt } : {}),
      ...(move.finishedAt ? { finished_at: move.finishedAt } : {}),
      ...(move.rendered ? { rendered_html: move.rendered.html, rendered_text: move.rendered.text } : {}),
    })
    .where('id', '=', issueId)
    .where('state', 'in', move.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Scheduled issues whose time has come. */
export async function listDueScheduledIssueIds(db: DbOrTransaction, now: string): Promise<number[]> {
  const rows = await db
    .selectFrom('newsletter_issues')
    .select('id')
    .where('state', '=', 'scheduled')
    .where('send_at', '<=', now)
    .orderBy('send_at')
    .limit(20)
    .execute();
  return rows.map((row) => row.id);
}

export async function listSendingIssues(db: DbOrTransaction) {
  return db
    .selectFrom('newsletter_issues')
    .innerJoin('newsletters', 'newsletters.id', 'newsletter_issues.newsletter_id')
    .select([
      'newsletter_issues.id',
      'newsletter_issues.newsletter_id',
      'newsletter_issues.subject',
      'newsletter_issues.audience_state',
      'newsletter_issues.audience_cursor',
      'newsletter_issues.rendered_html',
      'newsletter_issues.rendered_text',
      'newsletters.access_level',
      'newsletters.slug',
      'newsletters.name',
      'newsletters.sender_name',
    ])
    .where('newsletter_issues.state', '=', 'sending')
    .orderBy('newsletter_issues.id')
    .execute();
}

export async function findIssueState(db: DbOrTransaction, issueId: number): Promise<NewsletterIssueState | undefined> {
  return (await db.selectFrom('newsletter_issues').select('state').where('id', '=', issueId).executeTakeFirst())?.state;
}

/** Articles for an issue built from a list: published ones only, in the order given by the caller. */
export async function findArticlesForIssue(db: DbOrTransaction, articleIds: number[]) {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select([
      'articles.id',
      'articles.slug',
      'articles.headline',
      'articles.standfirst',
      'articles.access_level',
      'articles.published_at',
      'sections.path as section_path',
    ])
    .where('articles.id', 'in', articleIds)
    .where('articles.status', '=', 'published')
    .where('articles.published_at', 'is not', null)
    .execute();
}
