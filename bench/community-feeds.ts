// Usage: npx tsx bench/community-feeds.ts [--postgres-url URL|off] [--comments 100000] [--runs 50] [--moderation mixed|banned-only]
//
// The community pages' read queries at scale, on SQLite and (when reachable)
// PostgreSQL: a fresh database per engine seeded with 5,000 readers, 200
// articles and ~100,000 comments, and one measured reader who follows 200
// readers, wrote 300 comments others answered and has ~2,000 notifications.
// Each query runs as the app calls it (warm, median and p95 over --runs, or
// as many runs as fit in a few seconds when it is slow), and
// its plan is printed: EXPLAIN QUERY PLAN on SQLite (without statistics, then
// after `pragma optimize` as the retention job runs it), EXPLAIN (ANALYZE,
// BUFFERS) on PostgreSQL after VACUUM ANALYZE (what autovacuum gets to).
// `--moderation banned-only` gives reader_moderation banned rows only (a site
// whose moderators never suspend or pre-moderate): PostgreSQL then sees no NULL
// banned_at at all and misjudges the visibility filter (see listNotifications).
// Standalone: not part of `npm test` nor of bench/run.ts.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Insertable,
} from 'kysely';
import { openDatabase, type Db } from '../src/core/db/database.js';
import { migrateToLatest } from '../src/core/db/migrate.js';
import { withSchemaLock } from '../src/core/db/schema-lock.js';
import type { Database } from '../src/core/db/schema.js';
import { pathSegment } from '../src/features/comments/comments.repository.js';
import {
  listFollowingFeed,
  listNotifications,
  listReaderComments,
  listRepliesToReader,
} from '../src/features/community/community.queries.js';
import { countUnread } from '../src/features/community/community.repository.js';
import { commentText } from './comment-fixtures.js';

const NOW = new Date('2026-03-10T12:00:00.000Z').getTime();
const NOW_ISO = new Date(NOW).toISOString();
const DAY = 86_400_000;
const READERS = 5_000;
const ARTICLES = 200;
const READER_ID = 1;
const FOLLOWEES = 200;
const READER_COMMENTS = 300;
const READER_NOTIFICATIONS = 2_000;
const WARM_RUNS = 5;
const MIN_RUNS = 3;
/** Per query: warming stops after this long, measuring (past MIN_RUNS) after the next. */
const WARM_BUDGET_MS = 2_000;
const MEASURE_BUDGET_MS = 8_000;
const BATCH = 1_000;
const iso = (ms: number) => new Date(ms).toISOString();

