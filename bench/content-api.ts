// The Content API's queries on a generated archive (decision 021): the
// statements a request runs when its answer is not cached — the first page,
// a deep page, filtered browses, the capped count — timed directly (no HTTP,
// no cache), on SQLite and, with --postgres-url, PostgreSQL.
//
//   npm run bench -- --content-api 100000
//   npm run bench -- --content-api 20000 --postgres-url postgres://postgres@127.0.0.1:5432/empty_database
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { fixedClock } from '../src/core/clock.js';
import { openDatabase, type DatabaseHandle } from '../src/core/db/database.js';
import { migrateToLatest } from '../src/core/db/migrate.js';
import type { PageCache } from '../src/core/http/page-cache.js';
import { seedDemoNewspaper } from '../src/demo/seed-demo.js';
import { createContentApiService } from '../src/features/content-api/content-api.service.js';
import { insertGeneratedArticles } from './archive-load.js';

const RUNS = 7;
const NOW = new Date();

/** Every answer built afresh: what a request costs when the API's cache misses. */
const noCache = { get: (_key: string, build: () => Promise<unknown>) => build() } as unknown as PageCache;

const REQUESTS: [string, Record<string, string>][] = [
  ['first page, authors and tags', { include: 'authors,tags', limit: '15' }],
  ['page 600 of 15 (offset 8,985)', { limit: '15', page: '600' }],
  ['a topic', { filter: 'tag:$topic', limit: '15' }],
  ['a section, public only', { filter: 'primary_tag:$section+visibility:public', limit: '15' }],
  ['paid only', { filter: 'visibility:paid', limit: '15' }],
  ['an author, last year', { filter: "author:$author+published_at:<'$yearAgo'", limit: '15' }],
  ['featured', { filter: 'featured:true', limit: '15' }],
  ['100 posts, html and plaintext', { limit: '100', formats: 'html,plaintext' }],
];

async function measure(database: DatabaseHandle, count: number): Promise<void> {
  await migrateToLatest(database.db);
  const clock = fixedClock(NOW);
  await seedDemoNewspaper(database.db, { clock });
  const loaded = await insertGeneratedArticles(database, { count, now: NOW });
  console.log(`${database.engine}: ${loaded.inserted.toLocaleString('en')} generated articles loaded in ${loaded.seconds.toFixed(1)} s`);
  const [topic, section, author] = await Promise.all([
    database.db.selectFrom('topics').select('slug').orderBy('id').executeTakeFirstOrThrow(),
    database.db.selectFrom('sections').select('path').orderBy('id').executeTakeFirstOrThrow(),
    database.db.selectFrom('authors').select('slug').orderBy('id').executeTakeFirstOrThrow(),
  ]);
  const api = createContentApiService({
    db: database.db,
    clock,
    cache: noCache,
    site: { publicUrl: 'https://news.example', name: 'Bench', tagline: '', language: 'en', timeZone: 'UTC' },
    teaserBlocks: 3,
    isMetered: () => true,
  });
  const yearAgo = new Date(NOW.getTime() - 365 * 86_400_000).toISOString();
  for (const [label, template] of REQUESTS) {
    const query = Object.fromEntries(
      Object.entries(template).map(([name, value]) => [
        name,
        value
          .replace('$topic', topic.slug)
          .replace('$section', section.path.replaceAll('/', '-'))
          .replace('$author', author.slug)
          .replace('$yearAgo', yearAgo),
      ]),
    );
    const times: number[] = [];
    let total = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const response = await api.answer('posts', query, null);
      times.push(performance.now() - started);
      total = (JSON.parse(response!.identity.toString('utf8')) as { meta: { pagination: { total: number } } }).meta.pagination.total;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(
      `  ${label.padEnd(34)} median ${median.toFixed(1).padStart(7)} ms, worst ${times.at(-1)!.toFixed(1).padStart(7)} ms (total ${total})`,
    );
  }
}

export async function runContentApiBenchmark(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'content-api': { type: 'boolean' }, 'postgres-url': { type: 'string' } },
    allowPositionals: true,
  });
  void values['content-api'];
  const count = Number.parseInt(positionals[0] ?? '20000', 10);
  const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-content-api-'));
  try {
    const sqlite = openDatabase({ engine: 'sqlite', filename: path.join(directory, 'bench.db') });
    try {
      await measure(sqlite, count);
    } finally {
      await sqlite.close();
    }
    const postgresUrl = values['postgres-url'];
    if (postgresUrl && postgresUrl !== 'off') {
      const postgres = openDatabase({ engine: 'postgres', connectionString: postgresUrl, poolSize: 4 });
      try {
        // It loads an archive: only into a database that holds nothing yet.
        const tables = await sql<{
          n: string;
        }>`select count(*) as n from information_schema.tables where table_schema = current_schema()`.execute(postgres.db);
        if (Number(tables.rows[0]?.n) > 0)
          throw new Error(`--postgres-url must name an empty database for --content-api (${postgresUrl} has tables).`);
        await measure(postgres, count);
      } finally {
        await postgres.close();
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return 0;
}
