// The newsroom's editor script and its stylesheet as the static assets serve them.
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRouteInput } from '../../core/http/route-input.js';
import { registerStaticAssets, type StaticAssets } from '../../core/http/static-assets.js';
import { newsroomScripts } from './newsroom-scripts.js';

describe('newsroom scripts', () => {
  let app: FastifyInstance;
  let assets: StaticAssets<'newsroom'>;

  beforeAll(() => {
    app = Fastify({ logger: false });
    registerRouteInput(app);
    assets = registerStaticAssets(app, { newsroom: newsroomScripts });
  });
  afterAll(() => app.close());

  it('serves one editor module, fingerprinted and immutable, within its size budget', async () => {
    expect(assets.scripts.newsroom).toHaveLength(1);
    expect(assets.scripts.newsroom[0]).toMatch(/^\/assets\/article-editor\.[0-9a-f]{12}\.js$/);
    const response = await app.inject({ url: assets.scripts.newsroom[0]! });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // Tiptap and ProseMirror are most of it (about 130 KB gzipped); the budget catches an accidental second copy or zod.
    expect(gzipSync(response.rawPayload, { level: 9 }).length).toBeLessThan(150 * 1024);
    expect(response.body).not.toMatch(/\bimport\s*[{("']/);
    expect(response.body).not.toContain('ZodError');
  });

  it('links its stylesheet, served under its fingerprint: no inline <style>, which the CSP forbids', async () => {
    const script = (await app.inject({ url: assets.scripts.newsroom[0]! })).body;
    const href = /\/assets\/article-editor\.[0-9a-f]{12}\.css/.exec(script)?.[0];
    expect(href).toBeDefined();
    const response = await app.inject({ url: href! });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(response.body).toContain('.editor-toolbar');
  });
});
