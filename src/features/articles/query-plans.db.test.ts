// The reader-facing queries read a bounded part of one index, whatever the
// archive's size: checked on the plans each engine actually chooses for the
// statements an uncached article, the listings and the sitemaps run.
//
// Every statement the code under test runs is recorded (a Kysely plugin sees
// each executed query), then explained on the same database:
// - SQLite (EXPLAIN QUERY PLAN, which does not depend on statistics here): no
//   statement scans an archive table (`SCAN articles`, `SCAN link`, …); a walk
//   (a statement ordered by publication time or id) searches one of the
//   listing or sitemap indexes and never sorts (`USE TEMP B-TREE`).
// - PostgreSQL (EXPLAIN, FORMAT JSON): its planner prices plans from
//   statistics, and on a few rows a sequential scan is honestly the cheaper
//   plan. So the archive holds 4,000 generated articles, ANALYZEd, enough for
//   an index to win wherever it should, and not for a full scan to win where
//   the index is right; the same rules then hold: no Seq Scan on an archive
//   table, and no Sort above a walk.
import { CompiledQuery, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import type { SiteContext } from '../../core/views/site-context.js';
import * as queries from './articles.queries.js';
import type { ListingCursor } from './listing-cursor.js';
import { readListingPage, type ListingWalkScope } from './listings.queries.js';
import { readRelatedArticles } from './related-articles.queries.js';
import { createSitemaps } from './sitemaps.js';
import { SITEMAP_URL_LIMIT, listArticleSitemapRanges } from './sitemaps.queries.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from './testing/fixture-newspaper.js';

const now = FIXTURE_NOW.toISOString();
const GENERATED = 4_000;
const ARCHIVE_TABLES = ['articles', 'article_topics', 'article_authors'];
/** How SQLite names an archive table in a plan (by alias where a query gives one). */
const SQLITE_ARCHIVE_NAMES = /^SCAN (articles|article_topics|article_authors|link)\b/;
const WALK_SQL = /order by "(articles|link)"\."(published_at|id)"|order by \(case when "articles"\."published_at"/;
/** A page of 20 from four sections, a sitemap range of 400: far below the 1,500 entries above the deep position. */
const MAX_ROWS_A_WALK_READS = 500;
const WALK_INDEXES =
  /articles_listing_idx|articles_section_listing_idx|article_topics_listing_idx|article_authors_listing_idx|articles_sitemap_idx|articles_sitemap_chunk_idx|PRIMARY KEY|articles_pkey/;

/**
 * The statements `work` runs, compiled with their parameters. Subqueries pass
 * through transformQuery too; only what runs reaches transformResult. A
 * prepared query (core/db/prepared-query.ts) is compiled once and runs
 * through `executeQuery`, which no plugin sees before it runs: those are
 * recorded there.
 */
async function recordStatements(db: Db, work: (db: Db) => Promise<unknown>): Promise<CompiledQuery[]> {
  const compiled = new Map<unknown, CompiledQuery>();
  const executed: CompiledQuery[] = [];
  const executor = db.getExecutor();
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      compiled.set(args.queryId, executor.compileQuery(args.node, args.queryId));
      return args.node;
    },
    async transformResult(args) {
      const statement = compiled.get(args.queryId);
      if (statement) executed.push(statement);
      return args.result;
    },
  };
  const recording = db.withPlugin(recorder);
  const executeQuery = recording.executeQuery.bind(recording);
  recording.executeQuery = ((query: CompiledQuery) => {
    if (!compiled.has(query.queryId)) executed.push(query);
    return executeQuery(query);
  }) as typeof recording.executeQuery;
  await work(recording);
  return executed;
}

