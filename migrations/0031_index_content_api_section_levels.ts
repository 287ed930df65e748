// Frozen. The Content API's browse (features/content-api) with a section and a
// level (`primary_tag:news+visibility:public`, a front-end's section page)
// walked the section's listing index and read each article's row (on SQLite,
// the body with it) for its level: at 100,000 articles, counting the
// combination read every article of the section (~50–130 ms). With the level
// after the section, the combination has a walk of its own, in publication
// order. The section leads and the level follows, so neither a section
// listing (which never names a level) nor a level alone (migration 0025) is
// drawn to it (docs/decisions/021-content-api.md has the measurements).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('articles_section_level_idx')
    .on('articles')
    .columns(['section_id', 'access_level', 'status', 'published_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('articles_section_level_idx').execute();
}
