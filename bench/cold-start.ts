// Cold start: from spawning a node to its first 200 on `/`, over an already
// migrated database with the demo newspaper, and the node's memory at rest.
// `npx tsx bench/cold-start.ts [--runs 5] [--compare-tsx]`: the production
// start (`node bin/masthead.js serve`, the compiled build) and, with
// --compare-tsx, the same through tsx as `npm start` ran before the build.
// A bare node HTTP server is measured first, as the floor this machine sets.
// Prints the median of the runs, the CPU time the node spent until then, and
// its resident memory two seconds after the first page. A first run, not
// counted, leaves the code cache every start after a node's first finds. The machine's load
// average is printed too: on a busy machine every figure is slower.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'compare-tsx': { type: 'boolean', default: false } } });
const runs = Number(values.runs);

interface Run {
  firstPageMs: number;
  cpuMs: number;
  restingRssMb: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function status(port: number): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/' }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', () => resolve(0));
  });
}

/** User + system CPU time of a process so far (Linux /proc), in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

async function measure(command: string[], environment: NodeJS.ProcessEnv, restMs = 2000): Promise<Run> {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(command[0]!, command.slice(1), { cwd: projectRoot, env: { ...environment, PORT: String(port) }, stdio: 'ignore' });
  try {
    while ((await status(port)) !== 200) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}`);
      if (performance.now() - startedAt > 60_000) throw new Error(`${command.join(' ')} served no page within 60 s`);
      await sleep(2);
    }
    const firstPageMs = performance.now() - startedAt;
    const cpu = cpuMs(child.pid!);
    await sleep(restMs);
    return { firstPageMs, cpuMs: cpu, restingRssMb: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

async function report(name: string, command: string[], environment: NodeJS.ProcessEnv): Promise<void> {
  // Not counted: warms the file cache, and runs long enough to leave the build's V8 code cache
  // (scripts/build.js, runCompiledCli), as any node that ran before has.
  await measure(command, environment, 6000);
  const results: Run[] = [];
  for (let index = 0; index < runs; index++) results.push(await measure(command, environment));
  const list = results.map((result) => Math.round(result.firstPageMs)).join(', ');
  console.log(
    `${name}: first 200 after ${Math.round(median(results.map((result) => result.firstPageMs)))} ms (median of ${runs}: ${list}); ` +
      `CPU ${Math.round(median(results.map((result) => result.cpuMs)))} ms; RSS at rest ${median(results.map((result) => result.restingRssMb)).toFixed(0)} MB`,
  );
}

const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'masthead-cold-start-'));
try {
  const environment = { PATH: process.env.PATH, DATA_DIR: dataDirectory, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  // Builds the CLI if need be, then migrates and loads the demo: every measured start finds a ready database.
  const seeded = spawnSync(process.execPath, ['bin/masthead.js', 'seed-demo'], { cwd: projectRoot, env: environment, encoding: 'utf8' });
  if (seeded.status !== 0) throw new Error(`seed-demo failed:\n${seeded.stderr}`);
  const load = os
    .loadavg()
    .map((average) => average.toFixed(2))
    .join(' ');
  console.log(`load average ${load} on ${os.cpus().length} cores; node ${process.version}`);
  // The floor on this machine right now: node itself, answering 200 with nothing else loaded.
  const bare = "require('http').createServer((request, response) => response.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')";
  await report('bare node HTTP server (the floor)', [process.execPath, '-e', bare], environment);
  await report('node bin/masthead.js serve (the build)', [process.execPath, 'bin/masthead.js', 'serve'], environment);
  if (values['compare-tsx'])
    await report('tsx src/cli.ts serve', [process.execPath, '--import', 'tsx', 'src/cli.ts', 'serve'], environment);
} finally {
  rmSync(dataDirectory, { recursive: true, force: true });
}
