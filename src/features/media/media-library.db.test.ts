// The media library against a real database, on SQLite and PostgreSQL:
// search over a bounded window with paging, where an image is used (kept by
// every article save, and backfilled by migration 0019), words and focal
// point reaching exactly the articles that follow the library, deletion only
// when unused, and the background renditions queue shared by two nodes.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { createArticleImages } from '../articles/articles.service.js';
import type { Actor } from '../articles/articles.types.js';
import { insertImage } from './media.repository.js';
import { createMediaLibrary, createMediaService, createRenditionWorker } from './media.service.js';

const editor: Actor = { kind: 'staff', userId: 0, name: 'Eve Editor', role: 'editor' };
const paragraph = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });
const figure = (imageId: string) => ({ type: 'figure' as const, attrs: { imageId, alt: 'In the text', caption: '', credit: '' } });

function photo(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 90 } } })
    .jpeg()
    .toBuffer();
}

describeEachEngine('media library', (engine) => {
  let testApp: TestApp;
  let db: Db;
  const add = async (publicId: string, text: { alt: string; caption?: string; credit?: string }) =>
    insertImage(db, {
      publicId,
      alt: text.alt,
      caption: text.caption ?? '',
      credit: text.credit ?? '',
      width: 32,
      height: 18,
      mime: 'image/jpeg',
      data: await photo(32, 18),
      createdAt: FIXTURE_NOW.toISOString(),
    });
  const libraryOf = (options: { searchWindow?: number } = {}) =>
    createMediaLibrary({
      db,
      clock: testApp.clock,
      media: createMediaService({ db }),
      articleImages: createArticleImages({ db, clock: testApp.clock, changeContent: testApp.articles.changeContent }),
      ...options,
    });

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    db = testApp.database.db;
    await seedFixtureNewspaper(db);
    await testApp.articles.afterContentChange();
    const row = await db
      .insertInto('users')
      .values({
        email: 'eve@newsroom.test',
        first_name: 'Eve',
        last_name: 'Editor',
        role: 'editor',
        created_at: '2026-01-01',
        updated_at: '2026-01-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (editor.kind === 'staff') editor.userId = row.id;
  });
  afterAll(() => testApp.destroy());

  describe('search', () => {
    beforeAll(async () => {
      await add('gull-on-pier', { alt: 'A gull on the pier', caption: 'Morning at the harbour', credit: 'Rosa Lind' });
      await add('storm-waves', { alt: 'Waves over the wall', caption: 'The STORM arrives', credit: 'Wire Pictures' });
      await add('percent-sign', { alt: 'A sign reading 100% off', caption: '', credit: 'Rosa_Lind' });
      for (let index = 1; index <= 6; index++) await add(`quay-${index}`, { alt: `Quay photo ${index}`, credit: 'Quay Archive' });
    });

    it('finds by caption, credit or alt text, ignoring case, newest first', async () => {
      const library = libraryOf();
      const words = async (text: string) => (await library.search({ words: text })).images.map((image) => image.publicId);
      expect(await words('harbour')).toEqual(['gull-on-pier']);
      expect(await words('storm')).toEqual(['storm-waves']);
      expect(await words('rosa')).toEqual(['percent-sign', 'gull-on-pier']);
      expect(await words('WAVES over')).toEqual(['storm-waves']);
      expect(await words('no such words')).toEqual([]);
    });

    it('takes LIKE wildcards literally, and words with control characters safely', async () => {
      const library = libraryOf();
      const words = async (text: string) => (await library.search({ words: text })).images.map((image) => image.publicId);
      expect(await words('100%')).toEqual(['percent-sign']);
      expect(await words('%')).toEqual(['percent-sign']);
      expect(await words('rosa_')).toEqual(['percent-sign']);
      expect(await words('\u0000storm\u0007')).toEqual(['storm-waves']);
    });

    it('pages newest first with a cursor, and never reads past its window for one page', async () => {
      const library = libraryOf();
      const first = await library.search({ words: 'quay archive', limit: 4 });
      expect(first.images.map((image) => image.publicId)).toEqual(['quay-6', 'quay-5', 'quay-4', 'quay-3']);
      const second = await library.search({ words: 'quay archive', limit: 4, before: first.nextBefore });
      expect(second.images.map((image) => image.publicId)).toEqual(['quay-2', 'quay-1']);

      // A window of three images: a page stops at its edge and offers to go further back.
      const windowed = libraryOf({ searchWindow: 3 });
      const near = await windowed.search({ words: 'rosa' });
      expect(near.images).toEqual([]);
      expect(near.searchedWindowOnly).toBe(true);
      const found: string[] = [];
      let pages = 1;
      for (let before = near.nextBefore; before !== null; pages++) {
        const page = await windowed.search({ words: 'rosa', before });
        found.push(...page.images.map((image) => image.publicId));
        before = page.nextBefore;
      }
      expect(found).toEqual(['percent-sign', 'gull-on-pier']);
      expect(pages).toBeGreaterThan(3);
    });
  });

  describe('where an image is used', () => {
    it('is kept by every save of an article: its hero and its body figures', async () => {
      await add('lighthouse-figure', { alt: 'The lighthouse' });
      await add('second-hero', { alt: 'Another hero' });
      const library = libraryOf();
      const created = await testApp.articleEditing.create(editor, {
        fields: {
          headline: 'Lighthouse keepers meet',
          section: 'world',
          hero: { imageId: 'second-hero', alt: 'Another hero', caption: '', credit: '' },
          body: { type: 'doc', content: [paragraph('They met.'), figure('lighthouse-figure'), figure('lighthouse-figure')] },
        },
      });
      if (created.kind !== 'saved') throw new Error(JSON.stringify(created));
      const article = created.article;
      expect((await library.find('lighthouse-figure'))!.uses).toEqual([
        { articleId: article.id, headline: 'Lighthouse keepers meet', status: 'draft', role: 'figure' },
      ]);
      expect((await library.find('second-hero'))!.uses.map((use) => use.role)).toEqual(['hero']);

      const saved = await testApp.articleEditing.save(editor, article.id, {
        baseVersion: article.version,
        action: 'save',
        fields: { hero: null, body: { type: 'doc', content: [paragraph('They met again.')] } },
      });
      expect(saved.kind).toBe('saved');
      expect((await library.find('lighthouse-figure'))!.uses).toEqual([]);
      expect((await library.find('second-hero'))!.uses).toEqual([]);
    });

    it('is kept by the articles service’s own updates of a body too', async () => {
      await add('breakwater-figure', { alt: 'The breakwater' });
      const body = { type: 'doc', content: [paragraph('Updated.'), figure('breakwater-figure')] };
      expect(await testApp.articles.updateArticle('ferry-timetable-changes', { bodyJson: JSON.stringify(body) })).toBe(true);
      expect((await libraryOf().find('breakwater-figure'))!.uses.map((use) => use.headline)).toEqual([
        'Ferry timetable changes for the spring',
      ]);
      await testApp.articles.updateArticle('ferry-timetable-changes', {
        bodyJson: JSON.stringify({ type: 'doc', content: [paragraph('Gone.')] }),
      });
      expect((await libraryOf().find('breakwater-figure'))!.uses).toEqual([]);
    });

    it('is backfilled by migration 0019 for articles that existed before it', async () => {
      const before = await db.selectFrom('article_images').selectAll().orderBy('article_id').orderBy('image_id').orderBy('role').execute();
      expect(before.some((row) => row.role === 'hero')).toBe(true);
      await testApp.testDatabase.migrateTo('0017_create_article_editing');
      await testApp.testDatabase.migrateTo('latest');
      const after = await db.selectFrom('article_images').selectAll().orderBy('article_id').orderBy('image_id').orderBy('role').execute();
      expect(after).toEqual(before);
      // Every image's search words came back too.
      expect((await libraryOf().search({ words: 'morning at the harbour' })).images).toHaveLength(1);
    });
  });

  describe('words, focal point and deletion', () => {
    it('changes the words of heroes that follow the library, drops their pages, and leaves words an article set itself', async () => {
      const library = libraryOf();
      const url = (await testApp.app.inject({ method: 'GET', url: '/' })).body.match(/href="([^"]*harbour-wall-repaired)"/)![1]!;
      expect((await testApp.app.inject({ method: 'GET', url })).body).toContain('The test card');

      // One article keeps a caption of its own.
      await db.updateTable('articles').set({ hero_caption: 'Our own caption' }).where('slug', '=', 'council-agrees-budget').execute();
      await testApp.articles.afterContentChange();
      const councilUrl = (await testApp.app.inject({ method: 'GET', url: '/' })).body.match(/href="([^"]*council-agrees-budget)"/)![1]!;
      await testApp.app.inject({ method: 'GET', url: councilUrl });

      expect(await library.updateText('fixture-hero', { alt: 'A card of blue', caption: 'The renamed card', credit: 'Desk' })).toEqual({
        kind: 'saved',
      });
      const page = (await testApp.app.inject({ method: 'GET', url })).body;
      expect(page).toContain('The renamed card');
      expect(page).toContain('A card of blue');
      const council = (await testApp.app.inject({ method: 'GET', url: councilUrl })).body;
      expect(council).toContain('Our own caption');
      expect(council).toContain('A card of blue');
    });

    it('refuses words without alt text, and stores nothing', async () => {
      const library = libraryOf();
      const outcome = await library.updateText('fixture-hero', { alt: '  ', caption: 'x' });
      expect(outcome.kind).toBe('invalid');
      expect((await library.find('fixture-hero'))!.alt).toBe('A card of blue');
    });

    it('sets a focal point the cards crop around, and refuses one outside the picture', async () => {
      const library = libraryOf();
      expect(await library.setFocalPoint('fixture-hero', { x: '0.2', y: '1' })).toEqual({ kind: 'saved' });
      expect((await library.find('fixture-hero'))!.focal).toEqual({ x: 0.2, y: 1 });
      expect((await testApp.app.inject({ method: 'GET', url: '/' })).body).toContain('focal-x-20 focal-y-100');
      for (const [x, y] of [
        ['1.5', '0'],
        ['-0.1', '0.5'],
        ['', '0.5'],
        ['0.5', 'NaN'],
        ['1e0', '0.5'],
        ['Infinity', '0'],
      ])
        expect((await library.setFocalPoint('fixture-hero', { x, y })).kind, `${x},${y}`).toBe('invalid');
      expect((await library.find('fixture-hero'))!.focal).toEqual({ x: 0.2, y: 1 });
    });

    it('deletes only an image no article uses, and says where it is used otherwise', async () => {
      const library = libraryOf();
      const refused = await library.remove('fixture-hero');
      expect(refused.kind).toBe('in-use');
      if (refused.kind === 'in-use') expect(refused.uses.length).toBeGreaterThan(3);
      expect(await library.find('fixture-hero')).not.toBeNull();

      await add('unused-picture', { alt: 'Nobody uses me' });
      await testApp.app.inject({ method: 'GET', url: '/media/unused-picture/480.webp' });
      expect(await library.remove('unused-picture')).toEqual({ kind: 'deleted' });
      expect(await library.find('unused-picture')).toBeNull();
      expect(await library.remove('unused-picture')).toEqual({ kind: 'not-found' });
      // The database refuses too, whoever asks: a figure's link holds the image.
      const id = await add('held-by-figure', { alt: 'Held' });
      const articleId = (await db.selectFrom('articles').select('id').limit(1).executeTakeFirstOrThrow()).id;
      await db.insertInto('article_images').values({ article_id: articleId, image_id: id, role: 'figure' }).execute();
      await expect(db.deleteFrom('images').where('id', '=', id).execute()).rejects.toThrow();
      expect((await library.remove('held-by-figure')).kind).toBe('in-use');
    });
  });

  describe('background renditions', () => {
    it('stores the upload at once as processing, and a worker on either node makes every rendition once', async () => {
      const media = createMediaService({ db, clock: testApp.clock });
      const uploads = await Promise.all(
        ['one', 'two', 'three'].map(async (name) =>
          media.importImage({ data: await photo(), name: `${name}.jpg` }, { alt: `Upload ${name}` }),
        ),
      );
      const ids = uploads.map((outcome) => (outcome.kind === 'stored' ? outcome.image.publicId : ''));
      const library = libraryOf();
      for (const id of ids) expect(await library.progress(id)).toEqual({ status: 'processing', made: 0, total: 6 });

      const otherNode = testApp.testDatabase.openAnotherHandle();
      try {
        const prepared: number[] = [];
        const workerOn = (nodeDb: Db) => {
          const nodeMedia = createMediaService({ db: nodeDb });
          return createRenditionWorker({
            db: nodeDb,
            clock: testApp.clock,
            prepare: async (imageId) => {
              prepared.push(imageId);
              await nodeMedia.prepareRenditions(imageId);
            },
          });
        };
        const done = await Promise.all([workerOn(db).drain(), workerOn(otherNode.db).drain()]);
        expect(done[0]! + done[1]!).toBeGreaterThanOrEqual(3);
        expect(new Set(prepared).size).toBe(prepared.length);
      } finally {
        await otherNode.close();
      }
      for (const id of ids) expect(await library.progress(id)).toEqual({ status: 'ready', made: 6, total: 6 });
      const stored = await db
        .selectFrom('image_renditions')
        .innerJoin('images', 'images.id', 'image_renditions.image_id')
        .where('images.public_id', '=', ids[0]!)
        .select(['image_renditions.width', 'image_renditions.format'])
        .orderBy('image_renditions.width')
        .orderBy('image_renditions.format')
        .execute();
      expect(stored.map((row) => `${row.width}.${row.format}`)).toEqual([
        '480.jpg',
        '480.webp',
        '960.jpg',
        '960.webp',
        '1600.jpg',
        '1600.webp',
      ]);
      // On-demand renditions still answer for an image still processing.
      const fresh = await media.importImage({ data: await photo(), name: 'fresh.jpg' }, { alt: 'Fresh' });
      if (fresh.kind !== 'stored') throw new Error('not stored');
      const response = await testApp.app.inject({ method: 'GET', url: `/media/${fresh.image.publicId}/480.webp` });
      expect(response.statusCode).toBe(200);
    });

    it('retries a failed job later, and gives up after five attempts (on-demand renditions remain)', async () => {
      const media = createMediaService({ db, clock: testApp.clock });
      const outcome = await media.importImage({ data: await photo(), name: 'flaky.jpg' }, { alt: 'Flaky' });
      if (outcome.kind !== 'stored') throw new Error('not stored');
      await db.updateTable('image_rendition_jobs').set({ status: 'done' }).where('status', '=', 'pending').execute();
      const imageId = (await db.selectFrom('images').where('public_id', '=', outcome.image.publicId).select('id').executeTakeFirstOrThrow())
        .id;
      await db.updateTable('image_rendition_jobs').set({ status: 'pending' }).where('image_id', '=', imageId).execute();
      let now = FIXTURE_NOW.getTime();
      const worker = createRenditionWorker({
        db,
        clock: { now: () => new Date(now) },
        prepare: async () => {
          throw new Error('sharp fell over');
        },
      });
      for (let attempt = 1; attempt <= 5; attempt++) {
        expect(await worker.drain()).toBe(0);
        now += 60 * 60 * 1000;
      }
      const job = await db.selectFrom('image_rendition_jobs').where('image_id', '=', imageId).selectAll().executeTakeFirstOrThrow();
      expect([job.status, job.attempts]).toEqual(['failed', 5]);
      expect((await libraryOf().progress(outcome.image.publicId))!.status).toBe('failed');
    });
  });
});
