// Whatever a client puts in the dashboard's address (days, article ids,
// repeated or odd parameters) or in the registration form's funnel fields
// (`wall`, `next`), the answer is never a 5xx, and no count is ever stored
// for anything but a published article or the site as a whole.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { encodeForm, hiddenValue, signInAsStaff, TestBrowser, type FormFields } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { WALLED_ARTICLE } from './testing/wall-registration.js';

const day = awkwardText(
  ['2026-03-10', '2026-02-29', '2026-13-01', '1999-12-31', '2026-3-1', '20260310', '9999-99-99', '2026-03-10T00:00'],
  {
    maxLength: 24,
  },
);
const id = awkwardText(['1', '0', '-1', '01', '1.5', '99999999999999999999', '2147483648', 'x'], { maxLength: 24 });

describeEachEngine('insight fuzzing', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  let publishedIds: Set<number>;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    editor = (await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role: 'editor' })).browser;
    publishedIds = new Set(
      (await testApp.database.db.selectFrom('articles').select('id').where('status', '=', 'published').execute()).map((row) => row.id),
    );
  });
  afterAll(() => testApp?.destroy());

  it('answers every dashboard address without a 5xx', async () => {
    const query = fc
      .record({ from: formValue(day, { canBeMissing: true }), to: formValue(day, { canBeMissing: true }) })
      .map((fields) => encodeForm(fields as FormFields));
    const address = fc.oneof(
      query.map((q) => `/newsroom/dashboard?${q}`),
      fc.tuple(id, query).map(([value, q]) => `/newsroom/dashboard/articles/${encodeURIComponent(value)}?${q}`),
    );
    await fc.assert(
      fc.asyncProperty(address, async (url) => {
        const response = await editor.get(url);
        expect(response.statusCode, url).toBeLessThan(500);
        if (response.statusCode === 200) expect(response.body).toContain('role="img"');
      }),
      { numRuns: 120 },
    );
  });

  it("never answers 5xx to the registration form's funnel fields, and counts only real articles", async () => {
    const next = awkwardText(
      [WALLED_ARTICLE, `${WALLED_ARTICLE}?x=1`, '/', '//evil.example', '/politics/2026/03/08/no-such-story', '/world'],
      {
        maxLength: 60,
      },
    );
    const wall = awkwardText(['form', 'continued', 'link', 'FORM'], { maxLength: 12 });
    const browser = new TestBrowser(testApp.app, '198.51.100.200');
    const page = await browser.get(WALLED_ARTICLE);
    const csrf = hiddenValue(page.body, '_csrf');
    await fc.assert(
      fc.asyncProperty(formValue(next, { canBeMissing: true }), formValue(wall, { canBeMissing: true }), async (nextValue, wallValue) => {
        const view = await browser.get(`/register?${encodeForm({ next: nextValue, wall: wallValue })}`);
        expect(view.statusCode).toBeLessThan(500);
        // Field errors refuse it before any account is made (the password is too short).
        const post = await browser.post('/register', { _csrf: csrf, next: nextValue, wall: wallValue, email: 'x', password: 'x' });
        expect(post.statusCode).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
    await testApp.insight.flush();
    const rows = await testApp.database.db.selectFrom('insight_daily_counts').select(['article_id', 'metric']).execute();
    for (const row of rows) expect(row.article_id === 0 || publishedIds.has(row.article_id), JSON.stringify(row)).toBe(true);
    // A refused form completes nothing.
    expect(rows.some((row) => row.metric === 'registration_completed')).toBe(false);
  });
});
