// Whatever a moderator's browser (or a forged client) posts to a moderation
// action, the answer is never a 5xx, and a refused post stores nothing: no
// status change, no standing, no banned word, no audit-log row.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import {
  encodeForm,
  hiddenValue,
  PUBLIC_ORIGIN,
  signInAsStaff,
  type FormFields,
  type TestBrowser,
} from '../accounts/testing/session-helpers.js';
import { insertArticle, insertComment, insertReader, insertReport } from '../comments/testing/comment-fixtures.js';
import { createModerationTestApp, moderationSnapshot, type ModerationTestApp } from './testing/moderation-harness.js';

const fieldValue = formValue(
  awkwardText([
    'hold',
    'reject',
    '2147483648',
    '9'.repeat(40),
    'x'.repeat(6000),
    'bad\u0000reason',
    '2026-03-20T09:00',
    '2026-02-30T09:00',
    '1969-01-01T00:00',
    '9999-12-31T23:59',
    '2026-03-10T12:00',
    '/newsroom/moderation/log',
    '//evil.example',
    'A fair reason',
  ]),
  { canBeMissing: true },
);
const idSegment = fc.oneof(
  fc.constantFrom('1', '2', '3', '0', '-1', 'abc', '1.5', '2147483648', '99999999999', '%00', '..'),
  fc.nat({ max: 40 }).map(String),
);

const ACTIONS: { path: (id: string) => string; fields: string[] }[] = [
  { path: (id) => `/newsroom/moderation/comments/${id}/approve`, fields: [] },
  { path: (id) => `/newsroom/moderation/comments/${id}/reject`, fields: ['reason'] },
  { path: (id) => `/newsroom/moderation/comments/${id}/feature`, fields: [] },
  { path: (id) => `/newsroom/moderation/comments/${id}/unfeature`, fields: [] },
  { path: (id) => `/newsroom/moderation/comments/${id}/resolve-reports`, fields: [] },
  { path: (id) => `/newsroom/moderation/articles/${id}/close`, fields: [] },
  { path: (id) => `/newsroom/moderation/articles/${id}/open`, fields: [] },
  { path: (id) => `/newsroom/moderation/articles/${id}/premoderation`, fields: ['premoderated'] },
  { path: (id) => `/newsroom/moderation/readers/${id}/premoderation`, fields: ['premoderated'] },
  { path: (id) => `/newsroom/moderation/readers/${id}/suspend`, fields: ['until', 'reason'] },
  { path: (id) => `/newsroom/moderation/readers/${id}/ban`, fields: ['reason'] },
  { path: (id) => `/newsroom/moderation/readers/${id}/lift`, fields: [] },
  { path: () => '/newsroom/moderation/banned-words', fields: ['phrase', 'action'] },
  { path: (id) => `/newsroom/moderation/banned-words/${id}/remove`, fields: [] },
];

describeEachEngine('moderation actions under fuzzing', (engine) => {
  let harness: ModerationTestApp;
  let db: Db;
  let moderator: TestBrowser;
  let csrf: string;

  beforeAll(async () => {
    harness = await createModerationTestApp({ engine });
    db = harness.db;
    ({ browser: moderator } = await signInAsStaff({ app: harness.app, db, clock: harness.clock, role: 'moderator' }));
    csrf = hiddenValue((await moderator.get('/newsroom/moderation')).body, '_csrf');
    const { id: articleId } = await insertArticle(db);
    for (let index = 0; index < 6; index++) {
      const { id: reader } = await insertReader(db);
      const comment = await insertComment(db, { articleId, authorId: reader, status: index % 2 ? 'pending' : 'published' });
      await insertReport(db, { commentId: comment, reporterId: (await insertReader(db)).id, reason: 'Fuzzed report' });
    }
  });
  afterAll(() => harness.destroy());

  it('never answers 5xx, and a refused post changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIONS),
        idSegment,
        fc.dictionary(fc.constantFrom('reason', 'until', 'premoderated', 'phrase', 'action', 'returnTo', 'extra'), fieldValue, {
          maxKeys: 5,
        }),
        fc.constantFrom('valid', 'missing', 'wrong'),
        fc.constantFrom('form', 'json', 'text'),
        async (action, id, fields, token, encoding) => {
          const form: FormFields = { ...fields, _csrf: token === 'valid' ? csrf : token === 'wrong' ? 'forged' : undefined };
          for (const name of action.fields) if (!(name in form)) form[name] = 'A fair reason';
          const before = await moderationSnapshot(db);
          const payload = encoding === 'json' ? JSON.stringify(form) : encoding === 'text' ? 'just text' : encodeForm(form);
          const contentType =
            encoding === 'json' ? 'application/json' : encoding === 'text' ? 'text/plain' : 'application/x-www-form-urlencoded';
          const response = await moderator.request({
            method: 'POST',
            url: action.path(id),
            payload,
            headers: { 'content-type': contentType, origin: PUBLIC_ORIGIN },
          });
          expect(response.statusCode, `${action.path(id)} ${JSON.stringify(form).slice(0, 200)}`).toBeLessThan(500);
          if (response.statusCode >= 400) expect(await moderationSnapshot(db)).toEqual(before);
        },
      ),
      { numRuns: 150 },
    );
  });
});
