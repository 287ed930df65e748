#!/usr/bin/env node
// The `masthead` command (`npm start` is `masthead serve`): runs the compiled
// CLI, dist/cli.cjs, with plain node. When the build is missing or older than
// the sources it is built first (scripts/build.js), so a fresh clone needs no
// separate build step.
import { createRequire } from 'node:module';
import { builtCli } from '../scripts/build.js';

const cli = await builtCli({ log: (message) => console.error(message) });
// Required, not imported: importing a CommonJS file makes Node scan all of it for export names first.
createRequire(import.meta.url)(cli);
