import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { PageCache, type CacheCheckpoint, type ContentChanges } from './page-cache.js';

const WINDOW_MS = 5000;

/** A stand-in for the shared change log: other nodes' changes, and what becomes due with time. */
function createSharedLog() {
  const log = {
    revision: 1,
    changes: [] as { revision: number; tags: string[] | 'everything' }[],
    /** Scheduled publications: the tags that change when each comes due. */
    scheduled: [] as { at: string; tags: string[] }[],
    reads: 0,
    failing: false,
    /** Another node changed content (what content-changes.repository.ts records). */
    record(tags: string[] | 'everything') {
      log.revision++;
      log.changes.push({ revision: log.revision, tags });
    },
    async readChanges(since: CacheCheckpoint | undefined, now: string): Promise<ContentChanges> {
      log.reads++;
      if (log.failing) throw new Error('database unreachable');
      const nextChangeAt = log.scheduled.map((entry) => entry.at).find((at) => at > now) ?? null;
      if (!since) return { revision: log.revision, stale: [], nextChangeAt };
      const newer = log.changes.filter((change) => change.revision > since.revision);
      if (newer.some((change) => change.tags === 'everything')) return { revision: log.revision, stale: 'everything', nextChangeAt };
      const due =
        since.nextChangeAt !== null && since.nextChangeAt <= now
          ? log.scheduled.filter((entry) => entry.at > since.checkedAt && entry.at <= now).flatMap((entry) => entry.tags)
          : [];
      return { revision: log.revision, stale: [...newer.flatMap((change) => change.tags as string[]), ...due], nextChangeAt };
    },
  };
  return log;
}

function setup(options: { maxEntries?: number } = {}) {
  const clock = fixedClock('2026-01-01T00:00:00Z');
  const log = createSharedLog();
  const errors: unknown[] = [];
  const cache = new PageCache({
    maxEntries: options.maxEntries ?? 100,
    revalidateMs: WINDOW_MS,
    clock,
    readChanges: (since, now) => log.readChanges(since, now),
    onError: (error) => errors.push(error),
  });
  let builds = 0;
  const build = (value: string) => async () => {
    builds++;
    return value;
  };
  return { clock, log, cache, errors, build, builds: () => builds };
}