type Row<T extends keyof Database> = Insertable<Database[T]>;
interface CommentPlan extends Row<'comments'> {
  id: number;
  author_id: number;
  article_id: number;
  reply_count: number;
}
interface SeedPlan {
  users: Row<'users'>[];
  moderation: Row<'reader_moderation'>[];
  articles: Row<'articles'>[];
  comments: CommentPlan[];
  follows: Row<'follows'>[];
  notifications: Row<'notifications'>[];
  summary: string;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FIRST_NAMES = [
  'Alba',
  'Corin',
  'Dagny',
  'Emeka',
  'Fenna',
  'Gwilym',
  'Hallie',
  'Ivo',
  'Jonna',
  'Kasimir',
  'Liesel',
  'Matteo',
  'Nell',
  'Orla',
  'Pim',
  'Rosalind',
];
const LAST_NAMES = [
  'Applegarth',
  'Bexley',
  'Cordwainer',
  'Dunmore',
  'Elwood',
  'Fairweather',
  'Greaves',
  'Hartigan',
  'Inchbald',
  'Jessop',
  'Kettering',
  'Loveday',
];
const TOPICS = [
  'ferry timetable',
  'harbour wall',
  'library hours',
  'tram extension',
  'market square',
  'flood barrier',
  'school catchment',
  'allotment waiting list',
];

/** The rows both engines get: ids are fixed here, so paths and roots are known before inserting. */
function planSeed(commentCount: number, moderationMix: 'mixed' | 'banned-only'): SeedPlan {
  const random = seededRandom(20260310);
  const pick = (count: number) => Math.floor(random() * count);
  const otherReader = () => 2 + pick(READERS - 1);
  const deletedIds = new Set(Array.from({ length: 25 }, otherReader));
  const bannedIds = [...new Set(Array.from({ length: 25 }, otherReader))].filter((id) => !deletedIds.has(id));
  const bannedAt = iso(NOW - 3 * DAY);
  const moderation: Row<'reader_moderation'>[] = bannedIds.map((userId) => ({
    user_id: userId,
    premoderated: 0,
    suspended_until: null,
    banned_at: bannedAt,
    reason: 'bench ban',
    updated_at: bannedAt,
  }));
  if (moderationMix === 'mixed') {
    // Readers in a standing short of a ban: pre-moderated, or suspended (some suspensions over).
    const standing = new Set(moderation.map((row) => row.user_id));
    for (let userId = 4_001; moderation.length < bannedIds.length + 50; userId++) {
      if (standing.has(userId) || deletedIds.has(userId)) continue;
      const isSuspended = userId % 2 === 0;
      moderation.push({
        user_id: userId,
        premoderated: isSuspended ? 0 : 1,
        suspended_until: isSuspended ? iso(NOW + (userId % 4 === 0 ? 7 : -7) * DAY) : null,
        banned_at: null,
        reason: 'bench standing',
        updated_at: iso(NOW - 10 * DAY),
      });
    }
  }
  const users = Array.from({ length: READERS }, (_, index): Row<'users'> => {
    const id = index + 1;
    const createdAt = iso(NOW - 400 * DAY + id * 60_000);
    const name = {
      first_name: FIRST_NAMES[id % FIRST_NAMES.length]!,
      last_name: `${LAST_NAMES[Math.floor(id / FIRST_NAMES.length) % LAST_NAMES.length]!}-${id}`,
    };
    const times = { created_at: createdAt, updated_at: createdAt, deleted_at: deletedIds.has(id) ? iso(NOW - 5 * DAY) : null };
    return {
      id,
      email: `feeds-reader-${id}@example.test`,
      email_verified_at: createdAt,
      password_hash: null,
      ...name,
      date_of_birth: '1984-06-21',
      role: 'reader',
      ...times,
    };
  });
  const articles = Array.from({ length: ARTICLES }, (_, index): Row<'articles'> => {
    const id = index + 1;
    const publishedAt = iso(NOW - 90 * DAY + id * ((29 * DAY) / ARTICLES));
    const headline = `Council notes, part ${id}: what changes for the ${TOPICS[id % TOPICS.length]!}`;
    const accessLevel = id % 10 === 0 ? 'premium' : id % 10 === 1 ? 'registered' : 'free';
    const times = { published_at: publishedAt, updated_at: null, modified_at: publishedAt, created_at: publishedAt };
    return {
      id,
      slug: `council-notes-${id}`,
      section_id: 1,
      headline,
      body_json: JSON.stringify({ type: 'doc', content: [] }),
      hero_image_id: null,
      access_level: accessLevel,
      status: 'published',
      ...times,
    };
  });

  // Comments arrive in id order over the last 60 days; the measured reader's
  // 300 are spread over the first 90%, and until someone answers one of them a
  // reply now and then goes to it, so every one of them gets an answer.
  const readerPositions = new Set(
    Array.from({ length: READER_COMMENTS }, (_, k) => Math.floor(((k + random()) * 0.9 * commentCount) / READER_COMMENTS)),
  );
  const comments: CommentPlan[] = [];
  const byArticle: number[][] = Array.from({ length: ARTICLES }, () => []);
  const unanswered = new Set<number>();
  for (let index = 0; index < commentCount; index++) {
    const id = index + 1;
    const isReaders = readerPositions.has(index);
    let articleIndex = Math.floor(ARTICLES * random() ** 2);
    let parent: CommentPlan | undefined;
    if (random() < 0.4) {
      if (!isReaders && unanswered.size > 0 && random() < 0.1) parent = comments[unanswered.values().next().value! - 1];
      else if (byArticle[articleIndex]!.length > 0) parent = comments[byArticle[articleIndex]![pick(byArticle[articleIndex]!.length)]!];
      if (isReaders && parent?.author_id === READER_ID) parent = undefined;
    }
    if (parent) articleIndex = parent.article_id - 1;
    let authorId = isReaders ? READER_ID : otherReader();
    if (!isReaders && authorId === parent?.author_id) authorId = authorId === READERS ? 2 : authorId + 1;
    const roll = random();
    const status =
      isReaders || parent?.author_id === READER_ID || roll < 0.97
        ? 'published'
        : roll < 0.98
          ? 'pending'
          : roll < 0.99
            ? 'rejected'
            : 'deleted';
    const createdAt = iso(NOW - 60 * DAY + Math.floor(((index + 1) * 60 * DAY) / (commentCount + 1)));
    const comment: CommentPlan = {
      id,
      article_id: articleIndex + 1,
      author_id: authorId,
      parent_id: parent?.id ?? null,
      root_id: parent ? parent.root_id : id,
      depth: parent ? parent.depth + 1 : 0,
      path: parent ? `${parent.path}/${pathSegment(id)}` : pathSegment(id),
      body: status === 'deleted' ? '' : commentText(id),
      status,
      status_reason: status === 'rejected' ? 'off-topic' : null,
      recommend_count: id % 7,
      reply_count: 0,
      created_at: createdAt,
      edited_at: null,
      deleted_at: status === 'deleted' ? createdAt : null,
    };
    if (parent) {
      parent.reply_count++;
      if (parent.author_id === READER_ID && status === 'published') unanswered.delete(parent.id);
    }
    if (isReaders) unanswered.add(id);
    comments.push(comment);
    byArticle[articleIndex]!.push(index);
  }

  const followeeIds = new Set<number>();
  while (followeeIds.size < FOLLOWEES) followeeIds.add(otherReader());
  const followPairs = new Set<string>();
  const follows: Row<'follows'>[] = [];
  const follow = (followerId: number, followeeId: number) => {
    const key = `${followerId}:${followeeId}`;
    if (followerId === followeeId || followPairs.has(key)) return;
    followPairs.add(key);
    follows.push({ follower_id: followerId, followee_id: followeeId, created_at: iso(NOW - 100 * DAY + pick(39 * DAY)) });
  };
  for (const followeeId of followeeIds) follow(READER_ID, followeeId);
  for (let followerId = 2; followerId <= READERS; followerId++) for (let k = 0; k < 6; k++) follow(followerId, 1 + pick(READERS));

  // A 'reply' notice for every published answer to someone else (as the comment-published
  // hook writes them), then 'followed-comment' notices for the measured reader up to ~2,000.
  const notices: Array<Omit<Row<'notifications'>, 'id'>> = [];
  for (const comment of comments) {
    const parent = comment.parent_id ? comments[comment.parent_id - 1]! : undefined;
    if (!parent || comment.status !== 'published' || parent.author_id === comment.author_id || deletedIds.has(parent.author_id)) continue;
    notices.push({
      user_id: parent.author_id,
      kind: 'reply',
      comment_id: comment.id,
      actor_id: comment.author_id,
      created_at: comment.created_at,
      read_at: null,
    });
  }
  const repliesToReader = notices.filter((notice) => notice.user_id === READER_ID).length;
  const followedComments = comments.filter((comment) => followeeIds.has(comment.author_id) && comment.status === 'published');
  const wanted = Math.min(followedComments.length, Math.max(0, READER_NOTIFICATIONS - repliesToReader));
  for (let k = 0; k < wanted; k++) {
    const comment = followedComments[Math.floor((k * followedComments.length) / wanted)]!;
    notices.push({
      user_id: READER_ID,
      kind: 'followed-comment',
      comment_id: comment.id,
      actor_id: comment.author_id,
      created_at: comment.created_at,
      read_at: null,
    });
  }
  notices.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  let readerNoticesSeen = 0;
  for (let index = notices.length - 1; index >= 0; index--) {
    const notice = notices[index]!;
    const isRead = notice.user_id === READER_ID ? readerNoticesSeen++ >= 150 && random() < 0.95 : random() < 0.7;
    if (isRead) notice.read_at = iso(Math.min(Date.parse(notice.created_at) + 2 * 3_600_000, NOW - 60_000));
  }
  const notifications = notices.map((notice, index) => ({ id: index + 1, ...notice }));

  const readerNotices = notifications.filter((notice) => notice.user_id === READER_ID);
  const readerCommentIds = new Set(comments.filter((comment) => comment.author_id === READER_ID).map((comment) => comment.id));
  const answered = new Set(
    comments
      .filter((c) => c.parent_id && readerCommentIds.has(c.parent_id) && c.author_id !== READER_ID && c.status === 'published')
      .map((c) => c.parent_id),
  );
  const followedIds = new Set(comments.filter((comment) => followeeIds.has(comment.author_id)).map((comment) => comment.id));
  const feed = comments.filter(
    (c) => c.author_id !== READER_ID && (followeeIds.has(c.author_id) || (c.parent_id !== null && followedIds.has(c.parent_id!))),
  );
  const summary = [
    `${users.length} readers (${deletedIds.size} deleted, ${bannedIds.length} banned, ${moderation.length - bannedIds.length} suspended or pre-moderated), ${articles.length} articles, ${comments.length} comments (${comments.filter((c) => c.parent_id === null).length} top-level, max depth ${comments.reduce((deepest, c) => Math.max(deepest, c.depth), 0)}), ${follows.length} follows, ${notifications.length} notifications`,
    `reader ${READER_ID}: follows ${FOLLOWEES}, ${readerCommentIds.size} own comments (${answered.size} answered by others), ${repliesToReader} replies to them, ~${feed.length} feed candidates, ${readerNotices.length} notifications (${readerNotices.filter((n) => n.read_at === null).length} unread)`,
  ].join('\n');
  return { users, moderation, articles, comments, follows, notifications, summary };
}

async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) await insert(rows.slice(start, start + BATCH));
}

