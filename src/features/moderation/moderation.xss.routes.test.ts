// Every place a moderation page shows what readers (or staff) wrote — comment
// bodies, report reasons, rejection reasons, names, headlines, banned phrases,
// the audit log — is fed an XSS corpus; no page may contain a live element,
// event handler or script URL made from it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/database.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { pageText, signInAsStaff, type TestBrowser } from '../accounts/testing/session-helpers.js';
import {
  COMMENTS_NOW,
  insertArticle,
  insertBannedWord,
  insertComment,
  insertReader,
  insertReport,
} from '../comments/testing/comment-fixtures.js';
import { createModerationTestApp, type ModerationTestApp } from './testing/moderation-harness.js';

const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'><iframe src=javascript:alert(1)>",
  '<a href="javascript:alert(1)">click</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<div style="background:url(javascript:alert(1))">',
  '<b onmouseover=alert(1)>unclosed',
  '<!--<img src=x onerror=alert(1)>-->',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  'javascript:alert(1)',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<<script>script>alert(1)<</script>/script>',
  '<input autofocus onfocus=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
];

/** The page's tags: none may be one of these elements, carry an event handler or inline style, or point at a script URL. */
function liveMarkupIn(html: string): string[] {
  const problems: string[] = [];
  for (const match of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    const [tag, name, attributes] = match as unknown as [string, string, string];
    if (/^(script|iframe|svg|img|math|object|embed|style|base|frame|mglyph)$/i.test(name)) problems.push(tag);
    // Attributes as a browser reads them: name, then a quoted or bare value.
    for (const attribute of attributes.matchAll(/\s([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      const attributeName = attribute[1]!.toLowerCase();
      const value = (attribute[2] ?? attribute[3] ?? attribute[4] ?? '').trim().toLowerCase();
      if (attributeName.startsWith('on') || attributeName === 'style') problems.push(tag);
      if (['href', 'src', 'action', 'formaction'].includes(attributeName) && /^(javascript|data|vbscript):/.test(value)) problems.push(tag);
      if (/["'<>`]/.test(attribute[4] ?? '')) problems.push(tag);
    }
  }
  return problems;
}

describeEachEngine('moderation pages under an XSS corpus', (engine) => {
  let harness: ModerationTestApp;
  let db: Db;
  let moderator: TestBrowser;
  const readerIds: number[] = [];
  const articleIds: number[] = [];

  beforeAll(async () => {
    harness = await createModerationTestApp({ engine });
    db = harness.db;
    ({ browser: moderator } = await signInAsStaff({ app: harness.app, db, clock: harness.clock, role: 'moderator' }));
    const { id: staff } = await insertReader(db, { role: 'editor' });
    for (const [index, payload] of XSS_CORPUS.entries()) {
      const { id: reader } = await insertReader(db, { firstName: payload });
      const { id: article } = await insertArticle(db, { headline: `${payload} ${index}` });
      readerIds.push(reader);
      articleIds.push(article);
      const body = `${payload}\n\nSecond paragraph ${payload}\nline two ${payload}`;
      await insertComment(db, { articleId: article, authorId: reader, status: 'pending', body });
      const reported = await insertComment(db, { articleId: article, authorId: reader, body, isFeatured: true });
      await insertReport(db, { commentId: reported, reporterId: staff, reason: payload });
      const rejected = await insertComment(db, { articleId: article, authorId: reader, status: 'pending', body });
      await db.updateTable('comments').set({ status: 'rejected', status_reason: payload }).where('id', '=', rejected).execute();
      await insertBannedWord(db, `${payload} ${index}`, 'hold', staff);
      await db
        .insertInto('moderation_log')
        .values({
          staff_id: staff,
          action: payload,
          comment_id: reported,
          user_id: reader,
          article_id: article,
          reason: payload,
          created_at: COMMENTS_NOW.toISOString(),
        })
        .execute();
    }
  });
  afterAll(() => harness.destroy());

  it('shows the corpus as text on every moderation page', async () => {
    const urls = [
      '/newsroom/moderation',
      '/newsroom/moderation/reported',
      '/newsroom/moderation/recent',
      '/newsroom/moderation/banned-words',
      '/newsroom/moderation/log',
      ...readerIds.map((id) => `/newsroom/moderation/readers/${id}`),
      ...articleIds.map((id) => `/newsroom/moderation/articles/${id}`),
    ];
    for (const url of urls) {
      const response = await moderator.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(liveMarkupIn(response.body), url).toEqual([]);
    }
    // The payloads are there, as text a moderator can read.
    const reported = pageText((await moderator.get('/newsroom/moderation/reported')).body);
    for (const payload of XSS_CORPUS) expect(reported).toContain(payload);
  });

  it('a corpus entry used as a rejection reason, ban reason or phrase comes back escaped', async () => {
    const page = await moderator.get('/newsroom/moderation');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    for (const payload of XSS_CORPUS) {
      const { id: reader } = await insertReader(db);
      const comment = await insertComment(db, { articleId: articleIds[0]!, authorId: reader, status: 'pending' });
      expect((await moderator.post(`/newsroom/moderation/comments/${comment}/reject`, { _csrf: csrf, reason: payload })).statusCode).toBe(
        303,
      );
      expect((await moderator.post(`/newsroom/moderation/readers/${reader}/ban`, { _csrf: csrf, reason: payload })).statusCode).toBe(303);
      const added = await moderator.post('/newsroom/moderation/banned-words', {
        _csrf: csrf,
        phrase: `${payload} extra`,
        action: 'reject',
      });
      expect([303, 422]).toContain(added.statusCode);
      expect(liveMarkupIn((await moderator.get(`/newsroom/moderation/readers/${reader}`)).body)).toEqual([]);
    }
    for (const url of ['/newsroom/moderation/recent', '/newsroom/moderation/banned-words', '/newsroom/moderation/log']) {
      expect(liveMarkupIn((await moderator.get(url)).body), url).toEqual([]);
    }
  });
});

it('the live-markup check itself catches what it looks for', () => {
  expect(liveMarkupIn('<p>fine &lt;img src=x onerror=alert(1)&gt;</p><a href="/x" aria-label="onclick=1">x</a>')).toEqual([]);
  for (const html of [
    '<img src=x>',
    '<b onclick="x">',
    '<a href=" JavaScript:alert(1)">',
    '<div style="color:red">',
    '<p title=a"b>',
    '<form action="data:text/html,x">',
  ]) {
    expect(liveMarkupIn(html), html).not.toEqual([]);
  }
});
