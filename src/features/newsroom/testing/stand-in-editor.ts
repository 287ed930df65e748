// A stand-in for the newsroom's editor page and its routes, for the editor
// script's browser test: the real bundled script and stylesheet under the
// site's CSP, a page that follows the DOM contract (client/article-editor.ts),
// and autosave, presence, upload and image routes that record what they are
// sent. `?scenario=` picks the autosave answer: ok (200), conflict (409),
// invalid (422).
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { registerErrorHandling } from '../../../core/http/error-handler.js';
import { registerRouteInput } from '../../../core/http/route-input.js';
import { registerSecurityHeaders } from '../../../core/http/security-headers.js';
import { registerStaticAssets } from '../../../core/http/static-assets.js';
import { newsroomScripts } from '../newsroom-scripts.js';

export const STORED = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Existing paragraph.' }] }] };
export const CONFLICT_URL = '/newsroom/articles/7/conflict';

function editorPage(assets: { script: string; stylesheet: string }, scenario: string): string {
  // `<` escaped in the JSON, as the server page must, so no text can close the <script>.
  const stored = JSON.stringify(STORED).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Edit article</title>
<link rel="stylesheet" href="${assets.stylesheet}"><script type="module" src="${assets.script}"></script></head>
<body><main id="main"><h1>Edit article</h1>
<form method="post" action="/save" data-article-form data-autosave-url="/autosave?scenario=${scenario}" data-presence-url="/presence" data-upload-url="/upload">
<input type="hidden" name="_csrf" value="csrf-token-1"><input type="hidden" name="version" value="3">
<div class="field"><label for="headline">Headline</label> <input id="headline" name="headline" value="Harbour lights"></div>
<div class="field"><label for="body">Body</label>
<textarea id="body" name="body" rows="12" required>Existing paragraph.</textarea>
<script type="application/json" id="body-doc">${stored}</script></div>
<p><button type="submit">Save</button></p>
</form></main></body></html>`;
}

export interface Posted {
  path: string;
  fields: Record<string, string>;
  /** Multipart only: the part names in the order sent. */
  partNames?: string[];
}

/** Listens on a free loopback port; every post to the stand-in routes is pushed onto `posted`. */
export async function startStandInEditor(options: { posted: Posted[]; webp: Buffer }): Promise<{ app: FastifyInstance; baseUrl: string }> {
  const { posted, webp } = options;
  const app = Fastify({ logger: false });
  registerSecurityHeaders(app, { isHttps: false });
  registerRouteInput(app);
  registerErrorHandling(app, pino({ level: 'silent' }), async (status) => `<!doctype html><title>${status}</title>`);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.addContentTypeParser(/^multipart\/form-data/, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const assets = registerStaticAssets(app, { newsroom: newsroomScripts });
  const stylesheet = assets.stylesheetHref;
  app.get<{ Querystring: { scenario: string } }>('/edit', (request, reply) =>
    reply.type('text/html; charset=utf-8').send(editorPage({ script: assets.scripts.newsroom[0]!, stylesheet }, request.query.scenario)),
  );
  let version = 3;
  app.post<{ Querystring: { scenario: string }; Body: Record<string, string> }>('/autosave', (request, reply) => {
    posted.push({ path: request.url, fields: request.body });
    if (request.query.scenario === 'conflict') return reply.code(409).send({ conflictUrl: CONFLICT_URL });
    if (request.query.scenario === 'invalid')
      return reply.code(422).send({ errors: [{ field: 'headline', message: 'Write a headline.' }] });
    return reply.send({ version: ++version, savedAt: new Date().toISOString() });
  });
  app.post<{ Body: Record<string, string> }>('/presence', (request, reply) => {
    posted.push({ path: request.url, fields: request.body });
    return reply.send({ others: ['Ada'] });
  });
  app.post<{ Body: Buffer }>('/upload', (request, reply) => {
    const raw = request.body.toString('latin1');
    const partNames = [...raw.matchAll(/; name="([^"]+)"/g)].map((match) => match[1]!);
    const field = (name: string) => new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)\\r\\n`).exec(raw)?.[1] ?? '';
    const fields = { _csrf: field('_csrf'), alt: field('alt'), caption: field('caption'), credit: field('credit') };
    posted.push({ path: request.url, fields, partNames });
    if (!fields.alt) return reply.code(422).send({ errors: [{ field: 'alt', message: 'Describe the image.' }] });
    return reply
      .code(201)
      .send({ id: 'harbour-new', url: '/media/harbour-new/960.webp', width: 40, height: 30, ...fields, _csrf: undefined });
  });
  app.get('/media/harbour-new/960.webp', (_request, reply) => reply.type('image/webp').send(webp));
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}
