// Mutated archives: after a valid version line, any line — broken JSON,
// unknown types, records with wrong or missing fields, real records with a
// field changed — is imported or reported and skipped; the run never throws.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import type { Actor } from '../articles/articles.types.js';
import { archiveImporterFor } from './importers.wiring.js';

const NOW = new Date('2026-12-06T12:00:00.000Z');
const HEADER = JSON.stringify({ type: 'masthead-archive', version: 1, source: 'masthead:fuzz.example' });
const TEMPLATES: Record<string, unknown>[] = [
  { type: 'section', path: 'fuzz', slug: 'fuzz', name: 'Fuzz', description: '', parent: null, position: 0 },
  { type: 'topic', slug: 'fuzzy', name: 'Fuzzy', description: '' },
  { type: 'author', slug: 'fay-fuzz', name: 'Fay Fuzz', jobTitle: '', bio: '', picture: null },
  {
    type: 'article',
    id: '1',
    slug: 'fuzz-story',
    section: 'fuzz',
    kicker: '',
    headline: 'A fuzz story',
    standfirst: '',
    body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello.' }] }] },
    hero: null,
    agencyCredit: '',
    access: 'free',
    commentsEnabled: true,
    status: 'published',
    inReview: false,
    publishedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: null,
    authors: ['fay-fuzz'],
    topics: ['fuzzy'],
    corrections: [],
    editorialNote: '',
  },
  {
    type: 'account',
    id: '1',
    email: 'fuzz@example.test',
    firstName: 'F',
    lastName: 'Z',
    dateOfBirth: null,
    role: 'reader',
    emailVerifiedAt: null,
    marketingOptOut: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    deactivatedAt: null,
    consents: [],
  },
  {
    type: 'comment',
    id: '1',
    article: '1',
    author: '1',
    parent: null,
    body: 'Hi',
    status: 'published',
    statusReason: null,
    featured: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    editedAt: null,
    deletedAt: null,
  },
];

let app: TestApp;
let actor: Actor;
let folder: string;
beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'masthead-archive-fuzz-'));
  app = await createTestApp({ engine: 'sqlite', now: NOW });
  const row = await app.database.db
    .insertInto('users')
    .values({
      email: 'ed@fuzz.test',
      first_name: 'Ed',
      last_name: 'Fuzz',
      role: 'admin',
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  actor = { kind: 'staff', userId: row.id, name: 'Ed Fuzz', role: 'admin' };
});
afterAll(async () => {
  await app.close();
  rmSync(folder, { recursive: true, force: true });
});

const mutatedRecord = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 2 }))
  .map(([template, key, value]) => {
    const keys = Object.keys(template);
    const field = key && keys.length ? keys[key.length % keys.length]! : key;
    return JSON.stringify({ ...template, [field]: value });
  });
const line = fc.oneof(
  mutatedRecord,
  fc.constantFrom(...TEMPLATES.map((template) => JSON.stringify(template))),
  fc.string({ maxLength: 60 }),
  fc.json(),
);

it('imports or reports every line of a mutated archive, and never throws', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(line, { maxLength: 12 }), async (lines) => {
      run += 1;
      const file = path.join(folder, `archive-${run}.jsonl`);
      writeFileSync(file, [HEADER, ...lines].join('\n'));
      const report = await archiveImporterFor(app, app.config, app.clock).run(file, { dryRun: false, actor });
      const written = Object.values(report.imported).reduce((sum, count) => sum + count, 0);
      // A line is imported, already here, or skipped (an author may be both already here and missing its picture).
      expect(written + report.alreadyImported + report.skipped.length).toBeLessThanOrEqual(lines.length * 2);
      for (const item of report.skipped) expect(item.reason.length).toBeGreaterThan(0);
    }),
    { numRuns: 60 },
  );
});
