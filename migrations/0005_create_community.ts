// Frozen. Comments and community (docs/product.md, "Comments and community"; issue 5): threaded comments
// with recommendations and reports, follows between readers, in-app
// notifications and their email preferences, and the moderation state (reader
// standing, per-article pre-moderation, banned words, the audit log).
import { sql, type Kysely } from 'kysely';

function engineOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  const idType = engine === 'postgres' ? 'serial' : 'integer';
  const id = (column: any) => (engine === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement());

  await db.schema
    .createTable('comments')
    .addColumn('id', idType, id)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    // Readers are never hard-deleted (a deleted account is an anonymised tombstone).
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id'))
    // The top-level comment of the thread (itself for a top-level comment): threads page by it.
    .addColumn('root_id', 'integer')
    .addColumn('depth', 'integer', (c) => c.notNull())
    // Ancestors' ids and its own, zero-padded and '/'-joined: sorting by it gives a thread in reading order.
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('is_featured', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recommend_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .addCheckConstraint('comments_status_check', sql`status in ('published', 'pending', 'rejected', 'deleted')`)
    .execute();
  await db.schema.createIndex('comments_article_path_idx').on('comments').columns(['article_id', 'path']).execute();
  await db.schema
    .createIndex('comments_article_status_created_idx')
    .on('comments')
    .columns(['article_id', 'status', 'created_at'])
    .execute();
  await db.schema.createIndex('comments_parent_idx').on('comments').columns(['parent_id']).execute();
  await db.schema.createIndex('comments_author_created_idx').on('comments').columns(['author_id', 'created_at']).execute();
  await db.schema.createIndex('comments_status_created_idx').on('comments').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('comment_recommendations')
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_recommendations_pk', ['comment_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('comment_reports')
    .addColumn('id', idType, id)
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reporter_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('comment_reports_once', ['comment_id', 'reporter_id'])
    .execute();
  await db.schema.createIndex('comment_reports_open_idx').on('comment_reports').columns(['resolved_at', 'created_at']).execute();

  await db.schema
    .createTable('follows')
    .addColumn('follower_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('followee_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pk', ['follower_id', 'followee_id'])
    .addCheckConstraint('follows_not_self', sql`follower_id <> followee_id`)
    .execute();
  await db.schema.createIndex('follows_followee_idx').on('follows').columns(['followee_id', 'created_at']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', idType, id)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addCheckConstraint('notifications_kind_check', sql`kind in ('reply', 'followed-comment')`)
    .addUniqueConstraint('notifications_once', ['user_id', 'kind', 'comment_id'])
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'read_at', 'created_at']).execute();

  // One row per reader who changed a default: replies by email on, follows off.
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('email_replies', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('email_follows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A reader's standing with the moderators; no row = in good standing.
  await db.schema
    .createTable('reader_moderation')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('premoderated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('suspended_until', 'text')
    .addColumn('banned_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .execute();

  // Closing comments uses articles.comments_enabled; this holds pre-moderation.
  await db.schema
    .createTable('article_comment_settings')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('premoderated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('banned_words')
    .addColumn('id', idType, id)
    .addColumn('phrase', 'text', (c) => c.notNull().unique())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addCheckConstraint('banned_words_action_check', sql`action in ('reject', 'hold')`)
    .execute();

  await db.schema
    .createTable('moderation_log')
    .addColumn('id', idType, id)
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('comment_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_log_created_idx').on('moderation_log').columns(['created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'moderation_log',
    'banned_words',
    'article_comment_settings',
    'reader_moderation',
    'notification_preferences',
    'notifications',
    'follows',
    'comment_reports',
    'comment_recommendations',
    'comments',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
