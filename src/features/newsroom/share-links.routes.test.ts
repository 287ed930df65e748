// Share links: made by authors and editors who may edit the story, shown
// once, read without an account (in full, noindex, no-store, no Referer),
// expiring by the clock, withdrawn at once; unknown tokens 404 and are
// rate-limited; the forms need their CSRF token.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { hashToken } from '../../core/security/tokens.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, PUBLIC_ORIGIN, TestBrowser } from '../accounts/testing/session-helpers.js';
import type { EditableArticle } from '../articles/articles.types.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { SHARE_LINK_GUESSES } from './share-links.routes.js';
import { createCanaryStory, GATED_CANARY, signInWriter, type StaffWriter } from './testing/newsroom-staff.js';

const DAY = 86_400_000;

describeEachEngine('share links', (engine) => {
  let testApp: TestApp;
  let editor: StaffWriter;
  let author: StaffWriter;
  let contributor: StaffWriter;
  let moderator: StaffWriter;
  let draft: EditableArticle;
  const pagePath = (article: EditableArticle) => `/newsroom/articles/${article.id}/share-links`;

  async function createLink(writer: StaffWriter, article: EditableArticle, days = '7') {
    const form = await writer.browser.openForm(pagePath(article));
    const response = await writer.browser.post(pagePath(article), { _csrf: form.csrf, expiresInDays: days });
    expect(response.statusCode).toBe(200);
    const url = /id="share-link-url" type="text" readonly value="([^"]+)"/.exec(response.body)?.[1];
    expect(url).toMatch(new RegExp(`^${PUBLIC_ORIGIN}/preview/[A-Za-z0-9_-]{43}$`));
    return { path: url!.slice(PUBLIC_ORIGIN.length), response };
  }

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    editor = await signInWriter(testApp, 'editor');
    author = await signInWriter(testApp, 'author');
    contributor = await signInWriter(testApp, 'contributor');
    moderator = await signInWriter(testApp, 'moderator');
    draft = await createCanaryStory(testApp, author.actor, { headline: 'Lifeboat station plans', access: 'premium' });
  });
  afterAll(() => testApp?.destroy());

  it('makes a link shown once, stores only its hash, and lets anyone read the draft in full, unindexed', async () => {
    const { path, response } = await createLink(author, draft);
    expect(response.headers['cache-control']).toBe('no-store');
    const token = path.slice('/preview/'.length);
    const stored = await testApp.database.db.selectFrom('article_share_links').selectAll().where('article_id', '=', draft.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]!.expires_at).toBe(new Date(FIXTURE_NOW.getTime() + 7 * DAY).toISOString());

    // The list shows the link, never its address again.
    const listed = await author.browser.get(pagePath(draft));
    expect(listed.body).toContain('Active');
    expect(listed.body).not.toContain(token);

    const stranger = new TestBrowser(testApp.app, '198.51.100.7');
    const read = await stranger.get(path);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('Lifeboat station plans');
    expect(read.body).toContain(GATED_CANARY);
    expect(read.body).not.toContain('data-wall=');
    expect(read.body).toContain('<meta name="robots" content="noindex, nofollow"');
    expect(read.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(read.headers['cache-control']).toBe('no-store');
    expect(read.headers['referrer-policy']).toBe('no-referrer');
    // The draft is still not public.
    expect((await stranger.get(draft.path)).statusCode).toBe(404);
  });

  it('expires by the clock and answers 410 after', async () => {
    const { path } = await createLink(editor, draft, '1');
    expect((await testApp.app.inject({ url: path })).statusCode).toBe(200);
    testApp.clock.set(new Date(FIXTURE_NOW.getTime() + DAY - 1000));
    expect((await testApp.app.inject({ url: path })).statusCode).toBe(200);
    testApp.clock.set(new Date(FIXTURE_NOW.getTime() + DAY));
    const expired = await testApp.app.inject({ url: path });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This preview link has expired or was withdrawn');
    expect(expired.body).not.toContain('Lifeboat');
    expect(expired.headers['cache-control']).toBe('no-store');
    testApp.clock.set(FIXTURE_NOW);
  });

  it('withdraws a link at once (410), with the CSRF token only', async () => {
    const { path } = await createLink(author, draft, '30');
    const linkId = (
      await testApp.database.db
        .selectFrom('article_share_links')
        .where('token_hash', '=', hashToken(path.slice('/preview/'.length)))
        .select('id')
        .executeTakeFirstOrThrow()
    ).id;
    const revokePath = `${pagePath(draft)}/${linkId}/revoke`;
    const page = await author.browser.get(pagePath(draft));
    expect(page.body).toContain(`action="${revokePath}"`);
    const csrf = hiddenValue(page.body, '_csrf');

    expect((await author.browser.post(revokePath, {})).statusCode).toBe(403);
    expect((await author.browser.post(revokePath, { _csrf: csrf }, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await testApp.app.inject({ url: path })).statusCode).toBe(200);

    const revoked = await author.browser.post(revokePath, { _csrf: csrf });
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`${pagePath(draft)}?notice=revoked`);
    expect((await author.browser.get(revoked.headers.location!)).body).toContain('Withdrawn');
    const gone = await testApp.app.inject({ url: path });
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('This preview link has expired or was withdrawn');
    // Withdrawing again: nothing to withdraw.
    expect((await author.browser.post(revokePath, { _csrf: csrf })).statusCode).toBe(404);
  });

  it('answers 404 to unknown tokens and slows down an address that keeps guessing', async () => {
    const guesser = new TestBrowser(testApp.app, '203.0.113.99');
    expect((await guesser.get('/preview/not-a-token')).statusCode).toBe(404);
    expect((await guesser.get(`/preview/${'A'.repeat(43)}`)).statusCode).toBe(404);
    for (let index = 2; index < SHARE_LINK_GUESSES.limit; index++) await guesser.get(`/preview/${'B'.repeat(42)}${index % 10}`);
    const limited = await guesser.get(`/preview/${'C'.repeat(43)}`);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    // Another address is not affected.
    expect((await new TestBrowser(testApp.app, '203.0.113.100').get(`/preview/${'C'.repeat(43)}`)).statusCode).toBe(404);
  });

  it('refuses creating to contributors, moderators, visitors, other authors, and without the CSRF token', async () => {
    const ownDraft = await createCanaryStory(testApp, contributor.actor, { headline: 'Bus shelter mural', access: 'free' });
    expect((await contributor.browser.get(pagePath(ownDraft))).statusCode).toBe(403);
    const editorForm = await editor.browser.openForm(pagePath(ownDraft));
    const otherAuthorsDraft = await createCanaryStory(testApp, editor.actor, { headline: 'Pier lights', access: 'free' });
    const count = async () => (await testApp.database.db.selectFrom('article_share_links').select('id').execute()).length;
    const before = await count();
    for (const [writer, article] of [
      [contributor, ownDraft],
      [moderator, ownDraft],
      [author, otherAuthorsDraft],
    ] as const) {
      // Their own session's token (from their account page): CSRF passes, the role is what refuses them.
      const token = (await writer.browser.openForm('/account')).csrf;
      const response = await writer.browser.post(pagePath(article), { _csrf: token, expiresInDays: '7' });
      expect(response.statusCode).toBe(403);
    }
    const visitor = await testApp.app.inject({
      method: 'POST',
      url: pagePath(ownDraft),
      payload: 'expiresInDays=7',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(visitor.statusCode).toBe(303);
    expect((await editor.browser.post(pagePath(ownDraft), { expiresInDays: '7' })).statusCode).toBe(403);
    expect(
      (await editor.browser.post(pagePath(ownDraft), { _csrf: editorForm.csrf, expiresInDays: '7' }, { origin: 'https://evil.example' }))
        .statusCode,
    ).toBe(403);
    // A duration not on offer is a 400, nothing stored.
    expect((await editor.browser.post(pagePath(ownDraft), { _csrf: editorForm.csrf, expiresInDays: '365' })).statusCode).toBe(400);
    expect(await count()).toBe(before);
    // An editor may share anyone's story.
    await createLink(editor, ownDraft);
    expect(await count()).toBe(before + 1);
  });
});
