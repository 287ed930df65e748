// What a benchmark report says about the code and the machine it measured.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Revision {
  commit: string;
  hasLocalChanges: boolean | null;
}

export function readRevision(projectRoot: string): Revision {
  // GIT_OPTIONAL_LOCKS=0: never take the index lock other git commands may hold.
  const git = (args: string[]) =>
    spawnSync('git', ['-C', projectRoot, ...args], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  const commit = git(['rev-parse', 'HEAD']);
  if (commit.status !== 0) return { commit: 'unknown', hasLocalChanges: null };
  const diff = git(['diff', '--quiet', 'HEAD', '--']);
  return { commit: commit.stdout.trim(), hasLocalChanges: diff.status === 0 ? false : diff.status === 1 ? true : null };
}

export function cpuModel(): string {
  const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return match?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
}
