#!/usr/bin/env node
// The `masthead` command (`npm start` is `masthead serve`): runs the compiled
// CLI, dist/cli.cjs, with plain node. When the build is missing or older than
// the sources it is built first (scripts/build.js), so a fresh clone needs no
// separate build step.
import { builtCli, runCompiledCli } from '../scripts/build.js';

runCompiledCli(await builtCli({ log: (message) => console.error(message) }));
