// The web archive of sent issues, and who may read an issue there. Issues are
// rendered by the newsletters service (renderIssue), as the kind of recipient
// the reader is: gated article text never reaches a reader not entitled to it.
import type { Db } from '../../core/db/database.js';
import type { ArchivedIssue, NewsletterAccessLevel } from './newsletter-pages.model.js';
import * as repository from './newsletters-archive.repository.js';

export const ARCHIVE_PAGE_SIZE = 30;

/** Who is asking, as far as the archive cares. */
export type ArchiveReader = { kind: 'anonymous' } | { kind: 'registered'; isPremium: boolean } | { kind: 'staff' };

export type ArchiveAccess =
  | { kind: 'read'; as: NewsletterAccessLevel }
  /** Anonymous readers register first (a free account is the first step to either kind of newsletter). */
  | { kind: 'wall'; wall: 'register' }
  | { kind: 'wall'; wall: 'subscribe' };

/**
 * The archive follows the articles' rules: an issue of a newsletter for
 * registered readers is for registered readers; an exclusive (Premium)
 * newsletter's issues are for subscribers and staff. A reader reads an issue
 * rendered as the recipient they would be.
 */
export function decideArchiveAccess(access: NewsletterAccessLevel, reader: ArchiveReader): ArchiveAccess {
  if (reader.kind === 'staff') return { kind: 'read', as: 'premium' };
  if (reader.kind === 'anonymous') return { kind: 'wall', wall: 'register' };
  if (reader.isPremium) return { kind: 'read', as: 'premium' };
  return access === 'premium' ? { kind: 'wall', wall: 'subscribe' } : { kind: 'read', as: 'registered' };
}

function toIssue(row: repository.ArchiveRow): ArchivedIssue {
  return { id: row.id, subject: row.subject, sentAt: row.finished_at ?? row.started_at };
}

export function createNewsletterArchive(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** The newest sent issue of each newsletter, by newsletter id. */
    async latestIssues(newsletterIds: number[]): Promise<Map<number, ArchivedIssue>> {
      const rows = await repository.listLatestSentIssues(db, newsletterIds);
      return new Map(rows.map((row) => [row.newsletter_id, toIssue(row)]));
    },
    /** A page of past issues, newest first; `olderBefore` continues the list (null: this is the end). */
    async pastIssues(newsletterId: number, beforeId: number | null): Promise<{ issues: ArchivedIssue[]; olderBefore: number | null }> {
      const rows = await repository.listSentIssues(db, newsletterId, beforeId, ARCHIVE_PAGE_SIZE + 1);
      const issues = rows.slice(0, ARCHIVE_PAGE_SIZE).map(toIssue);
      return { issues, olderBefore: rows.length > ARCHIVE_PAGE_SIZE ? issues[issues.length - 1]!.id : null };
    },
    /** A sent issue of that newsletter; null for a draft, a scheduled or cancelled one, or another newsletter's. */
    async sentIssue(newsletterId: number, issueId: number): Promise<ArchivedIssue | null> {
      const row = await repository.findSentIssue(db, newsletterId, issueId);
      return row ? toIssue(row) : null;
    },
  };
}

export type NewsletterArchive = ReturnType<typeof createNewsletterArchive>;
