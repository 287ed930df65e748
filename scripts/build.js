// @ts-check
// The production build: esbuild bundles src/cli.ts and everything it imports
// (migrations and most packages included) into one file, dist/cli.cjs, which
// `npm start` and `npm run masthead` run with plain node: no TypeScript loader
// beside the server, and one file to parse instead of a thousand small modules.
//
// Plain JavaScript, so node runs it as it is. bin/masthead.js calls
// `builtCli()`: when dist/ is missing or older than the sources it builds
// first, so `npm ci && npm start` works on a fresh clone. Several commands may
// start at once in one checkout: one builds under a lock file while the others
// wait for it, and every output is written beside its final name and renamed
// into place, so no process ever loads half a file. The lock only saves work:
// two builds that did run together would each rename a complete, identical file.
// docs/decisions/013-many-nodes-and-the-production-start.md
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import vm from 'node:vm';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const outputDirectory = path.join(projectRoot, 'dist');
const outputFile = path.join(outputDirectory, 'cli.cjs');
const stampFile = path.join(outputDirectory, 'build.json');
const lockFile = path.join(outputDirectory, 'build.lock');

/** What the bundle is made of: a change to any of these makes the build stale. */
const SOURCE_DIRECTORIES = ['src', 'migrations'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.js'];
// Tests are never part of the bundle; editing one should not cost the next start a build.
const isTestFile = (/** @type {string} */ name) => /\.test\.tsx?$/.test(name);

/**
 * Packages required from node_modules at run time rather than bundled: native
 * addons (their loaders find .node files beside themselves), esbuild (it runs
 * its own binary), and what only some deployments or requests need, loaded when
 * first used (PostgreSQL, Redis, Stripe, SMTP).
 */
const EXTERNAL_PACKAGES = ['better-sqlite3', '@node-rs/argon2', 'sharp', 'esbuild', 'pg', 'ioredis', 'stripe', 'nodemailer'];

/** A lock older than this was left by a build that died (a build takes a few seconds). */
const STALE_LOCK_MS = 120_000;
const LOCK_POLL_MS = 50;

/**
 * The sources' names, sizes and modification times, hashed. Stat only, no
 * reading: it runs before every start, and a few hundred stats cost a few
 * milliseconds. Any edit, checkout or pull changes a file's mtime.
 */
export function sourceFingerprint() {
  const hash = createHash('sha256');
  const visit = (/** @type {string} */ relative) => {
    const stats = statSync(path.join(projectRoot, relative), { throwIfNoEntry: false });
    if (stats) hash.update(`${relative}\0${stats.size}\0${stats.mtimeMs}\n`);
  };
  const walk = (/** @type {string} */ directory) => {
    const entries = readdirSync(path.join(projectRoot, directory), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const relative = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (!isTestFile(entry.name)) visit(relative);
    }
  };
  for (const directory of SOURCE_DIRECTORIES) walk(directory);
  for (const file of SOURCE_FILES) visit(file);
  // The bundle finds some files by their place in the checkout (sourceFileUrls): a moved checkout builds again.
  hash.update(projectRoot);
  return hash.digest('hex');
}

function readStamp() {
  try {
    return /** @type {{ fingerprint?: string }} */ (JSON.parse(readFileSync(stampFile, 'utf8'))).fingerprint;
  } catch {
    return undefined;
  }
}

function isCurrent(/** @type {string} */ fingerprint) {
  return readStamp() === fingerprint && statSync(outputFile, { throwIfNoEntry: false }) !== undefined;
}

/** Writes under a temporary name beside the file, then renames over it: atomic on one filesystem. */
function writeAtomically(/** @type {string} */ file, /** @type {string | Uint8Array} */ contents) {
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/**
 * A bundled module has no `import.meta.url` of its own. The few that find
 * files beside themselves (the stylesheet, the browser scripts' sources) get
 * their source file's URL, written relative to the bundle's folder.
 * @param {string} bundleDirectory
 * @returns {import('esbuild').Plugin}
 */
function sourceFileUrls(bundleDirectory) {
  return {
    name: 'source-file-urls',
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const contents = readFileSync(args.path, 'utf8');
        if (!contents.includes('import.meta.url')) return undefined;
        const fromBundle = JSON.stringify(path.relative(bundleDirectory, args.path));
        return {
          contents: contents.replaceAll(
            'import.meta.url',
            `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${fromBundle})).href`,
          ),
          loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
        };
      });
    },
  };
}

