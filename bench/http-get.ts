// A raw GET over node:http: the body exactly as sent on the wire (no
// automatic decompression, unlike fetch), so byte counts are what a browser
// downloads and the bytes can be handed to nginx unchanged.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function httpGet(url: string, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** GETs `url` until it answers 200 (connection refused and 5xx mean "not yet"); returns ms since `startedAt`. */
export async function waitForOk(
  url: string,
  options: { startedAt: number; timeoutMs: number; intervalMs?: number; maxAttempts?: number; isAlive?: () => boolean },
): Promise<number> {
  const intervalMs = options.intervalMs ?? 5;
  const maxAttempts = options.maxAttempts ?? Math.ceil(options.timeoutMs / intervalMs);
  let lastProblem = 'no attempt';
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (performance.now() - options.startedAt > options.timeoutMs) break;
    if (options.isAlive && !options.isAlive()) throw new Error(`The process serving ${url} exited before answering.`);
    try {
      const response = await httpGet(url, {}, 5_000);
      if (response.status === 200) return performance.now() - options.startedAt;
      lastProblem = `status ${response.status}`;
      if (response.status < 500) break;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer 200 in time (${lastProblem}).`);
}
