// The leak test (issue 4): a canary string sits in the gated paragraphs of
// free, registered and premium articles. For each reader state that may not
// read an article, no channel may send its canary: article HTML (with its
// JSON-LD, meta descriptions and Open Graph/Twitter tags), feeds, sitemaps,
// listing and related-article teasers, JSON endpoints, error pages, redirects,
// compressed variants, HEAD and 304 answers. The readers who may read an
// article must find its canary through the same requests, so the test can fail.
// Print view: there is no separate URL; the article page carries a print
// stylesheet, so the article HTML checked here is what gets printed.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import {
  browserSignedInAs,
  decodeHtml,
  PUBLIC_ORIGIN,
  registerThroughForm,
  signInAsStaff,
  TestBrowser,
  validRegistration,
} from '../accounts/testing/session-helpers.js';
import { insertReaders } from '../events/testing/event-fixtures.js';
import { canaryFor, canarySlugs, FIXTURE_NOW, gatedFigureImageId, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { readSitemapArticlePaths } from '../articles/testing/sitemap-reading.js';
import { createAccessService } from './access.service.js';
import { createApiKeysService } from '../admin-api/api-keys.service.js';

const DAY_MS = 86_400_000;
const SUBSCRIPTION_DAYS = 3;
const all = canarySlugs(5);
// The fifth article of each level is withdrawn before the tests: its canary must not survive in a 410 either.
const withdrawn = [all.free[4]!, all.registered[4]!, all.premium[4]!];
const live = { free: all.free.slice(0, 4), registered: all.registered.slice(0, 4), premium: all.premium.slice(0, 4) };
const everyCanarySlug = [...all.free, ...all.registered, ...all.premium];
// Every feed comes as RSS and Atom: `${page}/rss.xml` and `${page}/atom.xml` ('' is the site's).
// Events (features/events): a stream address no reader-facing channel may carry, and a Premium recording's.
const EVENT_STREAM_CANARY = 'stream-canary-7f3a91';
const EVENT_RECORDING_CANARY = 'recording-canary-52be04';
const eventPaths: string[] = [];
const FEED_PAGES = ['', '/politics', '/world', '/world/europe', '/topic/coast', '/author/ada-fenwick', '/author/tomas-ruiz'];

type Request = InjectOptions & { url: string };

// 'entitled' and '7f3c' sit past the wall alone ('7f3c' ends every canary; PostgreSQL's parser reads '-7' and 'f3c' there).
const SEARCH_URLS = [
  '/search?q=entitled',
  '/search?q=entitled&sort=date',
  '/search?q=7f3c',
  '/search?q=7f3c&sort=date',
  '/search?q=%22gated+detail%22',
  '/search?q=canary',
  '/search?q=ending+once',
];
/** The canary articles a search for the gated-only word lists (by their addresses' slugs). */
function searchHitSlugs(html: string): string[] {
  return [...html.matchAll(/<li class="search-result">[\s\S]*?<a href="[^"]*\/([^"/]+)">/g)].map((match) => match[1]!);
}

/** Whoever is asking: a cookie-keeping browser, or a client that never sends a cookie. */
interface Requester {
  request(options: Request): Promise<LightMyRequestResponse>;
}

/** One response, as text: decoded body plus headers (a canary in a header leaks as surely as in a body). */
interface Observation {
  url: string;
  mode: string;
  status: number;
  body: string;
  headers: string;
  cacheControl: string;
}

function decodedBody(response: LightMyRequestResponse): string {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.rawPayload).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(response.rawPayload).toString('utf8');
  return response.body;
}

function observation(url: string, mode: string, response: LightMyRequestResponse): Observation {
  return {
    url,
    mode,
    status: response.statusCode,
    // Search marks matched words (<mark>7f3c</mark>): without the marks, a canary split by them is still found.
    body: decodedBody(response).replace(/<\/?mark>/g, ''),
    headers: JSON.stringify(response.headers),
    cacheControl: String(response.headers['cache-control'] ?? ''),
  };
}

/** Same-site redirect target as a path, or null (the leak test does not leave the site). */
function sitePath(location: string | string[] | number | undefined): string | null {
  if (typeof location !== 'string') return null;
  const url = new URL(location, PUBLIC_ORIGIN);
  return url.origin === PUBLIC_ORIGIN ? url.pathname + url.search : null;
}

/**
 * Every way the reader can get bytes for a URL: GET following redirects (each
 * hop is checked), then at the final URL brotli, gzip, JSON-preferring, HEAD,
 * and a revalidation with the ETag just received (a 304 must have no body).
 */
async function observeEverywhere(requester: Requester, url: string): Promise<Observation[]> {
  const observations: Observation[] = [];
  let current = url;
  let response = await requester.request({ method: 'GET', url: current });
  observations.push(observation(current, 'GET', response));
  for (let hop = 0; hop < 4 && response.statusCode >= 300 && response.statusCode < 400; hop++) {
    const next = sitePath(response.headers.location);
    if (!next) break;
    current = next;
    response = await requester.request({ method: 'GET', url: current });
    observations.push(observation(current, `GET after redirect from ${url}`, response));
  }
  for (const [mode, headers] of [
    ['GET br', { 'accept-encoding': 'br' }],
    ['GET gzip', { 'accept-encoding': 'gzip' }],
    ['GET accept json', { accept: 'application/json' }],
  ] as const) {
    observations.push(observation(current, mode, await requester.request({ method: 'GET', url: current, headers })));
  }
  observations.push(observation(current, 'HEAD', await requester.request({ method: 'HEAD', url: current })));
  const etag = response.headers.etag;
  if (typeof etag === 'string') {
    observations.push(
      observation(
        current,
        'GET If-None-Match',
        await requester.request({ method: 'GET', url: current, headers: { 'if-none-match': etag } }),
      ),
    );
  }
  return observations;
}

/** Elements whose class list includes `className`, as their inner HTML. */
function elementsWithClass(html: string, className: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<([a-z][a-z0-9]*)\b[^>]*?\sclass="([^"]*)"[^>]*>/gi)) {
    if (!match[2]!.split(/\s+/).includes(className)) continue;
    const tag = match[1]!.toLowerCase();
    const start = match.index + match[0].length;
    const tags = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
    tags.lastIndex = start;
    let depth = 1;
    let end = html.length;
    for (let next = tags.exec(html); next; next = tags.exec(html)) {
      depth += next[1] ? -1 : 1;
      if (depth === 0) {
        end = next.index;
        break;
      }
    }
    found.push(html.slice(start, end));
  }
  return found;
}

