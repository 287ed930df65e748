// The web archive's queries: sent issues only, newest first, a page at a time
// (nothing here grows with the archive: every query is bounded by an index and a limit).
import type { DbOrTransaction } from '../../core/db/database.js';

export interface ArchiveRow {
  id: number;
  newsletter_id: number;
  subject: string;
  finished_at: string | null;
  started_at: string | null;
}

const ARCHIVE_COLUMNS = ['id', 'newsletter_id', 'subject', 'finished_at', 'started_at'] as const;

/** Sent issues of a newsletter with an id below `beforeId` (null: from the newest), at most `limit`. */
export async function listSentIssues(
  db: DbOrTransaction,
  newsletterId: number,
  beforeId: number | null,
  limit: number,
): Promise<ArchiveRow[]> {
  let query = db
    .selectFrom('newsletter_issues')
    .select(ARCHIVE_COLUMNS)
    .where('newsletter_id', '=', newsletterId)
    .where('state', '=', 'sent');
  if (beforeId !== null) query = query.where('id', '<', beforeId);
  return query.orderBy('id', 'desc').limit(limit).execute();
}

/** The newest sent issue of each newsletter in `newsletterIds` (one grouped query, then the rows). */
export async function listLatestSentIssues(db: DbOrTransaction, newsletterIds: number[]): Promise<ArchiveRow[]> {
  if (newsletterIds.length === 0) return [];
  const latest = await db
    .selectFrom('newsletter_issues')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('newsletter_id', 'in', newsletterIds)
    .where('state', '=', 'sent')
    .groupBy('newsletter_id')
    .execute();
  const ids = latest.map((row) => Number(row.id)).filter((id) => Number.isSafeInteger(id));
  if (ids.length === 0) return [];
  return db.selectFrom('newsletter_issues').select(ARCHIVE_COLUMNS).where('id', 'in', ids).execute();
}

export async function findSentIssue(db: DbOrTransaction, newsletterId: number, issueId: number): Promise<ArchiveRow | undefined> {
  return db
    .selectFrom('newsletter_issues')
    .select(ARCHIVE_COLUMNS)
    .where('id', '=', issueId)
    .where('newsletter_id', '=', newsletterId)
    .where('state', '=', 'sent')
    .executeTakeFirst();
}
