// Child processes for the benchmark: each runs in its own process group so
// stopping it also stops whatever it started (nginx workers, npx shims), and
// every wait is bounded in time.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const OUTPUT_LIMIT = 64 * 1024;

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>;
  hasExited(): boolean;
  /** The last 64 KB of stdout and stderr, for error messages. */
  output(): string;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

function keepTail(current: string, chunk: Buffer): string {
  const next = current + chunk.toString('utf8');
  return next.length > OUTPUT_LIMIT ? next.slice(-OUTPUT_LIMIT) : next;
}

/** Keeps track of everything the benchmark started, so one call stops it all. */
export class ProcessGroup {
  private readonly running = new Set<RunningProcess>();

  start(name: string, command: string, args: readonly string[], options: StartOptions): RunningProcess {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let isDone = false;
    child.stdout?.on('data', (chunk: Buffer) => (output = keepTail(output, chunk)));
    child.stderr?.on('data', (chunk: Buffer) => (output = keepTail(output, chunk)));
    const exited = new Promise<number | string>((resolve) => {
      child.once('error', (error) => {
        output = keepTail(output, Buffer.from(String(error)));
        isDone = true;
        resolve('spawn-error');
      });
      child.once('exit', (code, signal) => {
        isDone = true;
        resolve(code ?? signal ?? 'unknown');
      });
    });
    const running: RunningProcess = { name, child, exited, hasExited: () => isDone, output: () => output };
    this.running.add(running);
    void exited.then(() => this.running.delete(running));
    return running;
  }

  /** SIGTERM to the whole group, SIGKILL if it is still there after `graceMs`. */
  async stop(running: RunningProcess, graceMs = 5000): Promise<void> {
    const pid = running.child.pid;
    if (pid === undefined || running.hasExited()) return;
    signalGroup(pid, 'SIGTERM');
    const outcome = await Promise.race([running.exited.then(() => 'exited' as const), sleep(graceMs).then(() => 'timeout' as const)]);
    // The leader may be gone while workers it started linger: kill the group regardless.
    signalGroup(pid, 'SIGKILL');
    if (outcome === 'timeout') await Promise.race([running.exited, sleep(2000)]);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((running) => this.stop(running)));
  }

  /** Runs a command to completion; throws with its output if it fails or overruns. */
  async run(name: string, command: string, args: readonly string[], options: StartOptions & { timeoutMs: number }): Promise<string> {
    const running = this.start(name, command, args, options);
    const outcome = await Promise.race([running.exited, sleep(options.timeoutMs).then(() => 'timeout' as const)]);
    if (outcome === 'timeout') {
      await this.stop(running);
      throw new Error(`${name} did not finish within ${options.timeoutMs} ms:\n${running.output()}`);
    }
    if (outcome !== 0) throw new Error(`${name} failed (${outcome}):\n${running.output()}`);
    return running.output();
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** A port the kernel just handed out on loopback (free at the time of asking). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('No free port'))));
    });
  });
}

function findCommand(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    // Debian puts nginx in /usr/sbin, which is not on every user's PATH.
    return [`/usr/sbin/${name}`, `/usr/bin/${name}`].find((candidate) => existsSync(candidate));
  }
}

/** nginx and wrk, installed with apt-get when missing (CI machines start without them). */
export function ensureTools(): { nginx: string; wrk: string } {
  let nginx = findCommand('nginx');
  let wrk = findCommand('wrk');
  if (!nginx || !wrk) {
    // Without root, sudo -n: fail at once rather than wait for a password prompt.
    const [command, ...prefix] = process.getuid?.() === 0 ? ['apt-get'] : ['sudo', '-n', 'apt-get'];
    const apt = (args: string[]) =>
      execFileSync(command!, [...prefix, ...args], {
        stdio: 'inherit',
        timeout: 15 * 60 * 1000,
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    console.log('Installing nginx and wrk with apt-get…');
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'nginx', 'wrk']);
    nginx = findCommand('nginx');
    wrk = findCommand('wrk');
  }
  if (!nginx || !wrk) throw new Error('nginx and wrk are required (apt-get install -y nginx wrk).');
  return { nginx, wrk };
}

export function commandVersion(command: string, args: string[]): string {
  // nginx -v writes to stderr; wrk --version exits 1 after printing its banner.
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n')[0]!.trim();
}
