// The Content API's contract through app.inject: keys, every option and its
// errors in Ghost's envelope, CORS, caching, and what gated posts carry.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createApiKeysService } from '../admin-api/api-keys.service.js';
import { createContentApiHarness, type ContentApiHarness } from './testing/content-api-harness.js';

type Json = Record<string, any>;

describeEachEngine('Content API routes', (engine) => {
  let harness: ContentApiHarness;
  const json = async (path: string, parameters: Record<string, string> = {}) => {
    const response = await harness.get(path, parameters);
    return { status: response.statusCode, body: response.json() as Json, headers: response.headers };
  };
  const slugs = (body: Json) => (body.posts as Json[]).map((post) => post.slug as string);
  const expectBadRequest = async (path: string, parameters: Record<string, string>, message: RegExp) => {
    const { status, body, headers } = await json(path, parameters);
    expect(status, JSON.stringify(parameters)).toBe(400);
    expect(body.errors[0]).toMatchObject({ type: 'BadRequestError', message: expect.stringMatching(message) });
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['access-control-allow-origin']).toBe('*');
  };

  beforeAll(async () => {
    harness = await createContentApiHarness(engine, { extraArticles: 3 });
  });
  afterAll(() => harness.testApp.destroy());

  it('answers 401 in Ghost’s shape without a live content key; admin and content keys never stand in for each other', async () => {
    const inject = (url: string, headers: Record<string, string> = {}) => harness.testApp.app.inject({ method: 'GET', url, headers });
    for (const url of [
      '/ghost/api/content/posts/',
      '/ghost/api/content/posts/?key=',
      '/ghost/api/content/posts/?key=0123456789abcdef0123456789',
      `/ghost/api/content/posts/?key=${harness.contentKey.toUpperCase()}`,
      `/ghost/api/content/posts/?key=${encodeURIComponent(harness.adminKey)}`,
      `/ghost/api/content/settings/?key=${harness.contentKey}&key=${harness.contentKey}`,
    ]) {
      const response = await inject(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json().errors[0]).toMatchObject({ type: 'UnauthorizedError', message: 'Authorization failed' });
      expect(response.body).not.toContain('Harbour');
    }
    expect((await inject('/api/admin/sections', { authorization: `Bearer ${harness.contentKey}` })).statusCode).toBe(401);

    const keys = createApiKeysService({ db: harness.testApp.database.db, clock: harness.testApp.clock });
    const created = await keys.create({ name: 'Short-lived site', role: 'content' });
    if (created.kind !== 'created') throw new Error(created.kind);
    expect((await inject(`/ghost/api/content/tiers/?key=${created.key}`)).statusCode).toBe(200);
    expect(await keys.revoke('Short-lived site')).toBe(true);
    expect((await inject(`/ghost/api/content/tiers/?key=${created.key}`)).statusCode).toBe(401);
  });

  it('serves CORS as Ghost does, cacheable JSON with an ETag, and the site’s security headers', async () => {
    const preflight = await harness.testApp.app.inject({
      method: 'OPTIONS',
      url: '/ghost/api/content/posts/',
      headers: {
        origin: 'https://front.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'accept-version',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('Accept-Version');
    const response = await harness.get('posts/', {}, { origin: 'https://front.example', 'accept-version': 'v6.0' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const etag = String(response.headers.etag);
    expect((await harness.get('posts/', {}, { 'if-none-match': etag })).statusCode).toBe(304);
    // Without the trailing slash, and under the versioned prefix older clients use, the same answer.
    const bare = await harness.testApp.app.inject({ method: 'GET', url: `/ghost/api/content/posts?key=${harness.contentKey}` });
    const v3 = await harness.testApp.app.inject({ method: 'GET', url: `/ghost/api/v3/content/posts/?key=${harness.contentKey}` });
    expect(bare.body).toBe(response.body);
    expect(v3.body).toBe(response.body);
  });

  it('answers 404 in Ghost’s shape for what is not there', async () => {
    for (const path of [
      'posts/999999/',
      'posts/99999999999999/',
      'posts/slug/%00/',
      'tags/slug/a%00b/',
      'posts/not-a-number/',
      'posts/slug/unfinished-draft/',
      'posts/slug/scheduled-for-tomorrow/',
      'tags/slug/nope/',
      'authors/0/',
      'pages/1/',
      'nothing-here/',
    ]) {
      const { status, body } = await json(path);
      expect(status, path).toBe(404);
      expect(body.errors[0].type).toBe('NotFoundError');
    }
  });

  it('pages: limit (all and over 100 clamped to 100), page, order, and their errors', async () => {
    const first = await json('posts/', { limit: '2' });
    expect(first.body.meta.pagination).toEqual({ page: 1, limit: 2, pages: 4, total: 8, next: 2, prev: null });
    const last = await json('posts/', { limit: '2', page: '4' });
    expect(last.body.meta.pagination).toMatchObject({ page: 4, next: null, prev: 3 });
    expect((await json('posts/', { limit: 'all' })).body.meta.pagination.limit).toBe(100);
    expect((await json('posts/', { limit: '500' })).body.meta.pagination.limit).toBe(100);
    expect((await json('posts/', {})).body.meta.pagination.limit).toBe(15);
    const oldest = await json('posts/', { order: 'published_at asc', limit: '100' });
    const newest = await json('posts/', { order: 'published_at DESC', limit: '100' });
    expect(slugs(oldest.body)).toEqual([...slugs(newest.body)].reverse());
    expect((await json('posts/', { page: '99' })).body.posts).toEqual([]);
    await expectBadRequest('posts/', { limit: '0' }, /limit must be a whole number/);
    await expectBadRequest('posts/', { limit: 'ten' }, /limit must be a whole number/);
    await expectBadRequest('posts/', { page: '0' }, /page must be a whole number/);
    await expectBadRequest('posts/', { page: '1001', limit: '10' }, /first 10000 items/);
    await expectBadRequest('posts/', { order: 'title asc' }, /order must be one of "published_at asc\|desc"/);
    await expectBadRequest('tags/', { order: 'published_at desc' }, /order must be one of "name asc\|desc", "slug asc\|desc"/);
  });

  it('include, fields and formats, and their errors', async () => {
    const plain = (await json('posts/slug/ferry-timetable-changes/')).body.posts[0];
    expect(plain.html).toContain('Second paragraph');
    expect(plain).not.toHaveProperty('plaintext');
    expect(plain).not.toHaveProperty('authors');
    expect(plain).not.toHaveProperty('tags');
    const both = (await json('posts/slug/ferry-timetable-changes/', { formats: 'plaintext', include: 'tags,authors' })).body.posts[0];
    expect(both).not.toHaveProperty('html');
    expect(both.plaintext).toContain('Second paragraph');
    expect(both.primary_tag).toMatchObject({ id: expect.stringMatching(/^section-\d+$/), slug: 'world' });
    expect(both.tags.map((tag: Json) => tag.slug)).toEqual(['world', 'coast']);
    const picked = (await json('posts/', { fields: 'title,url', include: 'authors', limit: '1' })).body.posts[0];
    expect(Object.keys(picked).sort()).toEqual(['authors', 'primary_author', 'title', 'url']);
    expect((await json('tags/', { fields: 'slug' })).body.tags[0]).toEqual({ slug: 'world-europe' });
    await expectBadRequest('posts/', { include: 'count.posts' }, /include takes authors, tags/);
    await expectBadRequest('authors/', { include: 'count.posts' }, /nothing to include/);
    await expectBadRequest('posts/', { fields: 'title,password' }, /Unknown field "password"/);
    await expectBadRequest('posts/', { formats: 'mobiledoc' }, /formats takes html and plaintext/);
    await expectBadRequest('tags/', { formats: 'html' }, /no formats/);
  });

  it('filters: every supported expression, and a clear 400 for the rest', async () => {
    const filtered = async (filter: string) => slugs((await json('posts/', { filter, limit: 'all' })).body).sort();
    expect(await filtered('tag:coast')).toEqual(['ferry-timetable-changes', 'harbour-wall-repaired', 'premium-investigation']);
    expect(await filtered('tags:[politics,world-europe]+visibility:public')).toEqual(['council-agrees-budget', 'harbour-wall-repaired']);
    expect(await filtered('tag:-world+tag:-politics')).toEqual(['harbour-wall-repaired', 'premium-investigation']);
    expect(await filtered('featured:true')).toEqual(['council-agrees-budget', 'harbour-wall-repaired']);
    expect((await filtered('featured:false')).length).toBe(6);
    expect(await filtered('primary_author:tomas-ruiz')).toEqual([]);
    expect(await filtered('author:tomas-ruiz,visibility:paid')).toEqual(['council-agrees-budget', 'premium-investigation']);
    expect(await filtered("published_at:<='2026-03-08T14:00:00Z'")).toEqual([
      'generated-story-1',
      'generated-story-2',
      'generated-story-3',
      'members-only-analysis',
      'premium-investigation',
    ]);
    expect(await filtered('published_at:>2026-03-10')).toEqual(['council-agrees-budget', 'harbour-wall-repaired']);
    expect(await filtered('visibility:[members,paid]')).toEqual(['members-only-analysis', 'premium-investigation']);
    expect(await filtered('slug:ferry-timetable-changes,id:-999999')).toHaveLength(8);
    expect(await filtered('slug:[ferry-timetable-changes,nope]+id:-999999')).toEqual(['ferry-timetable-changes']);
    expect(await filtered('tag:no-such-tag')).toEqual([]);
    expect((await json('posts/', { filter: 'tag:no-such-tag' })).body.meta.pagination).toMatchObject({ total: 0, pages: 1, next: null });
    await expectBadRequest('posts/', { filter: 'title:Harbour' }, /cannot be filtered by "title"/);
    await expectBadRequest('posts/', { filter: 'published_at:>yesterday' }, /needs a date/);
    await expectBadRequest('posts/', { filter: 'visibility:everyone' }, /public, members or paid/);
    await expectBadRequest('posts/', { filter: 'featured:maybe' }, /true or false/);
    await expectBadRequest('posts/', { filter: 'tag:>coast' }, /Only published_at/);
    await expectBadRequest('posts/', { filter: "tag:coast' OR 1=1 --" }, /Invalid filter/);
    const tags = (await json('tags/', { filter: 'slug:[coast,politics]' })).body.tags as Json[];
    expect(tags.map((tag) => tag.slug)).toEqual(['politics', 'coast']);
    const authors = (await json('authors/', { filter: 'slug:-ada-fenwick' })).body.authors as Json[];
    expect(authors.map((author) => author.slug)).toEqual(['tomas-ruiz']);
    await expectBadRequest('authors/', { filter: 'email:x' }, /authors cannot be filtered by "email"/);
  });

  it('gated and metered posts carry only their free part; visibility names the tier', async () => {
    const read = async (slug: string) => (await json(`posts/slug/${slug}/`, { formats: 'html,plaintext' })).body.posts[0] as Json;
    const members = await read('members-only-analysis');
    expect(members.visibility).toBe('members');
    expect(members.html).toBe('<p>First paragraph of What the budget means for rural bus routes.</p>');
    expect(members.plaintext).not.toContain('Second paragraph');
    expect(members.access).toBe(false);
    expect((await read('premium-investigation')).visibility).toBe('paid');
    // Free, but in a metered section (METERED_SECTIONS=politics): a visitor past the meter sees the teaser.
    const metered = await read('council-agrees-budget');
    expect(metered.visibility).toBe('public');
    expect(metered.plaintext).not.toContain('Second paragraph');
    expect((await read('harbour-wall-repaired')).plaintext).toContain('Third paragraph');
  });

  it('settings and tiers', async () => {
    const settings = (await json('settings/')).body;
    expect(settings.settings).toMatchObject({ title: 'The Test Gazette', lang: harness.testApp.config.publication.language });
    expect(settings.settings.navigation).toEqual([
      { label: 'World', url: 'https://news.example.test/world' },
      { label: 'Politics', url: 'https://news.example.test/politics' },
    ]);
    expect(settings.meta).toEqual({});
    const tiers = (await json('tiers/')).body;
    expect(tiers.tiers).toHaveLength(3);
    expect(tiers.meta.pagination.total).toBe(3);
  });

  it('an edit reaches the API within the cache window, on this node too', async () => {
    expect(slugs((await json('posts/', { limit: 'all' })).body)).toContain('ferry-timetable-changes');
    expect(await harness.testApp.articles.withdrawArticle('ferry-timetable-changes')).toBe(true);
    harness.testApp.clock.advance(harness.testApp.config.pageCache.revalidateMs + 1);
    expect(slugs((await json('posts/', { limit: 'all' })).body)).not.toContain('ferry-timetable-changes');
    expect((await json('posts/slug/ferry-timetable-changes/')).status).toBe(404);
  });
});
