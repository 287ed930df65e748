// The content change log behind the page cache (page-cache.ts): every content
// change moves the one `content_revision` row and logs the revision it moved
// to with the cache tags it touched (migration 0014). The revision row is
// updated first, so its row lock orders the writers: revisions commit in
// order, and a reader never sees revision n+1 without n.
import { sql, type Transaction } from 'kysely';
import { isPostgres, type Db } from '../db/database.js';
import type { Database } from '../db/schema.js';

/** The tag a change logs when it cannot say what it touched: every page. */
export const EVERYTHING_TAG = '*';

/** Rows kept: a node further behind than this drops everything instead of reading them. */
export const KEPT_CHANGES = 1000;

/**
 * The PostgreSQL channel that announces changes, one per schema (two
 * newspapers on one server, or the test suite's schemas, do not wake each
 * other). Hashed: a channel name is at most 63 bytes, as a schema name may be.
 */
export const POSTGRES_CHANGE_CHANNEL_EXPRESSION = `'masthead_content_' || left(md5(current_schema()), 16)`;

/**
 * Logs one change inside the caller's transaction and returns its revision;
 * prunes rows no node needs any more. On PostgreSQL the listening nodes are
 * told at commit (NOTIFY is transactional), never before.
 */
export async function recordContentChange(
  trx: Transaction<Database>,
  change: { tags: readonly string[] | 'everything'; now: string },
): Promise<number> {
  const { revision } = await trx
    .updateTable('content_revision')
    .set({ revision: sql<number>`revision + 1`, changed_at: change.now })
    .where('id', '=', 1)
    .returning('revision')
    .executeTakeFirstOrThrow();
  const tags = change.tags === 'everything' ? [EVERYTHING_TAG] : [...new Set(change.tags)];
  await trx
    .insertInto('content_changes')
    .values({ revision, tags: JSON.stringify(tags), changed_at: change.now })
    .execute();
  await trx
    .deleteFrom('content_changes')
    .where('revision', '<=', revision - KEPT_CHANGES)
    .execute();
  if (isPostgres(trx)) await sql`select pg_notify(${sql.raw(POSTGRES_CHANGE_CHANNEL_EXPRESSION)}, ${String(revision)})`.execute(trx);
  return revision;
}

export interface LoggedChanges {
  /** The current revision. */
  revision: number;
  /** The changes logged after the revision asked about, up to `revision`, oldest first. */
  changes: { revision: number; tags: string[] }[];
}

/**
 * The current revision and the tags of what changed after `sinceRevision`
 * (nothing on a node's first read): `everything` when the log cannot tell.
 */
export async function readChangesSince(
  db: Db,
  sinceRevision: number | undefined,
): Promise<{ revision: number; stale: readonly string[] | 'everything' }> {
  const logged = await readLoggedChanges(db, sinceRevision);
  return { revision: logged.revision, stale: staleTagsSince(sinceRevision, logged) };
}

/** The current revision and the rows after `sinceRevision`, read in one statement (one snapshot). */
async function readLoggedChanges(db: Db, sinceRevision: number | undefined): Promise<LoggedChanges> {
  if (sinceRevision === undefined) {
    const row = await db.selectFrom('content_revision').where('id', '=', 1).select('revision').executeTakeFirstOrThrow();
    return { revision: row.revision, changes: [] };
  }
  const rows = await db
    .selectFrom('content_revision')
    .leftJoin('content_changes', (join) =>
      join.on('content_changes.revision', '>', sinceRevision).onRef('content_changes.revision', '<=', 'content_revision.revision'),
    )
    .where('content_revision.id', '=', 1)
    .select(['content_revision.revision as head', 'content_changes.revision', 'content_changes.tags'])
    .orderBy('content_changes.revision')
    .execute();
  return {
    revision: rows[0]!.head,
    changes: rows.flatMap((row) =>
      row.revision === null || row.tags === null ? [] : [{ revision: row.revision, tags: parseTags(row.tags) }],
    ),
  };
}

/**
 * What a node at `sinceRevision` must drop. Everything when a revision in
 * between has no row (moved without logging, as bulk loads do, or pruned
 * while the node was behind), when a change logged everything, or when the
 * revision went back (a restored database).
 */
export function staleTagsSince(sinceRevision: number | undefined, logged: LoggedChanges): readonly string[] | 'everything' {
  if (sinceRevision === undefined || logged.revision === sinceRevision) return [];
  if (logged.revision < sinceRevision || logged.changes.length !== logged.revision - sinceRevision) return 'everything';
  const tags = new Set(logged.changes.flatMap((change) => change.tags));
  return tags.has(EVERYTHING_TAG) ? 'everything' : [...tags];
}

function parseTags(stored: string): string[] {
  const tags: unknown = JSON.parse(stored);
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [EVERYTHING_TAG];
}