/**
 * Puts what the static assets' build recorded into the bundle in place of
 * src/core/http/prebuilt-assets.ts, so a start needs no esbuild.
 * @param {unknown} recorded
 * @returns {import('esbuild').Plugin}
 */
function prebuiltAssets(recorded) {
  return {
    name: 'prebuilt-assets',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]core[\\/]http[\\/]prebuilt-assets\.ts$/ }, () => ({
        contents: `export const prebuiltAssets = ${JSON.stringify(recorded)};`,
        loader: 'ts',
      }));
    },
  };
}

/** @type {Partial<import('esbuild').BuildOptions>} */
const NODE_BUNDLE = {
  absWorkingDir: projectRoot,
  bundle: true,
  platform: 'node',
  // CommonJS: it loads faster than an ES module of the same size, and its
  // external packages are required without Node scanning each for exports.
  format: 'cjs',
  target: 'node20',
  external: EXTERNAL_PACKAGES,
  // `import('sharp')` becomes a require: the bundle runs as a vm.Script (runCompiledCli), which has no ES module loader.
  supported: { 'dynamic-import': false },
  write: false,
  logLevel: 'warning',
};

/**
 * Builds the stylesheet and the features' browser scripts as a start would
 * (static-assets.ts, recordStaticAssets) and answers what esbuild made.
 * @param {typeof import('esbuild')} esbuild
 */
async function recordStaticAssets(esbuild) {
  const recorder = await esbuild.build({
    ...NODE_BUNDLE,
    stdin: {
      contents:
        "export { recordStaticAssets } from './src/core/http/static-assets.ts';\nexport { clientScripts } from './src/client-scripts.ts';",
      resolveDir: projectRoot,
      sourcefile: 'record-static-assets.ts',
      loader: 'ts',
    },
    outfile: path.join(outputDirectory, 'record-static-assets.cjs'),
    plugins: [sourceFileUrls(outputDirectory)],
  });
  // Run from dist/, where the paths its sourceFileUrls wrote are relative to.
  const file = path.join(outputDirectory, `record-static-assets.${process.pid}.cjs`);
  writeFileSync(file, recorder.outputFiles[0].contents);
  try {
    const { recordStaticAssets: record, clientScripts } = createRequire(import.meta.url)(file);
    return record(clientScripts);
  } finally {
    unlinkQuietly(file);
  }
}

/** Bundles now, whatever the stamp says; the caller holds the lock. Answers how long it took. */
async function buildNow(/** @type {string} */ fingerprint) {
  const esbuild = await import('esbuild');
  const startedAt = performance.now();
  mkdirSync(outputDirectory, { recursive: true });
  const recorded = await recordStaticAssets(esbuild);
  const result = await esbuild.build({
    ...NODE_BUNDLE,
    entryPoints: [path.join(projectRoot, 'src/cli.ts')],
    outfile: outputFile,
    // Stack traces name the sources with NODE_OPTIONS=--enable-source-maps.
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [prebuiltAssets(recorded), sourceFileUrls(outputDirectory)],
  });
  for (const name of readdirSync(outputDirectory)) if (name.endsWith(CODE_CACHE_SUFFIX)) unlinkQuietly(path.join(outputDirectory, name));
  // The map before the bundle, the stamp last: whoever sees the new stamp finds the new files.
  const byMapFirst = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
  for (const file of byMapFirst) writeAtomically(file.path, file.contents);
  writeAtomically(stampFile, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }) + '\n');
  return Math.round(performance.now() - startedAt);
}

