// The thread page's live-comments script as the static assets serve it.
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRouteInput } from '../../core/http/route-input.js';
import { registerStaticAssets, type StaticAssets } from '../../core/http/static-assets.js';
import { commentScripts } from './comment-scripts.js';

describe('comment scripts', () => {
  let app: FastifyInstance;
  let assets: StaticAssets<'comments'>;

  beforeAll(() => {
    app = Fastify({ logger: false });
    registerRouteInput(app);
    assets = registerStaticAssets(app, { comments: commentScripts });
  });
  afterAll(() => app.close());

  it('keeps the live-comments script under 2 KB gzipped, fingerprinted and immutable', async () => {
    expect(assets.scripts.comments).toHaveLength(1);
    expect(assets.scripts.comments[0]).toMatch(/^\/assets\/comments-live\.[0-9a-f]{12}\.js$/);
    const response = await app.inject({ url: assets.scripts.comments[0]! });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gzipSync(response.rawPayload, { level: 9 }).length).toBeLessThan(2048);
    // An ES module that needs nothing else on the page.
    expect(response.body).not.toMatch(/\bimport\s*[{("']/);
  });
});
