// `npm run screenshots`: refreshes the README's picture of an article page
// (docs/images/article-page.png) from the demo newspaper, served on a fresh
// SQLite file in a temporary folder, in Debian's headless Chromium
// (`CHROMIUM_PATH` overrides /usr/bin/chromium). The only thing that writes
// into the repository; tests never do.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoArticles } from '../src/demo/content/index.js';
import { readSitemapArticlePaths } from '../src/features/articles/testing/sitemap-reading.js';
import { launchBrowser } from '../tests/support/browser.js';
import { startDemoServer } from '../tests/support/demo-server.js';

const OUTPUT = new URL('../docs/images/article-page.png', import.meta.url);
const VIEWPORT = { width: 1280, height: 900 };

// A free article with everything the page can show above the fold: kicker, standfirst, hero, agency credit.
const article = demoArticles.find((candidate) => candidate.access === 'free' && candidate.kicker !== '' && candidate.agencyCredit !== '');
if (!article) throw new Error('The demo newspaper has no free article with a kicker and an agency credit');

const [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
try {
  const paths = await readSitemapArticlePaths(async (path) => (await fetch(server.baseUrl + path)).text());
  const path = paths.get(article.slug);
  if (!path) throw new Error(`${article.slug} is not in the sitemap`);
  const page = await browser.newPage({ viewport: VIEWPORT });
  const response = await page.goto(new URL(path, server.baseUrl).href, { waitUntil: 'networkidle' });
  if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status()}`);
  mkdirSync(new URL('.', OUTPUT), { recursive: true });
  await page.screenshot({ path: fileURLToPath(OUTPUT), fullPage: false });
  console.log(`Wrote ${fileURLToPath(OUTPUT)} (${article.headline})`);
} finally {
  await browser.close();
  await server.close();
}
