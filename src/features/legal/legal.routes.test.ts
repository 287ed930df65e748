import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { readSitemapArticlePaths } from '../articles/testing/sitemap-reading.js';
import { pageText, registerThroughForm, signInThroughForm, TestBrowser, validRegistration } from '../accounts/testing/session-helpers.js';

const PAGES = [
  { path: '/terms', title: 'Terms of use' },
  { path: '/cookies', title: 'Cookie policy' },
  { path: '/privacy', title: 'Privacy notice' },
];

describeEachEngine('legal pages', (engine) => {
  let testApp: TestApp;

  beforeAll(async () => {
    const now = new Date();
    testApp = await createTestApp({ engine, now, environment: { PRIVACY_VERSION: '2026-10-15', TERMS_VERSION: 'v3' } });
    await seedFixtureNewspaper(testApp.database.db, { now });
  });
  afterAll(() => testApp.destroy());

  it.each(PAGES)('serves $path with its version, cacheable like an article', async ({ path, title }) => {
    const response = await testApp.app.inject({ url: path });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(response.headers.etag).toBeTruthy();
    expect(response.body).toContain(`<h1 class="headline">${title}</h1>`);
    expect(response.body).toContain(`<link rel="canonical" href="https://news.example.test${path}">`);
    const again = await testApp.app.inject({ url: path, headers: { 'if-none-match': String(response.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('dates each page from its configured version', async () => {
    const privacy = await testApp.app.inject({ url: '/privacy' });
    expect(pageText(privacy.body)).toContain('Version 2026-10-15 · Last updated 15 October 2026');
    expect(privacy.headers['last-modified']).toBe('Thu, 15 Oct 2026 12:00:00 GMT');
    const terms = await testApp.app.inject({ url: '/terms' });
    expect(pageText(terms.body)).toContain('Version v3');
    expect(pageText(terms.body)).not.toContain('Last updated');
    expect(pageText((await testApp.app.inject({ url: '/cookies' })).body)).toContain('Version 2026-11-28 · Last updated 28 November 2026');
  });

  it('names in the cookie policy exactly the cookies the site sets', async () => {
    const setNames = new Set<string>();
    const record = (response: { cookies: { name: string }[] }) => response.cookies.forEach((cookie) => setNames.add(cookie.name));
    const browser = new TestBrowser(testApp.app, '192.0.2.80');
    const fields = validRegistration();
    record(await browser.get('/register'));
    record(await registerThroughForm(browser, fields));
    record(await browser.get('/'));
    // Reading a metered article while signed out sets the meter.
    const paths = await readSitemapArticlePaths(async (url) => (await testApp.app.inject({ url })).body);
    const read = await new TestBrowser(testApp.app, '192.0.2.83').get(paths.get('harbour-wall-repaired')!);
    expect(read.statusCode).toBe(200);
    record(read);
    const { csrf } = await browser.openForm('/signin');
    record(await browser.post('/signout', { _csrf: csrf }));
    record(await signInThroughForm(new TestBrowser(testApp.app, '192.0.2.81'), String(fields.email), String(fields.password)));

    const policy = (await testApp.app.inject({ url: '/cookies' })).body;
    const documented = new Set([...policy.matchAll(/<th scope="row"><code>([A-Za-z_-]+)<\/code><\/th>/g)].map((match) => match[1]));
    expect([...documented].sort()).toEqual(['__Host-mh_form', '__Host-mh_session', 'mh_device', 'mh_meter', 'mh_notice']);
    expect([...setNames].sort()).toEqual([...documented].sort());
    expect(pageText(policy)).toContain('30 days, or until you sign out');
  });

  it('is linked from the registration form and shows a signed-in reader their account corner', async () => {
    const form = await testApp.app.inject({ url: '/register' });
    for (const { path } of PAGES) expect(form.body).toContain(`href="${path}"`);

    const browser = new TestBrowser(testApp.app, '192.0.2.82');
    await registerThroughForm(browser, validRegistration());
    const personal = await browser.get('/privacy');
    expect(personal.statusCode).toBe(200);
    expect(personal.headers['cache-control']).toBe('private, no-cache');
    expect(personal.body).toContain('action="/signout"');
    const anonymous = await testApp.app.inject({ url: '/privacy' });
    expect(anonymous.body).not.toContain('action="/signout"');
  });
});
