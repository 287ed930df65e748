// The static assets as the production build made them (static-assets.ts,
// PrebuiltAssets): scripts/build.js replaces this module in the bundle with
// what it recorded. Running from the sources (tsx, the tests) there is none,
// and the assets are built with esbuild at start.
import type { PrebuiltAssets } from './static-assets.js';

export const prebuiltAssets: PrebuiltAssets | undefined = undefined;
