// Frozen. The Content API's browse (features/content-api) walks readable
// articles in publication order and tests each against the filter. A filter on
// one access level (`visibility:paid`, the common one: a front-end's paid
// archive) walks this index instead, one level's articles in publication
// order; without it every entry of the site's walk read its article's row (on
// SQLite, the body with it) to find the few paid ones. The level leads, so no
// listing walk (which never names a level) is drawn to it
// (docs/decisions/021-content-api.md has the measurements).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('articles_content_api_idx')
    .on('articles')
    .columns(['access_level', 'status', 'published_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_content_api_idx').execute();
}
