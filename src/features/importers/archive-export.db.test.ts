// `masthead export` over the fixture newspaper, on both engines: every record
// type is written, in an order an import can follow (parents before children,
// what is referred to before what refers to it), across more than one page;
// the file is mode 0600; password hashes and sessions only with credentials.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine, openTestDatabase, type TestDatabase } from '../../core/db/testing.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { ArchiveExistsError, exportArchive, type ExportOptions } from './archive-export.js';
import { FIXTURE_HASH as HASH, readArchive, seedArchiveExtras } from './testing/archive-fixtures.js';

describeEachEngine('exporting the publication', (engine) => {
  let database: TestDatabase;
  let folder: string;
  const options = (withCredentials: boolean): ExportOptions => ({
    withCredentials,
    publication: { name: 'The Ledger', publicUrl: 'https://ledger.example.test' },
    now: FIXTURE_NOW,
  });

  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'masthead-export-'));
    database = await openTestDatabase(engine);
    await seedFixtureNewspaper(database.db, { extraArticles: 205 });
    await seedArchiveExtras(database.db);
  });
  afterAll(async () => {
    await database.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes every record type, version line first and end line last, mode 0600, without credentials', async () => {
    const file = path.join(folder, 'ledger.jsonl');
    const progress: number[] = [];
    const counts = await exportArchive(database.db, file, { ...options(false), onProgress: ({ done }) => void progress.push(done) });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const records = readArchive(file);
    expect(records[0]).toMatchObject({
      type: 'masthead-archive',
      version: 1,
      source: 'masthead:ledger.example.test',
      withCredentials: false,
    });
    expect(records.at(-1)).toEqual({ type: 'end', counts });
    expect(counts).toEqual({ section: 3, topic: 1, image: 1, author: 2, article: 213, account: 1, comment: 2, session: 0 });
    // Read in pages: progress moved more than once within the articles.
    expect(progress.length).toBeGreaterThan(8);
    const types = records.map((record) => record.type);
    const firstOf = (type: string) => types.indexOf(type);
    expect(firstOf('section')).toBeLessThan(firstOf('image'));
    expect(types.lastIndexOf('image')).toBeLessThan(firstOf('author'));
    expect(types.lastIndexOf('article')).toBeLessThan(firstOf('account'));
    expect(types.lastIndexOf('account')).toBeLessThan(firstOf('comment'));
    const sections = records.filter((record) => record.type === 'section').map((record) => record.path);
    expect(sections.indexOf('world')).toBeLessThan(sections.indexOf('world/europe'));

    const article = records.find((record) => record.type === 'article' && record.slug === 'council-agrees-budget')!;
    expect(article).toMatchObject({
      section: 'politics',
      authors: ['ada-fenwick', 'tomas-ruiz'],
      access: 'free',
      status: 'published',
      hero: { imageId: 'fixture-hero', alt: 'A blue test card', caption: 'The test card', credit: 'Fixture' },
      corrections: [],
    });
    expect((article.body as { type: string }).type).toBe('doc');
    const image = records.find((record) => record.type === 'image')!;
    const bytes = await database.db.selectFrom('images').select('original_data').executeTakeFirstOrThrow();
    expect(Buffer.from(image.data as string, 'base64').equals(Buffer.from(bytes.original_data))).toBe(true);
    const account = records.find((record) => record.type === 'account')!;
    expect(account).toMatchObject({ email: 'reader@ledger.test', marketingOptOut: true, role: 'reader' });
    expect(account.consents).toHaveLength(2);
    expect(account).not.toHaveProperty('passwordHash');
    expect(records.filter((record) => record.type === 'comment').map((record) => record.parent)).toEqual([
      null,
      records.find((record) => record.type === 'comment')!.id,
    ]);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(HASH);
    expect(text).not.toContain('session-secret-fixture');
  });

  it('writes password hashes and sessions only with credentials, and never overwrites a file', async () => {
    const file = path.join(folder, 'with-credentials.jsonl');
    const counts = await exportArchive(database.db, file, options(true));
    expect(counts.session).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(HASH);
    expect(text).toContain('session-secret-fixture');

    const taken = path.join(folder, 'taken.jsonl');
    writeFileSync(taken, 'mine');
    await expect(exportArchive(database.db, taken, options(false))).rejects.toBeInstanceOf(ArchiveExistsError);
    expect(readFileSync(taken, 'utf8')).toBe('mine');
  });

  it('is one moment of the publication: a comment posted while the export runs is not in it', async () => {
    const other = database.openAnotherHandle();
    try {
      const file = path.join(folder, 'snapshot.jsonl');
      let posted = false;
      const counts = await exportArchive(database.db, file, {
        ...options(false),
        onProgress: async () => {
          if (posted) return;
          posted = true;
          const article = await other.db.selectFrom('comments').select(['article_id', 'author_id']).executeTakeFirstOrThrow();
          await other.db
            .insertInto('comments')
            .values({
              ...article,
              parent_id: null,
              depth: 0,
              path: '',
              body: 'Written during the export.',
              status: 'published',
              status_reason: null,
              created_at: FIXTURE_NOW.toISOString(),
            })
            .execute();
        },
      });
      expect(posted).toBe(true);
      expect(counts.comment).toBe(2);
      expect(readFileSync(file, 'utf8')).not.toContain('Written during the export.');
      const stored = await database.db.selectFrom('comments').select('body').execute();
      expect(stored.map((row) => row.body)).toContain('Written during the export.');
    } finally {
      await other.close();
    }
  });
});
