// `npm run bench -- --search [N]` (issue 17): reader search over an archive of N
// generated articles [100,000] with a Zipf vocabulary (bench/vocabulary.ts), on
// SQLite and on a PostgreSQL database made for the run. In one process, through
// the search service (parse, engine query, snippets; no HTTP): the index build
// time, then two-word queries drawn from articles' own text, phrases, prefixes
// (3–5 characters), date-sorted queries, each for an anonymous reader (teasers)
// and for staff (full text). "Two words drawn from the text" are two of an
// article's own vocabulary words; a row beside them draws any two words,
// the templates' everyday ones included (in a third of all articles or more).
// Each row as p50/p95/max; and the worst query found,
// including the commonest words and prefixes tried on purpose.
//
//   npm run bench -- --search                      # 100,000 articles, both engines
//   npm run bench -- --search 5000 --engines sqlite --queries 100
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { fixedClock } from '../src/core/clock.js';
import { openDatabase, type DatabaseHandle } from '../src/core/db/database.js';
import { migrateToLatest } from '../src/core/db/migrate.js';
import type { AccessLevel } from '../src/core/db/schema.js';
import { seedDemoNewspaper } from '../src/demo/seed-demo.js';
import { createSearchService, type SearchService } from '../src/features/search/search.service.js';
import { insertGeneratedArticles } from './archive-load.js';
import { createRandom, type Random } from './generate-articles.js';
import { cpuModel } from './machine.js';
import { createBenchDatabase, DEFAULT_POSTGRES_URL, dropBenchDatabases } from './postgres.js';
import { isVocabularyWord, VOCABULARY_SIZE, wordAtRank, ZIPF_EXPONENT } from './vocabulary.js';

type Engine = 'sqlite' | 'postgres';
const NOW = new Date('2026-12-06T12:00:00.000Z');
const EVERY_LEVEL: AccessLevel[] = ['free', 'registered', 'premium'];

/** The arguments when this is a search run (`--search`, `--search N`), with N spelled `--search=N`; else null. */
export function searchArguments(argv: readonly string[]): string[] | null {
  const index = argv.findIndex((argument) => argument === '--search' || argument.startsWith('--search='));
  if (index === -1) return null;
  const rest = [...argv];
  if (rest[index] === '--search') {
    const value = rest[index + 1];
    const hasValue = value !== undefined && /^[\d_,]+$/.test(value);
    rest.splice(index, hasValue ? 2 : 1, `--search=${hasValue ? value : 100_000}`);
  }
  return rest;
}

