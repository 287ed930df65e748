// Hostile comment text and names through every community page and the
// notification emails: whatever a reader typed arrives as text, never as
// markup, script, event handler or dangerous URL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { pageText } from '../accounts/testing/session-helpers.js';
import { insertArticle, insertComment, insertFollow, insertReader, minutesAgo } from '../comments/testing/comment-fixtures.js';
import { createCommunityTestApp, type CommunityTestApp } from './testing/community-harness.js';

export const XSS_CORPUS = [
  '<script>alert("comment")</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  'javascript:alert(document.cookie)',
  '<svg onload=alert(1)><script>alert(2)</script></svg>',
  '<svg><a xlink:href="javascript:alert(3)"><text>x</text></a></svg>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '"><script>alert(4)</script>',
  "'><b onmouseover=alert(5)>hover</b>",
  '<iframe src="javascript:alert(6)"></iframe>',
  '<div <script>alert(7)</script',
  'http://example.com/"onmouseover="alert(8)" and https://example.com/<script>',
  '</textarea></title><style>*{}</style><script>alert(9)</script>',
  '&lt;script&gt;alert(10)&lt;/script&gt;',
  '<math><mi xlink:href="javascript:alert(11)">x</mi></math>',
  '<!--<img src=x onerror=alert(12)>-->',
  '<body onload=alert(13)>',
  '<form action="javascript:alert(14)"><button>go</button></form>',
];

const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'link',
  'body',
  'header',
  'nav',
  'main',
  'footer',
  'section',
  'div',
  'p',
  'a',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'time',
  'span',
  'br',
  'form',
  'input',
  'button',
  'strong',
  'em',
  'q',
  'blockquote',
  'hr',
  'fieldset',
  'legend',
  'label',
]);

/** Every element is one the pages make, no event handler attribute, and every URL attribute is http(s) or on this site. */
export function expectInert(html: string, where: string): void {
  const withoutDoctype = html.replace(/^<!doctype html>/i, '');
  for (const match of withoutDoctype.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>/g)) {
    const [tag, name, attributes] = match as unknown as [string, string, string];
    expect(ALLOWED_TAGS.has(name.toLowerCase()), `${where}: element ${tag}`).toBe(true);
    for (const attribute of attributes.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) {
      const attributeName = attribute[1]!.toLowerCase();
      expect(attributeName.startsWith('on'), `${where}: attribute ${attributeName} in ${tag}`).toBe(false);
      if (['href', 'src', 'action', 'xlink:href', 'formaction'].includes(attributeName)) {
        const value = (attribute[2] ?? '').replace(/&amp;/g, '&');
        expect(/^(https?:\/\/|\/(?!\/)|#|\?)/i.test(value) || value === '', `${where}: ${attributeName}="${value}"`).toBe(true);
      }
    }
  }
  expect(withoutDoctype).not.toMatch(/<script|<svg|<img|<iframe|<math|<style/i);
}

describeEachEngine('community pages and emails with hostile text', (engine) => {
  let harness: CommunityTestApp;
  beforeAll(async () => {
    harness = await createCommunityTestApp(engine);
  });
  afterAll(() => harness.destroy());

  it('shows every corpus entry as inert text on the profile, feed, replies and notifications pages, and in notification emails', async () => {
    const { db, hook } = harness;
    const me = await insertReader(db, { firstName: 'Liv', lastName: 'Sund' });
    await harness.community.saveEmailPreferences(me.id, { replies: true, follows: true });
    // Names are limited at registration; stored ones are escaped all the same.
    const hostile = await insertReader(db, { firstName: '<img src=x onerror=alert(0)>', lastName: '"><script>alert(0)</script>' });
    await insertFollow(db, me.id, hostile.id);
    const article = await insertArticle(db, { headline: 'Harbour <b>festival</b> "returns"' });
    const mine = await insertComment(db, {
      articleId: article.id,
      authorId: me.id,
      body: XSS_CORPUS.join('\n\n'),
      createdAt: minutesAgo(500),
    });
    for (const [index, body] of XSS_CORPUS.entries()) {
      await db.transaction().execute(async (trx) => {
        const createdAt = minutesAgo(400 - index);
        const id = await insertComment(trx, { articleId: article.id, authorId: hostile.id, parentId: mine, body, createdAt });
        await hook(trx, { id, articleId: article.id, authorId: hostile.id, parentId: mine, parentAuthorId: me.id, createdAt });
      });
    }
    const browser = await harness.signedIn(me.id);
    const pages = {
      profile: await harness.anonymous().get(`/readers/${hostile.id}`),
      ownProfile: await browser.get(`/readers/${me.id}`),
      feed: await browser.get('/following'),
      replies: await browser.get('/account/replies'),
      notifications: await browser.get('/notifications'),
      followers: await browser.get(`/readers/${me.id}/following`),
    };
    for (const [name, response] of Object.entries(pages)) {
      expect(response.statusCode, name).toBe(200);
      expectInert(response.body, name);
    }
    // Shown as the very words typed (links aside, which become anchors with http(s) targets).
    for (const entry of XSS_CORPUS.filter((text) => !text.includes('http'))) {
      for (const name of ['profile', 'feed', 'notifications', 'replies'] as const)
        expect(pageText(pages[name].body), `${name}: ${entry}`).toContain(entry);
    }
    expect(pageText(pages.profile.body)).toContain('<img src=x onerror=alert(0)> "><script>alert(0)</script>');

    const emails = await db
      .selectFrom('email_outbox')
      .where('recipient', '=', me.email)
      .select(['subject', 'text_body', 'html_body'])
      .execute();
    expect(emails).toHaveLength(XSS_CORPUS.length);
    for (const [index, email] of emails.entries()) {
      expectInert(email.html_body, `email ${index}`);
      expect(pageText(email.html_body)).toContain('<img src=x onerror=alert(0)> "><script>alert(0)</script> replied to your comment');
      expect(email.text_body).toContain(`“${XSS_CORPUS[index]}”`);
      if (!XSS_CORPUS[index]!.includes('http')) expect(pageText(email.html_body)).toContain(XSS_CORPUS[index]!);
    }
  });
});
