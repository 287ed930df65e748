// Frozen. The Content API's browse (features/content-api) walks readable
// articles in publication order and tests each against the filter. With the
// access level and section in the walk's own index, `visibility:` and
// `primary_tag:` filters are answered from the index alone: without them every
// entry walked read its article's row (on SQLite, the body with it), so a
// selective filter such as `visibility:paid` read most of the archive's rows
// (docs/decisions/021-content-api.md has the measurements).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('articles_content_api_idx')
    .on('articles')
    .columns(['status', 'published_at', 'id', 'access_level', 'section_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_content_api_idx').execute();
}
