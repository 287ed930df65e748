// Whatever a signed-in editor's browser posts to the newsletter desk (a
// newsletter's settings, a new issue, a save of a draft — with or without the
// editor script's document, with article ids or junk), the answer is never a
// 5xx, and a refusal (4xx) stores nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { hiddenValue, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { FIXTURE_NOW, seedFixtureNewspaper } from '../articles/testing/fixture-newspaper.js';
import { signInWriter } from './testing/newsroom-staff.js';

const paragraphDoc = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const value = formValue(
  awkwardText(
    [
      'fuzz-letter',
      'premium',
      'registered',
      '18:30',
      '1',
      '1, 2',
      '2, 99999',
      '0',
      '2147483648',
      '1,1,1',
      paragraphDoc('Fuzzed'),
      paragraphDoc(''),
      '{"type":"doc","content":[{"type":"figure","attrs":{"imageId":"nope","alt":""}}]}',
      '{"type":"doc","content":[{"type":"figure","attrs":{"imageId":"fixture-hero","alt":"x"}}]}',
      '{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"javascript:alert(1)"}}]}]}]}',
      '{"type":"doc"',
      'null',
      '[]',
      'x'.repeat(300),
    ],
    { maxLength: 40 },
  ),
  { canBeMissing: true },
);

describeEachEngine('newsletter desk fuzzing', (engine) => {
  let testApp: TestApp;
  let editor: TestBrowser;
  let issuePath: string;

  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: FIXTURE_NOW });
    await seedFixtureNewspaper(testApp.database.db);
    editor = (await signInWriter(testApp, 'editor')).browser;
    const saved = await testApp.newsletters.createNewsletter({ name: 'Fuzz Letter', slug: 'fuzz-letter', access: 'registered' });
    if (saved.kind !== 'saved') throw new Error('newsletter not saved');
    const issue = await testApp.newsletters.createIssue(saved.newsletter.id, {
      subject: 'A draft to fuzz',
      content: { kind: 'articles', articleIds: [1] },
      createdBy: null,
    });
    if (issue.kind !== 'saved') throw new Error('issue not saved');
    issuePath = `/newsroom/newsletters/fuzz-letter/issues/${issue.issue.id}`;
  });
  afterAll(() => testApp?.destroy());

  const issueRow = async () => testApp.database.db.selectFrom('newsletter_issues').selectAll().orderBy('id').execute();

  it('never answers 5xx to fuzzed newsletter and issue forms, and a refusal stores nothing', async () => {
    const _csrf = hiddenValue((await editor.get('/newsroom/newsletters')).body, '_csrf');
    await fc.assert(
      fc.asyncProperty(
        // Not the settings of fuzz-letter: a fuzzed slug would move the issue's address away.
        fc.constantFrom('/newsroom/newsletters', '/newsroom/newsletters/fuzz-letter/issues', issuePath),
        fc.record({
          name: value,
          slug: value,
          access: value,
          sendTime: value,
          subject: fc.oneof(value, fc.constant('A fuzzed subject')),
          preheader: value,
          body: value,
          bodyPlainHash: value,
          bodyDoc: value,
          articles: value,
        }),
        async (url, fields) => {
          const before = await issueRow();
          const response = await editor.post(url, { _csrf, ...fields });
          expect(response.statusCode, JSON.stringify(fields)).toBeLessThan(500);
          if (response.statusCode >= 400 && url !== '/newsroom/newsletters') expect(await issueRow()).toEqual(before);
        },
      ),
      { numRuns: 60 },
    );
  });
});
