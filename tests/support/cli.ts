// Runs the `masthead` command as an operator would (`npm run masthead`): a real
// process over the given data directory, from the compiled build (bin/masthead.js
// builds it first when it is missing or stale, under its lock).
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT_MS = 60_000;

const environment = (dataDirectory: string) => ({
  PATH: process.env.PATH,
  DATA_DIR: dataDirectory,
  PUBLIC_URL: 'https://news.example.test',
  LOG_LEVEL: 'silent',
  DEMO_CONTENT: 'off',
});

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runMasthead(dataDirectory: string, ...args: string[]): CommandResult {
  const result = spawnSync(process.execPath, ['bin/masthead.js', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: environment(dataDirectory),
    timeout: TIMEOUT_MS,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without waiting: for several commands at once. */
export function startMasthead(dataDirectory: string, ...args: string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/masthead.js', ...args],
      { cwd: projectRoot, encoding: 'utf8', env: environment(dataDirectory), timeout: TIMEOUT_MS },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
