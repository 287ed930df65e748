// Importing Ghost and WordPress exports into a whole app, on both engines:
// what the articles become, the old addresses' 301s (which never shadow a
// page of ours), a crash mid-import resumed without duplicates, and a dry run
// that writes nothing.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, type Engine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { articlePath } from '../articles/articles.service.js';
import type { Actor } from '../articles/articles.types.js';
import { openGhostExport } from './ghost-export.js';
import { createImageLocator } from './import-images.js';
import { ImportStopped, type ImportOptions } from './importer.service.js';
import { importerFor } from './importers.wiring.js';
import { prepareImportFolder } from './testing/import-fixtures.js';
import { openWordPressExport } from './wordpress-export.js';

const NOW = new Date('2026-12-06T12:00:00.000Z');

async function appWithEditor(engine: Engine): Promise<{ app: TestApp; actor: Actor }> {
  const app = await createTestApp({ engine, now: NOW });
  const row = await app.database.db
    .insertInto('users')
    .values({
      email: 'editor@ledger.test',
      first_name: 'Eda',
      last_name: 'Import',
      role: 'admin',
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { app, actor: { kind: 'staff', userId: row.id, name: 'Eda Import', role: 'admin' } };
}

const count = async (app: TestApp, table: 'articles' | 'import_records' | 'images' | 'users' | 'legacy_redirects' | 'sections') =>
  Number(
    (
      await app.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describeEachEngine('importing Ghost and WordPress exports', (engine) => {
  let folder: { folder: string; ghost: string; wordpress: string };
  let app: TestApp;
  let actor: Actor;
  const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
    dryRun: false,
    images: createImageLocator({ folder: folder.folder, fetchRemote: false, maxBytes: 5_000_000 }),
    defaultSection: 'news',
    actor,
    ...overrides,
  });
  const article = (slug: string) =>
    app.database.db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .where('articles.slug', '=', slug)
      .select([
        'articles.id',
        'articles.headline',
        'articles.standfirst',
        'articles.access_level',
        'articles.status',
        'articles.published_at',
        'articles.hero_image_id',
        'articles.body_json',
        'articles.comments_enabled',
        'sections.path as section',
      ])
      .executeTakeFirst();

  beforeAll(async () => {
    folder = await prepareImportFolder();
    ({ app, actor } = await appWithEditor(engine));
  });
  afterAll(async () => {
    await app.destroy();
    rmSync(folder.folder, { recursive: true, force: true });
  });

  it('imports a Ghost export: sections from primary tags, access from visibility, pictures into the library, bad posts reported', async () => {
    const report = await importerFor(app, app.config, app.clock).run(await openGhostExport(folder.ghost), options({ chunkSize: 3 }));
    expect(report.articles.imported).toBe(6);
    expect(report.articles.skipped.map((skipped) => skipped.sourceId.slice(-2)).sort()).toEqual(['05', '06', '08', '09']);
    expect(report.images).toEqual({ imported: 2, missing: [] });
    expect(report.readers).toMatchObject({
      imported: 2,
      existing: 0,
      skipped: [expect.objectContaining({ reason: 'Not an email address.' })],
    });
    expect(report.redirects).toBe(6);

    const ferry = await article('ferry-timetable-returns');
    expect(ferry).toMatchObject({ section: 'coast', access_level: 'free', status: 'published', published_at: '2024-03-04T07:30:00.000Z' });
    expect(ferry!.standfirst).toBe('The winter pause is over for the island route.');
    expect(ferry!.hero_image_id).not.toBeNull();
    const body = JSON.stringify(JSON.parse(ferry!.body_json));
    expect(body).toContain('"type":"figure"');
    expect(body).toContain('The printed timetable');
    expect(body).not.toContain('alert');
    expect(await article('lifeboat-night-drill')).toMatchObject({ access_level: 'registered', section: 'coast' });
    expect(await article('mooring-fees-explained')).toMatchObject({ access_level: 'premium', section: 'news' });
    expect(await article('breakwater-survey-notes')).toMatchObject({ status: 'draft', published_at: null });
    expect(JSON.parse((await article('tide-tables'))!.body_json).content.length).toBeGreaterThan(0);
    // "events" is one of the site's own addresses (or may become one): the tag becomes a topic in the default section.
    const regatta = await article('regatta-programme');
    expect(regatta).toMatchObject({ access_level: 'premium' });

    const topics = await app.database.db
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
      .where('article_topics.article_id', '=', ferry!.id)
      .select('topics.name')
      .execute();
    expect(topics.map((topic) => topic.name)).toEqual(['Ferries']);
    const ada = await app.database.db.selectFrom('authors').where('slug', '=', 'ada-penrose').select(['name', 'bio']).executeTakeFirst();
    expect(ada).toEqual({ name: 'Ada Penrose', bio: 'Covers the harbour.' });
    const revision = await app.database.db
      .selectFrom('article_revisions')
      .where('article_id', '=', ferry!.id)
      .select(['actor_name', 'action'])
      .executeTakeFirst();
    expect(revision).toEqual({ actor_name: 'Eda Import', action: 'publish' });
    const reader = await app.database.db
      .selectFrom('users')
      .where('email', '=', 'reader.one@example.org')
      .select(['id', 'password_hash', 'marketing_opt_out'])
      .executeTakeFirstOrThrow();
    expect(reader).toMatchObject({ password_hash: null, marketing_opt_out: 0 });
    const consent = await app.database.db
      .selectFrom('consents')
      .where('user_id', '=', reader.id)
      .select(['document', 'version', 'granted'])
      .execute();
    expect(consent).toEqual([{ document: 'marketing', version: 'imported', granted: 1 }]);
  });

  it('answers the old Ghost addresses with 301s, but only where no page of ours answers', async () => {
    const ferry = (await article('ferry-timetable-returns'))!;
    const location = articlePath(
      { sectionPath: 'coast', slug: 'ferry-timetable-returns', publishedAt: ferry.published_at! },
      app.config.publication.timeZone,
    );
    for (const url of ['/ferry-timetable-returns/', '/ferry-timetable-returns']) {
      const response = await app.app.inject({ url });
      expect(response.statusCode, url).toBe(301);
      expect(response.headers.location).toBe(location);
    }
    expect((await app.app.inject({ url: location })).statusCode).toBe(200);
    // A draft's old address stays a 404 until it is published.
    expect((await app.app.inject({ url: '/breakwater-survey-notes/' })).statusCode).toBe(404);
    expect((await app.app.inject({ url: '/never-was-here/' })).statusCode).toBe(404);

    // Old paths equal to a section's, or a page's, never shadow them.
    for (const oldPath of ['/coast', '/signin']) {
      await app.database.db
        .insertInto('legacy_redirects')
        .values({ old_path: oldPath, article_id: ferry.id, created_at: NOW.toISOString() })
        .execute();
    }
    const section = await app.app.inject({ url: '/coast' });
    expect(section.statusCode).toBe(200);
    expect(section.body).toContain('Ferry timetable returns to the quay');
    expect((await app.app.inject({ url: '/signin' })).statusCode).toBe(200);
    // Only GET and HEAD are redirected.
    expect((await app.app.inject({ method: 'POST', url: '/ferry-timetable-returns/' })).statusCode).toBe(404);
  });

  it('imports a WordPress export: the first category as section, the thumbnail, and /?p= and dated permalinks as 301s', async () => {
    const report = await importerFor(app, app.config, app.clock).run(await openWordPressExport(folder.wordpress), options());
    expect(report.articles.imported).toBe(3);
    expect(report.articles.skipped.map((skipped) => skipped.sourceId)).toEqual(['103', '104', '107']);
    expect(report.images.imported).toBe(2);
    expect(report.comments.imported).toBe(4);
    const budget = (await article('council-bridge-budget'))!;
    expect(budget).toMatchObject({ section: 'town', access_level: 'free', published_at: '2019-04-03T10:00:00.000Z' });
    expect(budget.hero_image_id).not.toBeNull();
    expect(budget.body_json).toContain('Bar chart of the spending');
    expect(await article('cup-final')).toMatchObject({ section: 'sport', comments_enabled: 0 });
    const location = articlePath(
      { sectionPath: 'town', slug: 'council-bridge-budget', publishedAt: budget.published_at! },
      app.config.publication.timeZone,
    );
    for (const url of ['/2019/04/council-bridge-budget/', '/?p=101']) {
      const response = await app.app.inject({ url });
      expect(response.statusCode, url).toBe(301);
      expect(response.headers.location).toBe(location);
    }
    // An id the import does not know, or no id: the home page as always.
    for (const url of ['/?p=999', '/?p=abc', '/?page=1&x=p=101', '/']) {
      const response = await app.app.inject({ url });
      expect(response.statusCode, url).not.toBe(301);
    }
    expect((await app.app.inject({ url: '/?p=999' })).statusCode).toBe(200);
  });

  it('imports nothing twice when run again', async () => {
    const before = await count(app, 'articles');
    const again = await importerFor(app, app.config, app.clock).run(await openGhostExport(folder.ghost), options());
    expect(again.articles).toMatchObject({ imported: 0, alreadyImported: 6 });
    expect(again.readers).toMatchObject({ imported: 0, alreadyImported: 2 });
    expect(again.images.imported).toBe(0);
    expect(await count(app, 'articles')).toBe(before);
  });
});

describeEachEngine('a Ghost import stopped part way', (engine) => {
  let folder: { folder: string; ghost: string; wordpress: string };
  let app: TestApp;
  let actor: Actor;
  beforeAll(async () => {
    folder = await prepareImportFolder();
    ({ app, actor } = await appWithEditor(engine));
  });
  afterAll(async () => {
    await app.destroy();
    rmSync(folder.folder, { recursive: true, force: true });
  });

  it('writes nothing on a dry run, but says what would happen', async () => {
    const tables = ['articles', 'import_records', 'images', 'users', 'legacy_redirects', 'sections'] as const;
    const before = await Promise.all(tables.map((table) => count(app, table)));
    const report = await importerFor(app, app.config, app.clock).run(await openGhostExport(folder.ghost), {
      dryRun: true,
      images: createImageLocator({ folder: folder.folder, fetchRemote: false, maxBytes: 5_000_000 }),
      defaultSection: 'news',
      actor,
    });
    expect(report).toMatchObject({ dryRun: true, articles: { imported: 6 }, readers: { imported: 2 }, redirects: 6 });
    expect(await Promise.all(tables.map((table) => count(app, table)))).toEqual(before);
  });

  it('resumes after a crash where it stopped, without duplicates', async () => {
    const importer = importerFor(app, app.config, app.clock);
    const run = (afterChunk?: (chunk: number) => void) =>
      openGhostExport(folder.ghost).then((exported) =>
        importer.run(exported, {
          dryRun: false,
          chunkSize: 2,
          images: createImageLocator({ folder: path.join(folder.folder), fetchRemote: false, maxBytes: 5_000_000 }),
          defaultSection: 'news',
          actor,
          ...(afterChunk ? { afterChunk } : {}),
        }),
      );
    await expect(
      run((chunk) => {
        if (chunk === 2) throw new Error('power cut');
      }),
    ).rejects.toThrow('power cut');
    // Two chunks of two posts each were written before the crash.
    expect(await count(app, 'articles')).toBe(4);
    const resumed = await run();
    expect(resumed.articles).toMatchObject({ imported: 2, alreadyImported: 4 });
    expect(await count(app, 'articles')).toBe(6);
    const slugs = await app.database.db.selectFrom('articles').select('slug').execute();
    expect(slugs.filter((row) => /-\d$/.test(row.slug))).toEqual([]);
    expect(await count(app, 'images')).toBe(2);
  });

  it('stops between posts when asked (Ctrl-C), with the report so far', async () => {
    let asked = 0;
    const stopped = await openGhostExport(folder.ghost)
      .then((exported) =>
        importerFor(app, app.config, app.clock).run(exported, {
          dryRun: false,
          images: createImageLocator({ folder: folder.folder, fetchRemote: false, maxBytes: 5_000_000 }),
          defaultSection: 'news',
          actor,
          shouldStop: () => (asked += 1) > 2,
        }),
      )
      .catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(ImportStopped);
    expect((stopped as ImportStopped).report.articles.alreadyImported).toBe(2);
  });
});

describeEachEngine('a chunk with a post the database refuses', (engine) => {
  let folder: { folder: string; ghost: string; wordpress: string };
  let app: TestApp;
  let actor: Actor;
  beforeAll(async () => {
    folder = await prepareImportFolder();
    ({ app, actor } = await appWithEditor(engine));
  });
  afterAll(async () => {
    await app.destroy();
    rmSync(folder.folder, { recursive: true, force: true });
  });

  it('rolls that post back alone (its savepoint) and writes the rest of the chunk; a rerun brings it in', async () => {
    const db = app.database.db;
    // A refusal the editing service cannot foresee, as a failing disk or a constraint would be.
    if (engine === 'sqlite')
      await sql`create trigger refuse_lifeboat before insert on articles when new.slug = 'lifeboat-night-drill' begin select raise(abort, 'refused by the test'); end`.execute(
        db,
      );
    else {
      await sql`create function refuse_lifeboat() returns trigger language plpgsql as $$ begin if new.slug = 'lifeboat-night-drill' then raise exception 'refused by the test'; end if; return new; end $$`.execute(
        db,
      );
      await sql`create trigger refuse_lifeboat before insert on articles for each row execute function refuse_lifeboat()`.execute(db);
    }
    const run = async () =>
      importerFor(app, app.config, app.clock).run(await openGhostExport(folder.ghost), {
        dryRun: false,
        images: createImageLocator({ folder: folder.folder, fetchRemote: false, maxBytes: 5_000_000 }),
        defaultSection: 'news',
        actor,
      });
    const report = await run();
    expect(report.articles.imported).toBe(5);
    expect(report.articles.skipped.find((skipped) => skipped.sourceId.endsWith('02'))?.reason).toMatch(/refused by the test/);
    // Its member comments and the rest still came in, in the same transaction.
    expect(report.readers.imported).toBe(2);
    expect(report.comments.imported).toBe(5);
    expect(await count(app, 'articles')).toBe(5);
    expect(
      await db.selectFrom('legacy_redirects').where('old_path', '=', '/lifeboat-night-drill').select('article_id').executeTakeFirst(),
    ).toBeUndefined();

    await sql`drop trigger refuse_lifeboat${sql.raw(engine === 'sqlite' ? '' : ' on articles')}`.execute(db);
    const again = await run();
    expect(again.articles).toMatchObject({ imported: 1, alreadyImported: 5 });
    expect(again.comments).toMatchObject({ imported: 1, alreadyImported: 5 });
    expect(await count(app, 'articles')).toBe(6);
  });
});
