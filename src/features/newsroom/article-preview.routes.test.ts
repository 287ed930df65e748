// Preview as a reader: the reader's page of a draft or a published story, for
// each reader state, from the real access decision; for staff who may view
// the article only; never cached, never indexed, spending no meter.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { TestBrowser } from '../accounts/testing/session-helpers.js';
import type { EditableArticle } from '../articles/articles.types.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { createCanaryStory, GATED_CANARY, signInWriter, type StaffWriter } from './testing/newsroom-staff.js';

const articleElement = (html: string) => /<article class="article"[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';

describeEachEngine('preview as a reader', (engine) => {
  let testApp: TestApp;
  let editor: StaffWriter;
  let contributor: StaffWriter;
  let otherContributor: StaffWriter;
  let moderator: StaffWriter;
  let premiumDraft: EditableArticle;
  let contributorDraft: EditableArticle;
  const previewOf = (article: EditableArticle, state?: string) => `/newsroom/articles/${article.id}/preview${state ? `?as=${state}` : ''}`;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    await testApp.articles.afterContentChange();
    editor = await signInWriter(testApp, 'editor');
    contributor = await signInWriter(testApp, 'contributor');
    otherContributor = await signInWriter(testApp, 'contributor');
    moderator = await signInWriter(testApp, 'moderator');
    premiumDraft = await createCanaryStory(testApp, editor.actor, { headline: 'Quarry road closes for survey', access: 'premium' });
    contributorDraft = await createCanaryStory(testApp, contributor.actor, { headline: 'Village hall roof appeal', access: 'free' });
  });
  afterAll(() => testApp?.destroy());

  it('shows a premium draft past the meter with the wall and without the gated text', async () => {
    const response = await editor.browser.get(previewOf(premiumDraft, 'anonymous-metered'));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Preview: as an anonymous reader past the meter');
    expect(response.body).toContain('Quarry road closes for survey');
    expect(response.body).toContain('data-wall="register"');
    expect(response.body).toContain('The quarry road closed at dawn');
    expect(response.body).not.toContain(GATED_CANARY);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(response.body).toContain('<meta name="robots" content="noindex, nofollow"');
    // Links to every other state.
    for (const state of ['anonymous-first', 'registered', 'registered-premium-spent', 'subscriber'])
      expect(response.body).toContain(`${previewOf(premiumDraft)}?as=${state}`);
  });

  it('shows everything to a subscriber, the subscribe wall past the Premium allowance, the text within it', async () => {
    const subscriber = await editor.browser.get(previewOf(premiumDraft, 'subscriber'));
    expect(subscriber.body).toContain(GATED_CANARY);
    expect(subscriber.body).not.toContain('data-wall=');
    expect(subscriber.body).toContain('Preview: as a subscriber');

    const spent = await editor.browser.get(previewOf(premiumDraft, 'registered-premium-spent'));
    expect(spent.body).toContain('data-wall="subscribe"');
    expect(spent.body).toContain('Subscribe to continue reading');
    expect(spent.body).not.toContain(GATED_CANARY);

    const registered = await editor.browser.get(previewOf(premiumDraft, 'registered'));
    expect(registered.body).toContain(GATED_CANARY);
    expect(registered.body).toContain('Premium articles left');

    // No state named (or one we do not know): an anonymous first visit.
    for (const url of [previewOf(premiumDraft), previewOf(premiumDraft, 'nonsense')]) {
      const first = await editor.browser.get(url);
      expect(first.body).toContain('Preview: as an anonymous reader on a first visit');
      expect(first.body).toContain('data-wall="register"');
      expect(first.body).not.toContain(GATED_CANARY);
    }
  });

  it('is the page a reader gets once published, and neither fills the page cache nor spends a meter', async () => {
    const story = await createCanaryStory(testApp, editor.actor, { headline: 'Ferry pier reopens', access: 'free', action: 'publish' });
    // Past the meter in preview: the wall. A reader's first visit afterwards still gets the whole story.
    const walled = await editor.browser.get(previewOf(story, 'anonymous-metered'));
    expect(walled.body).toContain('data-wall="register"');
    expect(walled.headers['set-cookie']).toBeUndefined();
    const preview = await editor.browser.get(previewOf(story, 'anonymous-first'));
    expect(preview.body).toContain(GATED_CANARY);
    const reader = await new TestBrowser(testApp.app).get(story.path);
    expect(reader.statusCode).toBe(200);
    expect(reader.body).toContain(GATED_CANARY);
    expect(articleElement(preview.body)).not.toBe('');
    expect(articleElement(preview.body)).toBe(articleElement(reader.body));
    expect(reader.body).not.toContain('Preview: as');
    expect(reader.body).not.toContain('noindex');
  });

  it('lets a contributor preview their own story only; refuses moderators and sends visitors to sign in', async () => {
    expect((await contributor.browser.get(previewOf(contributorDraft, 'subscriber'))).statusCode).toBe(200);
    expect((await otherContributor.browser.get(previewOf(contributorDraft, 'subscriber'))).statusCode).toBe(403);
    expect((await contributor.browser.get(previewOf(premiumDraft, 'subscriber'))).statusCode).toBe(403);
    expect((await moderator.browser.get(previewOf(premiumDraft, 'subscriber'))).statusCode).toBe(403);
    const anonymous = await testApp.app.inject({ url: previewOf(premiumDraft, 'subscriber') });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/signin\?next=/);
    expect((await editor.browser.get('/newsroom/articles/999999/preview')).statusCode).toBe(404);
    // The role is checked before the address: junk is refused the same way.
    expect((await moderator.browser.get('/newsroom/articles/abc/preview')).statusCode).toBe(403);
    expect((await editor.browser.get('/newsroom/articles/abc/preview')).statusCode).toBe(404);
  });
});
