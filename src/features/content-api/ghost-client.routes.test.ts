// The official Ghost client (@tryghost/content-api, as front-ends use it) against
// a real server on a loopback port: if Masthead's answers were not Ghost's
// shape, the client would fail or return something else.
import GhostContentAPI, { type GhostContentApi } from '@tryghost/content-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createContentApiHarness, type ContentApiHarness } from './testing/content-api-harness.js';

describeEachEngine('the official Ghost Content API client reads Masthead', (engine) => {
  let harness: ContentApiHarness;
  let api: GhostContentApi;
  let url: string;

  beforeAll(async () => {
    harness = await createContentApiHarness(engine, { extraArticles: 20 });
    const address = await harness.testApp.app.listen({ host: '127.0.0.1', port: 0 });
    url = address.replace(/\/$/, '');
    api = GhostContentAPI({ url, key: harness.contentKey, version: 'v6.0' });
  });
  afterAll(() => harness.testApp.destroy());

  it('browses posts with pagination, authors and tags, newest first', async () => {
    const posts = await api.posts.browse({ limit: 5, include: 'authors,tags' });
    expect(posts).toHaveLength(5);
    expect(posts.meta.pagination).toEqual({ page: 1, limit: 5, pages: 5, total: 25, next: 2, prev: null });
    expect(posts[0]).toMatchObject({
      slug: 'harbour-wall-repaired',
      title: 'Harbour wall repaired before winter storms',
      visibility: 'public',
      featured: true,
      primary_tag: { slug: 'world-europe', name: 'Europe' },
      primary_author: { slug: 'ada-fenwick', name: 'Ada Fenwick' },
    });
    expect(posts[0]!.tags.map((tag: { slug: string }) => tag.slug)).toEqual(['world-europe', 'coast']);
    expect(posts[0]!.url).toMatch(/^https:\/\/news\.example\.test\/world\/europe\/2026\/03\/10\/harbour-wall-repaired$/);
    expect(posts[0]!.html).toContain('<p>First paragraph of Harbour wall repaired before winter storms.</p>');
    const dates = posts.map((post) => post.published_at as string);
    expect([...dates].sort().reverse()).toEqual(dates);
    const second = await api.posts.browse({ limit: 5, page: 2 });
    expect(second.meta.pagination).toMatchObject({ page: 2, next: 3, prev: 1 });
    expect(second.map((post) => post.slug)).not.toContain(posts[0]!.slug);
  });

  it('reads a post by slug and by id, with formats and fields', async () => {
    const bySlug = await api.posts.read({ slug: 'ferry-timetable-changes' }, { formats: ['html', 'plaintext'] });
    expect(bySlug.title).toBe('Ferry timetable changes for the spring');
    expect(bySlug.plaintext).toContain('Second paragraph with more detail.');
    const byId = await api.posts.read({ id: bySlug.id }, { fields: 'title,slug' });
    expect(byId).toEqual({ title: bySlug.title, slug: 'ferry-timetable-changes' });
  });

  it('filters posts by tag, author, visibility and date, as Ghost front-ends write them', async () => {
    const coast = await api.posts.browse({ filter: 'tag:coast', limit: 'all' });
    expect(coast.map((post) => post.slug).sort()).toEqual(['ferry-timetable-changes', 'harbour-wall-repaired', 'premium-investigation']);
    const europe = await api.posts.browse({ filter: 'primary_tag:world-europe' });
    expect(europe.map((post) => post.slug).sort()).toEqual(['harbour-wall-repaired', 'premium-investigation']);
    const tomas = await api.posts.browse({ filter: 'author:tomas-ruiz' });
    expect(tomas.map((post) => post.slug)).toEqual(['council-agrees-budget']);
    const gated = await api.posts.browse({ filter: 'visibility:-public' });
    expect(gated.map((post) => [post.slug, post.visibility])).toEqual([
      ['members-only-analysis', 'members'],
      ['premium-investigation', 'paid'],
    ]);
    const recent = await api.posts.browse({ filter: "published_at:>'2026-03-09 12:00:00'+featured:true" });
    expect(recent.map((post) => post.slug)).toEqual(['harbour-wall-repaired', 'council-agrees-budget']);
  });

  it('never reads drafts, scheduled or withdrawn articles', async () => {
    const all = [...(await api.posts.browse({ limit: 100 }))].map((post) => post.slug);
    for (const slug of ['scheduled-for-tomorrow', 'unfinished-draft', 'retracted-report']) {
      expect(all).not.toContain(slug);
      await expect(api.posts.read({ slug })).rejects.toMatchObject({ name: 'NotFoundError', response: { status: 404 } });
    }
  });

  it('reads authors, tags (sections and topics), pages, settings and tiers', async () => {
    const authors = await api.authors.browse();
    expect(authors.map((author) => author.slug)).toEqual(['ada-fenwick', 'tomas-ruiz']);
    expect(await api.authors.read({ slug: 'tomas-ruiz' })).toMatchObject({
      name: 'Tomás Ruiz',
      url: 'https://news.example.test/author/tomas-ruiz/',
    });
    const tags = await api.tags.browse({ limit: 'all' });
    expect(tags.map((tag) => tag.slug)).toEqual(['world-europe', 'politics', 'coast', 'world']);
    expect(await api.tags.read({ slug: 'world-europe' })).toMatchObject({ name: 'Europe', url: 'https://news.example.test/world/europe/' });
    const pages = await api.pages.browse();
    expect([...pages]).toEqual([]);
    const settings = await api.settings.browse();
    expect(settings).toMatchObject({ title: 'The Test Gazette', url: 'https://news.example.test/' });
    expect(settings.navigation.map((item: { label: string }) => item.label)).toEqual(['World', 'Politics']);
    const tiers = await api.tiers.browse();
    expect(tiers.map((tier) => [tier.slug, tier.type])).toEqual([
      ['free', 'free'],
      ['registered', 'free'],
      ['premium', 'paid'],
    ]);
  });

  it("surfaces errors as Ghost's client expects: a wrong key, an unknown filter field", async () => {
    const wrong = GhostContentAPI({ url, key: '0123456789abcdef0123456789', version: 'v6.0' });
    await expect(wrong.posts.browse()).rejects.toMatchObject({ name: 'UnauthorizedError', message: 'Authorization failed' });
    await expect(api.posts.browse({ filter: 'colour:blue' })).rejects.toMatchObject({
      name: 'BadRequestError',
      response: { status: 400 },
    });
    // Older clients put the version in the URL.
    const v4 = GhostContentAPI({ url, key: harness.contentKey, version: 'v4' });
    expect((await v4.posts.browse({ limit: 1 })).meta.pagination.total).toBe(25);
  });
});
