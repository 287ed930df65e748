// The archive import's own SQL: what the services have no door for — an
// account with its consents (and, with credentials, its password hash and
// sessions), a comment with its thread position, and an article's corrections
// and update date as they were (the editing service dates them now). Like the
// other importers' reader rows, a data load (docs/architecture.md, exceptions).
import { sql } from 'kysely';
import type { DbOrTransaction } from '../../core/db/database.js';
import type { CommentStatus, Role } from '../../core/db/schema.js';

const PATH_SEGMENT_WIDTH = 10; // comments.repository.ts: ordering paths as text orders ids numerically
const segment = (id: number) => String(id).padStart(PATH_SEGMENT_WIDTH, '0');

export interface ArchivedAccount {
  email: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  role: Role;
  emailVerifiedAt: string | null;
  marketingOptOut: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  deactivatedAt: string | null;
  passwordHash: string | null;
  consents: Array<{ document: string; version: string; granted: boolean; recordedAt: string; ipAddress: string; userAgent: string }>;
}

export async function insertArchivedAccount(trx: DbOrTransaction, account: ArchivedAccount): Promise<number> {
  const row = await trx
    .insertInto('users')
    .values({
      email: account.email,
      email_verified_at: account.emailVerifiedAt,
      password_hash: account.passwordHash,
      first_name: account.firstName,
      last_name: account.lastName,
      date_of_birth: account.dateOfBirth,
      role: account.role,
      marketing_opt_out: account.marketingOptOut ? 1 : 0,
      created_at: account.createdAt,
      updated_at: account.updatedAt,
      deleted_at: account.deletedAt,
      deactivated_at: account.deactivatedAt,
      last_sign_in_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const consent of account.consents)
    await trx
      .insertInto('consents')
      .values({
        user_id: row.id,
        document: consent.document,
        version: consent.version,
        granted: consent.granted ? 1 : 0,
        recorded_at: consent.recordedAt,
        ip_address: consent.ipAddress,
        user_agent: consent.userAgent,
      })
      .execute();
  return row.id;
}

export async function insertArchivedSession(
  trx: DbOrTransaction,
  session: { id: string; userId: number; createdAt: string; lastSeenAt: string; expiresAt: string; userAgent: string; ipAddress: string },
): Promise<boolean> {
  const result = await trx
    .insertInto('sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
      user_agent: session.userAgent,
      ip_address: session.ipAddress,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A comment under its (already imported) article and parent; the counts and feeds follow by trigger, the parent's reply count here. */
export async function insertArchivedComment(
  trx: DbOrTransaction,
  comment: {
    articleId: number;
    authorId: number;
    parentId: number | null;
    body: string;
    status: CommentStatus;
    statusReason: string | null;
    featured: boolean;
    createdAt: string;
    editedAt: string | null;
    deletedAt: string | null;
  },
): Promise<number | null> {
  const parent =
    comment.parentId === null
      ? null
      : await trx.selectFrom('comments').where('id', '=', comment.parentId).select(['id', 'root_id', 'depth', 'path']).executeTakeFirst();
  if (comment.parentId !== null && !parent) return null;
  const row = await trx
    .insertInto('comments')
    .values({
      article_id: comment.articleId,
      author_id: comment.authorId,
      parent_id: parent?.id ?? null,
      root_id: parent ? (parent.root_id ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 0,
      path: '',
      body: comment.body,
      status: comment.status,
      status_reason: comment.statusReason,
      is_featured: comment.featured ? 1 : 0,
      created_at: comment.createdAt,
      edited_at: comment.editedAt,
      deleted_at: comment.deletedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('comments')
    .set({ path: parent ? `${parent.path}/${segment(row.id)}` : segment(row.id), root_id: parent ? (parent.root_id ?? parent.id) : row.id })
    .where('id', '=', row.id)
    .execute();
  if (parent)
    await trx
      .updateTable('comments')
      .set({ reply_count: sql`reply_count + 1` })
      .where('id', '=', parent.id)
      .execute();
  return row.id;
}

/** The corrections and "Updated" date the archive carries, set in the transaction that writes the article. */
export async function restoreArticleHistory(
  trx: DbOrTransaction,
  articleId: number,
  history: {
    corrections: ReadonlyArray<{ text: string; correctedAt: string }>;
    updatedAt: string | null;
    status: string;
    publishedAt: string | null;
  },
): Promise<void> {
  await trx
    .updateTable('articles')
    .set({
      corrections_json: JSON.stringify(history.corrections),
      updated_at: history.updatedAt,
      // A draft keeps the date it carried (an unpublished story's); a save as draft clears it.
      ...(history.status === 'draft' ? { published_at: history.publishedAt } : {}),
    })
    .where('id', '=', articleId)
    .execute();
}

export async function namesBySlug(
  db: DbOrTransaction,
  table: 'authors' | 'topics',
  slugs: readonly string[],
): Promise<Map<string, string>> {
  if (!slugs.length) return new Map();
  const rows = await db.selectFrom(table).where('slug', 'in', slugs).select(['slug', 'name']).execute();
  return new Map(rows.map((row) => [row.slug, row.name]));
}

/** The focal point the archive carries (the upload path centres it). */
export async function setImageFocalPoint(db: DbOrTransaction, publicId: string, focal: { x: number; y: number }): Promise<void> {
  await db.updateTable('images').set({ focal_x: focal.x, focal_y: focal.y }).where('public_id', '=', publicId).execute();
}

/** An author's portrait, by the library id it has here. */
export async function setAuthorPicture(db: DbOrTransaction, authorSlug: string, publicId: string): Promise<void> {
  const image = await db.selectFrom('images').where('public_id', '=', publicId).select('id').executeTakeFirst();
  if (image) await db.updateTable('authors').set({ picture_image_id: image.id }).where('slug', '=', authorSlug).execute();
}
