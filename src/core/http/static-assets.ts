// The site's own static files, fingerprinted and compressed once at start-up:
// /assets/<name>.<hash>.<ext> is immutable, so browsers and CDNs keep it for a
// year. Site scripts are bundled here too, with esbuild, from TypeScript.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync, stop as stopEsbuild, transformSync, type BuildOptions } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildCachedResponse, sendCachedResponse, type CachedResponse } from './cached-response.js';
import type { ZodTypeProvider } from './route-input.js';

const assetDirectory = new URL('../views/assets/', import.meta.url);
const projectDirectory = fileURLToPath(new URL('../../../', import.meta.url));
const registrationClient = (file: string) => fileURLToPath(new URL(`../../features/accounts/client/${file}`, import.meta.url));
const commentsClient = (file: string) => fileURLToPath(new URL(`../../features/comments/client/${file}`, import.meta.url));

export const LOGO_SIZE = 512;

/** `/assets/<name>.<hash>.<ext>`: any other file name is no asset of ours (404). */
const assetParams = z.object({ file: z.string().regex(/^[a-z0-9-]+\.[0-9a-f]{12}\.(?:css|js)$/) });

export interface StaticAssets {
  stylesheetHref: string;
  /** Script URLs per enhanced page, in the order the page must load them. */
  scripts: { registration: string[]; comments: string[] };
}

interface Asset {
  href: string;
  response: CachedResponse;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const CONTENT_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

function fingerprint(name: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const [base, extension] = name.split(/\.(?=[^.]+$)/) as [string, string];
  return {
    href: `/assets/${base}.${hash}.${extension}`,
    response: buildCachedResponse({ body, contentType: CONTENT_TYPES[extension]!, cacheControl: IMMUTABLE }),
  };
}

/** The site stylesheet, minified: the source is formatted for people, the bytes are for readers. */
function minifiedStylesheet(name: string): Asset {
  const source = readFileSync(new URL(name, assetDirectory), 'utf8');
  return fingerprint(name, Buffer.from(transformSync(source, { loader: 'css', minify: true }).code));
}

/** Bundles entry points in memory; returns each output by its file name ("name.js", "name.css"). */
function bundle(entryPoints: Record<string, string>, options: BuildOptions): Map<string, Buffer> {
  const result = buildSync({
    entryPoints,
    bundle: true,
    minify: true,
    target: 'es2020',
    write: false,
    outdir: 'assets',
    absWorkingDir: projectDirectory,
    logLevel: 'silent',
    ...options,
  });
  return new Map((result.outputFiles ?? []).map((file) => [file.path.slice(file.path.lastIndexOf('/') + 1), Buffer.from(file.contents)]));
}

function output(outputs: Map<string, Buffer>, name: string): Buffer {
  const body = outputs.get(name);
  if (!body) throw new Error(`esbuild produced no ${name}`);
  return body;
}

/**
 * The registration form's scripts: the ALTCHA widget (its "external" build,
 * which injects no <style> and no blob: worker, so the CSP stays strict) with
 * its stylesheet and PBKDF2 worker, then the form's own validation. The widget
 * learns the fingerprinted URLs of its stylesheet and worker at build time.
 */
function buildRegistrationAssets(): { assets: Asset[]; scripts: string[] } {
  const vendor = bundle({ 'altcha-pbkdf2-worker': 'altcha/workers/pbkdf2', altcha: 'altcha/altcha.css' }, { format: 'iife' });
  const worker = fingerprint('altcha-pbkdf2-worker.js', output(vendor, 'altcha-pbkdf2-worker.js'));
  const stylesheet = fingerprint('altcha.css', output(vendor, 'altcha.css'));
  const scripts = bundle(
    { 'altcha-widget': registrationClient('altcha-widget.ts'), 'registration-form': registrationClient('registration-form.ts') },
    { format: 'esm', define: { ALTCHA_WORKER_URL: JSON.stringify(worker.href), ALTCHA_STYLESHEET_URL: JSON.stringify(stylesheet.href) } },
  );
  const widget = fingerprint('altcha-widget.js', output(scripts, 'altcha-widget.js'));
  const form = fingerprint('registration-form.js', output(scripts, 'registration-form.js'));
  return { assets: [worker, stylesheet, widget, form], scripts: [widget.href, form.href] };
}

/** The thread page's live updates (Server-Sent Events). */
function buildCommentsAssets(): { assets: Asset[]; scripts: string[] } {
  const live = fingerprint(
    'comments-live.js',
    output(bundle({ 'comments-live': commentsClient('comments-live.ts') }, { format: 'esm' }), 'comments-live.js'),
  );
  return { assets: [live], scripts: [live.href] };
}

interface ScriptAssets {
  registration: ReturnType<typeof buildRegistrationAssets>;
  comments: ReturnType<typeof buildCommentsAssets>;
}

// Once per process: the sources cannot change under a running server, and
// tests build many apps. The esbuild service is stopped afterwards rather than
// left idling beside the server for its whole life.
let scriptAssets: ScriptAssets | undefined;
function scriptAssetsOnce(): ScriptAssets {
  if (!scriptAssets) {
    try {
      scriptAssets = { registration: buildRegistrationAssets(), comments: buildCommentsAssets() };
    } finally {
      void stopEsbuild();
    }
  }
  return scriptAssets;
}

export function registerStaticAssets(app: FastifyInstance): StaticAssets {
  const stylesheet = minifiedStylesheet('site.css');
  const { registration, comments } = scriptAssetsOnce();
  const favicon = buildCachedResponse({
    body: readFileSync(new URL('favicon.svg', assetDirectory)),
    contentType: 'image/svg+xml',
    cacheControl: 'public, max-age=86400',
  });
  const byPath = new Map<string, CachedResponse>(
    [stylesheet, ...registration.assets, ...comments.assets].map((asset) => [asset.href, asset.response]),
  );
  app.withTypeProvider<ZodTypeProvider>().get('/assets/:file', { schema: { params: assetParams } }, (request, reply) => {
    const response = byPath.get(`/assets/${request.params.file}`);
    if (!response) return reply.callNotFound();
    return sendCachedResponse(request, reply, response);
  });
  app.get('/favicon.svg', (request, reply) => sendCachedResponse(request, reply, favicon));
  app.get('/favicon.ico', (_request, reply) => reply.redirect('/favicon.svg', 301));
  // The publisher logo for structured data must be a raster image; draw it on
  // first request rather than paying for sharp at start-up.
  let logo: Promise<CachedResponse> | undefined;
  app.get('/logo.png', async (request, reply) => {
    logo ??= import('sharp')
      .then(({ default: sharp }) => sharp(favicon.identity, { density: 600 }).resize(LOGO_SIZE, LOGO_SIZE).png().toBuffer())
      .then((body) => buildCachedResponse({ body, contentType: 'image/png', cacheControl: 'public, max-age=86400' }));
    return sendCachedResponse(request, reply, await logo);
  });
  return { stylesheetHref: stylesheet.href, scripts: { registration: registration.scripts, comments: comments.scripts } };
}
