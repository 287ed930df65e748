// The Ghost and WordPress readers over the synthetic fixtures: what each post
// becomes, which are reported (and why), and files that are not exports.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_IMPORTED_COMMENT_LENGTH, commentTextFromHtml } from './comment-text-from-html.js';
import { htmlOfCommentText, openWordPressExport } from './wordpress-export.js';
import { accessFromGhostVisibility, readGhostExport } from './ghost-export.js';
import { UnreadableExportError, type SourceEntry, type SourceExport } from './import-source.types.js';
import { GHOST_FIXTURE, WORDPRESS_FIXTURE } from './testing/import-fixtures.js';
import { candidateFiles } from './import-images.js';
import { isoDateOf, legacyPathOf, parentsFirst } from './source-values.js';

async function entriesOf(exported: SourceExport): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  for await (const entry of exported.entries()) entries.push(entry);
  return entries;
}
const postsOf = (entries: SourceEntry[]) => entries.flatMap((entry) => (entry.kind === 'post' ? [entry.post] : []));
const problemsOf = (entries: SourceEntry[]) => entries.flatMap((entry) => (entry.kind === 'problem' ? [entry] : []));

const scratch = mkdtempSync(path.join(os.tmpdir(), 'masthead-readers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the Ghost reader', () => {
  it('maps visibility to access levels, unknown ones to premium', () => {
    expect(accessFromGhostVisibility('public')).toBe('free');
    expect(accessFromGhostVisibility(undefined)).toBe('free');
    expect(accessFromGhostVisibility('members')).toBe('registered');
    expect(accessFromGhostVisibility('paid')).toBe('premium');
    expect(accessFromGhostVisibility('tiers')).toBe('premium');
    expect(accessFromGhostVisibility('something-new')).toBe('premium');
  });

  it('reads posts with their primary tag as section, other public tags as topics, authors in order and the feature image', async () => {
    const exported = readGhostExport(readFileSync(GHOST_FIXTURE, 'utf8'));
    expect(exported.postCount).toBe(10);
    const entries = await entriesOf(exported);
    const posts = postsOf(entries);
    expect(posts.map((post) => post.sourceId.slice(-2))).toEqual(['01', '02', '03', '04', '07', '10']);
    const [ferry, lifeboat, mooring, draft] = posts;
    expect(ferry).toMatchObject({
      title: 'Ferry timetable returns to the quay',
      slug: 'ferry-timetable-returns',
      status: 'published',
      publishedAt: '2024-03-04T07:30:00.000Z',
      access: 'free',
      authorIds: ['1'],
      section: { name: 'Coast', slug: 'coast' },
      topics: ['Ferries'],
      excerpt: 'The winter pause is over for the island route.',
      featureImage: { src: '__GHOST_URL__/content/images/2024/03/quay.png', alt: 'The quay at dawn', caption: 'Photo: Ledger staff' },
      legacyPaths: ['/ferry-timetable-returns'],
    });
    expect(lifeboat!.access).toBe('registered');
    expect(mooring).toMatchObject({ access: 'premium', authorIds: ['1', '2'], section: null });
    expect(draft).toMatchObject({ status: 'draft', publishedAt: null });
    expect(exported.authors.get('1')).toEqual({ sourceId: '1', name: 'Ada Penrose', bio: 'Covers the harbour.' });
  });

  it('reports bad posts with their reasons instead of failing', async () => {
    const problems = problemsOf(await entriesOf(readGhostExport(readFileSync(GHOST_FIXTURE, 'utf8'))));
    expect(problems.map((problem) => [problem.sourceId.slice(-2), problem.reason])).toEqual([
      ['05', 'The post has no title.'],
      ['06', "Its author (id 99) is not among the export's users."],
      ['08', 'The post has no HTML rendition (only mobiledoc or lexical): open and save it in Ghost, then export again.'],
      ['09', 'A page, not a post: pages are not imported.'],
    ]);
  });

  it('reads members with their newsletter choice', async () => {
    const members = (await entriesOf(readGhostExport(readFileSync(GHOST_FIXTURE, 'utf8')))).flatMap((entry) =>
      entry.kind === 'member' ? [entry.member] : [],
    );
    expect(members.map((member) => [member.email, member.subscribed])).toEqual([
      ['Reader.One@example.org', true],
      ['second.reader@example.org', false],
      ['not-an-address', false],
    ]);
  });

  it('reads comments (Ghost 5 has them) after the posts and members, parents first, with their member', async () => {
    const exported = readGhostExport(readFileSync(GHOST_FIXTURE, 'utf8'));
    const entries = await entriesOf(exported);
    const firstComment = entries.findIndex((entry) => entry.kind === 'comment');
    expect(entries.slice(firstComment).every((entry) => entry.kind === 'comment')).toBe(true);
    const comments = entries.flatMap((entry) => (entry.kind === 'comment' ? [entry.comment] : []));
    expect(comments.map((comment) => [comment.sourceId, comment.parentSourceId, comment.status])).toEqual([
      ['c1', null, 'approved'],
      ['c2', 'c1', 'approved'],
      ['c3', null, 'hidden'],
      ['c4', 'c1', 'deleted'],
      ['c5', 'c4', 'approved'],
      ['c6', null, 'approved'],
      ['c7', null, 'approved'],
      ['c8', null, 'approved'],
      ['c9', null, 'approved'],
    ]);
    expect(comments[0]).toMatchObject({ memberSourceId: 'mem1', authorName: 'Reader One', authorEmail: 'Reader.One@example.org' });
    expect(comments.find((comment) => comment.sourceId === 'c8')!.createdAt).toBeNull();
    // An export from before Ghost had comments has none, and that is no problem.
    expect(await entriesOf(readGhostExport('{"db":[{"data":{"posts":[]}}]}'))).toEqual([]);
  });

  it('refuses what is not a Ghost export as a whole, with a clear message', () => {
    expect(() => readGhostExport('not json')).toThrow(UnreadableExportError);
    expect(() => readGhostExport('{"db":[{"data":{}}]}')).toThrow('This is not a Ghost export: it has no db[0].data.posts.');
    expect(() => readGhostExport('null')).toThrow(UnreadableExportError);
  });
});

describe('the WordPress reader', () => {
  it('streams posts with the first category as section, the rest and tags as topics, the thumbnail and old addresses', async () => {
    const exported = await openWordPressExport(WORDPRESS_FIXTURE);
    expect(exported.source).toBe('wordpress:https://old-gazette.example');
    expect(exported.postCount).toBe(6);
    const entries = await entriesOf(exported);
    const posts = postsOf(entries);
    expect(posts.map((post) => post.sourceId)).toEqual(['101', '102', '105']);
    expect(posts[0]).toMatchObject({
      title: 'Council agrees a smaller budget for the bridge',
      slug: 'council-bridge-budget',
      status: 'published',
      publishedAt: '2019-04-03T10:00:00.000Z',
      access: 'free',
      authorIds: ['jmarsh'],
      section: { name: 'Town', slug: 'town' },
      topics: ['Budget'],
      excerpt: 'Repairs go ahead, but slower.',
      featureImage: {
        src: 'https://old-gazette.example/wp-content/uploads/2019/04/hall.png',
        alt: 'The town hall lit up at dusk',
        caption: 'The town hall from the bridge',
      },
      legacyPaths: ['/2019/04/council-bridge-budget', '/?p=101'],
    });
    expect(posts[0]!.html).toContain('<img class="wp-image-202"');
    expect(posts[1]).toMatchObject({ status: 'draft', publishedAt: null, legacyPaths: ['/?p=102'] });
    expect(posts[2]).toMatchObject({ section: { slug: 'sport' }, topics: ['Town'], commentsEnabled: false });
    expect(exported.authors.get('jmarsh')?.name).toBe('Jo Marsh');
  });

  it('reports bad posts, leaves out pages and attachments, and reads comments with what the old site decided', async () => {
    const entries = await entriesOf(await openWordPressExport(WORDPRESS_FIXTURE));
    expect(problemsOf(entries).map((problem) => [problem.sourceId, problem.reason])).toEqual([
      ['103', 'The post has no title.'],
      ['104', 'Its author "ghostwriter" is not among the export\'s authors.'],
      ['107', "A post in WordPress's trash: not imported."],
    ]);
    const comments = entries.flatMap((entry) => (entry.kind === 'comment' ? [entry.comment] : []));
    // Parents before their replies (11 answers 10, which comes after it in the file); a left-out post's comments still come, after it.
    expect(comments.map((comment) => [comment.sourceId, comment.postSourceId, comment.parentSourceId, comment.status])).toEqual([
      ['7', '101', null, 'approved'],
      ['8', '101', '7', 'held'],
      ['9', '101', null, 'pingback'],
      ['10', '101', '7', 'spam'],
      ['11', '101', '10', 'approved'],
      ['12', '101', null, 'approved'],
      ['13', '101', null, 'approved'],
      ['14', '101', null, 'trash'],
      ['15', '103', null, 'approved'],
    ]);
    expect(comments[0]).toMatchObject({
      authorName: 'Sam',
      authorEmail: 'sam@example.org',
      createdAt: '2019-04-03T12:00:00.000Z',
      html: '<p>About time.</p>',
    });
    // WordPress makes paragraphs and line breaks only when it shows a comment: here they are HTML for the sanitiser.
    expect(comments.find((comment) => comment.sourceId === '11')!.html).toBe(
      '<p>Whatever the advert says,<br>\nthe old bridge still wobbles.</p>',
    );
    expect(comments.find((comment) => comment.sourceId === '13')!.createdAt).toBeNull();
  });

  it('reports an item with broken XML and reads on; refuses a file that is not WXR', async () => {
    const fixture = readFileSync(WORDPRESS_FIXTURE, 'utf8');
    const file = path.join(scratch, 'broken.xml');
    writeFileSync(file, fixture.replace('<![CDATA[<p>No title here.</p>]]>', '<p>No <b>title</p> here'));
    const entries = await entriesOf(await openWordPressExport(file));
    expect(problemsOf(entries).find((problem) => problem.sourceId === '103')?.reason).toMatch(/^The XML of this post is broken/);
    expect(postsOf(entries).map((post) => post.sourceId)).toEqual(['101', '102', '105']);

    // An unterminated CDATA swallows what follows up to the next `]]>`: the post it started in is reported.
    writeFileSync(file, fixture.replace('<p>No title here.</p>]]>', '<p>No title here.</p>'));
    const cut = await entriesOf(await openWordPressExport(file));
    expect(postsOf(cut).map((post) => post.sourceId)).toEqual(['101', '102']);
    expect(problemsOf(cut).at(-1)).toMatchObject({ sourceId: '(no id)', reason: expect.stringMatching(/^The XML of this post is broken/) });

    const notWxr = path.join(scratch, 'not-wxr.xml');
    writeFileSync(notWxr, '<?xml version="1.0"?><html><body>hello</body></html>');
    await expect(openWordPressExport(notWxr)).rejects.toThrow('This is not a WordPress export: it has no rss/channel.');
    const binary = path.join(scratch, 'binary.xml');
    writeFileSync(binary, Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 60, 60, 60]));
    await expect(openWordPressExport(binary)).rejects.toThrow(UnreadableExportError);
  });
});

