// Loads N generated articles into the database the app uses, in batches:
// each batch generated in memory, then written in one transaction through
// bench/bulk-insert.ts (rows from bench/archive-rows.ts). The next batch is
// generated while PostgreSQL still writes the last ones.
import { performance } from 'node:perf_hooks';
import type { DatabaseHandle, DbOrTransaction } from '../src/core/db/database.js';
import { finishBulkLoad, rowsOf } from './archive-rows.js';
import { postgresInserter, sqliteInserter } from './bulk-insert.js';
import { createRandom, generateArticle, type ArchivePlan, type ArchiveReferences, type GeneratedArticle } from './generate-articles.js';

const ARTICLES_PER_TRANSACTION = 5_000;

export interface GenerateArticlesOptions {
  count: number;
  now: Date;
  /** Published times are spread over this many days before `now` [3,650: ten years]. */
  spreadDays?: number;
  seed?: number;
  /** Called after each batch with the articles written so far. */
  onProgress?: (written: number) => void;
}

export interface LoadedArchive {
  inserted: number;
  firstId: number;
  /** Wall time of the whole load, generation included. */
  seconds: number;
}

async function loadReferences(db: DbOrTransaction): Promise<ArchiveReferences> {
  const [sections, authors, topics, pictures] = await Promise.all([
    db.selectFrom('sections').select('id').orderBy('id').execute(),
    db.selectFrom('authors').select('id').orderBy('id').execute(),
    db.selectFrom('topics').select('id').orderBy('id').execute(),
    db.selectFrom('images').select(['id', 'public_id', 'alt', 'caption', 'credit']).orderBy('id').execute(),
  ]);
  if (sections.length === 0 || authors.length === 0)
    throw new Error('Load the demo newspaper first: generated articles need its sections and authors.');
  return {
    sectionIds: sections.map((row) => row.id),
    authorIds: authors.map((row) => row.id),
    topicIds: topics.map((row) => row.id),
    pictures: pictures.map((row) => ({ id: row.id, publicId: row.public_id, alt: row.alt, caption: row.caption, credit: row.credit })),
  };
}

export async function insertGeneratedArticles(database: DatabaseHandle, options: GenerateArticlesOptions): Promise<LoadedArchive> {
  const startedAt = performance.now();
  const { db, engine } = database;
  const references = await loadReferences(db);
  const last = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const plan: ArchivePlan = {
    count: options.count,
    firstId: Number(last?.id ?? 0) + 1,
    now: options.now,
    spreadDays: options.spreadDays ?? 3650,
  };
  const random = createRandom(options.seed ?? 20_261_128);
  const inserter = engine === 'postgres' ? postgresInserter() : sqliteInserter();
  const write = (batch: GeneratedArticle[]) =>
    db.transaction().execute(async (trx) => {
      for (const { table, rows } of rowsOf(batch)) await inserter.insert(trx, table, rows);
    });
  // PostgreSQL writes in its own processes: two batches at once keep both cores busy while this one generates.
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = engine === 'postgres' ? 2 : 1;
  for (let start = 0; start < plan.count; start += ARTICLES_PER_TRANSACTION) {
    const batch: GeneratedArticle[] = [];
    for (let index = start; index < Math.min(plan.count, start + ARTICLES_PER_TRANSACTION); index++)
      batch.push(generateArticle(random, references, plan, index));
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    options.onProgress?.(start);
    const writing: Promise<void> = write(batch).finally(() => inFlight.delete(writing));
    inFlight.add(writing);
  }
  await Promise.all(inFlight);
  if (plan.count > 0) await finishBulkLoad(db, { engine, now: options.now.toISOString() });
  return { inserted: plan.count, firstId: plan.firstId, seconds: (performance.now() - startedAt) / 1000 };
}
