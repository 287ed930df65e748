// Whatever a client sends to the community routes (path ids, paging, form
// fields, content types, tokens), the answer is never a 5xx, and a refused
// request (4xx) stores nothing: no follow, notification, preference or email.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { awkwardText, formValue } from '../../core/http/form-fuzzing.js';
import { TEST_SESSION_SECRET } from '../../testing/test-app.js';
import { encodeForm, hiddenValue, PUBLIC_ORIGIN, type FormFields, type TestBrowser } from '../accounts/testing/session-helpers.js';
import { insertArticle, insertComment, insertFollow, insertReader } from '../comments/testing/comment-fixtures.js';
import { communitySnapshot, createCommunityTestApp, type CommunityTestApp } from './testing/community-harness.js';
import { unsubscribeToken } from './unsubscribe-token.js';

const text = awkwardText(['00012', '9'.repeat(30), 'a'.repeat(3000), '../..', '%00']);
const fieldValue = formValue(text);

describeEachEngine('community routes under fuzzing', (engine) => {
  let harness: CommunityTestApp;
  let browser: TestBrowser;
  let csrf: string;
  let readerIds: string[];

  beforeAll(async () => {
    harness = await createCommunityTestApp(engine);
    const { db } = harness;
    const [me, friend, other] = await Promise.all([insertReader(db), insertReader(db), insertReader(db)]);
    await insertFollow(db, me.id, friend.id);
    const article = await insertArticle(db);
    const mine = await insertComment(db, { articleId: article.id, authorId: me.id });
    await insertComment(db, { articleId: article.id, authorId: friend.id, parentId: mine });
    browser = await harness.signedIn(me.id);
    csrf = hiddenValue((await browser.get(`/readers/${friend.id}`)).body, '_csrf');
    readerIds = [me.id, friend.id, other.id].map(String);
  });
  afterAll(() => harness.destroy());

  const idSegment = () => fc.oneof({ arbitrary: text, weight: 3 }, { arbitrary: fc.constantFrom(...readerIds), weight: 1 });
  const query = fc.dictionary(fc.constantFrom('page', 'token', 'saved', 'x', 'page[]'), fieldValue, { maxKeys: 3 });

  function url(path: string, parameters: FormFields): string {
    const search = encodeForm(parameters);
    return search ? `${path}?${search}` : path;
  }

  it('answers every GET with a page, a redirect or a 4xx, and changes nothing', async () => {
    const paths = (id: string) => [
      `/readers/${id}`,
      `/readers/${id}/followers`,
      `/readers/${id}/following`,
      '/following',
      '/account/replies',
      '/notifications',
      '/account/notifications',
      '/notifications/unsubscribe',
    ];
    await fc.assert(
      fc.asyncProperty(idSegment(), fc.nat(7), query, fc.boolean(), async (id, which, parameters, isSignedIn) => {
        const before = await communitySnapshot(harness.db);
        const target = url(paths(encodeURIComponent(id))[which]!, parameters as FormFields);
        const response = isSignedIn ? await browser.get(target) : await harness.anonymous().get(target);
        expect(response.statusCode, target).toBeLessThan(500);
        expect(await communitySnapshot(harness.db)).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses form posts without this session’s CSRF token, whatever they carry, and stores nothing', async () => {
    const actions = (id: string) => [
      `/readers/${id}/follow`,
      `/readers/${id}/unfollow`,
      '/notifications/read-all',
      '/account/notifications',
    ];
    await fc.assert(
      fc.asyncProperty(
        idSegment(),
        fc.nat(3),
        fc.dictionary(fc.constantFrom('_csrf', 'emailReplies', 'emailFollows', 'token', 'x'), fieldValue, { maxKeys: 4 }),
        async (id, which, fields) => {
          if (fields._csrf === csrf) return;
          const before = await communitySnapshot(harness.db);
          const path = actions(encodeURIComponent(id))[which]!;
          const response = await browser.post(path, fields as FormFields);
          expect(response.statusCode, path).toBeLessThan(500);
          expect(response.statusCode, path).toBeGreaterThanOrEqual(400);
          expect(await communitySnapshot(harness.db)).toEqual(before);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('with the right token, never a 5xx, and a refused post stores nothing', async () => {
    const actions = (id: string) => [`/readers/${id}/follow`, `/readers/${id}/unfollow`, '/account/notifications'];
    await fc.assert(
      fc.asyncProperty(
        idSegment(),
        fc.nat(2),
        fc.dictionary(fc.constantFrom('emailReplies', 'emailFollows', 'x'), fieldValue, { maxKeys: 3 }),
        async (id, which, fields) => {
          const before = await communitySnapshot(harness.db);
          const path = actions(encodeURIComponent(id))[which]!;
          const response = await browser.post(path, { ...(fields as FormFields), _csrf: csrf });
          expect(response.statusCode, path).toBeLessThan(500);
          if (response.statusCode >= 400) expect(await communitySnapshot(harness.db)).toEqual(before);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('refuses mangled unsubscribe tokens and odd bodies without a 5xx or a stored change', async () => {
    const valid = unsubscribeToken(TEST_SESSION_SECRET, Number(readerIds[0]), 'follows');
    const tokens: fc.Arbitrary<string> = fc.oneof(
      text,
      fc
        .nat(valid.length - 1)
        .chain((index) =>
          fc.string({ minLength: 1, maxLength: 1 }).map((character: string) => valid.slice(0, index) + character + valid.slice(index + 1)),
        )
        .filter((token) => token !== valid),
      fc.constantFrom(valid.slice(0, -1), `${valid}x`, valid.replace('follows', 'replies'), valid.replace(/^\d+/, '999999')),
    );
    const contentTypes = fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded; charset=latin1',
    );
    await fc.assert(
      fc.asyncProperty(tokens, contentTypes, fc.boolean(), async (token, contentType, isInQuery) => {
        const before = await communitySnapshot(harness.db);
        const payload = contentType === 'application/json' ? JSON.stringify({ token }) : encodeForm({ token });
        const response = await harness.app.inject({
          method: 'POST',
          url: isInQuery ? `/notifications/unsubscribe?token=${encodeURIComponent(token)}` : '/notifications/unsubscribe',
          payload,
          headers: { 'content-type': contentType, origin: PUBLIC_ORIGIN },
        });
        expect(response.statusCode).toBeLessThan(500);
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(await communitySnapshot(harness.db)).toEqual(before);
      }),
      { numRuns: 120 },
    );
  });
});