interface Timing {
  query: string;
  reader: 'anonymous' | 'staff';
  sort: 'relevance' | 'date';
  ms: number;
  hits: number;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Queries drawn from articles' own text: random articles, random positions. */
async function drawQueries(handle: DatabaseHandle, random: Random, count: number) {
  const { db } = handle;
  const bounds = await db
    .selectFrom('search_documents')
    .select((eb) => [eb.fn.min('id').as('low'), eb.fn.max('id').as('high')])
    .executeTakeFirstOrThrow();
  const low = Number(bounds.low);
  const high = Number(bounds.high);
  const twoWords: string[] = [];
  const anyTwoWords: string[] = [];
  const phrases: string[] = [];
  const prefixes: string[] = [];
  while (twoWords.length < count) {
    const id = low + Math.floor(random() * (high - low + 1));
    const row = await db.selectFrom('search_documents').select(['body', 'scope_key']).where('id', '=', id).executeTakeFirst();
    if (!row || !row.scope_key.startsWith('full:')) continue;
    const words = (row.body.toLowerCase().match(WORD) ?? []).filter((word) => word.length >= 3);
    if (words.length < 4) continue;
    const at = () => Math.floor(random() * words.length);
    // What a reader looks for: the story's own words (the vocabulary's), not the templates' everyday ones.
    const own = words.filter(isVocabularyWord);
    if (own.length < 2) continue;
    const ownAt = () => own[Math.floor(random() * own.length)]!;
    twoWords.push(`${ownAt()} ${ownAt()}`);
    anyTwoWords.push(`${words[at()]} ${words[at()]}`);
    const start = Math.floor(random() * (words.length - 1));
    phrases.push(`"${words[start]} ${words[start + 1]}"`);
    const word = words[at()]!;
    prefixes.push(`${word.slice(0, Math.min(word.length, 3 + Math.floor(random() * 3)))}*`);
  }
  return { twoWords, anyTwoWords, phrases, prefixes };
}

async function time(search: SearchService, query: string, reader: Timing['reader'], sort: Timing['sort']): Promise<Timing> {
  const startedAt = performance.now();
  const model = await search.search({ q: query, sort }, reader === 'staff' ? EVERY_LEVEL : []);
  return { query, reader, sort, ms: performance.now() - startedAt, hits: model.hits.length };
}

function summarise(label: string, timings: Timing[]): string {
  const sorted = timings.map((timing) => timing.ms).sort((a, b) => a - b);
  const worst = timings.reduce((a, b) => (b.ms > a.ms ? b : a));
  return `| ${label} | ${timings.length} | ${percentile(sorted, 0.5).toFixed(1)} | ${percentile(sorted, 0.95).toFixed(1)} | ${worst.ms.toFixed(1)} | \`${worst.query}\` (${worst.reader}, ${worst.sort}) |`;
}

async function runEngine(engine: Engine, settings: { articles: number; queries: number; postgresUrl: string }): Promise<string[]> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-search-bench-'));
  let dropDatabase: (() => Promise<void>) | null = null;
  let handle: DatabaseHandle;
  if (engine === 'sqlite') handle = openDatabase({ engine, filename: path.join(directory, 'masthead.db') });
  else {
    const created = await createBenchDatabase(settings.postgresUrl);
    if ('skipped' in created) {
      console.log(`PostgreSQL skipped: ${created.skipped}`);
      return [];
    }
    dropDatabase = created.drop;
    handle = openDatabase({ engine, connectionString: created.url, poolSize: 4 });
  }
  try {
    const clock = fixedClock(NOW);
    await migrateToLatest(handle.db);
    await seedDemoNewspaper(handle.db, { clock });
    const load = await insertGeneratedArticles(handle, { count: settings.articles, now: NOW });
    const search = createSearchService({ db: handle.db, clock, teaserBlocks: 3, language: 'en-GB', timeZone: 'Europe/London' });
    const indexStartedAt = performance.now();
    const indexed = await search.reindex();
    const indexSeconds = (performance.now() - indexStartedAt) / 1000;
    const random = createRandom(1_728);
    const drawn = await drawQueries(handle, random, settings.queries);
    // Warm the caches (page cache, prepared plans) as a running server's would be.
    for (const query of drawn.twoWords.slice(0, 20)) await time(search, query, 'anonymous', 'relevance');
    const rows: [string, Timing[]][] = [];
    const measure = async (label: string, queries: string[], sort: Timing['sort']) => {
      const timings: Timing[] = [];
      for (const [index, query] of queries.entries())
        timings.push(await time(search, query, index % 2 === 0 ? 'anonymous' : 'staff', sort));
      rows.push([label, timings]);
    };
    await measure('two words, best match first', drawn.twoWords, 'relevance');
    await measure('two words, newest first', drawn.twoWords, 'date');
    await measure('two words of any kind (templates too)', drawn.anyTwoWords, 'relevance');
    await measure('"phrase" of two words', drawn.phrases, 'relevance');
    await measure('prefix (3–5 characters)*', drawn.prefixes, 'relevance');
    // The worst cases tried on purpose: the commonest words of the templates and of the vocabulary, and short prefixes of them.
    const commonest = [
      'the council',
      'said the',
      'the',
      'plans costs',
      `${wordAtRank(1)} ${wordAtRank(2)}`,
      'the*',
      'com*',
      `${wordAtRank(1).slice(0, 3)}*`,
    ];
    await measure(
      'commonest words and prefixes',
      commonest.flatMap((query) => [query, query]),
      'relevance',
    );
    const everything = rows.flatMap(([, timings]) => timings);
    const worst = everything.reduce((a, b) => (b.ms > a.ms ? b : a));
    const lines = [
      `### ${engine === 'sqlite' ? 'SQLite (FTS5)' : 'PostgreSQL (tsvector + GIN)'}`,
      '',
      `${(load.inserted + 0).toLocaleString('en-GB')} generated articles (+ the demo) loaded in ${load.seconds.toFixed(1)} s; search index built in ${indexSeconds.toFixed(1)} s (${indexed.articles.toLocaleString('en-GB')} articles).`,
      '',
      '| queries | n | p50 ms | p95 ms | max ms | slowest |',
      '| ------- | - | ------ | ------ | ------ | ------- |',
      ...rows.map(([label, timings]) => summarise(label, timings)),
      '',
      `Worst query found: \`${worst.query}\` (${worst.reader}, ${worst.sort}) in ${worst.ms.toFixed(1)} ms, ${worst.hits} results on its page.`,
      '',
    ];
    // Printed before the database is dropped: a pool client still closing when
    // PostgreSQL's drop ends it has killed the process there, and the run's figures with it.
    console.log(lines.join('\n'));
    return lines;
  } finally {
    await handle.close();
    await dropDatabase?.();
    rmSync(directory, { recursive: true, force: true });
  }
}

export async function runSearchBenchmark(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      search: { type: 'string' },
      engines: { type: 'string', default: 'sqlite,postgres' },
      queries: { type: 'string', default: '200' },
      'postgres-url': { type: 'string', default: DEFAULT_POSTGRES_URL },
    },
  });
  const articles = Number((values.search ?? '100000').replace(/[_,]/g, ''));
  const queries = Number(values.queries);
  if (!Number.isInteger(articles) || articles < 100 || articles > 1_000_000)
    throw new Error('--search must be a whole number from 100 to 1,000,000');
  if (!Number.isInteger(queries) || queries < 10 || queries > 10_000) throw new Error('--queries must be a whole number from 10 to 10,000');
  const engines = values.engines.split(',').map((engine) => engine.trim()) as Engine[];
  const lines = [
    `## Search at ${articles.toLocaleString('en-GB')} articles`,
    '',
    `${cpuModel()}, ${os.cpus().length} cores. Vocabulary: ${VOCABULARY_SIZE.toLocaleString('en-GB')} synthetic words, Zipf exponent ${ZIPF_EXPONENT}, beside the templates' words. Each query through the search service (parse, engine query, one page of 20 with highlighted snippets); readers alternate anonymous (teasers) and staff (full text).`,
    '',
  ];
  console.log(lines.join('\n'));
  try {
    for (const engine of engines) {
      console.error(`search benchmark: ${engine}, ${articles.toLocaleString('en-GB')} articles…`);
      await runEngine(engine, { articles, queries, postgresUrl: values['postgres-url'] });
    }
  } finally {
    await dropBenchDatabases();
  }
  return 0;
}
