// Frozen. The Following feed, fanned out on write: one row per reader and
// comment that belongs in the reader's feed (a comment by someone they follow,
// or a reply to one of that person's comments, never the reader's own), so a
// page is a short walk of (reader_id, created_at, comment_id) newest first.
// Reading every comment the followees ever wrote before taking a page cost
// 30–70 ms at 100,000 comments and grew with their history
// (bench/community-feeds.ts, docs/benchmarks.md).
//
// Kept by triggers, like the counts (migration 0007), so every path that
// writes comments or follows keeps it whole, tests' and benches' fixtures
// included:
// - a comment, when stored (whatever its status: whether it shows is decided
//   when the feed is read, as before), goes to the followers of its author and
//   of its parent's author;
// - a follow brings in the followee's comments and the replies to them;
// - an unfollow takes out what no remaining follow still brings in.
// Rows go with their comment (cascade). Visibility (published, article live,
// author neither deleted nor banned) is still checked when the feed is read.
import { sql, type Kysely } from 'kysely';

type Engine = 'sqlite' | 'postgres';

/** PostgreSQL advisory locks (below): this feed's class of lock, and how many slots readers share. */
const FEED_LOCK_CLASS = 100_010;
const FEED_LOCK_SLOTS = 1024;

function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

// `where true` and the derived table: SQLite needs them to tell an upsert's ON CONFLICT from a join's ON.
const fanOutComment = (comment: string) => `
  insert into following_feed (reader_id, comment_id, created_at)
  select distinct f.follower_id, ${comment}.id, ${comment}.created_at from follows f
  where f.followee_id in (${comment}.author_id, (select p.author_id from comments p where p.id = ${comment}.parent_id))
    and f.follower_id <> ${comment}.author_id
  on conflict (comment_id, reader_id) do nothing`;

/**
 * The replies to `followee`'s comments: on PostgreSQL through an array of the
 * comment ids, so the parent index is used whatever the planner knows. A
 * join let it pick a hash join over every comment, once per follow (a bulk
 * insert of follows into a freshly filled table took minutes).
 */
const repliesTo = (engine: Engine, followee: string) =>
  engine === 'postgres'
    ? `select r.id, r.author_id, r.created_at from comments r
       where r.parent_id = any (array(select p.id from comments p where p.author_id = ${followee}))`
    : `select r.id, r.author_id, r.created_at from comments p join comments r on r.parent_id = p.id
       where p.author_id = ${followee}`;

const backfillFollow = (engine: Engine, follow: string) => `
  insert into following_feed (reader_id, comment_id, created_at)
  select ${follow}.follower_id, brought.id, brought.created_at from (
    select c.id, c.created_at from comments c where c.author_id = ${follow}.followee_id
    union
    select reply.id, reply.created_at from (${repliesTo(engine, `${follow}.followee_id`)}) as reply
    where reply.author_id <> ${follow}.follower_id
  ) as brought where true
  on conflict (comment_id, reader_id) do nothing`;

const pruneUnfollow = (engine: Engine, follow: string) => `
  delete from following_feed
  where reader_id = ${follow}.follower_id
    and comment_id ${engine === 'postgres' ? '= any (array' : 'in'} (
      select c.id from comments c where c.author_id = ${follow}.followee_id
      union all
      select reply.id from (${repliesTo(engine, `${follow}.followee_id`)}) as reply
    )${engine === 'postgres' ? ')' : ''}
    and not exists (
      select 1 from comments c left join comments p on p.id = c.parent_id
      where c.id = following_feed.comment_id
        and exists (
          select 1 from follows f
          where f.follower_id = ${follow}.follower_id and f.followee_id in (c.author_id, p.author_id)
        )
    )`;

export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable('following_feed')
    // First in the key: the cascade from a deleted comment finds its rows by it.
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reader_id', 'integer', (c) => c.notNull().references('users.id'))
    // The comment's, copied: the feed's order without a look at the comment.
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('following_feed_pk', ['comment_id', 'reader_id'])
    .execute();

  await sql`
    insert into following_feed (reader_id, comment_id, created_at)
    select f.follower_id, c.id, c.created_at from follows f join comments c on c.author_id = f.followee_id
    union
    select f.follower_id, r.id, r.created_at
    from follows f join comments p on p.author_id = f.followee_id join comments r on r.parent_id = p.id
    where r.author_id <> f.follower_id
  `.execute(db);
  // After the backfill: one sort instead of a page split per row.
  await db.schema
    .createIndex('following_feed_reader_created_idx')
    .on('following_feed')
    .columns(['reader_id', 'created_at', 'comment_id'])
    .execute();

  if (engine === 'sqlite') {
    await sql.raw(`create trigger following_feed_comment after insert on comments begin ${fanOutComment('new')}; end`).execute(db);
    await sql.raw(`create trigger following_feed_follow after insert on follows begin ${backfillFollow(engine, 'new')}; end`).execute(db);
    await sql.raw(`create trigger following_feed_unfollow after delete on follows begin ${pruneUnfollow(engine, 'old')}; end`).execute(db);
    return;
  }

  // PostgreSQL runs these in parallel transactions, each statement seeing only what was
  // committed when it began: a comment and a follow of its author (or of its parent's author)
  // committed at the same moment would each miss the other, and the comment would never reach
  // that feed; an unfollow likewise would miss a comment still being stored. So a comment holds
  // a shared transaction lock on its author's and its parent's author's slot, and a follow or
  // unfollow an exclusive one on the followee's, taken before the statement that reads the
  // other side (which then sees what the lock waited for). Slots are user ids modulo
  // FEED_LOCK_SLOTS, so a bulk insert holds a bounded number of locks.
  const lockSlot = (user: string) => `${FEED_LOCK_CLASS}, (${user} % ${FEED_LOCK_SLOTS})::integer`;
  await sql
    .raw(
      `create function masthead_following_feed_comment() returns trigger language plpgsql as $$
       declare
         parent_author integer;
       begin
         perform pg_advisory_xact_lock_shared(${lockSlot('new.author_id')});
         if new.parent_id is not null then
           select author_id into parent_author from comments where id = new.parent_id;
           perform pg_advisory_xact_lock_shared(${lockSlot('parent_author')});
         end if;
         ${fanOutComment('new')};
         return null;
       end
       $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function masthead_following_feed_follow() returns trigger language plpgsql as $$
       begin
         if tg_op = 'INSERT' then
           perform pg_advisory_xact_lock(${lockSlot('new.followee_id')});
           ${backfillFollow(engine, 'new')};
         else
           perform pg_advisory_xact_lock(${lockSlot('old.followee_id')});
           ${pruneUnfollow(engine, 'old')};
         end if;
         return null;
       end
       $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger following_feed_comment after insert on comments
       for each row execute function masthead_following_feed_comment()`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger following_feed_follow after insert or delete on follows
       for each row execute function masthead_following_feed_follow()`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (engineOf(db) === 'sqlite') {
    for (const name of ['following_feed_comment', 'following_feed_follow', 'following_feed_unfollow'])
      await sql.raw(`drop trigger ${name}`).execute(db);
  } else {
    await sql.raw('drop trigger following_feed_comment on comments').execute(db);
    await sql.raw('drop trigger following_feed_follow on follows').execute(db);
    await sql.raw('drop function masthead_following_feed_comment()').execute(db);
    await sql.raw('drop function masthead_following_feed_follow()').execute(db);
  }
  await db.schema.dropTable('following_feed').execute();
}
