// A client that opens connections and trickles (or never finishes) its
// requests must not take the site away from everyone else: requests are
// dropped when incomplete after REQUEST_TIMEOUT_SECONDS, and one address may
// hold only MAX_CONNECTIONS_PER_ADDRESS connections. The attacker here is
// 127.0.0.2 (loopback itself, 127.0.0.1, is exempt, as trusted proxies are).
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../src/testing/test-app.js';

const LIMIT = 20;
const SLOW_CONNECTIONS = 300;

interface SlowClient {
  socket: net.Socket;
  received: string;
  closed: boolean;
}

function openSlowClient(port: number): Promise<SlowClient> {
  return new Promise((resolve) => {
    const client: SlowClient = { socket: net.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' }), received: '', closed: false };
    client.socket.on('data', (chunk) => (client.received += chunk.toString()));
    client.socket.on('error', () => undefined);
    client.socket.on('close', () => (client.closed = true));
    client.socket.on('connect', () => {
      // Promises a body of 1,000 bytes, sends 2, then nothing.
      client.socket.write(
        'POST /signin HTTP/1.1\r\nHost: news.example.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nab',
      );
      resolve(client);
    });
    client.socket.on('close', () => resolve(client));
  });
}

function getFrom(port: number, localAddress: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, localAddress, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error('a normal reader waited 10 s')));
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('slow clients', () => {
  let testApp: TestApp;
  let port: number;
  const clients: SlowClient[] = [];

  beforeAll(async () => {
    testApp = await createTestApp({
      engine: 'sqlite',
      now: new Date(),
      environment: { MAX_CONNECTIONS_PER_ADDRESS: String(LIMIT), REQUEST_TIMEOUT_SECONDS: '2' },
    });
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    port = (testApp.app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const client of clients) client.socket.destroy();
    await testApp.destroy();
  });

  it('closes connections past the per-address limit at once, and a normal reader still gets pages', async () => {
    for (let index = 0; index < SLOW_CONNECTIONS; index++) clients.push(await openSlowClient(port));
    expect(await waitFor(() => clients.filter((client) => client.closed).length >= SLOW_CONNECTIONS - LIMIT, 5_000)).toBe(true);
    expect(clients.filter((client) => !client.closed).length).toBeLessThanOrEqual(LIMIT);
    expect(await getFrom(port, '127.0.0.3', '/')).toBe(200);
    expect(await getFrom(port, '127.0.0.1', '/')).toBe(200);
  });

  it('drops a request whose body has not arrived within the timeout (408)', async () => {
    const held = clients.filter((client) => !client.closed);
    expect(held.length).toBeGreaterThan(0);
    expect(await waitFor(() => held.every((client) => client.closed), 8_000)).toBe(true);
    expect(held.every((client) => client.received.startsWith('HTTP/1.1 408'))).toBe(true);
    // Its address may connect again.
    expect(await getFrom(port, '127.0.0.2', '/')).toBe(200);
  });
});
