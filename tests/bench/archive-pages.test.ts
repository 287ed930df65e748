// How the archive benchmark finds its pages (bench/archive/archive-pages.ts)
// and reads its command line, against a small listing server on loopback:
// numbered pages are bisected to the deepest one, any other next link is
// followed, and a sitemap index yields a child.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDeepPage, findSitemaps, nextLinkOf, PageFetcher } from '../../bench/archive/archive-pages.js';
import { archiveArguments } from '../../bench/archive/archive-benchmark.js';

const NUMBERED_PAGES = 37;
const LINKED_PAGES = 12;

function listingPage(url: URL): { status: number; body: string } {
  if (url.pathname === '/numbered') {
    const page = Number(url.searchParams.get('page') ?? '1');
    if (!Number.isInteger(page) || page < 1 || page > NUMBERED_PAGES) return { status: 404, body: 'no such page' };
    const next = page < NUMBERED_PAGES ? `<a rel="next" href="/numbered?page=${page + 1}&amp;x=1">Older</a>` : '';
    return { status: 200, body: `<main>page ${page}${next}</main>` };
  }
  if (url.pathname === '/linked') {
    const before = Number(url.searchParams.get('before') ?? '0');
    const next = before < LINKED_PAGES - 1 ? `<link rel="next" href="/linked?before=${before + 1}">` : '';
    return { status: 200, body: `<head>${next}</head>` };
  }
  if (url.pathname === '/sitemap.xml') {
    const children = ['/sitemaps/1.xml', '/sitemaps/2.xml', '/sitemaps/3.xml'].map(
      (path) => `<sitemap><loc>http://example.test${path}</loc></sitemap>`,
    );
    return { status: 200, body: `<?xml version="1.0"?><sitemapindex>${children.join('')}</sitemapindex>` };
  }
  return { status: 404, body: '' };
}

let server: http.Server;
let fetcher: PageFetcher;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const { status, body } = listingPage(new URL(request.url!, 'http://site'));
    response.writeHead(status, { 'content-type': 'text/html' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fetcher = new PageFetcher(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('finding the deep page', () => {
  it('bisects numbered pages to the deepest that answers, below the target', async () => {
    const deep = await findDeepPage(fetcher, '/numbered', 1000, 60_000);
    expect(deep).toMatchObject({ depth: NUMBERED_PAGES, paging: 'numbered' });
    expect(deep.path).toBe(`/numbered?page=${NUMBERED_PAGES}&x=1`);
    expect(deep.pagesOnTheWay).toHaveLength(NUMBERED_PAGES - 1);
  });

  it('stops at the target page when the listing goes deeper', async () => {
    const deep = await findDeepPage(fetcher, '/numbered', 20, 60_000);
    expect(deep.depth).toBe(20);
    expect(deep.path).toBe('/numbered?page=20&x=1');
  });

  it('follows any other next link one page at a time', async () => {
    const deep = await findDeepPage(fetcher, '/linked', 1000, 60_000);
    expect(deep).toMatchObject({ depth: LINKED_PAGES, paging: 'linked', path: `/linked?before=${LINKED_PAGES - 1}` });
    expect(deep.pagesOnTheWay).toHaveLength(LINKED_PAGES - 1);
  });

  it('reads a next link only on this site', () => {
    expect(nextLinkOf('<a href="/a" rel="next">', '/x')).toBe('/a');
    expect(nextLinkOf('<a rel="prev" href="/a"><a rel="nofollow next" href="/b">', '/x')).toBe('/b');
    expect(nextLinkOf('<a rel="next" href="https://elsewhere.test/b">', '/x')).toBeNull();
    expect(nextLinkOf('<a rel="nextpage" href="/b">', '/x')).toBeNull();
  });
});

it('takes a child of a sitemap index, as a path', async () => {
  expect(await findSitemaps(fetcher)).toEqual({ isIndex: true, children: 3, childPath: '/sitemaps/2.xml' });
});

describe('the --archive option', () => {
  it('defaults N to 200,000 and leaves other runs alone', () => {
    expect(archiveArguments(['--archive'])).toEqual(['--archive=200000']);
    expect(archiveArguments(['--archive', '20000', '--engines', 'sqlite'])).toEqual(['--archive=20000', '--engines', 'sqlite']);
    expect(archiveArguments(['--archive', '--duration', '3'])).toEqual(['--archive=200000', '--duration', '3']);
    expect(archiveArguments(['--quick'])).toBeNull();
  });
});