async function seed(db: Db, plan: SeedPlan): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('sections').values({ id: 1, slug: 'town', path: 'town', name: 'Town', parent_id: null }).execute();
    await trx.insertInto('articles').values(plan.articles).execute();
    await inBatches(plan.users, (batch) => trx.insertInto('users').values(batch).execute());
    await trx.insertInto('reader_moderation').values(plan.moderation).execute();
    await inBatches(plan.comments, (batch) => trx.insertInto('comments').values(batch).execute());
    await inBatches(plan.follows, (batch) => trx.insertInto('follows').values(batch).execute());
    await inBatches(plan.notifications, (batch) => trx.insertInto('notifications').values(batch).execute());
  });
}

interface QueryCase {
  label: string;
  run: (db: Db) => Promise<unknown[] | number>;
}

const reader = { readerId: READER_ID, now: NOW_ISO };
const CASES: QueryCase[] = [
  { label: 'listFollowingFeed p1', run: (db) => listFollowingFeed(db, { page: 1, ...reader }) },
  { label: 'listFollowingFeed p10', run: (db) => listFollowingFeed(db, { page: 10, ...reader }) },
  { label: 'listRepliesToReader p1', run: (db) => listRepliesToReader(db, { page: 1, ...reader }) },
  { label: 'listNotifications p1', run: (db) => listNotifications(db, { page: 1, ...reader }) },
  { label: 'listReaderComments p1', run: (db) => listReaderComments(db, { page: 1, ...reader }) },
  { label: 'countUnread', run: (db) => countUnread(db, READER_ID) },
];