interface PlanNode {
  'Node Type': string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

/**
 * The plan without its per-row subqueries (a card's authors in byline order):
 * a sort there orders one row's few links, found by its id; it is not a walk
 * sorted. Their scans are still checked (no Seq Scan), and so is what they
 * read when run (every node counts towards MAX_ROWS_A_WALK_READS).
 */
const outsideRowSubqueries = (node: PlanNode): PlanNode[] => [
  node,
  ...(node.Plans ?? []).filter((child) => child['Parent Relationship'] !== 'SubPlan').flatMap(outsideRowSubqueries),
];

/** SQLite's plan as a tree (id, parent): whether a temporary B-tree sorts anything outside a correlated (per-row) subquery. */
function sqliteSortsOutsideRowSubqueries(rows: readonly { id: number; parent: number; detail: string }[]): boolean {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const inRowSubquery = (row: { parent: number; detail: string } | undefined): boolean =>
    row !== undefined && (row.detail.startsWith('CORRELATED SCALAR SUBQUERY') || inRowSubquery(byId.get(row.parent)));
  return rows.some((row) => row.detail.includes('USE TEMP B-TREE') && !inRowSubquery(row));
}

describeEachEngine('query plans at archive scale', (engine) => {
  let database: TestDatabase;
  let deep: ListingCursor;
  let world: number[];

  /** What is wrong with how the database would run this statement (nothing, for a good plan). */
  async function planProblems(statement: CompiledQuery): Promise<string[]> {
    const isWalk = WALK_SQL.test(statement.sql);
    const problems: string[] = [];
    if (engine === 'sqlite') {
      const plan = await database.db.executeQuery<{ id: number; parent: number; detail: string }>(
        CompiledQuery.raw(`explain query plan ${statement.sql}`, [...statement.parameters]),
      );
      const lines = plan.rows.map((row) => row.detail);
      for (const line of lines) if (SQLITE_ARCHIVE_NAMES.test(line)) problems.push(`scans: ${line}`);
      if (isWalk && sqliteSortsOutsideRowSubqueries(plan.rows)) problems.push(`sorts: ${lines.join(' | ')}`);
      if (isWalk && !lines.some((line) => WALK_INDEXES.test(line))) problems.push(`walks no listing index: ${lines.join(' | ')}`);
    } else {
      const plan = await database.db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        CompiledQuery.raw(`explain (format json) ${statement.sql}`, [...statement.parameters]),
      );
      const nodes = flatten(plan.rows[0]!['QUERY PLAN'][0].Plan);
      for (const node of nodes)
        if (node['Node Type'] === 'Seq Scan' && ARCHIVE_TABLES.includes(node['Relation Name']!))
          problems.push(`scans ${node['Relation Name']}`);
      if (isWalk && outsideRowSubqueries(plan.rows[0]!['QUERY PLAN'][0].Plan).some((node) => node['Node Type'].includes('Sort')))
        problems.push(`sorts: ${nodes.map((node) => node['Node Type']).join(' > ')}`);
      if (isWalk && !nodes.some((node) => WALK_INDEXES.test(node['Index Name'] ?? '')))
        problems.push(`walks no listing index: ${nodes.map((node) => `${node['Node Type']} ${node['Index Name'] ?? ''}`).join(' > ')}`);
      if (isWalk) {
        // Run, a walk reads about what it returns: a deep page must not read the entries above it.
        const analyzed = await database.db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          CompiledQuery.raw(`explain (analyze, format json) ${statement.sql}`, [...statement.parameters]),
        );
        const read = flatten(analyzed.rows[0]!['QUERY PLAN'][0].Plan)
          .filter((node) => node['Node Type'].includes('Scan'))
          .reduce((total, node) => total + (node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0), 0);
        if (read > MAX_ROWS_A_WALK_READS) problems.push(`reads ${read} rows`);
      }
    }
    return problems.map((problem) => `${problem}\n    in: ${statement.sql}`);
  }

