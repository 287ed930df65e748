// Frozen. Each article's comment counts, kept by triggers on `comments` so
// every change of a comment's status or reply count — posting, an author's
// edit or deletion, a moderator's approval or rejection, or any later code
// path — moves them in the same transaction, and none can forget to
// (docs/decisions/008-comment-counts.md). Counting the rows instead cost two
// scans of the thread per post, which capped comment writes on a long thread;
// the two indexes those counts and the old subtree query used go.
//
// - published_count: comments with status 'published', at any depth;
// - listed_thread_count: top-level comments a thread page lists, i.e.
//   published ones and those (deleted, rejected, held) that still hold replies.
//
// An article's counts are the sums over its rows (none: no counted comments).
// On PostgreSQL each database session adds to its own row (the shard is its
// backend pid modulo 16): with one row per article, every transaction posting
// under a busy article queued on that row's lock until commit, which cut
// concurrent posting by a third in the load test. SQLite has one writer and
// one row (shard 0). A deletion subtracts from a row that exists (an UPDATE,
// never an insert), so the cascade from a deleted article cannot recreate the
// rows it is removing.
import { sql, type Kysely } from 'kysely';

function engineOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

const published = (row: 'new' | 'old') => `(case when ${row}.status = 'published' then 1 else 0 end)`;
const listed = (row: 'new' | 'old') =>
  `(case when ${row}.parent_id is null and (${row}.status = 'published' or ${row}.reply_count > 0) then 1 else 0 end)`;

export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('article_comment_counts')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('published_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('listed_thread_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_comment_counts_pk', ['article_id', 'shard'])
    .execute();

  // Nothing reads these any more: the counts replace counting by (article, status), and a
  // comment's replies are found within its thread (root_id, path). Each index dropped is
  // one page fewer written by every post.
  await db.schema.dropIndex('comments_article_status_created_idx').execute();
  await db.schema.dropIndex('comments_article_path_idx').execute();

  await sql`
    insert into article_comment_counts (article_id, shard, published_count, listed_thread_count)
    select article_id, 0,
      sum(case when status = 'published' then 1 else 0 end),
      sum(case when parent_id is null and (status = 'published' or reply_count > 0) then 1 else 0 end)
    from comments
    group by article_id
  `.execute(db);

  const upsert = (article: string, shard: string, publishedDelta: string, listedDelta: string) => `
    insert into article_comment_counts (article_id, shard, published_count, listed_thread_count)
    values (${article}, ${shard}, ${publishedDelta}, ${listedDelta})
    on conflict (article_id, shard) do update set
      published_count = article_comment_counts.published_count + excluded.published_count,
      listed_thread_count = article_comment_counts.listed_thread_count + excluded.listed_thread_count`;

  if (engine === 'sqlite') {
    await sql
      .raw(
        `create trigger comments_count_insert after insert on comments
         when ${published('new')} + ${listed('new')} > 0
         begin ${upsert('new.article_id', '0', published('new'), listed('new'))}; end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger comments_count_update after update of status, reply_count on comments
         when ${published('new')} <> ${published('old')} or ${listed('new')} <> ${listed('old')}
         begin ${upsert('new.article_id', '0', `${published('new')} - ${published('old')}`, `${listed('new')} - ${listed('old')}`)}; end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger comments_count_delete after delete on comments
         when ${published('old')} + ${listed('old')} > 0
         begin
           update article_comment_counts set
             published_count = published_count - ${published('old')},
             listed_thread_count = listed_thread_count - ${listed('old')}
           where article_id = old.article_id and shard = 0;
         end`,
      )
      .execute(db);
    return;
  }

  await sql
    .raw(
      `create function masthead_count_article_comments() returns trigger language plpgsql as $$
       declare
         published_delta integer := 0;
         listed_delta integer := 0;
       begin
         if tg_op <> 'INSERT' then
           published_delta := published_delta - ${published('old')};
           listed_delta := listed_delta - ${listed('old')};
         end if;
         if tg_op <> 'DELETE' then
           published_delta := published_delta + ${published('new')};
           listed_delta := listed_delta + ${listed('new')};
         end if;
         if published_delta = 0 and listed_delta = 0 then
           return null;
         end if;
         if tg_op = 'DELETE' then
           update article_comment_counts set
             published_count = published_count + published_delta,
             listed_thread_count = listed_thread_count + listed_delta
           where (article_id, shard) = (select article_id, shard from article_comment_counts where article_id = old.article_id limit 1);
         else
           ${upsert('new.article_id', 'pg_backend_pid() % 16', 'published_delta', 'listed_delta')};
         end if;
         return null;
       end
       $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger comments_count after insert or update of status, reply_count or delete on comments
       for each row execute function masthead_count_article_comments()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'sqlite') {
    for (const name of ['comments_count_insert', 'comments_count_update', 'comments_count_delete'])
      await sql.raw(`drop trigger ${name}`).execute(db);
  } else {
    await sql.raw('drop trigger comments_count on comments').execute(db);
    await sql.raw('drop function masthead_count_article_comments()').execute(db);
  }
  await db.schema.dropTable('article_comment_counts').execute();
  await db.schema.createIndex('comments_article_path_idx').on('comments').columns(['article_id', 'path']).execute();
  await db.schema
    .createIndex('comments_article_status_created_idx')
    .on('comments')
    .columns(['article_id', 'status', 'created_at'])
    .execute();
}
