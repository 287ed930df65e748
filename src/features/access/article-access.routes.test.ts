// The wall, the meter and the premium allowance as readers meet them on
// article pages: which page each reader state gets, what is set and cached.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import {
  signInAsStaff,
  signInThroughForm,
  registerThroughForm,
  TestBrowser,
  validRegistration,
  hiddenValue,
  solveAltcha,
} from '../accounts/testing/session-helpers.js';
import { canaryFor, canarySlugs, FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { readSitemapArticlePaths } from '../articles/testing/sitemap-reading.js';
import { createAccessService } from './access.service.js';

const DAY_MS = 86_400_000;
const slugs = canarySlugs(4);

describeEachEngine('article access', (engine) => {
  let testApp: TestApp;
  const paths = new Map<string, string>();
  const pathOf = (slug: string) => paths.get(slug)!;
  const isWalled = (html: string) => html.includes('id="wall"');

  beforeAll(async () => {
    testApp = await createTestApp({
      engine,
      now: FIXTURE_NOW,
      environment: { METER_FREE_ARTICLES: '3', METER_PREMIUM_ARTICLES: '2', METERED_SECTIONS: 'politics', WALL_TEASER_BLOCKS: '2' },
    });
    await seedFixtureNewspaper(testApp.database.db, { canaryArticles: 4 });
    const get = async (url: string) => (await testApp.app.inject({ method: 'GET', url })).body;
    for (const [slug, path] of await readSitemapArticlePaths(get)) paths.set(slug, path);
  });
  afterAll(() => testApp.destroy());

  it('counts an anonymous reader’s free articles in a signed cookie, says how many are left, and walls the next one', async () => {
    const browser = new TestBrowser(testApp.app, '203.0.113.21');
    const notes: string[] = [];
    for (const slug of slugs.free.slice(0, 3)) {
      const response = await browser.get(pathOf(slug));
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(canaryFor(slug));
      expect(response.headers['cache-control']).toBe('private, no-cache');
      notes.push(/<p class="allowance-note">([^<]*)/.exec(response.body)![1]!.trim());
    }
    expect(notes).toEqual([
      'You have 2 free articles left this month.',
      'You have 1 free article left this month.',
      'This is your last free article this month.',
    ]);

    const walled = await browser.get(pathOf(slugs.free[3]!));
    expect(walled.statusCode).toBe(200);
    expect(isWalled(walled.body)).toBe(true);
    expect(walled.body).toContain('Register for free to continue reading');
    expect(walled.body).toContain('Opening paragraph of'); // the teaser
    expect(walled.body).not.toContain(canaryFor(slugs.free[3]!));
    expect(walled.body).not.toContain('The third paragraph brings a witness.'); // beyond WALL_TEASER_BLOCKS
    expect(walled.headers['set-cookie']?.toString() ?? '').not.toContain('mh_meter');

    // Re-reading an article already counted costs nothing.
    const reread = await browser.get(pathOf(slugs.free[0]!));
    expect(reread.body).toContain(canaryFor(slugs.free[0]!));
    expect(reread.body).toContain('You have no free articles left this month; articles you have already read stay open.');
  });

  it('spends no allowance on HEAD requests, which carry no text', async () => {
    const browser = new TestBrowser(testApp.app, '203.0.113.30');
    for (const slug of slugs.free) {
      const head = await browser.request({ method: 'HEAD', url: pathOf(slug) });
      expect(head.statusCode).toBe(200);
      expect(head.headers['set-cookie']).toBeUndefined();
    }
    expect((await browser.get(pathOf(slugs.free[0]!))).body).toContain('You have 2 free articles left this month.');
  });

  it('starts a fresh allowance when the period has passed', async () => {
    const browser = new TestBrowser(testApp.app, '203.0.113.22');
    for (const slug of slugs.free.slice(0, 3)) await browser.get(pathOf(slug));
    expect(isWalled((await browser.get(pathOf(slugs.free[3]!))).body)).toBe(true);
    testApp.clock.advance(30 * DAY_MS + 1000);
    try {
      expect((await browser.get(pathOf(slugs.free[3]!))).body).toContain(canaryFor(slugs.free[3]!));
    } finally {
      testApp.clock.set(FIXTURE_NOW);
    }
  });

  it('treats a tampered or forged meter cookie as a fresh allowance, never more', async () => {
    const browser = new TestBrowser(testApp.app, '203.0.113.23');
    for (const slug of slugs.free.slice(0, 3)) await browser.get(pathOf(slug));
    const spent = browser.cookies.get('mh_meter')!;
    // Dropping entries from the payload breaks the signature: the server sees an empty meter.
    const [version, payload, signature] = spent.split('.');
    browser.cookies.set('mh_meter', `${version}.${payload!.split('_').slice(1).join('_')}.${signature}`);
    const first = await browser.get(pathOf(slugs.free[3]!));
    expect(first.body).toContain('You have 2 free articles left this month.');
    // Registered-only and premium text is never part of any anonymous allowance.
    browser.cookies.set('mh_meter', 'v1..forged');
    for (const slug of [slugs.registered[0]!, slugs.premium[0]!]) {
      const response = await browser.get(pathOf(slug));
      expect(isWalled(response.body)).toBe(true);
      expect(response.body).not.toContain(canaryFor(slug));
    }
  });

  it('walls registered-only and premium articles for anonymous readers with the registration form under the teaser', async () => {
    const browser = new TestBrowser(testApp.app, '203.0.113.24');
    const response = await browser.get(pathOf(slugs.registered[0]!));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-cache');
    const html = response.body;
    expect(html).toContain('This article is for registered readers.');
    for (const benefit of ['Limited access to Premium articles', 'Exclusive newsletters', 'Commenting on articles', 'Virtual events'])
      expect(html).toContain(benefit);
    expect(html).toContain('<form method="post" action="/register"');
    expect(hiddenValue(html, 'next')).toBe(pathOf(slugs.registered[0]!));
    expect(hiddenValue(html, '_csrf')).not.toBe('');
    expect(html).toContain(
      `Already have an account? <a href="/signin?next=${encodeURIComponent(pathOf(slugs.registered[0]!))}">Sign in</a>`,
    );
    expect(html).not.toContain('class="article-body paywall"');
    const premium = await browser.get(pathOf(slugs.premium[0]!));
    expect(premium.body).toContain('This is a Premium article.');
    expect(premium.body).not.toContain(canaryFor(slugs.premium[0]!));
  });

  it('registering from the wall signs the reader in and returns them to the same article, unlocked', async () => {
    const browser = new TestBrowser(testApp.app, '203.0.113.25');
    const path = pathOf(slugs.registered[1]!);
    const wall = await browser.get(path);
    const altcha = await solveAltcha(browser);
    const registered = await browser.post('/register', {
      _csrf: hiddenValue(wall.body, '_csrf'),
      next: hiddenValue(wall.body, 'next'),
      altcha,
      ...validRegistration(),
    });
    expect(registered.statusCode).toBe(303);
    expect(registered.headers.location).toBe(path);
    const unlocked = await browser.get(path);
    expect(unlocked.body).toContain(canaryFor(slugs.registered[1]!));
    expect(isWalled(unlocked.body)).toBe(false);
    expect(unlocked.body).toContain('class="article-body paywall"');
    expect(unlocked.body).toContain('Thank you for registering');
  });

  it('gives a registered reader their premium allowance, then the subscribe wall; re-reads are free and subscribers read everything', async () => {
    const browser = new TestBrowser(testApp.app, '203.0.113.26');
    const fields = validRegistration();
    expect((await registerThroughForm(browser, fields)).statusCode).toBe(303);
    const first = await browser.get(pathOf(slugs.premium[0]!));
    expect(first.body).toContain(canaryFor(slugs.premium[0]!));
    expect(first.body).toContain('You have 1 Premium article left this month.');
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect((await browser.get(pathOf(slugs.premium[1]!))).body).toContain('This is your last Premium article this month.');
    const walled = await browser.get(pathOf(slugs.premium[2]!));
    expect(walled.body).toContain('Subscribe to continue reading');
    expect(walled.body).not.toContain(canaryFor(slugs.premium[2]!));
    expect(walled.body).not.toContain('<form method="post" action="/register"');
    expect((await browser.get(pathOf(slugs.premium[0]!))).body).toContain(canaryFor(slugs.premium[0]!));
    // Registered-only articles never count.
    expect((await browser.get(pathOf(slugs.registered[2]!))).body).toContain(canaryFor(slugs.registered[2]!));

    const access = createAccessService({
      db: testApp.database.db,
      clock: testApp.clock,
      settings: { anonymousFreeArticles: 3, registeredPremiumArticles: 2, periodDays: 30, meteredSections: [] },
    });
    expect(await access.grantSubscription({ email: String(fields.email), days: 5 })).toMatchObject({ kind: 'granted' });
    for (const slug of slugs.premium) {
      const response = await browser.get(pathOf(slug));
      expect(response.body).toContain(canaryFor(slug));
      expect(response.body).not.toContain('allowance-note');
    }
    // The day after it ends, the subscription gives nothing: back to the spent allowance.
    testApp.clock.advance(6 * DAY_MS);
    try {
      const expired = await browser.get(pathOf(slugs.premium[3]!));
      expect(expired.body).toContain('Subscribe to continue reading');
      expect(expired.body).not.toContain(canaryFor(slugs.premium[3]!));
    } finally {
      testApp.clock.set(FIXTURE_NOW);
    }
  });

  it('never meters a signed-in reader’s free articles, nor staff anywhere', async () => {
    const browser = new TestBrowser(testApp.app, '203.0.113.27');
    const fields = validRegistration();
    await registerThroughForm(browser, fields);
    for (const slug of slugs.free) expect((await browser.get(pathOf(slug))).body).toContain(canaryFor(slug));
    const staff = await signInAsStaff({
      app: testApp.app,
      db: testApp.database.db,
      clock: testApp.clock,
      role: 'editor',
      remoteAddress: '203.0.113.28',
    });
    for (const slug of [...slugs.registered, ...slugs.premium]) {
      const response = await staff.browser.get(pathOf(slug));
      expect(response.body).toContain(canaryFor(slug));
      expect(response.body).not.toContain('allowance-note');
    }
    // A reader signing in from the wall lands back on the article, unlocked.
    const other = new TestBrowser(testApp.app, '203.0.113.29');
    expect(isWalled((await other.get(pathOf(slugs.registered[3]!))).body)).toBe(true);
    const signedIn = await signInThroughForm(other, String(fields.email), String(fields.password), pathOf(slugs.registered[3]!));
    expect(signedIn.headers.location).toBe(pathOf(slugs.registered[3]!));
    expect((await other.get(pathOf(slugs.registered[3]!))).body).toContain(canaryFor(slugs.registered[3]!));
  });

  it('serves free articles outside the metered sections as shared, cacheable bytes with no meter cookie', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: pathOf('harbour-wall-repaired') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toMatch(/^public, max-age=0, s-maxage=\d+/);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.body).not.toContain('allowance-note');
  });
});
