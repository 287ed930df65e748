// The site's own static files, fingerprinted and compressed once at start-up:
// /assets/<name>.<hash>.<ext> is immutable, so browsers and CDNs keep it for a
// year. Features bring their browser scripts (ClientScripts: what to bundle,
// from their own client/ folders); they are bundled here with esbuild, from
// TypeScript, once per process.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync, stop as stopEsbuild, transformSync, type BuildOptions } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildCachedResponse, buildPrecompressedResponse, sendCachedResponse, type CachedResponse } from './cached-response.js';
import type { ZodTypeProvider } from './route-input.js';

const assetDirectory = new URL('../views/assets/', import.meta.url);
const projectDirectory = fileURLToPath(new URL('../../../', import.meta.url));

export const LOGO_SIZE = 512;

/** `/assets/<name>.<hash>.<ext>`: any other file name is no asset of ours (404). */
const assetParams = z.object({ file: z.string().regex(/^[a-z0-9-]+\.[0-9a-f]{12}\.(?:css|js)$/) });

export interface StaticAssets<Name extends string = string> {
  stylesheetHref: string;
  /** Script URLs per enhanced page, in the order the page must load them. */
  scripts: Record<Name, string[]>;
}

export interface Asset {
  href: string;
  response: CachedResponse;
}

/** What a feature's ClientScripts builds with. */
export interface AssetBuilder {
  /** Bundles entry points (name → file or package) in memory; returns each output by its file name ("name.js", "name.css"). */
  bundle(entryPoints: Record<string, string>, options: BuildOptions): Map<string, Buffer>;
  /** One output of `bundle`, or an error naming what esbuild did not produce. */
  output(outputs: Map<string, Buffer>, name: string): Buffer;
  /** Serves `body` under /assets/<name without extension>.<hash>.<extension>, immutable. */
  fingerprint(name: string, body: Buffer): Asset;
}

/** A feature's browser scripts for one kind of page: every file to serve, and the page's script URLs in load order. */
export interface ClientScripts {
  build(builder: AssetBuilder): { assets: Asset[]; scripts: string[] };
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
    response: buildPrecompressedResponse({ body, contentType: CONTENT_TYPES[extension]!, cacheControl: IMMUTABLE }),
  };
}

/** The site stylesheet, minified: the source is formatted for people, the bytes are for readers. */
function minifiedStylesheet(name: string): Asset {
  const source = readFileSync(new URL(name, assetDirectory), 'utf8');
  return fingerprint(name, Buffer.from(transformSync(source, { loader: 'css', minify: true }).code));
}

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

const builder: AssetBuilder = { bundle, output, fingerprint };

// Once per process for each feature's scripts: the sources cannot change under
// a running server, and tests build many apps. The esbuild service is stopped
// afterwards rather than left idling beside the server for its whole life.
const built = new WeakMap<ClientScripts, { assets: Asset[]; scripts: string[] }>();
function buildOnce(clientScripts: readonly ClientScripts[]): void {
  const missing = clientScripts.filter((scripts) => !built.has(scripts));
  if (missing.length === 0) return;
  try {
    for (const scripts of missing) built.set(scripts, scripts.build(builder));
  } finally {
    void stopEsbuild();
  }
}

export function registerStaticAssets<Name extends string>(
  app: FastifyInstance,
  clientScripts: Record<Name, ClientScripts>,
): StaticAssets<Name> {
  const stylesheet = minifiedStylesheet('site.css');
  const names = Object.keys(clientScripts) as Name[];
  buildOnce(names.map((name) => clientScripts[name]));
  const scriptsOf = (name: Name) => built.get(clientScripts[name])!;
  const favicon = buildPrecompressedResponse({
    body: readFileSync(new URL('favicon.svg', assetDirectory)),
    contentType: 'image/svg+xml',
    cacheControl: 'public, max-age=86400',
  });
  const byPath = new Map<string, CachedResponse>(
    [stylesheet, ...names.flatMap((name) => scriptsOf(name).assets)].map((asset) => [asset.href, asset.response]),
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
  const scripts = Object.fromEntries(names.map((name) => [name, scriptsOf(name).scripts])) as Record<Name, string[]>;
  return { stylesheetHref: stylesheet.href, scripts };
}
