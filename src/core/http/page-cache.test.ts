import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { PageCache, type ContentRevision } from './page-cache.js';

function setup(options: { maxEntries?: number } = {}) {
  const clock = fixedClock('2026-01-01T00:00:00Z');
  const shared: ContentRevision = { revision: 1, nextPublicationAt: null };
  let revisionReads = 0;
  const cache = new PageCache({
    maxEntries: options.maxEntries ?? 100,
    revalidateMs: 5000,
    clock,
    readRevision: async () => {
      revisionReads++;
      return { ...shared };
    },
  });
  let builds = 0;
  const build = (value: string) => async () => {
    builds++;
    return value;
  };
  return { clock, shared, cache, build, builds: () => builds, revisionReads: () => revisionReads };
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

  it('checks the shared revision at most once per interval and drops everything when it moved', async () => {
    const { cache, build, builds, clock, shared, revisionReads } = setup();
    await cache.revalidate();
    await cache.get('a', build('A'));
    shared.revision = 2; // another node published something
    clock.advance(1000);
    await cache.get('a', build('A'));
    expect(builds()).toBe(1); // not due yet: served from cache
    const readsBefore = revisionReads();
    clock.advance(5000);
    await cache.get('a', build('A')); // due: background check starts, stale value served meanwhile
    await cache.revalidate();
    expect(revisionReads()).toBeGreaterThan(readsBefore);
    await cache.get('a', build('A'));
    expect(builds()).toBe(2);
  });

  it('drops everything when a scheduled publication time passes', async () => {
    const { cache, build, builds, clock, shared } = setup();
    shared.nextPublicationAt = '2026-01-01T01:00:00.000Z';
    await cache.revalidate();
    await cache.get('front', build('before'));
    clock.set('2026-01-01T01:00:01Z');
    shared.nextPublicationAt = null;
    await cache.revalidate();
    expect(await cache.get('front', build('after'))).toBe('after');
    expect(builds()).toBe(2);
  });

  it('does not store a value built while the cache was cleared', async () => {
    const { cache } = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pending = cache.get('a', async () => {
      await gate;
      return 'stale';
    });
    cache.clear();
    release();
    expect(await pending).toBe('stale');
    expect(cache.size).toBe(0);
  });
});
