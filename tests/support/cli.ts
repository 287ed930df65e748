// Runs the `masthead` command as an operator would (`npm run masthead`): a real
// process over the given data directory, from the compiled build (bin/masthead.js
// builds it first when it is missing or stale, under its lock).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export function runMasthead(dataDirectory: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/masthead.js', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      DATA_DIR: dataDirectory,
      PUBLIC_URL: 'https://news.example.test',
      LOG_LEVEL: 'silent',
      DEMO_CONTENT: 'off',
    },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