interface Result {
  engine: string;
  label: string;
  rows: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  fullScan: string;
}

/** A Kysely that runs nothing and keeps the SQL it was asked to run: the query each function builds. */
function capturingDb(engine: 'sqlite' | 'postgres', captured: CompiledQuery[]): Db {
  const isSqlite = engine === 'sqlite';
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => (isSqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (isSqlite ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (isSqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
}

// The tables that grow with readers' activity; scanning the small ones (sections, a few hundred articles) is fine.
const WATCHED_TABLES = ['comments', 'follows', 'notifications', 'following_feed'];

/**
 * Plan lines to print, and the full scans of a watched table in them: SQLite's
 * `SCAN t` (and `SCAN t USING INDEX i`, a walk of the whole index, or a search
 * by article_id alone, every comment article by article), PostgreSQL's `Seq Scan`.
 */
async function explain(db: Db, engine: 'sqlite' | 'postgres', query: CompiledQuery): Promise<{ lines: string[]; fullScans: string[] }> {
  if (engine === 'sqlite') {
    const { rows } = await db.executeQuery(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
    const plan = rows as Array<{ id: number; parent: number; detail: string }>;
    const depth = new Map<number, number>([[0, 0]]);
    const lines = plan.map((row) => {
      depth.set(row.id, (depth.get(row.parent) ?? 0) + 1);
      return `${'  '.repeat(depth.get(row.id)!)}${row.detail}`;
    });
    // Plan lines name a table by its alias: `"comments" as "c"` in the SQL says which it is.
    const tables = new Map([...query.sql.matchAll(/"(\w+)" as "(\w+)"/g)].map((match) => [match[2]!, match[1]!]));
    const isWatched = (name: string) => WATCHED_TABLES.includes(tables.get(name) ?? name);
    const fullScans = plan.flatMap(({ detail }) => {
      const scan = /^SCAN ([^ (]+)( USING (COVERING )?INDEX (\S+))?/.exec(detail);
      if (scan && isWatched(scan[1]!)) return [scan[4] ? `walk ${scan[1]} by ${scan[4]}` : `SCAN ${scan[1]}`];
      // Reached article by article (articles the outer loop): every comment under a published article is read.
      const byArticle = /^SEARCH (\S+) USING (COVERING )?INDEX \S+ \(article_id=\?\)$/.exec(detail);
      return byArticle && isWatched(byArticle[1]!) ? [`every ${byArticle[1]} by article_id`] : [];
    });
    return { lines, fullScans };
  }
  const { rows } = await db.executeQuery(CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]));
  const text = (rows as Array<{ 'QUERY PLAN': string }>).map((row) => row['QUERY PLAN']);
  const lines = text
    .filter(
      (line) =>
        /^\s*(->\s+)?[A-Z][A-Za-z ]+(on|using|\(cost)/.test(line) ||
        /Execution Time|Planning Time/.test(line) ||
        /^\s*(Sort Key|Sort Method|Index Cond|Filter|Rows Removed)/.test(line),
    )
    .map((line) => `  ${line.replace(/\(cost=[^)]*\)\s*/, '')}`);
  const fullScans = text
    .filter((line) => new RegExp(`Seq Scan on (${WATCHED_TABLES.join('|')})\\b`).test(line))
    .map((line) =>
      line
        .trim()
        .replace(/^->\s+/, '')
        .replace(/\s*\(.*$/, ''),
    );
  return { lines, fullScans };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

async function measure(engineLabel: string, engine: 'sqlite' | 'postgres', db: Db, runs: number): Promise<Result[]> {
  const results: Result[] = [];
  for (const queryCase of CASES) {
    let answer: unknown[] | number = [];
    const warmStarted = performance.now();
    for (let run = 0; run < WARM_RUNS && performance.now() - warmStarted < WARM_BUDGET_MS; run++) answer = await queryCase.run(db);
    const times: number[] = [];
    const measureStarted = performance.now();
    while (times.length < runs && (times.length < MIN_RUNS || performance.now() - measureStarted < MEASURE_BUDGET_MS)) {
      const started = performance.now();
      answer = await queryCase.run(db);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const captured: CompiledQuery[] = [];
    await queryCase.run(capturingDb(engine, captured));
    const fullScans: string[] = [];
    console.log(`\n[${engineLabel}] ${queryCase.label}`);
    for (const query of captured) {
      const plan = await explain(db, engine, query);
      fullScans.push(...plan.fullScans);
      for (const line of plan.lines) console.log(line);
    }
    results.push({
      engine: engineLabel,
      label: queryCase.label,
      rows: typeof answer === 'number' ? `count=${answer}` : String(answer.length),
      runs: times.length,
      medianMs: percentile(times, 0.5),
      p95Ms: percentile(times, 0.95),
      fullScan: fullScans.length ? `yes: ${fullScans.join('; ')}` : 'no',
    });
  }
  return results;
}

async function benchSqlite(plan: SeedPlan, runs: number): Promise<Result[]> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-feeds-'));
  const handle = openDatabase({ engine: 'sqlite', filename: path.join(directory, 'feeds.db') });
  try {
    await migrateToLatest(handle.db);
    const started = performance.now();
    await seed(handle.db, plan);
    console.log(`\nsqlite: seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const results = await measure('sqlite', 'sqlite', handle.db, runs);
    await sql`pragma optimize`.execute(handle.db);
    const { rows } = await sql<{ count: number }>`select count(*) as count from sqlite_stat1`
      .execute(handle.db)
      .catch(() => ({ rows: [{ count: 0 }] }));
    console.log(`\nsqlite: pragma optimize left ${rows[0]?.count ?? 0} rows in sqlite_stat1`);
    return [...results, ...(await measure('sqlite+stats', 'sqlite', handle.db, runs))];
  } finally {
    await handle.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

let dropLiveSchema: (() => Promise<void>) | undefined;

async function benchPostgres(plan: SeedPlan, url: string, runs: number): Promise<Result[]> {
  const schema = `feeds_${randomBytes(5).toString('hex')}`;
  try {
    await withSchemaLock(url, (admin) => admin.query(`create schema ${schema}`));
  } catch (error) {
    console.log(`\npostgres: skipped (${error instanceof Error ? error.message : String(error)})`);
    return [];
  }
  const handle = openDatabase({ engine: 'postgres', connectionString: url, poolSize: 2 }, { searchPath: schema });
  let isDropped = false;
  dropLiveSchema = async () => {
    if (isDropped) return;
    isDropped = true;
    await handle.close().catch(() => undefined);
    await withSchemaLock(url, (admin) => admin.query(`drop schema if exists ${schema} cascade`));
  };
  try {
    await withSchemaLock(url, () => migrateToLatest(handle.db, { schema }));
    const started = performance.now();
    await seed(handle.db, plan);
    for (const table of ['sections', 'articles', 'users', 'comments', 'notifications']) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(handle.db);
    }
    await sql`vacuum (analyze) sections, articles, users, reader_moderation, comments, follows, notifications`.execute(handle.db);
    console.log(`\npostgres (schema ${schema}): seeded and vacuum-analysed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return await measure('postgres', 'postgres', handle.db, runs);
  } finally {
    await dropLiveSchema();
    dropLiveSchema = undefined;
  }
}

function printTable(results: Result[]): void {
  const header = ['engine', 'query', 'rows', 'runs', 'median ms', 'p95 ms', 'full scan'];
  const table = [
    header,
    ...results.map((r) => [r.engine, r.label, r.rows, String(r.runs), r.medianMs.toFixed(2), r.p95Ms.toFixed(2), r.fullScan]),
  ];
  const widths = header.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  console.log('');
  for (const row of table)
    console.log(
      row
        .map((cell, column) => (column >= 3 && column <= 5 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
      comments: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '50' },
      moderation: { type: 'string', default: 'mixed' },
    },
  });
  const commentCount = Number(values.comments);
  const runs = Number(values.runs);
  if (!Number.isInteger(commentCount) || commentCount < 1_000) throw new Error('--comments must be a whole number of at least 1000');
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive whole number');
  const moderation = values.moderation;
  if (moderation !== 'mixed' && moderation !== 'banned-only') throw new Error('--moderation must be mixed or banned-only');
  process.once('SIGINT', () => {
    void (dropLiveSchema?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
  const plan = planSeed(commentCount, moderation);
  console.log(plan.summary);
  const results = await benchSqlite(plan, runs);
  if (values['postgres-url'] !== 'off') results.push(...(await benchPostgres(plan, values['postgres-url']!, runs)));
  printTable(results);
}

await main();
