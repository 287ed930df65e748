// The counts table on both engines: an upsert adds to what is stored (two
// nodes flushing the same keys at once sum, in any order), and the
// dashboard's queries read back sums by day, per article and for the site,
// and the top articles by registrations from their wall.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { InsightCounters } from './insight-counters.js';
import { addCounts } from './insight.repository.js';
import { dailyCounts, topArticlesByRegistrations } from './insight.queries.js';

describeEachEngine('insight counts', (engine) => {
  let database: TestDatabase;
  let other: ReturnType<TestDatabase['openAnotherHandle']>;
  let ids: number[];
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    other = database.openAnotherHandle();
    await seedFixtureNewspaper(database.db);
    ids = (await database.db.selectFrom('articles').select('id').orderBy('id').execute()).map((row) => row.id);
  });
  afterAll(async () => {
    await other?.close();
    await database?.destroy();
  });

  const stored = async (articleId: number, day: string, metric: string) => {
    const row = await database.db
      .selectFrom('insight_daily_counts')
      .select('count')
      .where('article_id', '=', articleId)
      .where('day', '=', day)
      .where('metric', '=', metric as never)
      .executeTakeFirst();
    return row ? Number(row.count) : 0;
  };

  it('adds each flush to what is stored, key by key', async () => {
    const [a, b] = [ids[0]!, ids[1]!];
    await addCounts(database.db, [
      { day: '2026-03-01', articleId: a, metric: 'view_anonymous', count: 5 },
      { day: '2026-03-01', articleId: b, metric: 'view_anonymous', count: 2 },
    ]);
    await addCounts(database.db, [{ day: '2026-03-01', articleId: a, metric: 'view_anonymous', count: 7 }]);
    expect(await stored(a, '2026-03-01', 'view_anonymous')).toBe(12);
    expect(await stored(b, '2026-03-01', 'view_anonymous')).toBe(2);
  });

  it('sums two nodes flushing overlapping keys at the same time, many times over', async () => {
    const keys = ids.slice(0, 5);
    const flushOf = (node: number) => {
      const counters = new InsightCounters('UTC');
      // Each node counts its keys in a different order; drain sorts them (one lock order, no deadlock).
      for (const id of node === 0 ? keys : [...keys].reverse()) {
        counters.add(Date.parse('2026-03-02T10:00:00Z'), id, 'wall_impression', 3);
        counters.add(Date.parse('2026-03-02T10:00:00Z'), id, 'registration_completed', 1);
      }
      return counters.drain();
    };
    for (let round = 0; round < 10; round++) {
      await Promise.all([addCounts(database.db, flushOf(0)), addCounts(other.db, flushOf(1))]);
    }
    for (const id of keys) {
      expect(await stored(id, '2026-03-02', 'wall_impression')).toBe(60);
      expect(await stored(id, '2026-03-02', 'registration_completed')).toBe(20);
    }
  });

  it('stores a flush larger than one statement', async () => {
    const counters = new InsightCounters('UTC');
    for (let day = 1; day <= 28; day++)
      for (const id of ids)
        for (const metric of ['comment', 'premium_unlock', 'view_registered'] as const)
          counters.add(Date.parse(`2026-02-${String(day).padStart(2, '0')}T12:00:00Z`), id, metric, day);
    const rows = counters.drain();
    expect(rows.length).toBeGreaterThan(500);
    await addCounts(database.db, rows);
    expect(await stored(ids.at(-1)!, '2026-02-28', 'comment')).toBe(28);
  });

  it('reads sums by day for one article, for every article together, and the top articles', async () => {
    const [a, b, c] = [ids[2]!, ids[3]!, ids[4]!];
    await addCounts(database.db, [
      { day: '2026-01-10', articleId: 0, metric: 'registration_completed', count: 9 },
      { day: '2026-01-10', articleId: a, metric: 'registration_completed', count: 1 },
      { day: '2026-01-10', articleId: a, metric: 'wall_impression', count: 10 },
      { day: '2026-01-11', articleId: b, metric: 'registration_completed', count: 4 },
      { day: '2026-01-11', articleId: b, metric: 'wall_impression', count: 20 },
      { day: '2026-01-12', articleId: c, metric: 'registration_completed', count: 2 },
      { day: '2026-01-20', articleId: c, metric: 'registration_completed', count: 50 }, // outside the range
    ]);
    const range = { from: '2026-01-10', to: '2026-01-12' };
    expect(await dailyCounts(database.db, range, b)).toEqual([
      { day: '2026-01-11', metric: 'registration_completed', count: 4 },
      { day: '2026-01-11', metric: 'wall_impression', count: 20 },
    ]);
    const site = await dailyCounts(database.db, range);
    // The site-wide row (article 0) is not an article's: it stays out of the articles' sums.
    expect(site.filter((cell) => cell.metric === 'registration_completed').reduce((sum, cell) => sum + cell.count, 0)).toBe(7);
    expect((await dailyCounts(database.db, range, 0)).map((cell) => cell.count)).toEqual([9]);
    const top = await topArticlesByRegistrations(database.db, range, 2);
    expect(top.map((row) => [row.articleId, row.registrations, row.wallImpressions])).toEqual([
      [b, 4, 20],
      [c, 2, 0],
    ]);
    expect(top[0]!.headline.length).toBeGreaterThan(0);
  });
});
