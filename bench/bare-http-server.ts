// The floor under any Node web framework: node:http answering each known path
// with bytes and headers held in memory (see static-servers.ts). Started by
// bench/run.ts as `node --import tsx bench/bare-http-server.ts <manifest.json>`.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { BareManifest } from './static-servers.js';

const manifestPath = process.argv[2];
if (!manifestPath) throw new Error('Usage: bare-http-server.ts <manifest.json>');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BareManifest;
const routes = new Map(manifest.routes.map((route) => [route.urlPath, { headers: route.headers, body: readFileSync(route.file) }]));

const server = http.createServer((request, response) => {
  const route = routes.get(request.url ?? '');
  if (!route) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, route.headers);
  response.end(route.body);
});
// Same keep-alive window as Fastify's default, so idle connections live as long.
server.keepAliveTimeout = 72_000;
server.listen(manifest.port, manifest.host);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
