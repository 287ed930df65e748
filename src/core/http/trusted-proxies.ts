// Which X-Forwarded-For hops to believe. The client address is the one the
// nearest trusted proxy saw: with a hop count, the proxies in front are
// trusted and nothing a client wrote into the header is; with addresses, only
// hops from those addresses are. (Fastify's types take no hop count, so it is
// given as proxy-addr's trust function, which is what Fastify builds from one.)
import type { Config } from '../config/config.js';

export type TrustProxy = false | string[] | ((address: string, hop: number) => boolean);

export function trustProxyFor(setting: Config['trustProxy']): TrustProxy {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}
