// Comments from Ghost and WordPress exports into a whole app, on both engines:
// threads kept (a reply under its parent, under a tombstone, or under the
// nearest ancestor kept when its own parent was spam), the old site's
// decisions kept, authors linked by member or address (or a guest), bad
// comments reported, a rerun and a resume that write nothing twice, and a
// dry run that counts without writing.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine, type Engine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { articlePath } from '../articles/articles.service.js';
import type { Actor } from '../articles/articles.types.js';
import { openGhostExport } from './ghost-export.js';
import { guestEmailFor, LEFT_OUT_WITH_THEIR_POST } from './import-comments.js';
import { createImageLocator } from './import-images.js';
import type { ImportOptions } from './importer.service.js';
import { importerFor } from './importers.wiring.js';
import { prepareImportFolder } from './testing/import-fixtures.js';
import { openWordPressExport } from './wordpress-export.js';

const NOW = new Date('2026-12-06T12:00:00.000Z');
const GHOST = 'ghost';
const WORDPRESS = 'wordpress:https://old-gazette.example';

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

function helpers(app: () => TestApp) {
  const db = () => app().database.db;
  return {
    /** The comment an export's comment became, with its author's address. */
    comment: async (source: string, sourceId: string) =>
      db()
        .selectFrom('import_records')
        .innerJoin('comments', (join) => join.on((eb) => eb(eb.cast('comments.id', 'text'), '=', eb.ref('import_records.target_id'))))
        .innerJoin('users', 'users.id', 'comments.author_id')
        .where('import_records.source', '=', source)
        .where('import_records.kind', '=', 'comment')
        .where('import_records.source_id', '=', sourceId)
        .select([
          'comments.id',
          'comments.parent_id',
          'comments.root_id',
          'comments.depth',
          'comments.body',
          'comments.status',
          'comments.status_reason',
          'comments.reply_count',
          'comments.created_at',
          'users.email',
          'users.first_name',
          'users.password_hash',
          'users.deactivated_at',
          'users.marketing_opt_out',
        ])
        .executeTakeFirst(),
    countComments: async () =>
      Number(
        (
          await db()
            .selectFrom('comments')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    countUsers: async () =>
      Number(
        (
          await db()
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
  };
}

describeEachEngine('importing comments', (engine) => {
  let folder: Awaited<ReturnType<typeof prepareImportFolder>>;
  let app: TestApp;
  let actor: Actor;
  const { comment, countComments, countUsers } = helpers(() => app);
  const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
    dryRun: false,
    images: createImageLocator({ folder: folder.folder, fetchRemote: false, maxBytes: 5_000_000 }),
    defaultSection: 'news',
    actor,
    ...overrides,
  });
  beforeAll(async () => {
    folder = await prepareImportFolder();
    ({ app, actor } = await appWithEditor(engine));
  });
  afterAll(async () => {
    await app.destroy();
    rmSync(folder.folder, { recursive: true, force: true });
  });

  it("imports Ghost's comments under their articles: threads, statuses, members as authors, sanitised text, bad ones reported", async () => {
    const report = await importerFor(app, app.config, app.clock).run(await openGhostExport(folder.ghost), options({ chunkSize: 4 }));
    expect(report.comments).toMatchObject({ imported: 6, held: 0, alreadyImported: 0, commenters: 0, guests: 1 });
    expect(report.comments.leftOut).toEqual({ [LEFT_OUT_WITH_THEIR_POST]: 1 });
    expect(report.comments.skipped.map((skipped) => [skipped.sourceId, skipped.reason])).toEqual([
      ['comment c8', 'The comment has no date.'],
      ['comment c9', 'The comment has no text left once its HTML is cleaned.'],
    ]);

    const first = (await comment(GHOST, 'c1'))!;
    expect(first).toMatchObject({
      parent_id: null,
      depth: 0,
      status: 'published',
      body: 'The 7:40 crossing was on time today.\n\nFirst time since October.',
      email: 'reader.one@example.org',
      created_at: '2024-03-04T08:05:00.000Z',
      reply_count: 2,
    });
    expect(first.root_id).toBe(first.id);
    expect(await comment(GHOST, 'c2')).toMatchObject({
      parent_id: first.id,
      root_id: first.id,
      depth: 1,
      body: 'They posted the new times (https://ferries.example/times) by the ticket office.',
      email: 'second.reader@example.org',
    });
    expect(await comment(GHOST, 'c3')).toMatchObject({ status: 'rejected', status_reason: 'Hidden on the old site.' });
    const tombstone = (await comment(GHOST, 'c4'))!;
    expect(tombstone).toMatchObject({ status: 'deleted', body: '', parent_id: first.id, reply_count: 1 });
    expect(await comment(GHOST, 'c5')).toMatchObject({ parent_id: tombstone.id, depth: 2, status: 'published' });
    // mem3's address was not one, so mem3 is no reader here: the comment keeps its name on a guest that cannot sign in.
    expect(await comment(GHOST, 'c6')).toMatchObject({
      email: guestEmailFor(GHOST, 'Broken'),
      first_name: 'Broken',
      password_hash: null,
      marketing_opt_out: 1,
    });
    expect((await comment(GHOST, 'c6'))!.deactivated_at).not.toBeNull();

    // Readers see the published ones, as text; never the script, the hidden one, or the deleted words.
    const ferry = await app.database.db
      .selectFrom('articles')
      .where('slug', '=', 'ferry-timetable-returns')
      .select('published_at')
      .executeTakeFirstOrThrow();
    const page = await app.app.inject({
      url: `${articlePath({ sectionPath: 'coast', slug: 'ferry-timetable-returns', publishedAt: ferry.published_at! }, app.config.publication.timeZone)}/comments`,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The 7:40 crossing was on time today.');
    expect(page.body).toContain('Replying to a comment that is gone now.');
    expect(page.body).not.toContain('alert(');
    expect(page.body).not.toContain('Something a moderator took down.');
    expect(page.body).not.toContain('Words its writer took back.');
  });

  it("imports WordPress's comments: held ones held, spam, trash and pingbacks left out, a reply to spam under the spam's parent", async () => {
    const usersBefore = await countUsers();
    const report = await importerFor(app, app.config, app.clock).run(await openWordPressExport(folder.wordpress), options());
    expect(report.comments).toMatchObject({ imported: 4, held: 1, commenters: 2, guests: 1 });
    expect(report.comments.leftOut).toEqual({
      "pingbacks and trackbacks (other sites' notices)": 1,
      'marked as spam on the old site': 1,
      "in the old site's trash": 1,
      [LEFT_OUT_WITH_THEIR_POST]: 1,
    });
    expect(report.comments.skipped.map((skipped) => [skipped.sourceId, skipped.reason])).toEqual([
      ['comment 13', 'The comment has no date.'],
    ]);
    expect(await countUsers()).toBe(usersBefore + 3);

    const sam = (await comment(WORDPRESS, '7'))!;
    expect(sam).toMatchObject({
      status: 'published',
      body: 'About time.',
      email: 'sam@example.org',
      password_hash: null,
      marketing_opt_out: 1,
      deactivated_at: null,
    });
    expect(await comment(WORDPRESS, '8')).toMatchObject({ status: 'pending', parent_id: sam.id, email: 'lee@example.org' });
    // 11 answered the spam (10), which answered 7: it hangs from 7.
    expect(await comment(WORDPRESS, '11')).toMatchObject({
      parent_id: sam.id,
      depth: 1,
      body: 'Whatever the advert says,\nthe old bridge still wobbles.',
      email: guestEmailFor(WORDPRESS, 'Valley Walker'),
    });
    // The same address as a reader the Ghost import made: that account, left as it is.
    expect(await comment(WORDPRESS, '12')).toMatchObject({
      email: 'reader.one@example.org',
      marketing_opt_out: 0,
      body: 'Two points.\n\nFirst, the minutes (https://gazette-archive.example/minutes) say June.\nSecond, nobody asked us.',
    });
    expect(await comment(WORDPRESS, '10')).toBeUndefined();
    const consents = await app.database.db
      .selectFrom('consents')
      .innerJoin('users', 'users.id', 'consents.user_id')
      .where('users.email', '=', 'sam@example.org')
      .select(['document', 'version', 'granted'])
      .execute();
    expect(consents).toEqual([{ document: 'marketing', version: 'imported', granted: 0 }]);
  });

  it('imports no comment twice when run again', async () => {
    const [comments, users] = [await countComments(), await countUsers()];
    const ghost = await importerFor(app, app.config, app.clock).run(await openGhostExport(folder.ghost), options());
    const wordpress = await importerFor(app, app.config, app.clock).run(await openWordPressExport(folder.wordpress), options());
    expect(ghost.comments).toMatchObject({ imported: 0, alreadyImported: 6, guests: 0 });
    expect(wordpress.comments).toMatchObject({ imported: 0, alreadyImported: 4, commenters: 0, guests: 0 });
    expect([await countComments(), await countUsers()]).toEqual([comments, users]);
  });
});

describeEachEngine('comment imports stopped part way, and dry runs', (engine) => {
  let folder: Awaited<ReturnType<typeof prepareImportFolder>>;
  let app: TestApp;
  let actor: Actor;
  const { comment, countComments, countUsers } = helpers(() => app);
  const run = (exported: Parameters<ReturnType<typeof importerFor>['run']>[0], overrides: Partial<ImportOptions> = {}) =>
    importerFor(app, app.config, app.clock).run(exported, {
      dryRun: false,
      images: createImageLocator({ folder: folder.folder, fetchRemote: false, maxBytes: 5_000_000 }),
      defaultSection: 'news',
      actor,
      ...overrides,
    });
  beforeAll(async () => {
    folder = await prepareImportFolder();
    ({ app, actor } = await appWithEditor(engine));
  });
  afterAll(async () => {
    await app.destroy();
    rmSync(folder.folder, { recursive: true, force: true });
  });

  it('counts the comments a dry run would import, and writes none', async () => {
    const users = await countUsers();
    const report = await run(await openWordPressExport(folder.wordpress), { dryRun: true });
    expect(report.comments).toMatchObject({ imported: 4, held: 1, commenters: 3, guests: 1 });
    expect(report.comments.skipped).toHaveLength(1);
    const ghost = await run(await openGhostExport(folder.ghost), { dryRun: true });
    expect(ghost.comments).toMatchObject({ imported: 6, guests: 1 });
    expect([await countComments(), await countUsers()]).toEqual([0, users]);
  });

  it('resumes after a crash in the middle of the comments, without duplicates, replies under the parents written before', async () => {
    const crashAfter = (last: number) => (chunk: number) => {
      if (chunk === last) throw new Error('power cut');
    };
    // Chunks of two entries: the post, then 7 and 8 (and the pingback), then the crash.
    await expect(run(await openWordPressExport(folder.wordpress), { chunkSize: 2, afterChunk: crashAfter(2) })).rejects.toThrow(
      'power cut',
    );
    expect(await countComments()).toBe(2);
    const resumed = await run(await openWordPressExport(folder.wordpress), { chunkSize: 2 });
    expect(resumed.comments).toMatchObject({ imported: 2, alreadyImported: 2 });
    expect(await countComments()).toBe(4);
    expect((await comment(WORDPRESS, '11'))!.parent_id).toBe((await comment(WORDPRESS, '7'))!.id);
    expect((await comment(WORDPRESS, '7'))!.reply_count).toBe(2);

    // Ghost's comments come after every post and member: crash after the first two of them.
    await expect(run(await openGhostExport(folder.ghost), { chunkSize: 5, afterChunk: crashAfter(3) })).rejects.toThrow('power cut');
    expect(await countComments()).toBe(6);
    const ghost = await run(await openGhostExport(folder.ghost), { chunkSize: 5 });
    expect(ghost.comments).toMatchObject({ imported: 4, alreadyImported: 2 });
    expect(await countComments()).toBe(10);
    const first = (await comment(GHOST, 'c1'))!;
    expect(await comment(GHOST, 'c2')).toMatchObject({ parent_id: first.id });
    expect(first.reply_count).toBe(2);
  });
});

describe('guest addresses', () => {
  it('are one per source and name, and under .invalid', () => {
    expect(guestEmailFor('ghost', 'Ann')).toBe(guestEmailFor('ghost', 'Ann'));
    expect(guestEmailFor('ghost', 'Ann')).not.toBe(guestEmailFor('ghost', 'Bob'));
    expect(guestEmailFor('ghost', 'Ann')).not.toBe(guestEmailFor('wordpress', 'Ann'));
    expect(guestEmailFor('ghost', 'Ann')).toMatch(/^guest-[0-9a-f]{24}@import\.invalid$/);
  });
});
