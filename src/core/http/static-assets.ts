// The site's own static files, fingerprinted: /assets/<name>.<hash>.<ext> is
// immutable, so browsers and CDNs keep it for a year. Features bring their
// browser scripts (ClientScripts: what to bundle, from their own client/
// folders); they are bundled here with esbuild, from TypeScript, once per
// process; the production build (scripts/build.js) does that bundling ahead
// of time and a start only looks its outputs up (prebuilt-assets.ts), so a
// node starts without esbuild. Each file is compressed when first asked for,
// not at start-up.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildCachedResponse, buildPrecompressedResponse, sendCachedResponse, type CachedResponse } from './cached-response.js';
import { prebuiltAssets } from './prebuilt-assets.js';
import type { ZodTypeProvider } from './route-input.js';

const assetDirectory = new URL('../views/assets/', import.meta.url);
const projectDirectory = fileURLToPath(new URL('../../../', import.meta.url));

// Loaded only when something must be built: not at all in a production start.
let esbuild: typeof Esbuild | undefined;
const loadEsbuild = () => (esbuild ??= createRequire(import.meta.url)('esbuild') as typeof Esbuild);

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
  bundle(entryPoints: Record<string, string>, options: Esbuild.BuildOptions): Map<string, Buffer>;
  /** One output of `bundle`, or an error naming what esbuild did not produce. */
  output(outputs: Map<string, Buffer>, name: string): Buffer;
  /** Serves `body` under /assets/<name without extension>.<hash>.<extension>, immutable. */
  fingerprint(name: string, body: Buffer): Asset;
}

/**
 * What esbuild made of the static assets, recorded by the production build:
 * each minified stylesheet by file name, and each bundle's outputs (file name
 * → text) by the call that asked for them (`bundleKey`).
 */
export interface PrebuiltAssets {
  stylesheets: Record<string, string>;
  bundles: Record<string, Record<string, string>>;
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
  let response: CachedResponse | undefined;
  return {
    href: `/assets/${base}.${hash}.${extension}`,
    // Made, and compressed at the highest levels, on first use: a starting node spends no time on files it may not serve for a while.
    get response() {
      return (response ??= buildPrecompressedResponse({ body, contentType: CONTENT_TYPES[extension]!, cacheControl: IMMUTABLE }));
    },
  };
}

/** The site stylesheet, minified: the source is formatted for people, the bytes are for readers. */
function minifiedStylesheet(name: string, record?: PrebuiltAssets): Asset {
  let css = prebuiltAssets?.stylesheets[name];
  if (css === undefined) {
    const source = readFileSync(new URL(name, assetDirectory), 'utf8');
    css = loadEsbuild().transformSync(source, { loader: 'css', minify: true }).code;
  }
  if (record) record.stylesheets[name] = css;
  return fingerprint(name, Buffer.from(css));
}

/** Names one `bundle` call by what it was asked, with files relative to the project, so a recording can be looked up. */
function bundleKey(entryPoints: Record<string, string>, options: Esbuild.BuildOptions): string {
  const entries = Object.entries(entryPoints).map(([name, file]) => [
    name,
    path.isAbsolute(file) ? path.relative(projectDirectory, file) : file,
  ]);
  return JSON.stringify([entries, options]);
}

function bundleWithEsbuild(entryPoints: Record<string, string>, options: Esbuild.BuildOptions): Map<string, Buffer> {
  const result = loadEsbuild().buildSync({
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

function bundle(entryPoints: Record<string, string>, options: Esbuild.BuildOptions): Map<string, Buffer> {
  const prebuilt = prebuiltAssets?.bundles[bundleKey(entryPoints, options)];
  if (prebuilt) return new Map(Object.entries(prebuilt).map(([name, text]) => [name, Buffer.from(text)]));
  return bundleWithEsbuild(entryPoints, options);
}

function output(outputs: Map<string, Buffer>, name: string): Buffer {
  const body = outputs.get(name);
  if (!body) throw new Error(`esbuild produced no ${name}`);
  return body;
}

const builder: AssetBuilder = { bundle, output, fingerprint };

/** The esbuild service is stopped after building rather than left idling beside the server for its whole life. */
function stopEsbuild(): void {
  if (esbuild) void esbuild.stop();
}

// Once per process for each feature's scripts: the sources cannot change under
// a running server, and tests build many apps.
const built = new WeakMap<ClientScripts, { assets: Asset[]; scripts: string[] }>();
function buildOnce(clientScripts: readonly ClientScripts[]): void {
  const missing = clientScripts.filter((scripts) => !built.has(scripts));
  if (missing.length === 0) return;
  try {
    for (const scripts of missing) built.set(scripts, scripts.build(builder));
  } finally {
    stopEsbuild();
  }
}

/**
 * Builds the stylesheet and every feature's scripts with esbuild and records
 * what it made: the production build embeds this in the bundle.
 */
export function recordStaticAssets(clientScripts: Record<string, ClientScripts>): PrebuiltAssets {
  const record: PrebuiltAssets = { stylesheets: {}, bundles: {} };
  const recording: AssetBuilder = {
    ...builder,
    bundle(entryPoints, options) {
      const outputs = bundleWithEsbuild(entryPoints, options);
      record.bundles[bundleKey(entryPoints, options)] = Object.fromEntries(
        [...outputs].map(([name, body]) => [name, body.toString('utf8')]),
      );
      return outputs;
    },
  };
  try {
    minifiedStylesheet('site.css', record);
    for (const scripts of Object.values(clientScripts)) scripts.build(recording);
  } finally {
    stopEsbuild();
  }
  return record;
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
  const byPath = new Map<string, Asset>(
    [stylesheet, ...names.flatMap((name) => scriptsOf(name).assets)].map((asset) => [asset.href, asset]),
  );
  app.withTypeProvider<ZodTypeProvider>().get('/assets/:file', { schema: { params: assetParams } }, (request, reply) => {
    const asset = byPath.get(`/assets/${request.params.file}`);
    if (!asset) return reply.callNotFound();
    return sendCachedResponse(request, reply, asset.response);
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
