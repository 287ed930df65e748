// Frozen. What the newsroom needs to write and publish articles:
// - on `articles`: who created it (a staff member or an API key: "own" for an
//   author), when it was submitted for review (a draft with `submitted_at` is
//   "in review"; no new status, so the status check and the listing triggers
//   stay as they are), the editorial note (staff only), the hero's caption,
//   credit and alt text for this article (NULL: the image library's), and the
//   corrections, appended as a JSON array so a reader's page needs no extra
//   statement for them.
// - `article_revisions`: every save, with who made it (the person's name or
//   the key's, kept as text so it survives the account) and a JSON snapshot of
//   the fields; a save from a stale tab is kept here too, never applied.
// - `article_slug_redirects`: slugs a published article had before, for 301s.
// - `article_share_links`: signed, expiring, revocable preview links (only a
//   hash of the token is kept).
// - `article_presence`: who has an article open in the editor (heartbeats).
// - `newsroom_notifications`: "submitted for review" and the like, per staff
//   member; `users.review_emails` is whether they want them by email too.
import type { Kysely } from 'kysely';

function engineOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = engineOf(db) === 'postgres';
  const id = postgres ? 'serial' : 'integer';
  const primaryKey = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());

  // Plain integers, no foreign keys: SQLite cannot drop a column that has one
  // (the down migration). Keys are never deleted (revoked); a deleted account
  // leaves an id nobody else gets (ids are never reused).
  await db.schema.alterTable('articles').addColumn('created_by_user_id', 'integer').execute();
  await db.schema.alterTable('articles').addColumn('created_by_api_key_id', 'integer').execute();
  await db.schema.alterTable('articles').addColumn('submitted_at', 'text').execute();
  await db.schema
    .alterTable('articles')
    .addColumn('editorial_note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('articles').addColumn('hero_caption', 'text').execute();
  await db.schema.alterTable('articles').addColumn('hero_credit', 'text').execute();
  await db.schema.alterTable('articles').addColumn('hero_alt', 'text').execute();
  await db.schema
    .alterTable('articles')
    .addColumn('corrections_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  // The newsroom's lists: drafts in review, and a person's own articles.
  await db.schema.createIndex('articles_submitted_idx').on('articles').columns(['status', 'submitted_at']).execute();
  await db.schema.createIndex('articles_created_by_user_idx').on('articles').columns(['created_by_user_id', 'id']).execute();

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', id, primaryKey)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('api_key_id', 'integer', (c) => c.references('api_keys.id').onDelete('set null'))
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_revisions_article_idx').on('article_revisions').columns(['article_id', 'id']).execute();

  await db.schema
    .createTable('article_slug_redirects')
    .addColumn('old_slug', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('article_share_links')
    .addColumn('id', id, primaryKey)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('article_share_links_article_idx').on('article_share_links').columns(['article_id', 'id']).execute();

  await db.schema
    .createTable('article_presence')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_presence_pk', ['article_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('newsroom_notifications')
    .addColumn('id', id, primaryKey)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('newsroom_notifications_user_idx').on('newsroom_notifications').columns(['user_id', 'id']).execute();

  await db.schema
    .alterTable('users')
    .addColumn('review_emails', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('review_emails').execute();
  await db.schema.dropTable('newsroom_notifications').execute();
  await db.schema.dropTable('article_presence').execute();
  await db.schema.dropTable('article_share_links').execute();
  await db.schema.dropTable('article_slug_redirects').execute();
  await db.schema.dropTable('article_revisions').execute();
  await db.schema.dropIndex('articles_created_by_user_idx').execute();
  await db.schema.dropIndex('articles_submitted_idx').execute();
  for (const column of [
    'corrections_json',
    'hero_alt',
    'hero_credit',
    'hero_caption',
    'editorial_note',
    'submitted_at',
    'created_by_api_key_id',
    'created_by_user_id',
  ]) {
    await db.schema.alterTable('articles').dropColumn(column).execute();
  }
}