interface NewsArticleData {
  isAccessibleForFree?: boolean;
  hasPart?: { isAccessibleForFree?: boolean; cssSelector?: string };
}

function newsArticleData(html: string): NewsArticleData | undefined {
  for (const [, json] of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
    const data = JSON.parse(json!) as NewsArticleData & { '@type'?: string };
    if (data['@type'] === 'NewsArticle') return data;
  }
  return undefined;
}

describeEachEngine('leak test: gated text reaches no channel a reader is not entitled to', (engine) => {
  let testApp: TestApp;
  const paths = new Map<string, string>();
  const pathOf = (slug: string) => paths.get(slug)!;
  const olderListingPages: string[] = [];
  /** The newsletters' web archive: issues listing every canary article, in a free and an exclusive newsletter. */
  const newsletterArchive: string[] = ['/newsletters'];
  let nextAddress = 40;
  let contentKey = '';
  const newAddress = () => `203.0.113.${nextAddress++}`;

  /** Every URL a reader could get article text from (see the file's opening comment). */
  function channelUrls(): string[] {
    const articles = [
      ...everyCanarySlug.filter((slug) => !withdrawn.includes(slug)),
      'council-agrees-budget',
      'members-only-analysis',
      'premium-investigation',
      'harbour-wall-repaired',
    ];
    const articlePages = articles.map(pathOf);
    const listings = [
      '/',
      '/politics',
      ...olderListingPages,
      '/world',
      '/world/europe',
      '/topic/coast',
      '/author/ada-fenwick',
      '/author/tomas-ruiz',
    ];
    const feeds = FEED_PAGES.flatMap((page) => [`${page}/rss.xml`, `${page}/atom.xml`]);
    const sitemaps = ['/sitemap.xml', '/sitemaps/pages-1.xml', '/sitemaps/articles-1.xml', '/news-sitemap.xml', '/robots.txt'];
    const json = ['/altcha/challenge?form=register', '/account/data.json'];
    // Search (features/search): words found only past the wall, words of the teaser, by relevance and by date.
    const search = SEARCH_URLS;
    const forms = [
      '/account',
      `/register?next=${encodeURIComponent(pathOf(live.premium[1]!))}`,
      `/signin?next=${encodeURIComponent(pathOf(live.registered[1]!))}`,
      `/subscribe?next=${encodeURIComponent(pathOf(live.premium[2]!))}`,
    ];
    const errors = [
      '/politics/2026/03/03/no-such-article',
      '/no-such-section',
      '/topic/no-such-topic/rss.xml',
      '/topic/no-such-topic/atom.xml',
      ...withdrawn.map(pathOf),
    ];
    // Mistyped or moved URLs of gated articles 301 to the canonical page: the redirect and its target both count.
    const redirects = everyCanarySlug
      .filter((slug) => !withdrawn.includes(slug))
      .flatMap((slug) => [`/politics/2020/01/01/${slug}`, `/world/europe${pathOf(slug).slice('/politics'.length)}`, `/amp${pathOf(slug)}`]);
    // The Ghost-compatible Content API: a visitor with a key and no account, whatever cookies come along.
    const contentApi = [
      'posts/?formats=html,plaintext&include=authors,tags&limit=all',
      'posts/?filter=tag:politics%2Bvisibility:-public&formats=plaintext&limit=all',
      ...everyCanarySlug.map((slug) => `posts/slug/${slug}/?formats=html,plaintext`),
    ].map((path) => `/ghost/api/content/${path}${path.includes('?') ? '&' : '?'}key=${contentKey}`);
    return [
      ...articlePages,
      ...listings,
      ...feeds,
      ...sitemaps,
      ...json,
      ...search,
      ...forms,
      ...errors,
      ...redirects,
      '/events',
      ...eventPaths,
      ...contentApi,
      ...newsletterArchive,
    ];
  }

  async function observeChannels(requester: Requester): Promise<Observation[]> {
    const observations: Observation[] = [];
    for (const url of channelUrls()) observations.push(...(await observeEverywhere(requester, url)));
    return observations;
  }

  /**
   * The heart of the test: no observation carries a forbidden canary, every
   * allowed one turns up (through these same requests), a 304 has no body and
   * no response carrying gated text may be stored by a shared cache.
   */
  function expectNoLeaks(observations: Observation[], entitlement: { allowed: string[] }) {
    const forbidden = everyCanarySlug.filter((slug) => !entitlement.allowed.includes(slug));
    const leaks = observations.flatMap((seen) =>
      forbidden
        .filter(
          (slug) =>
            seen.body.includes(canaryFor(slug)) ||
            seen.headers.includes(canaryFor(slug)) ||
            // A picture in the gated part: its address is only ever issued in entitled pages (docs/security.md).
            seen.body.includes(`/media/${gatedFigureImageId(slug)}/`),
        )
        .map((slug) => `${slug} via ${seen.mode} ${seen.url} (${seen.status})`),
    );
    expect(leaks, 'gated text sent to a reader not entitled to it').toEqual([]);
    // The stream address reaches no one through a page; a Premium recording only those with every Premium article.
    const eventSecrets = [
      EVENT_STREAM_CANARY,
      ...(live.premium.every((slug) => entitlement.allowed.includes(slug)) ? [] : [EVENT_RECORDING_CANARY]),
    ];
    expect(
      observations.flatMap((seen) =>
        eventSecrets
          .filter((secret) => seen.body.includes(secret) || seen.headers.includes(secret))
          .map((secret) => `${secret} via ${seen.url}`),
      ),
      'event secrets sent to a reader',
    ).toEqual([]);
    // Node drops the body of a 304 and of a HEAD answer itself; these say so should that ever change.
    expect(
      observations.filter((seen) => seen.status === 304 && seen.body !== '').map((seen) => `${seen.mode} ${seen.url}`),
      '304 with a body',
    ).toEqual([]);
    expect(
      observations.filter((seen) => seen.mode === 'HEAD' && seen.body !== '').map((seen) => seen.url),
      'HEAD with a body',
    ).toEqual([]);
    const sharedGatedText = observations.filter(
      (seen) => everyCanarySlug.some((slug) => seen.body.includes(canaryFor(slug))) && !/\b(private|no-store)\b/.test(seen.cacheControl),
    );
    expect(
      sharedGatedText.map((seen) => `${seen.mode} ${seen.url}: ${seen.cacheControl}`),
      'gated text a shared cache may store',
    ).toEqual([]);
    const missing = entitlement.allowed.filter(
      (slug) =>
        !observations.some(
          (seen) =>
            seen.mode === 'GET' &&
            seen.url === pathOf(slug) &&
            seen.body.includes(canaryFor(slug)) &&
            seen.body.includes(`/media/${gatedFigureImageId(slug)}/`),
        ),
    );
    expect(missing, 'entitled text these requests did not find (the checks above would prove nothing)').toEqual([]);
  }

  /** A gated article page the reader may not read: teaser, wall, paywalled markup, and no .paywall element. */
  function expectWalled(html: string, slug: string) {
    expect(html).toContain(`Opening paragraph of ${slug}.`);
    expect(html).toContain('id="wall"');
    expect(html).not.toContain(canaryFor(slug));
    expect(elementsWithClass(html, 'paywall')).toEqual([]);
    if (!slug.startsWith('free-')) {
      expect(html).toContain('"isAccessibleForFree":false');
      expect(newsArticleData(html)).toMatchObject({
        isAccessibleForFree: false,
        hasPart: { isAccessibleForFree: false, cssSelector: '.paywall' },
      });
    }
  }

  /** A gated article page the reader may read: Google's '.paywall' selector matches the element holding the gated text. */
  function expectUnlocked(html: string, slug: string) {
    expect(html).not.toContain('id="wall"');
    if (slug.startsWith('free-')) {
      expect(html).toContain(canaryFor(slug));
      expect(newsArticleData(html)).toMatchObject({ isAccessibleForFree: true });
      return;
    }
    expect(html).toContain('"isAccessibleForFree":false');
    expect(newsArticleData(html)).toMatchObject({ isAccessibleForFree: false, hasPart: { cssSelector: '.paywall' } });
    const paywalled = elementsWithClass(html, 'paywall');
    expect(paywalled).toHaveLength(1);
    expect(paywalled[0]).toContain(canaryFor(slug));
  }

  const cookieless = (remoteAddress: string): Requester => ({
    request: (options) => testApp.app.inject({ remoteAddress, ...options }),
  });

  async function registeredReader() {
    const browser = new TestBrowser(testApp.app, newAddress());
    const fields = validRegistration();
    expect((await registerThroughForm(browser, fields)).statusCode).toBe(303);
    return { browser, email: String(fields.email) };
  }

  beforeAll(async () => {
    testApp = await createTestApp({
      engine,
      now: FIXTURE_NOW,
      environment: {
        METER_FREE_ARTICLES: '2',
        METER_PREMIUM_ARTICLES: '1',
        METER_PERIOD_DAYS: '30',
        METERED_SECTIONS: 'politics',
        WALL_TEASER_BLOCKS: '3',
      },
    });
    // Enough other stories that the home page and Politics have older pages, where canary articles' teasers show.
    await seedFixtureNewspaper(testApp.database.db, { canaryArticles: 5, extraArticles: 25 });
    const get = async (url: string) => (await testApp.app.inject({ method: 'GET', url })).body;
    for (const [slug, path] of await readSitemapArticlePaths(get)) paths.set(slug, path);
    // A listing's later pages: where its "Older stories" link leads.
    for (const listing of ['/', '/politics']) {
      const older = /<a rel="next" href="([^"]+)">Older stories<\/a>/.exec(await get(listing))?.[1];
      if (older) olderListingPages.push(older.replaceAll('&amp;', '&'));
    }
    expect(olderListingPages.length).toBeGreaterThan(0);
    await testApp.search.reindex();
    for (const slug of withdrawn) expect(await testApp.articles.withdrawArticle(slug)).toBe(true);
    const streamUrl = `https://stream.example.test/${EVENT_STREAM_CANARY}`;
    const upcoming = {
      slug: 'leak-upcoming',
      startsAt: '2026-03-12T18:00:00Z',
      endsAt: '2026-03-12T19:00:00Z',
      access: 'registered' as const,
    };
    const past = { slug: 'leak-past', startsAt: '2026-03-01T18:00:00Z', endsAt: '2026-03-01T19:00:00Z', access: 'premium' as const };
    for (const event of [upcoming, past]) {
      const recording = { recordingUrl: `https://video.example.test/${EVENT_RECORDING_CANARY}`, recordingAccess: 'premium' as const };
      const input = { ...event, ...recording, title: 'Leak check', description: '', capacity: 5, streamUrl, speakerIds: [] };
      expect((await testApp.events.createEvent(input)).kind).toBe('created');
      eventPaths.push(`/events/${event.slug}`);
    }
    const created = await createApiKeysService({ db: testApp.database.db, clock: testApp.clock }).create({ name: 'Leak', role: 'content' });
    contentKey = created.kind === 'created' ? created.key : '';
    await addNewsletterArchive();
  });

  /** Sent issues built from the canary articles: the archive may show their headlines and standfirsts, never their text. */
  async function addNewsletterArchive() {
    const ids = (
      await testApp.database.db
        .selectFrom('articles')
        .where('slug', 'in', [...live.free, ...live.registered, ...live.premium])
        .select('id')
        .execute()
    ).map((row) => row.id);
    for (const access of ['registered', 'premium'] as const) {
      const created = await testApp.newsletters.createNewsletter({ name: `Canary ${access}`, slug: `canary-${access}`, access });
      if (created.kind !== 'saved') throw new Error(created.kind);
      const issue = await testApp.newsletters.createIssue(created.newsletter.id, {
        subject: 'Every canary story',
        content: { kind: 'articles', articleIds: ids },
        createdBy: null,
      });
      if (issue.kind !== 'saved') throw new Error(issue.kind);
      await testApp.database.db
        .updateTable('newsletter_issues')
        .set({ state: 'sent', started_at: FIXTURE_NOW.toISOString(), finished_at: FIXTURE_NOW.toISOString() })
        .where('id', '=', issue.issue.id)
        .execute();
      newsletterArchive.push(`/newsletters/canary-${access}`, `/newsletters/canary-${access}/${issue.issue.id}`);
    }
  }
  afterAll(() => testApp.destroy());

  it('answers the error and redirect URLs the channels rely on as expected', async () => {
    const inject = (url: string) => testApp.app.inject({ method: 'GET', url, remoteAddress: newAddress() });
    expect((await inject('/politics/2026/03/03/no-such-article')).statusCode).toBe(404);
    for (const slug of withdrawn) expect((await inject(pathOf(slug))).statusCode).toBe(410);
    const moved = await inject(`/politics/2020/01/01/${live.premium[0]}`);
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe(pathOf(live.premium[0]!));
  });

  it('feeds list the canary articles, so the absence of their gated text means something', async () => {
    const requester = cookieless(newAddress());
    for (const feed of ['/rss.xml', '/atom.xml', '/politics/rss.xml', '/politics/atom.xml', '/author/ada-fenwick/atom.xml']) {
      const response = await requester.request({ method: 'GET', url: feed });
      expect(response.statusCode, feed).toBe(200);
      for (const slug of [...live.free, ...live.registered, ...live.premium]) {
        expect(response.body, `${slug} in ${feed}`).toContain(`Standfirst of Canary story ${slug}.`);
      }
    }
    // The check itself fails on gated text in an Atom feed (an entry's summary carrying a body sentence).
    const atom = (await requester.request({ method: 'GET', url: '/atom.xml' })).body;
    const planted = { url: '/atom.xml', mode: 'GET', status: 200, headers: '{}', cacheControl: 'public, max-age=300' };
    const body = atom.replace('</summary>', ` ${canaryFor(live.premium[0]!)}</summary>`);
    expect(() => expectNoLeaks([{ ...planted, body }], { allowed: [] })).toThrow(/gated text sent to a reader not entitled to it/);
    expect(() => expectNoLeaks([{ ...planted, body: atom }], { allowed: [] })).not.toThrow();
  });

  it('the Content API lists the canary articles with their teasers, so the absence of their gated text means something', async () => {
    const url = `/ghost/api/content/posts/?formats=html,plaintext&limit=all&key=${contentKey}`;
    const response = await cookieless(newAddress()).request({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    for (const slug of [...live.free, ...live.registered, ...live.premium])
      expect(response.body).toContain(`Opening paragraph of ${slug}.`);
    const planted = observation(url, 'GET', response);
    expect(() => expectNoLeaks([{ ...planted, body: planted.body + canaryFor(live.free[0]!) }], { allowed: [] })).toThrow(
      /gated text sent/,
    );
  });

  it('anonymous reader without a cookie: free canaries within the meter, registered and premium canaries nowhere', async () => {
    const requester = cookieless(newAddress());
    for (const slug of live.free) expectUnlocked((await requester.request({ method: 'GET', url: pathOf(slug) })).body, slug);
    for (const slug of [...live.registered, ...live.premium])
      expectWalled((await requester.request({ method: 'GET', url: pathOf(slug) })).body, slug);
    expectNoLeaks(await observeChannels(requester), { allowed: live.free });
  });

  it('anonymous reader past the meter: the canary of an unread free article is absent too', async () => {
    const browser = new TestBrowser(testApp.app, newAddress());
    const [first, second, ...unread] = live.free as [string, string, ...string[]];
    for (const slug of [first, second]) expectUnlocked((await browser.get(pathOf(slug))).body, slug);
    for (const slug of unread) {
      const response = await browser.get(pathOf(slug));
      expectWalled(response.body, slug);
      expect(response.body).toContain('You have read all your free articles for now.');
    }
    for (const slug of [...live.registered, ...live.premium]) expectWalled((await browser.get(pathOf(slug))).body, slug);
    // A browser that kept an entitled reader's copy may revalidate with its ETag: never a 304 for a walled page.
    const fresh = await testApp.app.inject({ method: 'GET', url: pathOf(unread[0]!), remoteAddress: newAddress() });
    expect(fresh.body).toContain(canaryFor(unread[0]!));
    const revalidated = await browser.get(pathOf(unread[0]!), { 'if-none-match': String(fresh.headers.etag) });
    expect(revalidated.statusCode).toBe(200);
    expectWalled(revalidated.body, unread[0]!);
    // Re-reading the two counted articles stays allowed, so those canaries must turn up.
    expectNoLeaks(await observeChannels(browser), { allowed: [first, second] });
  });

  it('registered reader past the premium allowance: other premium canaries absent, registered canaries present', async () => {
    const { browser } = await registeredReader();
    const [spent, ...beyond] = live.premium as [string, ...string[]];
    const read = await browser.get(pathOf(spent));
    expectUnlocked(read.body, spent);
    expect(read.body).toContain('This is your last Premium article this month.');
    for (const slug of beyond) {
      const response = await browser.get(pathOf(slug));
      expectWalled(response.body, slug);
      expect(response.body).toContain('Subscribe to continue reading');
    }
    for (const slug of live.registered) expectUnlocked((await browser.get(pathOf(slug))).body, slug);
    expectNoLeaks(await observeChannels(browser), { allowed: [...live.free, ...live.registered, spent] });
  });

  it('expired subscriber: premium canaries beyond the allowance are absent the day after the subscription ends', async () => {
    const { browser, email } = await registeredReader();
    const access = createAccessService({
      db: testApp.database.db,
      clock: testApp.clock,
      settings: { anonymousFreeArticles: 2, registeredPremiumArticles: 1, periodDays: 30, meteredSections: ['politics'] },
    });
    expect(await access.grantSubscription({ email, days: SUBSCRIPTION_DAYS })).toMatchObject({ kind: 'granted' });
    for (const slug of live.premium) {
      const response = await browser.get(pathOf(slug));
      expectUnlocked(response.body, slug);
      expect(response.body).not.toContain('allowance-note');
    }
    testApp.clock.advance((SUBSCRIPTION_DAYS + 1) * DAY_MS);
    try {
      // Back to a registered reader: one Premium article, then the subscribe wall.
      const [spent, ...beyond] = live.premium as [string, ...string[]];
      const read = await browser.get(pathOf(spent));
      expectUnlocked(read.body, spent);
      expect(read.body).toContain('This is your last Premium article this month.');
      for (const slug of beyond) expectWalled((await browser.get(pathOf(slug))).body, slug);
      expectNoLeaks(await observeChannels(browser), { allowed: [...live.free, ...live.registered, spent] });
    } finally {
      testApp.clock.set(FIXTURE_NOW);
    }
  });

  it('search: a word only past the wall finds just the articles the reader may search in full, with the canary in the snippet', async () => {
    const liveCanaries = [...live.free, ...live.registered, ...live.premium];
    const anonymous = (await cookieless(newAddress()).request({ method: 'GET', url: '/search?q=entitled' })).body;
    expect(searchHitSlugs(anonymous)).toEqual([]);
    // The teaser's words still find every live canary article, for anyone.
    expect(new Set(searchHitSlugs((await cookieless(newAddress()).request({ method: 'GET', url: '/search?q=canary' })).body))).toEqual(
      new Set(liveCanaries),
    );
    const { browser } = await registeredReader();
    const registered = (await browser.get('/search?q=entitled')).body.replace(/<\/?mark>/g, '');
    expect(new Set(searchHitSlugs(registered))).toEqual(new Set([...live.free, ...live.registered]));
    for (const slug of [...live.free, ...live.registered]) expect(registered).toContain(canaryFor(slug));
    for (const slug of live.premium) expect(registered).not.toContain(canaryFor(slug));
    const staff = await signInAsStaff({
      app: testApp.app,
      db: testApp.database.db,
      clock: testApp.clock,
      role: 'editor',
      remoteAddress: newAddress(),
    });
    const everything = (await staff.browser.get('/search?q=entitled')).body.replace(/<\/?mark>/g, '');
    expect(new Set(searchHitSlugs(everything))).toEqual(new Set(liveCanaries));
    for (const slug of liveCanaries) expect(everything).toContain(canaryFor(slug));
    for (const slug of withdrawn) expect(everything).not.toContain(canaryFor(slug));
  });

  it('staff see every live canary through the same requests, so the checks above can fail', async () => {
    const { browser } = await signInAsStaff({
      app: testApp.app,
      db: testApp.database.db,
      clock: testApp.clock,
      role: 'editor',
      remoteAddress: newAddress(),
    });
    for (const slug of [...live.free, ...live.registered, ...live.premium]) expectUnlocked((await browser.get(pathOf(slug))).body, slug);
    const observations = await observeChannels(browser);
    expectNoLeaks(observations, { allowed: [...live.free, ...live.registered, ...live.premium] });
    expect(observations.some((seen) => seen.url === '/events/leak-past' && seen.body.includes(EVENT_RECORDING_CANARY))).toBe(true);
  });

  // Last: it moves and cancels an event. Event emails (confirmation, new time, cancellation, reminders, a message),
  // their calendar files, the "add to calendar" download and the reader's feed never carry the stream address.
  it('event emails, calendar files and feeds carry no stream address', async () => {
    const db = testApp.database.db;
    const event = (await testApp.events.findEvent('leak-upcoming'))!;
    const [readerId] = await insertReaders(db, 1);
    expect((await testApp.events.signUp(event.id, { id: readerId!, role: 'reader' })).kind).toBe('confirmed');
    const browser = await browserSignedInAs(testApp, readerId!, newAddress());
    const { csrf } = await browser.openForm('/account/calendar');
    const made = await browser.post('/account/calendar', { _csrf: csrf });
    const feedUrl = decodeHtml(/id="feed-address"[^>]*value="([^"]+)"/.exec(made.body)![1]!).slice(PUBLIC_ORIGIN.length);
    const channels: string[] = [(await browser.get(feedUrl)).body];
    const moved = await testApp.events.updateEvent(event.id, event.version, {
      startsAt: '2026-03-12T19:00:00Z',
      endsAt: '2026-03-12T20:00:00Z',
    });
    expect(moved.kind).toBe('updated');
    await testApp.eventEmails.announceChange(event.id);
    await testApp.eventEmails.messageAttendees(event.id, { subject: 'Before we start', text: 'Bring questions.' });
    try {
      testApp.clock.set('2026-03-12T18:30:00Z');
      expect(await testApp.eventReminders.run()).toBe(1);
    } finally {
      testApp.clock.set(FIXTURE_NOW);
    }
    const outbox = await db.selectFrom('email_outbox').selectAll().execute();
    const eventMail = outbox.filter((row) => /Leak check/.test(row.subject + row.text_body));
    expect(eventMail.length).toBeGreaterThanOrEqual(4);
    const download = /Add to calendar: https:\/\/news\.example\.test(\S+)/.exec(eventMail.map((row) => row.text_body).join('\n'))![1]!;
    channels.push((await browser.get(download)).body);
    expect((await testApp.events.cancelEvent(event.id, (moved as { event: { version: number } }).event.version)).kind).toBe('updated');
    await testApp.eventEmails.announceChange(event.id);
    for (const row of await db.selectFrom('email_outbox').selectAll().execute())
      channels.push(row.subject, row.text_body, row.html_body, row.attachments_json ?? '');
    expect(channels.join('\n')).toContain('BEGIN:VCALENDAR');
    for (const channel of channels) expect(channel).not.toContain(EVENT_STREAM_CANARY);
  });
  it('email channel: a newsletter issue of every canary article carries headlines and links, never gated text', async () => {
    const { db } = testApp.database;
    const liveSlugs = [...live.free, ...live.registered, ...live.premium];
    const articles = await db.selectFrom('articles').select(['id', 'slug', 'headline']).where('slug', 'in', liveSlugs).execute();
    expect(articles).toHaveLength(liveSlugs.length);
    for (const access of ['registered', 'premium'] as const) {
      const saved = await testApp.newsletters.createNewsletter({ name: `Leak ${access}`, slug: `leak-${access}`, access });
      if (saved.kind !== 'saved') throw new Error('newsletter not saved');
      const issue = await testApp.newsletters.createIssue(saved.newsletter.id, {
        subject: 'Everything',
        content: { kind: 'articles', articleIds: articles.map((article) => article.id) },
        createdBy: null,
      });
      if (issue.kind !== 'saved') throw new Error('issue not saved');
      const email = await testApp.newsletters.renderIssueEmail(issue.issue.id);
      for (const slug of everyCanarySlug) {
        expect(email.html).not.toContain(canaryFor(slug));
        expect(email.text).not.toContain(canaryFor(slug));
      }
      // Each is there as its headline and a link to its page (which applies the article's own wall).
      for (const article of articles) {
        expect(email.text).toContain(article.headline);
        expect(email.html).toContain(`href="https://news.example.test${pathOf(article.slug)}"`);
      }
    }
    // The channel carries an issue's own text, so the absence above can fail: a composed issue quoting a canary shows it.
    const control = await testApp.newsletters.createIssue((await testApp.newsletters.findNewsletterBySlug('leak-premium'))!.id, {
      subject: 'Control',
      content: { kind: 'html', html: `<p>${canaryFor(live.premium[0]!)}</p>` },
      createdBy: null,
    });
    if (control.kind !== 'saved') throw new Error('control not saved');
    expect((await testApp.newsletters.renderIssueEmail(control.issue.id)).html).toContain(canaryFor(live.premium[0]!));
  });
});
