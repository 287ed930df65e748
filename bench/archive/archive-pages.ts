// Finds the archive benchmark's pages the way a crawler does, through the
// site's own links, so the benchmark follows whatever paging and sitemaps the
// app has when it runs: a deep page of a section front reached along its
// rel="next" links (jumping ahead when they are plain ?page=N numbers), and a
// child sitemap when /sitemap.xml is a sitemap index.
import { performance } from 'node:perf_hooks';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { httpGet, type RawResponse } from '../http-get.js';

export const BROWSER_ENCODINGS = { 'Accept-Encoding': 'gzip, br' };

export interface FetchedPage {
  status: number;
  /** From sending the request to the last byte. */
  ms: number;
  text: string;
  /** The answer as sent (compressed), for nginx to serve the same bytes. */
  raw: RawResponse;
}

/** Every page the benchmark fetched, by path, with the first answer's time: the uncached render. */
export class PageFetcher {
  readonly firstAnswers = new Map<string, FetchedPage>();

  constructor(private readonly origin: string) {}

  async get(path: string, timeoutMs = 120_000): Promise<FetchedPage> {
    const startedAt = performance.now();
    const response = await httpGet(`${this.origin}${path}`, BROWSER_ENCODINGS, timeoutMs);
    const ms = performance.now() - startedAt;
    const encoding = response.headers['content-encoding'];
    const body = encoding === 'br' ? brotliDecompressSync(response.body) : encoding === 'gzip' ? gunzipSync(response.body) : response.body;
    const page = { status: response.status, ms, text: body.toString('utf8'), raw: response };
    if (!this.firstAnswers.has(path)) this.firstAnswers.set(path, page);
    return page;
  }

  firstMs(path: string): number | null {
    return this.firstAnswers.get(path)?.ms ?? null;
  }
}

const decodeEntities = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_entity, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!);

/** The href of the page's `rel="next"` link (a or link element), as a path on this site, or null. */
export function nextLinkOf(html: string, currentPath: string): string | null {
  for (const [tag] of html.matchAll(/<(?:a|link)\b[^>]*>/gi)) {
    if (!/\brel="(?:[^"]*\s)?next(?:\s[^"]*)?"/i.test(tag)) continue;
    const href = /\bhref="([^"]*)"/i.exec(tag)?.[1];
    if (!href) continue;
    const url = new URL(decodeEntities(href), `http://site${currentPath}`);
    return url.host === 'site' ? `${url.pathname}${url.search}` : null;
  }
  return null;
}

function withPage(path: string, page: number): string {
  const url = new URL(path, 'http://site');
  url.searchParams.set('page', String(page));
  return `${url.pathname}${url.search}`;
}

/** `page` of a ?page=N link when it is exactly the page after `depth` of the same listing. */
function numberedNext(next: string, current: string, depth: number): boolean {
  const nextUrl = new URL(next, 'http://site');
  return nextUrl.pathname === new URL(current, 'http://site').pathname && nextUrl.searchParams.get('page') === String(depth + 1);
}

export interface DeepPage {
  path: string;
  depth: number;
  /** How the listing pages: numbered (?page=N, jumped by bisection) or by following each next link. */
  paging: 'numbered' | 'linked';
  /** Listing pages after page 1 up to the deep one, known to answer 200: the listing crawl's list. */
  pagesOnTheWay: string[];
  seconds: number;
}

/**
 * Follows the section front's next links to page `targetDepth`, or as deep as
 * they go, or as deep as `budgetMs` allows. Numbered pages are not walked one
 * by one: the deepest page ≤ target that answers 200 is found by bisection
 * (then its own next link, if any, is followed, in case numbered pages stop
 * at a cap and continue as a by-date archive).
 */
export async function findDeepPage(fetcher: PageFetcher, firstPage: string, targetDepth: number, budgetMs: number): Promise<DeepPage> {
  const startedAt = performance.now();
  let current = firstPage;
  let depth = 1;
  let paging: DeepPage['paging'] = 'linked';
  const pagesOnTheWay: string[] = [];
  let page = await fetcher.get(current);
  if (page.status !== 200) throw new Error(`${current} answered ${page.status}`);
  while (depth < targetDepth && performance.now() - startedAt < budgetMs) {
    const next = nextLinkOf(page.text, current);
    if (!next) break;
    if (numberedNext(next, current, depth)) {
      paging = 'numbered';
      // Page URLs are built from the site's own next link, keeping whatever else it carries.
      let low = depth + 1; // offered by the site: taken to exist
      let high = targetDepth;
      if ((await fetcher.get(withPage(next, high))).status === 200) low = high;
      else high -= 1;
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if ((await fetcher.get(withPage(next, middle))).status === 200) low = middle;
        else high = middle - 1;
      }
      for (let numbered = depth + 1; numbered <= low; numbered++) pagesOnTheWay.push(withPage(next, numbered));
      current = withPage(next, low);
      depth = low;
    } else {
      current = next;
      depth += 1;
      pagesOnTheWay.push(current);
    }
    page = await fetcher.get(current);
    if (page.status !== 200) throw new Error(`${current}, linked as the next page, answered ${page.status}`);
  }
  return { path: current, depth, paging, pagesOnTheWay, seconds: (performance.now() - startedAt) / 1000 };
}

export interface Sitemaps {
  /** Whether /sitemap.xml is a sitemap index (else a plain urlset). */
  isIndex: boolean;
  children: number;
  /** A child sitemap (the middle one of the index: an archive period rather than the newest), or null. */
  childPath: string | null;
}

export async function findSitemaps(fetcher: PageFetcher): Promise<Sitemaps> {
  const sitemap = await fetcher.get('/sitemap.xml');
  if (sitemap.status !== 200) throw new Error(`/sitemap.xml answered ${sitemap.status}`);
  if (!/<sitemapindex\b/.test(sitemap.text)) return { isIndex: false, children: 0, childPath: null };
  const locations = [...sitemap.text.matchAll(/<loc>\s*([^<]+?)\s*<\/loc>/g)].map((match) => new URL(decodeEntities(match[1]!)));
  const child = locations[Math.floor(locations.length / 2)];
  return { isIndex: true, children: locations.length, childPath: child ? `${child.pathname}${child.search}` : null };
}
