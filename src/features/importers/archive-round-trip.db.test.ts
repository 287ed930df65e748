// The archive round trip on both engines: the fixture newspaper (with a
// reader, consents, a session and a thread) exported, imported into a fresh
// database through the services, and exported again — the two archives say
// the same, apart from what legitimately differs (see `comparable`). A rerun
// imports nothing twice; a bad record is reported and skipped.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { Actor } from '../articles/articles.types.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { exportArchive } from './archive-export.js';
import { readArchive, seedArchiveExtras } from './testing/archive-fixtures.js';
import { archiveImporterFor } from './importers.wiring.js';

type Row = Record<string, unknown> & { type: string };

/**
 * What must survive the trip. Left out, because a new database gives them
 * anew: every id (articles, accounts, comments — replaced by the slug or
 * email they point at), pictures' public ids (mapped) and bytes (re-encoded
 * by the upload path; size and text are compared), the creation and
 * modification times of articles, authors and pictures (the time of the
 * import), sections' positions, the header's time, the end's counts, and the
 * importing editor's own account.
 */
function comparable(records: Row[], importer: string | null): Row[] {
  const images = new Map<string, string>();
  const articles = new Map<string, string>();
  const accounts = new Map<string, string>();
  const comments = new Map<string, string>();
  const imageKey = (id: unknown) => images.get(String(id)) ?? `missing:${String(id)}`;
  const out: Row[] = [];
  for (const record of records) {
    if (record.type === 'masthead-archive' || record.type === 'end') continue;
    if (record.type === 'image') {
      images.set(String(record.id), `${String(record.alt)}|${String(record.width)}x${String(record.height)}`);
      const { id: _id, data: _data, createdAt: _created, ...rest } = record;
      out.push(rest as Row);
    } else if (record.type === 'section') {
      const { position: _position, ...rest } = record;
      out.push(rest as Row);
    } else if (record.type === 'author') {
      const { createdAt: _created, ...rest } = record;
      out.push({ ...rest, picture: record.picture === null ? null : imageKey(record.picture) } as Row);
    } else if (record.type === 'article') {
      articles.set(String(record.id), String(record.slug));
      const { id: _id, createdAt: _created, modifiedAt: _modified, ...rest } = record;
      const body = record.body as { content: Array<{ type: string; attrs?: { imageId: string } }> };
      out.push({
        ...rest,
        hero: record.hero ? { ...(record.hero as object), imageId: imageKey((record.hero as { imageId: string }).imageId) } : null,
        body: {
          ...body,
          content: body.content.map((block) =>
            block.type === 'figure' ? { ...block, attrs: { ...block.attrs, imageId: imageKey(block.attrs!.imageId) } } : block,
          ),
        },
      } as Row);
    } else if (record.type === 'account') {
      accounts.set(String(record.id), String(record.email));
      if (record.email === importer) continue;
      const { id: _id, ...rest } = record;
      out.push(rest as Row);
    } else if (record.type === 'comment') {
      comments.set(String(record.id), `${String(record.createdAt)}|${String(record.body)}`);
      const { id: _id, ...rest } = record;
      out.push({
        ...rest,
        article: articles.get(String(record.article)),
        author: accounts.get(String(record.author)),
        parent: record.parent === null ? null : comments.get(String(record.parent)),
      } as Row);
    } else out.push(record);
  }
  return out;
}

describeEachEngine('the archive round trip', (engine) => {
  let source: TestDatabase;
  let target: TestApp;
  let actor: Actor;
  let folder: string;
  const publication = { name: 'The Ledger', publicUrl: 'https://ledger.example.test' };

  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'masthead-round-trip-'));
    source = await openTestDatabase(engine);
    await seedFixtureNewspaper(source.db, { canaryArticles: 1 });
    await seedArchiveExtras(source.db);
    target = await createTestApp({ engine, now: FIXTURE_NOW });
    const editor = await target.database.db
      .insertInto('users')
      .values({
        email: 'importer@ledger.test',
        first_name: 'Ida',
        last_name: 'Porter',
        role: 'admin',
        created_at: FIXTURE_NOW.toISOString(),
        updated_at: FIXTURE_NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    actor = { kind: 'staff', userId: editor.id, name: 'Ida Porter', role: 'admin' };
  });
  afterAll(async () => {
    await source.destroy();
    await target.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('exports, imports into a fresh database and exports the same publication again', async () => {
    const first = path.join(folder, 'first.jsonl');
    await exportArchive(source.db, first, { withCredentials: false, publication, now: FIXTURE_NOW });
    const importer = archiveImporterFor(target, target.config, target.clock);

    const dry = await importer.run(first, { dryRun: true, actor });
    expect(dry.skipped).toEqual([]);
    expect(dry.imported.article).toBe(11);
    expect(
      Number(
        (
          await target.database.db
            .selectFrom('articles')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(0);

    const report = await importer.run(first, { dryRun: false, actor });
    expect(report.skipped).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.imported).toMatchObject({ section: 3, topic: 1, image: 4, author: 2, article: 11, account: 1, comment: 2 });

    const second = path.join(folder, 'second.jsonl');
    await exportArchive(target.database.db, second, { withCredentials: false, publication, now: FIXTURE_NOW });
    expect(comparable(readArchive(second), 'importer@ledger.test')).toEqual(comparable(readArchive(first), null));

    const again = await importer.run(first, { dryRun: false, actor });
    expect(again.imported).toMatchObject({ image: 0, article: 0, account: 0, comment: 0 });
    expect(again.skipped).toEqual([]);
  });

  it('reports a bad record and skips it, and refuses a file that is not an archive', async () => {
    const broken = path.join(folder, 'broken.jsonl');
    writeFileSync(broken, `${readFileSync(path.join(folder, 'first.jsonl'), 'utf8').split('\n')[0]}\n`);
    appendFileSync(broken, '{"type":"article","id":"x"}\nnot json\n{"type":"spaceship"}\n');
    const report = await archiveImporterFor(target, target.config, target.clock).run(broken, { dryRun: false, actor });
    expect(report.skipped.map((item) => item.reason)).toEqual([
      'Its fields are not what the format says.',
      'Not JSON.',
      'Unknown record type.',
    ]);
    expect(report.complete).toBe(false);
    const notArchive = path.join(folder, 'not.jsonl');
    writeFileSync(notArchive, '{"type":"ghost"}\n');
    await expect(archiveImporterFor(target, target.config, target.clock).run(notArchive, { dryRun: false, actor })).rejects.toThrow(
      'This is not a Masthead archive',
    );
  });
});