function isProcessAlive(/** @type {number} */ pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/** Whether the lock file was left by a process that is gone, or is older than any build. */
function isLockAbandoned() {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    const ageMs = Date.now() - statSync(lockFile).mtimeMs;
    return ageMs > STALE_LOCK_MS || (Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid));
  } catch {
    return false; // gone already, or not written yet: look again
  }
}

function unlinkQuietly(/** @type {string} */ file) {
  try {
    unlinkSync(file);
  } catch {
    // Removed by someone else first.
  }
}

/**
 * Runs `work` holding dist/build.lock (created exclusively, holding our pid);
 * waits while a live process holds it.
 * @template T
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
async function withBuildLock(work) {
  mkdirSync(outputDirectory, { recursive: true });
  const giveUpAt = Date.now() + STALE_LOCK_MS;
  for (;;) {
    let descriptor;
    try {
      descriptor = openSync(lockFile, 'wx');
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
      if (isLockAbandoned()) unlinkQuietly(lockFile);
      // Never wait forever: building without the lock is still correct, only wasteful.
      else if (Date.now() > giveUpAt) return work();
      await sleep(LOCK_POLL_MS);
      continue;
    }
    try {
      writeFileSync(descriptor, String(process.pid));
      closeSync(descriptor);
      return await work();
    } finally {
      unlinkQuietly(lockFile);
    }
  }
}

/**
 * The compiled CLI's path, building it first when it is missing or stale.
 * `log` hears about a build (a fresh clone's first start, a start after a pull).
 * @param {{ log?: (message: string) => void }} [options]
 */
export async function builtCli(options = {}) {
  const fingerprint = sourceFingerprint();
  if (isCurrent(fingerprint)) return outputFile;
  await withBuildLock(async () => {
    // Another process may have built it while this one waited.
    if (isCurrent(fingerprint)) return;
    options.log?.('Building dist/cli.cjs from the sources (esbuild)…');
    const ms = await buildNow(fingerprint);
    options.log?.(`Built dist/cli.cjs in ${ms} ms.`);
  });
  return outputFile;
}

const CODE_CACHE_SUFFIX = '.v8-cache';
/** How long a process runs before it keeps V8's compiled code for the next start: its start-up work is done by then. */
const CODE_CACHE_AFTER_MS = 5000;

/**
 * Runs the compiled CLI as `require` would, plus a V8 code cache: compiling
 * the 4 MB bundle (and each function its start-up calls) was a quarter of a
 * start's CPU time. The first process to run a build keeps what V8 compiled a
 * few seconds in, beside the bundle; later starts reuse it. The cache is named
 * after the file the process read (inode, size, time), so a rebuilt bundle
 * never runs another's code; V8 itself rejects a cache from another Node.
 * @param {string} file
 */
export function runCompiledCli(file) {
  const descriptor = openSync(file, 'r');
  let source;
  let cacheFile;
  try {
    const stats = fstatSync(descriptor);
    source = readFileSync(descriptor, 'utf8');
    cacheFile = `${file}.${stats.ino}-${stats.size}-${Math.round(stats.mtimeMs)}${CODE_CACHE_SUFFIX}`;
  } finally {
    closeSync(descriptor);
  }
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // None yet.
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new vm.Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected) {
    setTimeout(() => {
      try {
        writeAtomically(cacheFile, script.createCachedData());
      } catch {
        // A read-only checkout: start without a cache.
      }
    }, CODE_CACHE_AFTER_MS).unref();
  }
  const module = { exports: {}, filename: file, id: file, loaded: true };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
}

// `npm run build`: builds whatever the stamp says, under the lock.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  withBuildLock(() => buildNow(sourceFingerprint())).then(
    (ms) => process.stdout.write(`Built ${path.relative(process.cwd(), outputFile)} in ${ms} ms.\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
