// Sections, topics and authors from the newsroom: create, rename (old reader
// addresses answer 301 to the new ones, articles under a renamed section
// too), reorder, profiles with a picture; invalid forms store nothing;
// other roles are refused.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, pageText, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { signInWriter } from './testing/newsroom-staff.js';

describeEachEngine('newsroom sections, topics and authors', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  let author: TestBrowser;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    editor = (await signInWriter(testApp, 'editor')).browser;
    author = (await signInWriter(testApp, 'author')).browser;
  });
  afterAll(() => testApp?.destroy());

  const db = () => testApp.database.db;
  const idOf = async (table: 'sections' | 'topics' | 'authors', column: 'path' | 'slug', value: string) =>
    (
      await db()
        .selectFrom(table)
        .where(column as never, '=', value as never)
        .select('id')
        .executeTakeFirstOrThrow()
    ).id;
  const csrfFrom = async (path: string) => hiddenValue((await editor.get(path)).body, '_csrf');
  const reader = (url: string) => testApp.app.inject({ url });

  it('renames a section: the section, its subsections, feeds and articles keep their old addresses as 301s', async () => {
    const world = await idOf('sections', 'path', 'world');
    // Readers have the old pages cached: the rename must drop them.
    expect((await reader('/world/europe')).statusCode).toBe(200);
    const articlePath = (await reader('/world/europe')).body.match(
      /href="(\/world\/europe\/\d{4}\/\d{2}\/\d{2}\/harbour-wall-repaired)"/,
    )![1]!;
    const _csrf = await csrfFrom(`/newsroom/sections/${world}`);
    const saved = await editor.post(`/newsroom/sections/${world}`, { _csrf, name: 'Globe', slug: 'globe', description: 'Everywhere.' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/newsroom/sections?done=saved');

    for (const [old, now] of [
      ['/world', '/globe'],
      ['/world/europe', '/globe/europe'],
      ['/world/europe/', '/globe/europe'],
      ['/world/rss.xml', '/globe/rss.xml'],
      ['/world/europe/atom.xml', '/globe/europe/atom.xml'],
      ['/world?before=2026-03-01T00:00:00.000Z_1', '/globe?before=2026-03-01T00:00:00.000Z_1'],
    ]) {
      const response = await reader(old!);
      expect(response.statusCode, old).toBe(301);
      expect(response.headers.location).toBe(now);
    }
    const article = await reader(articlePath);
    expect(article.statusCode).toBe(301);
    expect(article.headers.location).toBe(articlePath.replace('/world/', '/globe/'));
    expect((await reader('/globe/europe')).statusCode).toBe(200);
    expect((await reader('/')).body).toContain('>Globe<');

    // Renamed back: the live path answers again, and the other name leads back to it.
    await editor.post(`/newsroom/sections/${world}`, { _csrf, name: 'World', slug: 'world', description: '' });
    expect((await reader('/world')).statusCode).toBe(200);
    expect((await reader('/globe')).headers.location).toBe('/world');
  });

  it('adds a section under a parent and reorders siblings in the navigation', async () => {
    const _csrf = await csrfFrom('/newsroom/sections');
    const bad = await editor.post('/newsroom/sections', { _csrf, name: ' ', slug: '', parent: 'world', description: '' });
    expect(bad.statusCode).toBe(422);
    expect(pageText(bad.body)).toContain('Enter a name.');
    expect(await db().selectFrom('sections').where('path', 'like', 'world/%').select('path').execute()).toHaveLength(1);

    const created = await editor.post('/newsroom/sections', { _csrf, name: 'Asia', slug: '', parent: 'world', description: '' });
    expect(created.statusCode).toBe(303);
    expect((await reader('/world/asia')).statusCode).toBe(200);

    const navigationOrder = async () => {
      const body = (await reader('/')).body;
      return [body.indexOf('>World<'), body.indexOf('>Politics<')];
    };
    const [world, politics] = await navigationOrder();
    expect(world!).toBeLessThan(politics!);
    const moved = await editor.post(`/newsroom/sections/${await idOf('sections', 'path', 'politics')}/move`, { _csrf, direction: 'up' });
    expect(moved.statusCode).toBe(303);
    const [worldAfter, politicsAfter] = await navigationOrder();
    expect(politicsAfter!).toBeLessThan(worldAfter!);
    expect(
      (await editor.post(`/newsroom/sections/${await idOf('sections', 'path', 'politics')}/move`, { _csrf, direction: 'sideways' }))
        .statusCode,
    ).toBe(400);
  });

  it('renames a topic and edits an author profile with a picture; old addresses answer 301', async () => {
    const coast = await idOf('topics', 'slug', 'coast');
    const _csrf = await csrfFrom(`/newsroom/topics/${coast}`);
    expect((await editor.post(`/newsroom/topics/${coast}`, { _csrf, name: 'Seaside', slug: 'seaside', description: '' })).statusCode).toBe(
      303,
    );
    expect((await reader('/topic/coast')).headers.location).toBe('/topic/seaside');
    expect((await reader('/topic/coast/rss.xml')).headers.location).toBe('/topic/seaside/rss.xml');

    const ada = await idOf('authors', 'slug', 'ada-fenwick');
    const missingPicture = await editor.post(`/newsroom/authors/${ada}`, {
      _csrf,
      name: 'Ada Fenwick',
      slug: 'ada-fenwick',
      jobTitle: 'Political editor',
      bio: 'Covers the council.',
      picture: 'no-such-picture',
    });
    expect(missingPicture.statusCode).toBe(422);
    expect(pageText(missingPicture.body)).toContain('There is no picture with that id');
    const saved = await editor.post(`/newsroom/authors/${ada}`, {
      _csrf,
      name: 'Ada Fenwick',
      slug: 'ada-fenwick-writes',
      jobTitle: 'Chief political editor',
      bio: 'Covers the council <and> the county.',
      picture: 'fixture-hero',
    });
    expect(saved.statusCode).toBe(303);
    expect((await reader('/author/ada-fenwick')).headers.location).toBe('/author/ada-fenwick-writes');
    const page = await reader('/author/ada-fenwick-writes');
    expect(page.body).toContain('Chief political editor');
    expect(page.body).toContain('Covers the council &lt;and> the county.');
    expect(page.body).toMatch(/<img src="\/media\/fixture-hero\/[^"]+" [^>]*alt="Ada Fenwick"/);
  });

  it('refuses other roles, missing tokens and unknown ids', async () => {
    for (const path of ['/newsroom/sections', '/newsroom/topics', '/newsroom/authors']) {
      expect((await author.get(path)).statusCode).toBe(403);
      expect((await testApp.app.inject({ url: path })).statusCode).toBe(303);
      expect((await editor.post(path, { name: 'No token' })).statusCode).toBe(403);
    }
    expect((await editor.get('/newsroom/topics/999999')).statusCode).toBe(404);
    expect((await editor.get('/newsroom/authors/abc')).statusCode).toBe(404);
  });

  it('refuses a save from a form opened before someone else saved (409, nothing written); the form then saves on purpose', async () => {
    for (const [kind, id, fields] of [
      ['sections', await idOf('sections', 'path', 'politics'), { name: 'Politics', slug: 'politics', description: '' }],
      ['topics', (await db().selectFrom('topics').select('id').executeTakeFirstOrThrow()).id, null],
      ['authors', await idOf('authors', 'slug', 'tomas-ruiz'), null],
    ] as const) {
      const path = `/newsroom/${kind}/${id}`;
      const opened = (await editor.get(path)).body;
      const seen = hiddenValue(opened, 'seen');
      const _csrf = hiddenValue(opened, '_csrf');
      const form = (name: string) => ({
        ...Object.fromEntries(
          ['slug', 'description', 'jobTitle', 'bio', 'picture'].map((field) => [field, hiddenValueOrField(opened, field)]),
        ),
        ...(fields ?? {}),
        name,
        _csrf,
      });
      // Someone else saves first, through a form of their own.
      const theirs = (await editor.get(path)).body;
      expect((await editor.post(path, { ...form(`Theirs ${kind}`), seen: hiddenValue(theirs, 'seen') })).statusCode).toBe(303);

      const stale = await editor.post(path, { ...form(`Mine ${kind}`), seen });
      expect(stale.statusCode, kind).toBe(409);
      expect(pageText(stale.body)).toContain('Someone else saved this after you opened it');
      // My text is still in the form; theirs is what is stored.
      expect(stale.body).toContain(`Mine ${kind}`);
      const table = kind;
      const stored = await db().selectFrom(table).select('name').where('id', '=', id).executeTakeFirstOrThrow();
      expect(stored.name).toBe(`Theirs ${kind}`);

      // The refused page compares against their version now: saving it again replaces theirs, knowingly.
      const again = await editor.post(path, { ...form(`Mine ${kind}`), seen: hiddenValue(stale.body, 'seen') });
      expect(again.statusCode).toBe(303);
      expect((await db().selectFrom(table).select('name').where('id', '=', id).executeTakeFirstOrThrow()).name).toBe(`Mine ${kind}`);
    }
  });
});

/** A field's value on an edit page: an input's value attribute or a textarea's text ('' when absent). */
function hiddenValueOrField(html: string, name: string): string {
  const input = new RegExp(`name="${name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="${name}"`).exec(html);
  if (input) return decodeEntities(input[1] ?? input[2] ?? '');
  const textarea = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`).exec(html);
  return textarea ? decodeEntities(textarea[1]!) : '';
}

const decodeEntities = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
