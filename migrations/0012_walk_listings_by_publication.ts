// Frozen. Every listing (home, section, topic, author, feeds) becomes a short
// walk of one index, newest first, from a (published_at, id) position: no
// count of the archive, no OFFSET, no sort (docs/decisions/011-archive-scale-queries.md).
// At 300,000 articles a listing counted every readable article on each render
// (147 ms on PostgreSQL, 0.73 s on SQLite) and a deep page walked most of an
// index (777 ms).
//
// - articles: (status, published_at, id) walks the site; (section_id, status,
//   published_at, id) walks one section (a parent section's page merges the
//   walks of its subsections). They replace (status, published_at) and
//   (section_id, published_at), which they extend.
// - article_topics and article_authors carry a copy of their article's status
//   and published_at, so a topic's or author's page walks
//   (topic_id | author_id, status, published_at, article_id) without reading
//   any article it does not show. The copies are kept by triggers, like the
//   comment counts (0007) and the Following feed (0011), so every writer —
//   the newsroom, the demo, imports, the benchmark's bulk generator — keeps
//   them right without knowing about them: a link row copies its article's
//   values when inserted; a change of an article's status or publication time
//   is copied to its link rows in the same transaction. Readers' queries still
//   check the article itself too, so a copy could only ever hide an article,
//   never show one early.
import { sql, type Kysely } from 'kysely';

type Engine = 'sqlite' | 'postgres';

function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

const LINKS = [
  { table: 'article_topics', subject: 'topic_id' },
  { table: 'article_authors', subject: 'author_id' },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  for (const { table } of LINKS) {
    await db.schema
      .alterTable(table)
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
      .execute();
    await db.schema.alterTable(table).addColumn('published_at', 'text').execute();
    await sql
      .raw(
        `update ${table} set (status, published_at) = (select a.status, a.published_at from articles a where a.id = ${table}.article_id)`,
      )
      .execute(db);
  }

  await db.schema.dropIndex('articles_status_published_idx').execute();
  await db.schema.dropIndex('articles_section_published_idx').execute();
  await db.schema.dropIndex('article_topics_topic_idx').execute();
  await db.schema.dropIndex('article_authors_author_idx').execute();
  await db.schema.createIndex('articles_listing_idx').on('articles').columns(['status', 'published_at', 'id']).execute();
  await db.schema
    .createIndex('articles_section_listing_idx')
    .on('articles')
    .columns(['section_id', 'status', 'published_at', 'id'])
    .execute();
  for (const { table, subject } of LINKS) {
    await db.schema.createIndex(`${table}_listing_idx`).on(table).columns([subject, 'status', 'published_at', 'article_id']).execute();
  }

  if (engine === 'sqlite') {
    // SQLite runs one writer at a time, so reading the article after the insert is enough.
    for (const { table, subject } of LINKS) {
      await sql
        .raw(
          `create trigger ${table}_copy_publication after insert on ${table} begin
             update ${table} set (status, published_at) = (select a.status, a.published_at from articles a where a.id = new.article_id)
             where article_id = new.article_id and ${subject} = new.${subject}
               and exists (select 1 from articles a where a.id = new.article_id);
           end`,
        )
        .execute(db);
    }
    await sql
      .raw(
        `create trigger articles_copy_publication after update of status, published_at on articles
         when old.status is not new.status or old.published_at is not new.published_at
         begin
           update article_topics set status = new.status, published_at = new.published_at where article_id = new.id;
           update article_authors set status = new.status, published_at = new.published_at where article_id = new.id;
         end`,
      )
      .execute(db);
    return;
  }

  // PostgreSQL plans from statistics, and the copied columns have none until the next autovacuum:
  // without them it walked a deep topic page by a bitmap scan and a sort.
  for (const table of ['articles', 'article_topics', 'article_authors']) await sql.raw(`analyze ${table}`).execute(db);

  // PostgreSQL: a link inserted while another transaction changes its article
  // would copy the old values, and that transaction's trigger would not see
  // the uncommitted link. FOR SHARE makes the two wait for each other: the
  // insert reads the article as committed after the change, or the change's
  // trigger runs after the insert committed (each statement of a plpgsql
  // function takes a fresh snapshot under READ COMMITTED). No article found:
  // the values stay as given and the foreign key reports the insert.
  await sql
    .raw(
      `create function masthead_copy_article_publication() returns trigger language plpgsql as $$
       declare
         article record;
       begin
         select a.status, a.published_at into article from articles a where a.id = new.article_id for share;
         if found then
           new.status := article.status;
           new.published_at := article.published_at;
         end if;
         return new;
       end
       $$`,
    )
    .execute(db);
  for (const { table } of LINKS) {
    await sql
      .raw(
        `create trigger ${table}_copy_publication before insert on ${table}
         for each row execute function masthead_copy_article_publication()`,
      )
      .execute(db);
  }
  await sql
    .raw(
      `create function masthead_copy_publication_to_links() returns trigger language plpgsql as $$
       begin
         update article_topics set status = new.status, published_at = new.published_at where article_id = new.id;
         update article_authors set status = new.status, published_at = new.published_at where article_id = new.id;
         return null;
       end
       $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger articles_copy_publication after update of status, published_at on articles
       for each row when (old.status is distinct from new.status or old.published_at is distinct from new.published_at)
       execute function masthead_copy_publication_to_links()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  if (engine === 'sqlite') {
    for (const name of ['article_topics_copy_publication', 'article_authors_copy_publication', 'articles_copy_publication'])
      await sql.raw(`drop trigger ${name}`).execute(db);
  } else {
    await sql.raw('drop trigger articles_copy_publication on articles').execute(db);
    for (const { table } of LINKS) await sql.raw(`drop trigger ${table}_copy_publication on ${table}`).execute(db);
    await sql.raw('drop function masthead_copy_publication_to_links()').execute(db);
    await sql.raw('drop function masthead_copy_article_publication()').execute(db);
  }
  for (const name of ['articles_listing_idx', 'articles_section_listing_idx', 'article_topics_listing_idx', 'article_authors_listing_idx'])
    await db.schema.dropIndex(name).execute();
  await db.schema.createIndex('articles_status_published_idx').on('articles').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('articles_section_published_idx').on('articles').columns(['section_id', 'published_at']).execute();
  await db.schema.createIndex('article_authors_author_idx').on('article_authors').columns(['author_id', 'article_id']).execute();
  await db.schema.createIndex('article_topics_topic_idx').on('article_topics').columns(['topic_id', 'article_id']).execute();
  for (const { table } of LINKS) {
    await db.schema.alterTable(table).dropColumn('published_at').execute();
    await db.schema.alterTable(table).dropColumn('status').execute();
  }
}