  async function expectGoodPlans(work: (db: Db) => Promise<unknown>): Promise<CompiledQuery[]> {
    const statements = await recordStatements(database.db, work);
    expect(statements.length).toBeGreaterThan(0);
    const problems = (await Promise.all(statements.map(planProblems))).flat();
    expect(problems).toEqual([]);
    return statements;
  }

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const db = database.db;
    await seedFixtureNewspaper(db);
    const sections = await db.selectFrom('sections').select(['id', 'path']).orderBy('id').execute();
    const topics = await Promise.all(['rivers', 'schools', 'rail', 'harbours', 'housing'].map((slug) => queries.findTopicBySlug(db, slug)));
    expect(topics.every((topic) => topic === null)).toBe(true);
    const topicIds = [(await db.selectFrom('topics').select('id').executeTakeFirstOrThrow()).id];
    for (const slug of ['rivers', 'schools', 'rail', 'harbours', 'housing'])
      topicIds.push(
        (await db.insertInto('topics').values({ slug, name: slug, description: '' }).returning('id').executeTakeFirstOrThrow()).id,
      );
    const authorIds = (await db.selectFrom('authors').select('id').execute()).map((row) => row.id);
    // Spread over 400 days, in pairs sharing a time; one in fifty scheduled ahead, one in forty a draft.
    const rows = Array.from({ length: GENERATED }, (_, index) => ({
      slug: `archive-story-${index}`,
      section_id: sections[index % sections.length]!.id,
      headline: `Archive story ${index}`,
      body_json: '{"type":"doc","content":[]}',
      access_level: 'free' as const,
      status: index % 40 === 7 ? ('draft' as const) : ('published' as const),
      published_at: new Date(FIXTURE_NOW.getTime() + (index % 50 === 3 ? 1 : -1) * Math.floor(index / 2) * 8_640_000).toISOString(),
      modified_at: now,
      created_at: now,
    }));
    const ids: number[] = [];
    for (let start = 0; start < rows.length; start += 500) {
      const inserted = await db
        .insertInto('articles')
        .values(rows.slice(start, start + 500))
        .returning('id')
        .execute();
      ids.push(...inserted.map((row) => row.id));
    }
    for (let start = 0; start < ids.length; start += 500) {
      const slice = ids.slice(start, start + 500);
      await db
        .insertInto('article_topics')
        .values(
          slice.map((articleId, index) => ({ article_id: articleId, topic_id: topicIds[(start + index) % topicIds.length]!, position: 0 })),
        )
        .execute();
      await db
        .insertInto('article_authors')
        .values(
          slice.map((articleId, index) => ({
            article_id: articleId,
            author_id: authorIds[(start + index) % authorIds.length]!,
            position: 0,
          })),
        )
        .execute();
    }
    // PostgreSQL plans from statistics; SQLite's plans must be right without any (a new index has none until analysed).
    if (engine === 'postgres') await db.executeQuery(CompiledQuery.raw('analyze'));
    world = await queries.listSectionTreeIds(db, sections.find((section) => section.path === 'world')!.id);
    // A position deep in World, as far down as the old page 75 reached.
    const deepRow = await db
      .selectFrom('articles')
      .where('section_id', 'in', world)
      .where('status', '=', 'published')
      .where('published_at', '<=', now)
      .select(['id', 'published_at'])
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .offset(1_500)
      .limit(1)
      .executeTakeFirstOrThrow();
    deep = { id: deepRow.id, publishedAt: deepRow.published_at! };
  }, 120_000);
  afterAll(() => database.destroy());

  it('an uncached article: a bounded number of statements, each an index lookup or a short walk', async () => {
    const statements = await expectGoodPlans(async (db) => {
      const found = await queries.readPublishedArticle(db, 'archive-story-2001', now);
      const { article } = found!;
      const related = await readRelatedArticles(db, { ...article, sectionId: found!.sectionId, firstTopicId: found!.firstTopicId }, now);
      expect(related).toHaveLength(4);
    });
    // The read model (article, section, hero, authors, topics), the related keys (four walks in one statement) and
    // their cards with authors: three statements at any size (a fourth reads the images of figures, when there are any).
    expect(statements.length).toBe(3);
  });

  it('listings at the newest page and deep down, both ways: site, a section with subsections, a topic, an author', async () => {
    const topic = (await queries.findTopicBySlug(database.db, 'rivers'))!;
    const author = (await queries.findAuthorBySlug(database.db, 'ada-fenwick'))!;
    const scopes: ListingWalkScope[] = [
      { kind: 'site', excludeIds: [1, 2] },
      { kind: 'sections', sectionIds: world },
      { kind: 'topic', topicId: topic.id },
      { kind: 'author', authorId: author.id },
    ];
    for (const scope of scopes)
      for (const position of [{ kind: 'newest' }, { kind: 'before', cursor: deep }, { kind: 'after', cursor: deep }] as const)
        await expectGoodPlans((db) => readListingPage(db, scope, { now, position, pageSize: 20 }));
  });

  it('the sitemap index, an article child and the news sitemap', async () => {
    const site: SiteContext = {
      publicationName: 'Gazette',
      tagline: '',
      language: 'en-GB',
      timeZone: 'Europe/London',
      publicUrl: 'https://news.example.test',
      stylesheetHref: '/site.css',
      navigation: [],
    };
    // Google's limit: the last change of each range comes from migration 0013's expression index.
    const statements = await expectGoodPlans((db) => listArticleSitemapRanges(db, { now, urlLimit: SITEMAP_URL_LIMIT }));
    expect(statements.some((statement) => statement.sql.includes('/ 50000'))).toBe(true);
    // A child of a range a tenth of this archive, as a 50,000 range is a small part of a large one.
    const small = (db: Db) => createSitemaps({ db, now: () => FIXTURE_NOW, urlLimit: 400 });
    await expectGoodPlans((db) => small(db).renderChild(site, { kind: 'articles', number: 3 }));
    await expectGoodPlans((db) => small(db).renderNews(site));
  });
});
