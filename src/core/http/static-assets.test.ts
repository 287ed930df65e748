// The bundled site scripts: fingerprinted, immutable, and small.
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { registerErrorHandling } from './error-handler.js';
import { registerRouteInput } from './route-input.js';
import { registerStaticAssets, type StaticAssets } from './static-assets.js';

describe('static assets', () => {
  let app: FastifyInstance;
  let assets: StaticAssets;

  beforeAll(() => {
    app = Fastify({ logger: false });
    registerRouteInput(app);
    registerErrorHandling(app, pino({ level: 'silent' }), async (status) => `<h1>${status}</h1>`);
    assets = registerStaticAssets(app);
  });
  afterAll(() => app.close());

  it('serves every page script under a fingerprinted, immutable URL', async () => {
    const scripts = [...assets.scripts.registration, ...assets.scripts.comments];
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const href of scripts) {
      expect(href).toMatch(/^\/assets\/[a-z-]+\.[0-9a-f]{12}\.js$/);
      const response = await app.inject({ url: href });
      expect(response.statusCode, href).toBe(200);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('answers 404 for any other file name under /assets', async () => {
    const href = assets.scripts.comments[0]!;
    expect((await app.inject({ url: `${href}?v=2` })).statusCode).toBe(200);
    const unknown = href.replace(/\.[0-9a-f]{12}\./, '.000000000000.');
    for (const url of [unknown, href.replace('comments', 'Comments'), `${href}.map`, '/assets/..%2Fsite.css', '/assets/site.css'])
      expect((await app.inject({ url })).statusCode, url).toBe(404);
  });

  it('keeps the live-comments script under 2 KB gzipped', async () => {
    expect(assets.scripts.comments).toHaveLength(1);
    expect(assets.scripts.comments[0]).toMatch(/^\/assets\/comments-live\./);
    const response = await app.inject({ url: assets.scripts.comments[0]! });
    expect(gzipSync(response.rawPayload, { level: 9 }).length).toBeLessThan(2048);
    // An ES module that needs nothing else on the page.
    expect(response.body).not.toMatch(/\bimport\s*[{("']/);
  });
});
