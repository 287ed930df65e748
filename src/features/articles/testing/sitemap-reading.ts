// Reads the sitemaps as a crawler does: /sitemap.xml is an index, and the page
// URLs are in its children. For tests (and scripts) that find articles'
// addresses through the sitemap.

/** Every `<loc>` of every child the index names, in order; `fetchText` answers a site path's body. */
export async function readSitemapUrls(fetchText: (path: string) => Promise<string>): Promise<string[]> {
  const index = await fetchText('/sitemap.xml');
  const children = [...index.matchAll(/<sitemap><loc>([^<]+)<\/loc>/g)].map(([, loc]) => new URL(loc!).pathname);
  const urls: string[] = [];
  for (const child of children) {
    const body = await fetchText(child);
    urls.push(...[...body.matchAll(/<url><loc>([^<]+)<\/loc>/g)].map(([, loc]) => loc!));
  }
  return urls;
}

/** The site paths of the articles in the sitemaps (`/section/YYYY/MM/DD/slug`), by slug. */
export async function readSitemapArticlePaths(fetchText: (path: string) => Promise<string>): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const url of await readSitemapUrls(fetchText)) {
    const path = new URL(url).pathname;
    if (/\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/.test(path)) paths.set(path.slice(path.lastIndexOf('/') + 1), path);
  }
  return paths;
}
