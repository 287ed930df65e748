// The site's own static files, fingerprinted and compressed once at start-up:
// /assets/site.<hash>.css is immutable, so browsers and CDNs keep it for a year.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { buildCachedResponse, sendCachedResponse, type CachedResponse } from './cached-response.js';

const assetDirectory = new URL('../views/assets/', import.meta.url);

export const LOGO_SIZE = 512;

export interface StaticAssets {
  stylesheetHref: string;
}

function fingerprinted(name: string, contentType: string): { href: string; response: CachedResponse } {
  const body = readFileSync(new URL(name, assetDirectory));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const [base, extension] = name.split(/\.(?=[^.]+$)/);
  return {
    href: `/assets/${base}.${hash}.${extension}`,
    response: buildCachedResponse({ body, contentType, cacheControl: 'public, max-age=31536000, immutable' }),
  };
}

export function registerStaticAssets(app: FastifyInstance): StaticAssets {
  const stylesheet = fingerprinted('site.css', 'text/css; charset=utf-8');
  const favicon = buildCachedResponse({
    body: readFileSync(new URL('favicon.svg', assetDirectory)),
    contentType: 'image/svg+xml',
    cacheControl: 'public, max-age=86400',
  });
  const byPath = new Map<string, CachedResponse>([[stylesheet.href, stylesheet.response]]);
  app.get('/assets/:file', (request, reply) => {
    const response = byPath.get(request.url.split('?')[0]!);
    if (!response) return reply.callNotFound();
    return sendCachedResponse(request, reply, response);
  });
  app.get('/favicon.svg', (request, reply) => sendCachedResponse(request, reply, favicon));
  app.get('/favicon.ico', (_request, reply) => reply.redirect('/favicon.svg', 301));
  // The publisher logo for structured data must be a raster image; draw it on
  // first request rather than paying for sharp at start-up.
  let logo: Promise<CachedResponse> | undefined;
  app.get('/logo.png', async (request, reply) => {
    logo ??= sharp(favicon.identity, { density: 600 })
      .resize(LOGO_SIZE, LOGO_SIZE)
      .png()
      .toBuffer()
      .then((body) => buildCachedResponse({ body, contentType: 'image/png', cacheControl: 'public, max-age=86400' }));
    return sendCachedResponse(request, reply, await logo);
  });
  return { stylesheetHref: stylesheet.href };
}
