// Frozen. Each article's comments get a publication sequence, so a live
// reader who reconnects is sent exactly what was published since the mark it
// holds (docs/decisions/007-live-comments.md). Comment ids could not serve:
// a held comment approved after newer ones were posted has an older id, and
// on PostgreSQL ids are taken before commit, so an id below a reader's mark
// could still commit after it.
//
// - article_comment_counts.last_published_seq: the article's last sequence
//   number, on its shard-0 row only (the other shards' stay 0; read it as the
//   maximum over the article's rows);
// - comments.published_seq: the number the comment got when it was last
//   published (null until it first is), indexed with its article.
//
// Triggers take the next number whenever a comment becomes published (posted
// published, approved, or any later path), in that transaction. The bump is an
// upsert of one row per article, which holds that row's lock until commit: two
// transactions publishing under one article queue there, so the numbers are
// handed out in commit order (a reader whose mark is N has seen every comment
// numbered up to N, whatever the other engine-level ids did), and a rollback
// takes its number back. That row is the counts' shard 0, which SQLite writes
// anyway, so the sequence costs SQLite no extra page.
import { sql, type Kysely } from 'kysely';

function engineOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

const bump = (article: string) => `
  insert into article_comment_counts (article_id, shard, last_published_seq)
  values (${article}, 0, 1)
  on conflict (article_id, shard) do update set last_published_seq = article_comment_counts.last_published_seq + 1`;

export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .alterTable('article_comment_counts')
    .addColumn('last_published_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('comments').addColumn('published_seq', 'integer').execute();

  // The comments already published, numbered in id order per article (their publication order is not recorded).
  await sql`
    update comments set published_seq = ranked.seq
    from (select id, row_number() over (partition by article_id order by id) as seq from comments where status = 'published') as ranked
    where comments.id = ranked.id
  `.execute(db);
  // `where true`: SQLite needs it to tell an upsert's ON CONFLICT from a join's ON.
  await sql`
    insert into article_comment_counts (article_id, shard, last_published_seq)
    select article_id, 0, max(published_seq) from comments where published_seq is not null and true group by article_id
    on conflict (article_id, shard) do update set last_published_seq = excluded.last_published_seq
  `.execute(db);
  // Partial: a comment never published has no entry, and on SQLite (where the number is set just
  // after the insert) a new one is not indexed twice. `published_seq > ?` implies the condition.
  await db.schema
    .createIndex('comments_article_published_seq_idx')
    .on('comments')
    .columns(['article_id', 'published_seq'])
    .where(sql.ref('published_seq'), 'is not', null)
    .execute();

  if (engine === 'sqlite') {
    // SQLite triggers cannot change the row being written, so the number is set on it afterwards.
    const numberIt = `
      ${bump('new.article_id')};
      update comments set published_seq =
        (select last_published_seq from article_comment_counts where article_id = new.article_id and shard = 0)
      where id = new.id;`;
    await sql
      .raw(`create trigger comments_sequence_insert after insert on comments when new.status = 'published' begin ${numberIt} end`)
      .execute(db);
    await sql
      .raw(
        `create trigger comments_sequence_publish after update of status on comments
         when new.status = 'published' and old.status <> 'published' begin ${numberIt} end`,
      )
      .execute(db);
    return;
  }

  await sql
    .raw(
      `create function masthead_sequence_comment_publication() returns trigger language plpgsql as $$
       begin
         if new.status = 'published' and (tg_op = 'INSERT' or old.status <> 'published') then
           ${bump('new.article_id')}
           returning last_published_seq into new.published_seq;
         end if;
         return new;
       end
       $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger comments_sequence before insert or update of status on comments
       for each row execute function masthead_sequence_comment_publication()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'sqlite') {
    for (const name of ['comments_sequence_insert', 'comments_sequence_publish']) await sql.raw(`drop trigger ${name}`).execute(db);
  } else {
    await sql.raw('drop trigger comments_sequence on comments').execute(db);
    await sql.raw('drop function masthead_sequence_comment_publication()').execute(db);
  }
  await db.schema.dropIndex('comments_article_published_seq_idx').execute();
  await db.schema.alterTable('comments').dropColumn('published_seq').execute();
  await db.schema.alterTable('article_comment_counts').dropColumn('last_published_seq').execute();
}
