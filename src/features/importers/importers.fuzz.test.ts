// Malformed exports: the readers either refuse the file as a whole with an
// UnreadableExportError (a clear message, nothing imported) or read it,
// turning each bad post into a reported problem; the importer never throws
// for a bad post, and every post ends up imported or skipped with a reason.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { Actor } from '../articles/articles.types.js';
import { readGhostExport } from './ghost-export.js';
import { createImageLocator } from './import-images.js';
import { UnreadableExportError, type SourceExport } from './import-source.types.js';
import { importerFor } from './importers.wiring.js';
import { GHOST_FIXTURE, WORDPRESS_FIXTURE } from './testing/import-fixtures.js';
import { openWordPressExport } from './wordpress-export.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'masthead-import-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function drain(exported: SourceExport): Promise<number> {
  let entries = 0;
  for await (const entry of exported.entries()) {
    entries += 1;
    if (entry.kind === 'problem') expect(entry.reason.length).toBeGreaterThan(0);
  }
  return entries;
}

const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);
const ghostPost = fc.record(
  {
    id: anyValue,
    title: fc.oneof(fc.string({ maxLength: 300 }), anyValue),
    slug: fc.oneof(fc.stringMatching(/^[a-z0-9-]{0,90}$/), anyValue),
    html: fc.oneof(fc.string({ maxLength: 400 }), fc.constant('<p><b>open <i>tags<script>x</script>'), anyValue),
    lexical: anyValue,
    type: fc.constantFrom('post', 'page', 'other', undefined),
    status: fc.constantFrom('published', 'draft', 'scheduled', 'sent', 'weird', 7),
    visibility: fc.oneof(fc.constantFrom('public', 'members', 'paid', 'tiers'), anyValue),
    published_at: fc.oneof(
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      anyValue,
    ),
    custom_excerpt: fc.oneof(fc.string({ maxLength: 700 }), anyValue),
    feature_image: fc.oneof(fc.constant('__GHOST_URL__/content/images/none.png'), fc.constant('../../../etc/passwd'), anyValue),
  },
  { requiredKeys: [] },
);
const ghostExport = fc.record({
  posts: fc.array(ghostPost, { maxLength: 6 }),
  users: fc.array(fc.record({ id: fc.constantFrom('1', '2', 3), name: anyValue, bio: anyValue }, { requiredKeys: [] }), { maxLength: 3 }),
  posts_authors: fc.array(fc.record({ post_id: anyValue, author_id: fc.constantFrom('1', '2', '9', 3) }), { maxLength: 6 }),
  tags: fc.oneof(anyValue, fc.array(fc.record({ id: fc.constantFrom('t1', 't2'), name: anyValue, slug: anyValue }), { maxLength: 3 })),
  posts_tags: fc.oneof(
    anyValue,
    fc.array(fc.record({ post_id: anyValue, tag_id: fc.constantFrom('t1', 't2'), sort_order: anyValue }), { maxLength: 4 }),
  ),
  members: fc.oneof(
    anyValue,
    fc.array(fc.record({ id: anyValue, email: anyValue, name: anyValue, created_at: anyValue }), { maxLength: 3 }),
  ),
});

describe('malformed exports', () => {
  it('the Ghost reader refuses a non-export as a whole, or reads every post as a post or a problem', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          ghostExport.map((data) => JSON.stringify({ db: [{ data }] })),
        ),
        async (json) => {
          let exported: SourceExport;
          try {
            exported = readGhostExport(json);
          } catch (error) {
            expect(error).toBeInstanceOf(UnreadableExportError);
            return;
          }
          expect(await drain(exported)).toBeGreaterThanOrEqual(exported.postCount);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the WordPress reader survives bytes cut, inserted or replaced anywhere in the file', async () => {
    const original = readFileSync(WORDPRESS_FIXTURE, 'utf8');
    const file = path.join(scratch, 'mutated.xml');
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: original.length }),
        fc.nat({ max: 400 }),
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom('<item>', '</item>', '<![CDATA[', ']]>', '&bogus;', '<wp:post_type>post', '\u0000'),
        ),
        async (at, cut, insert) => {
          writeFileSync(file, original.slice(0, at) + insert + original.slice(at + cut));
          try {
            await drain(await openWordPressExport(file));
          } catch (error) {
            expect(error).toBeInstanceOf(UnreadableExportError);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('importing malformed Ghost posts', () => {
  let app: TestApp;
  let actor: Actor;
  beforeAll(async () => {
    app = await createTestApp({ engine: 'sqlite', now: new Date('2026-12-06T12:00:00.000Z') });
    const row = await app.database.db
      .insertInto('users')
      .values({
        email: 'fuzz@ledger.test',
        first_name: 'Fuzz',
        last_name: 'Editor',
        role: 'editor',
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    actor = { kind: 'staff', userId: row.id, name: 'Fuzz Editor', role: 'editor' };
  });
  afterAll(() => app.destroy());

  it('never fails the import: every post is imported or skipped with a reason', async () => {
    const base = JSON.parse(readFileSync(GHOST_FIXTURE, 'utf8')) as { db: [{ data: Record<string, unknown> }] };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(ghostPost, { minLength: 1, maxLength: 4 }), async (posts) => {
        run += 1;
        // Ids unique per run, so each run's posts are new to the import records.
        const withIds = posts.map((post, index) => ({
          ...post,
          id: `${run}-${index}-${typeof post.id === 'string' ? post.id : JSON.stringify(post.id ?? '')}`.slice(0, 60),
        }));
        const exported = readGhostExport(
          JSON.stringify({
            db: [
              {
                data: { ...base.db[0].data, posts: withIds, posts_authors: withIds.map((post) => ({ post_id: post.id, author_id: '1' })) },
              },
            ],
          }),
        );
        const entries = await drain(exported);
        const report = await importerFor(app, app.config, app.clock).run(exported, {
          dryRun: false,
          images: createImageLocator({ folder: scratch, fetchRemote: false, maxBytes: 1_000_000 }),
          defaultSection: 'news',
          actor,
        });
        const others = (base.db[0].data.members as unknown[]).length + (base.db[0].data.comments as unknown[]).length;
        expect(report.articles.imported + report.articles.skipped.length + report.articles.alreadyImported).toBe(entries - others);
        for (const skipped of report.articles.skipped) expect(skipped.reason).not.toBe('');
      }),
      { numRuns: 25 },
    );
  });
});
