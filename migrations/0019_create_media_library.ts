// Frozen. The newsroom's media library:
// - on `images`: a focal point (0..1 across and down; the middle by default)
//   that cropped pictures keep in view, the state of its background renditions
//   ('processing' until the job has made them; images that existed before are
//   'ready': their renditions are made on request as before), a lower-cased
//   copy of its words for the library's search, and when its words last
//   changed.
// - `article_images`: which images each article shows (hero, body figures),
//   written by the article editing service on every save, so "where is this
//   image used" never reads article bodies. It references images without a
//   cascade: an image still in use cannot be deleted, whatever the caller.
// - `image_rendition_jobs`: the background queue of renditions to make, one
//   row per image, claimed with a compare-and-set so any node can work it.
// Existing articles and images are backfilled here.
import type { Kysely } from 'kysely';

function engineOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

const BATCH = 500;

/** Figure image ids in a stored body; a body that does not parse names none. */
function figurePublicIds(bodyJson: string): string[] {
  try {
    const body = JSON.parse(bodyJson) as { content?: Array<{ type?: unknown; attrs?: { imageId?: unknown } }> };
    return (body.content ?? []).flatMap((block) =>
      block?.type === 'figure' && typeof block.attrs?.imageId === 'string' ? [block.attrs.imageId] : [],
    );
  } catch {
    return [];
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = engineOf(db) === 'postgres';
  const id = postgres ? 'serial' : 'integer';
  const primaryKey = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());
  const real = postgres ? 'double precision' : 'real';

  await db.schema
    .alterTable('images')
    .addColumn('focal_x', real, (c) => c.notNull().defaultTo(0.5))
    .execute();
  await db.schema
    .alterTable('images')
    .addColumn('focal_y', real, (c) => c.notNull().defaultTo(0.5))
    .execute();
  await db.schema
    .alterTable('images')
    .addColumn('renditions_status', 'text', (c) => c.notNull().defaultTo('ready'))
    .execute();
  await db.schema
    .alterTable('images')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('images').addColumn('updated_at', 'text').execute();
  // Heroes by image: "where is this image used" and the pages a library change drops.
  await db.schema.createIndex('articles_hero_image_idx').on('articles').column('hero_image_id').execute();

  await db.schema
    .createTable('article_images')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('image_id', 'integer', (c) => c.notNull().references('images.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_images_pk', ['article_id', 'image_id', 'role'])
    .execute();
  await db.schema.createIndex('article_images_image_idx').on('article_images').columns(['image_id', 'article_id']).execute();

  await db.schema
    .createTable('image_rendition_jobs')
    .addColumn('id', id, primaryKey)
    .addColumn('image_id', 'integer', (c) => c.notNull().unique().references('images.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_at', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('image_rendition_jobs_due_idx').on('image_rendition_jobs').columns(['status', 'available_at']).execute();

  // Backfill, in batches so a large archive never sits in memory at once.
  for (let after = 0; ;) {
    const images = await db
      .selectFrom('images')
      .where('id', '>', after)
      .select(['id', 'alt', 'caption', 'credit'])
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (!images.length) break;
    for (const image of images)
      await db
        .updateTable('images')
        .set({ search_text: `${image.alt} ${image.caption} ${image.credit}`.toLowerCase() })
        .where('id', '=', image.id)
        .execute();
    after = images[images.length - 1]!.id;
  }
  for (let after = 0; ;) {
    const articles = await db
      .selectFrom('articles')
      .where('id', '>', after)
      .select(['id', 'hero_image_id', 'body_json'])
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (!articles.length) break;
    const publicIds = [...new Set(articles.flatMap((article) => figurePublicIds(article.body_json)))];
    const idOf = new Map<string, number>();
    for (let start = 0; start < publicIds.length; start += BATCH) {
      const rows = await db
        .selectFrom('images')
        .where('public_id', 'in', publicIds.slice(start, start + BATCH))
        .select(['id', 'public_id'])
        .execute();
      for (const row of rows) idOf.set(row.public_id, row.id);
    }
    const links = articles.flatMap((article) => {
      const seen = new Set<string>();
      const rows: Array<{ article_id: number; image_id: number; role: string }> = [];
      const add = (imageId: number | undefined, role: string) => {
        if (imageId === undefined || imageId === null || seen.has(`${imageId}/${role}`)) return;
        seen.add(`${imageId}/${role}`);
        rows.push({ article_id: article.id, image_id: imageId, role });
      };
      add(article.hero_image_id ?? undefined, 'hero');
      for (const publicId of figurePublicIds(article.body_json)) add(idOf.get(publicId), 'figure');
      return rows;
    });
    for (let start = 0; start < links.length; start += BATCH)
      await db
        .insertInto('article_images')
        .values(links.slice(start, start + BATCH))
        .execute();
    after = articles[articles.length - 1]!.id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('image_rendition_jobs').execute();
  await db.schema.dropTable('article_images').execute();
  await db.schema.dropIndex('articles_hero_image_idx').execute();
  for (const column of ['updated_at', 'search_text', 'renditions_status', 'focal_y', 'focal_x'])
    await db.schema.alterTable('images').dropColumn(column).execute();
}