describe('values from exports', () => {
  it('reads dates in the shapes exports use', () => {
    expect(isoDateOf('2019-04-03 10:00:00')).toBe('2019-04-03T10:00:00.000Z');
    expect(isoDateOf('Wed, 03 Apr 2019 10:00:00 +0000')).toBe('2019-04-03T10:00:00.000Z');
    expect(isoDateOf(1764547200000)).toBe('2025-12-01T00:00:00.000Z');
    expect(isoDateOf('0000-00-00 00:00:00')).toBeNull();
    expect(isoDateOf('soon')).toBeNull();
    expect(isoDateOf({})).toBeNull();
  });

  it('keeps old paths on the old site only, without a trailing slash', () => {
    expect(legacyPathOf('https://old.example/2019/04/a/', 'https://old.example')).toBe('/2019/04/a');
    expect(legacyPathOf('https://elsewhere.example/a/', 'https://old.example')).toBeNull();
    expect(legacyPathOf('/', null)).toBeNull();
  });

  it('looks for pictures inside the folder only', () => {
    const files = candidateFiles('/srv/export', '__GHOST_URL__/content/images/2024/03/a.png');
    expect(files).toEqual(['/srv/export/content/images/2024/03/a.png', '/srv/export/2024/03/a.png', '/srv/export/a.png']);
    for (const file of candidateFiles('/srv/export', 'https://x.example/../../etc/passwd'))
      expect(file.startsWith('/srv/export/')).toBe(true);
    for (const file of candidateFiles('/srv/export', '/%2e%2e/%2e%2e/etc/passwd')) expect(file.startsWith('/srv/export/')).toBe(true);
  });
});

