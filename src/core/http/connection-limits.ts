// What one client may hold of the server. A request whose headers and body are
// not complete within the timeout is dropped (Node answers 408 and closes), so
// a client that sends a Content-Length and then trickles or stops cannot pin a
// connection; and one address may hold only so many connections at once, so
// thousands of such clients from a few addresses cannot use up the file
// descriptors every reader needs. Loopback and trusted proxies are exempt:
// behind nginx every connection comes from the proxy, and load tests run on
// loopback. Put the same limits in the proxy (docs/deployment.md).
import { BlockList, isIP } from 'node:net';
import type { Server } from 'node:http';

export interface ConnectionLimits {
  requestTimeoutMs: number;
  maxPerAddress: number;
}

/** Options for Node's HTTP server (through Fastify's `http` option). */
export function httpServerOptions(limits: ConnectionLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.requestTimeoutMs,
    // Node checks the two timeouts above on this interval (30 s by default, which could double them).
    connectionsCheckingInterval: Math.min(1000, limits.requestTimeoutMs),
  };
}

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/**
 * Closes any connection past `maxPerAddress` from one address at once. The
 * exempt list is the loopback addresses plus the trusted proxies' addresses
 * or ranges; with a hop count every connection is taken to come from a proxy,
 * so no address is limited.
 */
export function limitConnectionsPerAddress(server: Server, limits: ConnectionLimits, trustedProxies: false | number | string[]): void {
  if (typeof trustedProxies === 'number') return;
  const exempt = new BlockList();
  for (const entry of [...LOOPBACK, ...(trustedProxies || [])]) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) exempt.addAddress(address, type);
    else exempt.addSubnet(address, Number(prefix), type);
  }
  const isExempt = (address: string) => {
    const mapped = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    return exempt.check(mapped, isIP(mapped) === 6 ? 'ipv6' : 'ipv4');
  };
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress;
    if (!address || isExempt(address)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
