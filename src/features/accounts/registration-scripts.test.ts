// The registration form's scripts as the static assets serve them.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRouteInput } from '../../core/http/route-input.js';
import { registerStaticAssets, type StaticAssets } from '../../core/http/static-assets.js';
import { registrationScripts } from './registration-scripts.js';

describe('registration scripts', () => {
  let app: FastifyInstance;
  let assets: StaticAssets<'registration'>;

  beforeAll(() => {
    app = Fastify({ logger: false });
    registerRouteInput(app);
    assets = registerStaticAssets(app, { registration: registrationScripts });
  });
  afterAll(() => app.close());

  it('loads the ALTCHA widget, then the form, each fingerprinted and immutable', async () => {
    expect(assets.scripts.registration).toHaveLength(2);
    expect(assets.scripts.registration[0]).toMatch(/^\/assets\/altcha-widget\.[0-9a-f]{12}\.js$/);
    expect(assets.scripts.registration[1]).toMatch(/^\/assets\/registration-form\.[0-9a-f]{12}\.js$/);
    for (const href of assets.scripts.registration) {
      const response = await app.inject({ url: href });
      expect(response.statusCode, href).toBe(200);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it("serves the widget's worker and stylesheet at the URLs built into it", async () => {
    const widget = (await app.inject({ url: assets.scripts.registration[0]! })).body;
    const worker = /\/assets\/altcha-pbkdf2-worker\.[0-9a-f]{12}\.js/.exec(widget)?.[0];
    const stylesheet = /\/assets\/altcha\.[0-9a-f]{12}\.css/.exec(widget)?.[0];
    expect(worker).toBeDefined();
    expect(stylesheet).toBeDefined();
    expect((await app.inject({ url: worker! })).statusCode).toBe(200);
    const css = await app.inject({ url: stylesheet! });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });
});