describe('comments from other platforms', () => {
  it('orders parents before their replies, however deep, and leaves loops and strangers where they are', () => {
    const chain = Array.from({ length: 5000 }, (_, index) => ({
      sourceId: String(index),
      parentSourceId: index ? String(index - 1) : null,
    }));
    expect(parentsFirst([...chain].reverse()).map((comment) => comment.sourceId)).toEqual(chain.map((comment) => comment.sourceId));
    const loop = [
      { sourceId: 'a', parentSourceId: 'b' },
      { sourceId: 'b', parentSourceId: 'a' },
      { sourceId: 'c', parentSourceId: 'nobody' },
      { sourceId: '', parentSourceId: null },
      { sourceId: '', parentSourceId: null },
    ];
    expect(parentsFirst(loop).map((comment) => comment.sourceId)).toEqual(['b', 'a', 'c', '', '']);
  });

  it("turns a comment's HTML into the plain text comments keep: sanitised, paragraphs and links kept", () => {
    expect(
      commentTextFromHtml('<p>One <b>bold</b> line<br>and another.</p><p>Second.</p><script>alert(1)</script><img src=x onerror=alert(2)>'),
    ).toBe('One bold line\nand another.\n\nSecond.');
    expect(commentTextFromHtml('<p>See <a href="https://example.org/a">the minutes</a> or https://example.org/b.</p>')).toBe(
      'See the minutes (https://example.org/a) or https://example.org/b.',
    );
    expect(commentTextFromHtml('<a href="javascript:alert(1)">click</a>')).toBe('click');
    expect(commentTextFromHtml('<ul><li>tea</li><li>cake</li></ul>')).toBe('• tea\n\n• cake');
    expect(commentTextFromHtml('<script>only</script>')).toBe('');
    expect(commentTextFromHtml(`<p>${'a'.repeat(30_000)}</p>`).length).toBe(MAX_IMPORTED_COMMENT_LENGTH);
    expect(htmlOfCommentText('One\r\ntwo\n\n\nthree')).toBe('<p>One<br>\ntwo</p>\n<p>three</p>');
  });
});
