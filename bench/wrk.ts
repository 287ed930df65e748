// Runs wrk (one thread, N connections, --latency) and parses what it prints.
import type { ProcessGroup } from './processes.js';

export interface WrkResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Responses outside 2xx/3xx (a run with any is rejected), and connect/read/write/timeout errors (reported). */
  badResponses: number;
  socketErrors: number;
}

export interface WrkOptions {
  wrk: string;
  url: string;
  durationSeconds: number;
  connections: number;
  headers?: Record<string, string>;
  /** A Lua script (wrk -s) and the arguments after `--`: e.g. bench/archive/walk-paths.lua and its list of paths. */
  script?: { file: string; args: string[] };
  /** wrk's per-request timeout [2 s]: a slower answer counts as a timeout error, not in the latencies. */
  timeoutSeconds?: number;
}

const UNIT_TO_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function toMs(value: string, unit: string): number {
  const factor = UNIT_TO_MS[unit];
  if (factor === undefined) throw new Error(`Unknown wrk latency unit "${unit}"`);
  return Number.parseFloat(value) * factor;
}

export function parseWrkOutput(output: string): WrkResult {
  const requestsPerSecond = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(output);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(output);
  const requests = /(\d+) requests in/.exec(output);
  if (!requestsPerSecond || !p50 || !p99 || !requests) throw new Error(`Could not parse wrk output:\n${output}`);
  const bad = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSecond: Number.parseFloat(requestsPerSecond[1]!),
    latencyP50Ms: toMs(p50[1]!, p50[2]!),
    latencyP99Ms: toMs(p99[1]!, p99[2]!),
    requests: Number.parseInt(requests[1]!, 10),
    badResponses: bad ? Number.parseInt(bad[1]!, 10) : 0,
    socketErrors: socket ? socket.slice(1).reduce((sum, count) => sum + Number.parseInt(count!, 10), 0) : 0,
  };
}

export async function runWrk(processes: ProcessGroup, options: WrkOptions): Promise<WrkResult> {
  const headerArgs = Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${options.durationSeconds}s`,
    '--latency',
    ...(options.timeoutSeconds ? ['--timeout', `${options.timeoutSeconds}s`] : []),
    ...(options.script ? ['-s', options.script.file] : []),
    ...headerArgs,
    options.url,
    ...(options.script ? ['--', ...options.script.args] : []),
  ];
  const output = await processes.run('wrk', options.wrk, args, {
    env: process.env,
    timeoutMs: (options.durationSeconds + (options.timeoutSeconds ?? 2) + 30) * 1000,
  });
  const result = parseWrkOutput(output);
  if (result.badResponses > 0) throw new Error(`wrk saw ${result.badResponses} responses outside 2xx/3xx on ${options.url}:\n${output}`);
  if (result.socketErrors > 0) console.warn(`  warning: ${result.socketErrors} socket errors on ${options.url}`);
  return result;
}
