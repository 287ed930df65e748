// Read models for newsroom pages.
import type { Db } from '../../core/db/database.js';
import type { EmailStatus } from '../../core/db/schema.js';

export interface OutboxListItem {
  id: number;
  recipient: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxMessage extends OutboxListItem {
  /** The plain-text body with one-time links hidden. */
  textBody: string;
  lastError: string | null;
}

export interface OutboxPage {
  items: OutboxListItem[];
  page: number;
  hasNextPage: boolean;
}

export const OUTBOX_PAGE_SIZE = 50;

/**
 * Hides the secret part of one-time links (verification, password reset,
 * sign-in): anyone who could read them could take over the account, so staff
 * see that a link was sent but never the link itself. The operator who needs
 * the full message has the .eml file on the server.
 */
export function hideOneTimeLinks(text: string): string {
  return text.replace(/([?&][A-Za-z_-]*token=)[^\s&#"'<>]+/gi, '$1[hidden]');
}

export async function listRecentOutboxMessages(db: Db, page: number): Promise<OutboxPage> {
  const rows = await db
    .selectFrom('email_outbox')
    .select(['id', 'recipient', 'subject', 'status', 'attempts', 'created_at', 'sent_at'])
    .orderBy('id', 'desc')
    .limit(OUTBOX_PAGE_SIZE + 1)
    .offset((page - 1) * OUTBOX_PAGE_SIZE)
    .execute();
  return {
    items: rows.slice(0, OUTBOX_PAGE_SIZE).map(toSummary),
    page,
    hasNextPage: rows.length > OUTBOX_PAGE_SIZE,
  };
}

function toSummary(row: {
  id: number;
  recipient: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  created_at: string;
  sent_at: string | null;
}) {
  return {
    id: row.id,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

export async function findOutboxMessage(db: Db, id: number): Promise<OutboxMessage | undefined> {
  const row = await db
    .selectFrom('email_outbox')
    .where('id', '=', id)
    .select(['id', 'recipient', 'subject', 'status', 'attempts', 'created_at', 'sent_at', 'text_body', 'last_error'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...toSummary(row),
    textBody: hideOneTimeLinks(row.text_body),
    lastError: row.last_error,
  };
}
