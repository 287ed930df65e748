// What compressing a cached response costs, and what it does to the event
// loop (docs/decisions/012-tagged-page-cache.md). Two bodies: a 150 KB article
// page (the freshest free demo article, its body lengthened with generated
// text, rendered by the app) and a 5 MB sitemap (28,500 generated article URLs).
// For each: size and time at several gzip and brotli levels (run here on the
// main thread, so the times are also the thread-pool time an async call
// costs); then the largest event-loop delay (perf_hooks.monitorEventLoopDelay)
// while the cached sitemap is built and compressed, with a timer ticking.
//
//   npx tsx bench/compression-levels.ts            # everything
//   npx tsx bench/compression-levels.ts --delay    # only the event-loop delay
//   node --expose-gc --import tsx bench/compression-levels.ts --delay   # the same, the heap collected before each run
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { buildApp } from '../src/app.js';
import { fixedClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config/config.js';
import { openDatabase } from '../src/core/db/database.js';
import { migrateToLatest } from '../src/core/db/migrate.js';
import { buildCachedResponse, encodedBody } from '../src/core/http/cached-response.js';
import { demoArticles } from '../src/demo/content/index.js';
import { seedDemoNewspaper } from '../src/demo/seed-demo.js';
import { renderSitemap } from '../src/features/articles/feeds.js';

const WORDS = (
  'harbour council river flood barrier rents library budget night trains quay market hall broadband reservoir ' +
  'residents engineers survey households committee spokesperson opposition review timetable weather suppliers ' +
  'kessford aldwater castrel tollin feldham corran westmere saltby brenning marrow bay port hira valley'
).split(' ');

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
const random = createRandom(1128);
const word = () => WORDS[Math.floor(random() * WORDS.length)]!;
const sentence = () => {
  const text = Array.from({ length: 8 + Math.floor(random() * 14) }, word).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}, said ${Math.floor(random() * 1000)} of them.`;
};

async function renderLongArticlePage(targetBytes: number): Promise<string> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-compression-'));
  const clock = fixedClock(new Date());
  const config = loadConfig({ DATA_DIR: directory, LOG_LEVEL: 'silent', DEMO_CONTENT: 'off', PUBLIC_URL: 'https://news.example.test' });
  const database = openDatabase(config.database);
  await migrateToLatest(database.db);
  await seedDemoNewspaper(database.db, { clock });
  const masthead = await buildApp({ config, clock, database });
  try {
    const free = demoArticles.filter((article) => article.access === 'free').sort((a, b) => a.publishedHoursAgo - b.publishedHoursAgo);
    const slug = free[0]!.slug;
    const paragraphs = Array.from({ length: Math.ceil(targetBytes / 700) }, () => ({
      type: 'paragraph',
      content: [{ type: 'text', text: Array.from({ length: 5 }, sentence).join(' ') }],
    }));
    await masthead.articles.updateArticle(slug, { bodyJson: JSON.stringify({ type: 'doc', content: paragraphs }) });
    const sitemap = await masthead.app.inject({ url: '/sitemap.xml' });
    const articleUrl = new URL(sitemap.body.match(new RegExp(`<loc>([^<]*/${slug})</loc>`))![1]!);
    let html = (await masthead.app.inject({ url: articleUrl.pathname })).body;
    // Trim whole paragraphs until the page is the size asked for.
    while (Buffer.byteLength(html) > targetBytes) html = html.replace(/<p>[^<]*<\/p>/, '');
    return html;
  } finally {
    await masthead.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

function generatedSitemap(urlCount: number): string {
  const site = { publicUrl: 'https://news.example.test' } as Parameters<typeof renderSitemap>[0];
  const sections = ['world/europe', 'politics', 'business/economy', 'sport', 'culture', 'science', 'opinion', 'world/asia-pacific'];
  const start = Date.parse('2020-01-01T00:00:00Z');
  const entries = Array.from({ length: urlCount }, (_, index) => {
    const publishedAt = new Date(start + index * 3_600_000 + Math.floor(random() * 3_600_000));
    const date = publishedAt.toISOString().slice(0, 10).replaceAll('-', '/');
    const slug = Array.from({ length: 6 + Math.floor(random() * 6) }, word).join('-');
    return {
      path: `/${sections[index % sections.length]}/${date}/${slug}-${index}`,
      lastModified: new Date(publishedAt.getTime() + Math.floor(random() * 86_400_000)).toISOString(),
    };
  });
  return renderSitemap(site, entries);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeIt(work: () => Buffer, runs: number): { ms: number; bytes: number } {
  let bytes = 0;
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    bytes = work().length;
    times.push(performance.now() - started);
  }
  return { ms: median(times), bytes };
}

function measureLevels(name: string, body: Buffer): void {
  const runs = body.length > 1_000_000 ? 3 : 15;
  console.log(`\n${name}: ${(body.length / 1024).toFixed(0)} KB`);
  console.log('| encoding | level | bytes | ratio | ms (median) |');
  console.log('|---|---|---|---|---|');
  const row = (encoding: string, level: number, result: { ms: number; bytes: number }) =>
    console.log(`| ${encoding} | ${level} | ${result.bytes} | ${(body.length / result.bytes).toFixed(1)} | ${result.ms.toFixed(2)} |`);
  for (const level of [1, 4, 5, 6, 9])
    row(
      'gzip',
      level,
      timeIt(() => gzipSync(body, { level }), runs),
    );
  for (const level of [1, 4, 5, 6, 9, 11]) {
    if (level === 11 && body.length > 1_000_000) continue; // minutes of CPU per body: not a candidate
    const params = { [zlib.BROTLI_PARAM_QUALITY]: level, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length };
    row(
      'brotli',
      level,
      timeIt(() => brotliCompressSync(body, { params }), runs),
    );
  }
}

/**
 * The largest event-loop delay while the cached sitemap is built and both its
 * encodings are made (what the first gzip and brotli requests after an edit
 * cause), with a 1 ms timer ticking beside it.
 */
async function measureEventLoopDelay(body: string): Promise<void> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let ticks = 0;
  let lastTick = performance.now();
  let longestGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - lastTick);
    lastTick = now;
    ticks++;
  }, 1);
  // Run with --expose-gc to collect the generator's garbage first, so the figure is the build's own.
  (globalThis as { gc?: () => void }).gc?.();
  histogram.enable();
  // The histogram's first sample comes after its own timer first fires.
  await new Promise((resolve) => setTimeout(resolve, 10));
  ticks = 0;
  longestGap = 0;
  const started = performance.now();
  const response = buildCachedResponse({ body, contentType: 'application/xml; charset=utf-8', cacheControl: 'public' });
  const synchronous = performance.now() - started; // bytes and ETag: the part that holds the event loop
  const [gzip, brotli] = await Promise.all([encodedBody(response, 'gzip'), encodedBody(response, 'br')]);
  const elapsed = performance.now() - started;
  const ticksDuring = ticks;
  // Let the timer and the histogram see the loop again before reading them.
  await new Promise((resolve) => setTimeout(resolve, 10));
  histogram.disable();
  clearInterval(timer);
  console.log(
    `${(Buffer.byteLength(body) / 1024 / 1024).toFixed(1)} MB sitemap, built and both encodings made: ${elapsed.toFixed(0)} ms in all, ` +
      `${synchronous.toFixed(1)} ms of it synchronous; ` +
      `event-loop delay max ${(histogram.max / 1e6).toFixed(1)} ms (monitorEventLoopDelay), longest gap between 1 ms ticks ` +
      `${longestGap.toFixed(1)} ms, ${ticksDuring} ticks; gzip ${gzip.length} B, brotli ${brotli.length} B`,
  );
}

async function main(): Promise<void> {
  const sitemap = generatedSitemap(28_500);
  if (!process.argv.includes('--delay')) {
    const article = await renderLongArticlePage(150 * 1024);
    measureLevels('Article page', Buffer.from(article));
    measureLevels('Sitemap', Buffer.from(sitemap));
  }
  for (let run = 0; run < 3; run++) await measureEventLoopDelay(sitemap);
}

await main();
