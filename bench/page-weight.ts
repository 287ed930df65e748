// Page weight as a browser first downloads it: the HTML, then every
// stylesheet and script it links, each fetched with Accept-Encoding: gzip and
// counted as transferred bytes (compressed if the server compressed it).
import { gunzipSync } from 'node:zlib';
import { httpGet } from './http-get.js';

export interface ResourceWeight {
  url: string;
  kind: 'html' | 'css' | 'js';
  status: number;
  encoding: string;
  transferredBytes: number;
  decodedBytes: number;
}

export interface PageWeight {
  resources: ResourceWeight[];
  totalTransferredBytes: number;
}

const ATTRIBUTE = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');

function attributeOf(tag: string, name: string): string | undefined {
  const match = ATTRIBUTE(name).exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** Stylesheet and script URLs of an HTML page, in document order. */
export function linkedResources(html: string): Array<{ href: string; kind: 'css' | 'js' }> {
  const found: Array<{ href: string; kind: 'css' | 'js' }> = [];
  for (const [tag] of html.matchAll(/<(?:link|script)\b[^>]*>/gi)) {
    if (/^<link/i.test(tag)) {
      const rel = (attributeOf(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
      const href = attributeOf(tag, 'href');
      if (href && rel.includes('stylesheet')) found.push({ href, kind: 'css' });
      else if (href && rel.includes('modulepreload')) found.push({ href, kind: 'js' });
    } else {
      const src = attributeOf(tag, 'src');
      if (src) found.push({ href: src, kind: 'js' });
    }
  }
  return found;
}

async function fetchGzipped(url: string, kind: ResourceWeight['kind']): Promise<{ weight: ResourceWeight; text: string }> {
  const response = await httpGet(url, { 'accept-encoding': 'gzip' });
  const encoding = String(response.headers['content-encoding'] ?? 'identity');
  const decoded = encoding === 'gzip' ? gunzipSync(response.body) : response.body;
  return {
    weight: { url, kind, status: response.status, encoding, transferredBytes: response.body.length, decodedBytes: decoded.length },
    text: decoded.toString('utf8'),
  };
}

export async function measurePageWeight(pageUrl: string): Promise<PageWeight> {
  const page = await fetchGzipped(pageUrl, 'html');
  if (page.weight.status !== 200) throw new Error(`${pageUrl} answered ${page.weight.status}`);
  const origin = new URL(pageUrl).origin;
  const resources = [page.weight];
  const seen = new Set<string>();
  for (const linked of linkedResources(page.text).slice(0, 50)) {
    const url = new URL(linked.href, pageUrl);
    // Third-party files are outside what the app serves (and the CSP forbids them anyway).
    if (url.origin !== origin || seen.has(url.href)) continue;
    seen.add(url.href);
    const { weight } = await fetchGzipped(url.href, linked.kind);
    if (weight.status !== 200) throw new Error(`${url.href} answered ${weight.status}`);
    resources.push(weight);
  }
  return { resources, totalTransferredBytes: resources.reduce((sum, resource) => sum + resource.transferredBytes, 0) };
}
