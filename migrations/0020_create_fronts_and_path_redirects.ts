// Frozen. What the newsroom needs to curate fronts and manage sections,
// topics and authors:
// - `front_versions`: one row per front that was ever saved from the
//   newsroom, with its version, so a save from a stale form is refused rather
//   than silently replacing another editor's curation (`front_slots`, from
//   0001, keeps the slots themselves).
// - `path_redirects`: reader paths given up by a renamed section, topic or
//   author (`/world` → `/globe`), consulted only after a miss, so a rename
//   keeps old links and search results working with a 301.
// - `authors.picture_image_id`: the author's portrait from the media library
//   (a plain integer, no foreign key: SQLite cannot drop a column that has
//   one, and the down migration drops it).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('front_versions')
    .addColumn('front', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('path_redirects')
    .addColumn('old_path', 'text', (c) => c.primaryKey())
    .addColumn('new_path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // A later rename rewrites the redirects that led to the path it gives up.
  await db.schema.createIndex('path_redirects_new_path_idx').on('path_redirects').column('new_path').execute();

  await db.schema.alterTable('authors').addColumn('picture_image_id', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('authors').dropColumn('picture_image_id').execute();
  await db.schema.dropTable('path_redirects').execute();
  await db.schema.dropTable('front_versions').execute();
}
