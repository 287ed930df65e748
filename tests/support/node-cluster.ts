// Test support: Masthead nodes as an operator runs them (`npm start`, i.e.
// `node bin/masthead.js serve`: the compiled build, built first if need be),
// each its own process on its own loopback port, all on one database; and a
// small cookie-keeping HTTP client that can send each request to any node,
// as a load balancer would.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const HOST = '127.0.0.1';
const OUTPUT_LIMIT = 256 * 1024;

export interface TestNode {
  name: string;
  baseUrl: string;
  process: ChildProcess;
  /** Everything the node wrote (stdout and stderr), for assertions and failure messages. */
  output(): string;
  hasExited(): boolean;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `node bin/masthead.js serve` with exactly `environment` (plus PATH) and the given port. */
export function startNode(name: string, port: number, environment: Record<string, string>): TestNode {
  const child = spawn(process.execPath, ['bin/masthead.js', 'serve'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, ...environment, HOST, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('exit', () => (exited = true));
  return { name, baseUrl: `http://${HOST}:${port}`, process: child, output: () => output, hasExited: () => exited };
}

/** Waits until the node answers /readyz with 200; throws with its output if it exits or takes longer than `timeoutMs`. */
export async function waitUntilReady(node: TestNode, timeoutMs: number): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (Date.now() < giveUpAt) {
    if (node.hasExited()) throw new Error(`${node.name} exited while starting:\n${node.output()}`);
    try {
      if ((await fetch(`${node.baseUrl}/readyz`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new Error(`${node.name} was not ready within ${timeoutMs} ms:\n${node.output()}`);
}

/** SIGTERM (a graceful shutdown), then SIGKILL if it is still there after a few seconds. */
export async function stopNode(node: TestNode): Promise<void> {
  if (node.hasExited()) return;
  const exited = new Promise((resolve) => node.process.once('exit', resolve));
  node.process.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(5000, 'timeout')])) === 'timeout') {
    node.process.kill('SIGKILL');
    await exited;
  }
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
}

/**
 * A browser's cookie jar over real HTTP, for requests to any node. Every
 * request says it came from `clientAddress` through the proxy the nodes trust
 * (TRUST_PROXY=127.0.0.1), so per-address limits belong to this test run alone.
 */
export class ClusterBrowser {
  readonly cookies = new Map<string, string>();

  constructor(readonly clientAddress: string) {}

  async request(node: TestNode, path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<HttpResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${node.baseUrl}${path}`, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        'x-forwarded-for': this.clientAddress,
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = set.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, body: await response.text(), location: response.headers.get('location') };
  }

  get(node: TestNode, path: string) {
    return this.request(node, path);
  }

  post(node: TestNode, path: string, form: Record<string, string>) {
    return this.request(node, path, { form });
  }
}

export function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in the page:\n${html.slice(0, 2000)}`);
  return match[1]!
    .replace(/&#39;/g, "'")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
