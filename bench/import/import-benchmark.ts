// `npm run bench -- --import [N]`: generates N-post Ghost and WordPress
// exports (import-exports.ts), imports each into a fresh SQLite database and
// a fresh PostgreSQL database, each import in its own process
// (import-child.ts), and reports time, posts per second and peak RSS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBenchDatabase, DEFAULT_POSTGRES_URL, redact } from '../postgres.js';
import { writeGhostExport, writeWordPressExport } from './import-exports.js';

const DEFAULT_POSTS = 10_000;
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `--import`, `--import 500` or `--import=500` in the arguments: this benchmark's own arguments, else null. */
export function importArguments(argv: readonly string[]): string[] | null {
  const index = argv.findIndex((argument) => argument === '--import' || argument.startsWith('--import='));
  if (index === -1) return null;
  const rest = [...argv];
  if (rest[index] === '--import') {
    const value = rest[index + 1];
    const hasValue = value !== undefined && /^[\d_,]+$/.test(value);
    rest.splice(index, hasValue ? 2 : 1, `--import=${hasValue ? value : DEFAULT_POSTS}`);
  }
  return rest;
}

interface ChildResult {
  format: string;
  seconds: number;
  imported: number;
  skipped: number;
  redirects: number;
  peakRssMb: number;
}

function runChild(format: 'ghost' | 'wordpress', file: string, environment: Record<string, string>): ChildResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/import/import-child.ts', format, file], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, PUBLIC_URL: 'https://bench.example.test', LOG_LEVEL: 'silent', DEMO_CONTENT: 'off', ...environment },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`The ${format} import failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

export async function runImportBenchmark(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { import: { type: 'string' }, 'postgres-url': { type: 'string', default: DEFAULT_POSTGRES_URL } },
    strict: false,
  });
  const posts = Number(String(values.import ?? DEFAULT_POSTS).replace(/[_,]/g, ''));
  if (!Number.isInteger(posts) || posts < 1) {
    console.error('--import takes a number of posts.');
    return 2;
  }
  const directory = mkdtempSync(path.join(os.tmpdir(), 'masthead-import-bench-'));
  try {
    const files = { ghost: path.join(directory, 'ghost.json'), wordpress: path.join(directory, 'wordpress.xml') };
    console.error(`Generating ${posts} posts for each export…`);
    await writeGhostExport(files.ghost, posts);
    await writeWordPressExport(files.wordpress, posts);
    const rows: string[] = [];
    for (const engine of ['sqlite', 'postgres'] as const) {
      for (const format of ['ghost', 'wordpress'] as const) {
        let environment: Record<string, string>;
        let drop: (() => Promise<void>) | null = null;
        if (engine === 'sqlite') environment = { DATA_DIR: mkdtempSync(path.join(directory, `${format}-`)) };
        else {
          const created = await createBenchDatabase(String(values['postgres-url']));
          if ('skipped' in created) {
            rows.push(`| ${engine} | ${format} | skipped: ${created.skipped} | | | |`);
            continue;
          }
          drop = created.drop;
          environment = {
            DATA_DIR: mkdtempSync(path.join(directory, `${format}-`)),
            DATABASE_URL: created.url,
            SESSION_SECRET: 'import-benchmark-secret-0123456789abcdef0123456789',
          };
        }
        console.error(`Importing ${format} on ${engine}…`);
        try {
          const result = runChild(format, files[format], environment);
          rows.push(
            `| ${engine} | ${format} (${Math.round(statSync(files[format]).size / 1024 / 1024)} MB) | ${result.imported} (+${result.skipped} skipped) | ${result.seconds.toFixed(1)} s | ${Math.round(result.imported / result.seconds)} | ${result.peakRssMb} MB |`,
          );
        } finally {
          await drop?.();
        }
      }
    }
    console.log(`Import of ${posts} synthetic posts per export (PostgreSQL at ${redact(String(values['postgres-url']))})\n`);
    console.log('| Engine | Export | Articles | Time | Articles/s | Peak RSS |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
    return 0;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