describe('PageCache', () => {
  it('builds once and serves the cached value after', async () => {
    const { cache, build, builds } = setup();
    expect(await cache.get('a', build('A'))).toBe('A');
    expect(await cache.get('a', build('other'))).toBe('A');
    expect(builds()).toBe(1);
  });

  it('shares one build between concurrent misses', async () => {
    const { cache, build, builds } = setup();
    const results = await Promise.all([cache.get('a', build('A')), cache.get('a', build('A')), cache.get('a', build('A'))]);
    expect(results).toEqual(['A', 'A', 'A']);
    expect(builds()).toBe(1);
  });

  it('does not keep null results', async () => {
    const { cache } = setup();
    await cache.get('missing', async () => null);
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond its size', async () => {
    const { cache, build, builds } = setup({ maxEntries: 2 });
    await cache.get('a', build('A'));
    await cache.get('b', build('B'));
    await cache.get('a', build('A')); // a is now the most recent
    await cache.get('c', build('C')); // evicts b
    expect(cache.size).toBe(2);
    await cache.get('a', build('A'));
    expect(builds()).toBe(3);
    await cache.get('b', build('B'));
    expect(builds()).toBe(4);
  });

  it('forgets the tags of an evicted entry', async () => {
    const { cache, build } = setup({ maxEntries: 1 });
    await cache.get('a', build('A'), { tags: ['x'] });
    await cache.get('b', build('B')); // evicts a
    await cache.get('a', build('A again')); // a again, now showing nothing tagged x
    cache.invalidate(['x']);
    expect(cache.has('a')).toBe(true);
  });

  describe('tags', () => {
    it('drops only the entries carrying a changed tag', async () => {
      const { cache, build } = setup();
      await cache.get('article:harbour', build('harbour'), { tags: ['article:1'] });
      await cache.get('article:budget', build('budget'), { tags: ['article:2'] });
      await cache.get('section:world:1', build('world'), { tags: ['listing:section:world'] });
      await cache.get('home:1', build('home'), { tags: ['listing:site'] });
      cache.invalidate(['article:1', 'listing:site']);
      expect(cache.has('article:harbour')).toBe(false);
      expect(cache.has('home:1')).toBe(false);
      expect(cache.has('article:budget')).toBe(true);
      expect(cache.has('section:world:1')).toBe(true);
    });

    it('takes tags computed from the built value', async () => {
      const { cache } = setup();
      await cache.get('article:harbour', async () => ({ id: 7, related: [8, 9] }), {
        tags: (value) => [`article:${value.id}`, ...value.related.map((id) => `article:${id}`)],
      });
      cache.invalidate(['article:9']); // a related article changed: its card on this page is out of date
      expect(cache.has('article:harbour')).toBe(false);
    });

    it('drops everything when told so', async () => {
      const { cache, build } = setup();
      await cache.get('a', build('A'), { tags: ['x'] });
      await cache.get('b', build('B'));
      cache.invalidate('everything');
      expect(cache.size).toBe(0);
    });

    it('does not keep a value built while one of its tags was dropped, nor hand that build to later readers', async () => {
      const { cache, builds } = setup();
      await cache.revalidate();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const stale = cache.get(
        'a',
        async () => {
          await gate;
          return 'stale';
        },
        { tags: ['x'] },
      );
      cache.invalidate(['x']);
      const fresh = cache.get('a', async () => 'fresh', { tags: ['x'] });
      release();
      expect(await stale).toBe('stale');
      expect(await fresh).toBe('fresh');
      expect(await cache.get('a', async () => 'rebuilt')).toBe('fresh');
      expect(builds()).toBe(0);
    });

    it('keeps a value built while an unrelated tag was dropped', async () => {
      const { cache } = setup();
      await cache.revalidate();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const building = cache.get(
        'a',
        async () => {
          await gate;
          return 'A';
        },
        { tags: ['x'] },
      );
      cache.invalidate(['y']);
      release();
      await building;
      expect(cache.has('a')).toBe(true);
    });
  });

  describe('changes on other nodes', () => {
    it('applies the tags another node logged, at its next check, and keeps the rest', async () => {
      const { cache, log, build, builds } = setup();
      await cache.get('article:harbour', build('harbour v1'), { tags: ['article:1'] });
      await cache.get('article:budget', build('budget'), { tags: ['article:2'] });
      log.record(['article:1']);
      await cache.revalidate(); // what a notification (Redis, LISTEN) triggers
      expect(await cache.get('article:harbour', build('harbour v2'))).toBe('harbour v2');
      expect(await cache.get('article:budget', build('budget again'))).toBe('budget');
      expect(builds()).toBe(3);
    });

    it('drops everything when the log cannot tell what changed', async () => {
      const { cache, log, build } = setup();
      await cache.get('a', build('A'), { tags: ['x'] });
      log.record('everything');
      await cache.revalidate();
      expect(cache.size).toBe(0);
    });

    it('serves from memory within the window, checking in the background from halfway through it', async () => {
      const { cache, log, clock, build } = setup();
      await cache.get('a', build('A'), { tags: ['x'] });
      const readsAfterFirstCheck = log.reads;
      clock.advance(WINDOW_MS / 2 - 1);
      expect(cache.peek('a')).toBe('A');
      expect(log.reads).toBe(readsAfterFirstCheck); // no check before halfway
      clock.advance(1);
      expect(cache.peek('a')).toBe('A'); // a busy node: served at once, the check runs beside it
      expect(log.reads).toBe(readsAfterFirstCheck + 1);
    });

    it('makes the first request after an idle spell wait for the check: a node never serves what is older than the window', async () => {
      const { cache, log, clock, build } = setup();
      await cache.get('article:harbour', build('before the edit'), { tags: ['article:1'] });
      clock.advance(60_000); // idle for a minute, then another node withdraws the article
      log.record(['article:1']);
      expect(cache.peek('article:harbour')).toBeUndefined(); // not synchronously: the node has not checked for 60 s
      expect(await cache.get('article:harbour', async () => null)).toBeNull(); // withdrawn: nothing to serve
      expect(cache.has('article:harbour')).toBe(false);
    });

    it('serves the cached value to the first request after an idle spell once the check finds nothing changed', async () => {
      const { cache, clock, build, builds } = setup();
      await cache.get('a', build('A'), { tags: ['x'] });
      clock.advance(60_000);
      expect(cache.peek('a')).toBeUndefined();
      expect(await cache.get('a', build('rebuilt'))).toBe('A');
      expect(builds()).toBe(1);
      expect(cache.peek('a')).toBe('A'); // checked: synchronous again
    });

    it('reads the log for every request when the window is 0', async () => {
      const { clock, log, build } = setup();
      const cache = new PageCache({ maxEntries: 10, revalidateMs: 0, clock, readChanges: (since, now) => log.readChanges(since, now) });
      await cache.get('a', build('A'), { tags: ['x'] });
      expect(cache.peek('a')).toBeUndefined();
      const reads = log.reads;
      log.record(['x']);
      expect(await cache.get('a', build('A again'))).toBe('A again');
      expect(log.reads).toBeGreaterThan(reads);
    });

    it('fails a request rather than serve past the window when the log cannot be read', async () => {
      const { cache, log, clock, build, errors } = setup();
      await cache.get('a', build('A'));
      clock.advance(WINDOW_MS);
      log.failing = true;
      await expect(cache.get('a', build('A'))).rejects.toThrow('database unreachable');
      log.failing = false;
      expect(await cache.get('a', build('A'))).toBe('A');
      expect(errors.length).toBeGreaterThanOrEqual(1); // the background check's failure was reported, not thrown
    });

    it('reads the log again when told of a change while a check is already reading', async () => {
      const { cache, log, build } = setup();
      await cache.get('a', build('A'), { tags: ['x'] });
      let resumeRead!: () => void;
      const readGate = new Promise<void>((resolve) => (resumeRead = resolve));
      const read = log.readChanges.bind(log);
      log.readChanges = async (since, now) => {
        const answer = await read(since, now); // reads before the change below was committed
        await readGate;
        return answer;
      };
      const first = cache.revalidate();
      log.record(['x']);
      const second = cache.revalidate(); // the notification for that change
      resumeRead();
      log.readChanges = read;
      await Promise.all([first, second]);
      expect(cache.has('a')).toBe(false);
    });

    it('drops what a scheduled publication changes once its time has passed', async () => {
      const { cache, log, clock, build } = setup();
      log.scheduled.push({ at: '2026-01-01T00:00:03.000Z', tags: ['listing:site', 'article:5'] });
      await cache.get('home:1', build('front before'), { tags: ['listing:site'] });
      await cache.get('section:sport:1', build('sport'), { tags: ['listing:section:sport'] });
      clock.set('2026-01-01T00:00:04Z');
      await cache.revalidate();
      expect(cache.has('home:1')).toBe(false);
      expect(cache.has('section:sport:1')).toBe(true);
    });
  });
});
