// Frozen. What moving a publication in from Ghost, WordPress or a Masthead
// archive keeps (features/importers, docs/decisions/022-importing-publications.md):
// - `import_records`: one row per thing brought in (an article, an image, an
//   author, a reader, a comment), keyed by where it came from (`source`, e.g.
//   `ghost` or `wordpress:https://old.example`), its kind and its id there. An
//   article's row is written in the transaction that writes the article, so an
//   import stopped at any point resumes without duplicates.
// - `legacy_redirects`: the old site's reader paths (`/2019/04/harbour/`,
//   `/harbour/`, `/?p=123`) and the article they lead to now. The article's
//   current address is computed at request time, so a later rename or move
//   of the article needs no rewrite here. Read only after no route matched.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_records')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_records_pk', ['source', 'kind', 'source_id'])
    .execute();

  await db.schema
    .createTable('legacy_redirects')
    .addColumn('old_path', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('legacy_redirects_article_idx').on('legacy_redirects').column('article_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('legacy_redirects').execute();
  await db.schema.dropTable('import_records').execute();
}
