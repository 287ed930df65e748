// The static files and the bundling of features' scripts: fingerprinted,
// immutable, built once per process. (Each feature tests its own scripts:
// accounts/registration-scripts.test.ts, comments/comment-scripts.test.ts.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { registerErrorHandling } from './error-handler.js';
import { registerRouteInput } from './route-input.js';
import { registerStaticAssets, type ClientScripts, type StaticAssets } from './static-assets.js';

describe('static assets', () => {
  let app: FastifyInstance;
  let assets: StaticAssets<'greeting'>;
  let directory: string;
  let builds = 0;
  let greeting: ClientScripts;

  beforeAll(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-assets-'));
    const entry = path.join(directory, 'greeting.ts');
    writeFileSync(entry, "const who: string = 'reader';\ndocument.title = `Hello, ${who}`;\n");
    greeting = {
      build({ bundle, output, fingerprint }) {
        builds++;
        const script = fingerprint('greeting.js', output(bundle({ greeting: entry }, { format: 'esm' }), 'greeting.js'));
        return { assets: [script], scripts: [script.href] };
      },
    };
    app = Fastify({ logger: false });
    registerRouteInput(app);
    registerErrorHandling(app, pino({ level: 'silent' }), async (status) => `<h1>${status}</h1>`);
    assets = registerStaticAssets(app, { greeting });
  });
  afterAll(async () => {
    await app.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('serves a feature script bundled from TypeScript under a fingerprinted, immutable URL', async () => {
    expect(assets.scripts.greeting).toHaveLength(1);
    const href = assets.scripts.greeting[0]!;
    expect(href).toMatch(/^\/assets\/greeting\.[0-9a-f]{12}\.js$/);
    const response = await app.inject({ url: href });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body).toContain('Hello, ');
    expect(response.body).not.toContain(': string');
  });

  it('serves the stylesheet the same way, and nothing under /assets it was not given', async () => {
    expect(assets.stylesheetHref).toMatch(/^\/assets\/site\.[0-9a-f]{12}\.css$/);
    expect((await app.inject({ url: assets.stylesheetHref })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/greeting.000000000000.js' })).statusCode).toBe(404);
  });

  it('builds each feature script once per process, however many apps register it', async () => {
    const other = Fastify({ logger: false });
    try {
      expect(registerStaticAssets(other, { greeting }).scripts.greeting).toEqual(assets.scripts.greeting);
      expect(builds).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('answers 404 for any other file name under /assets', async () => {
    const href = assets.scripts.greeting[0]!;
    expect((await app.inject({ url: `${href}?v=2` })).statusCode).toBe(200);
    const unknown = href.replace(/\.[0-9a-f]{12}\./, '.000000000000.');
    for (const url of [unknown, href.replace('greeting', 'Greeting'), `${href}.map`, '/assets/..%2Fsite.css', '/assets/site.css'])
      expect((await app.inject({ url })).statusCode, url).toBe(404);
  });
});
