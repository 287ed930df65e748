// The event pages' browser script (client/local-times.ts: the reader's own
// time beside the publication's), for the static assets (core/http/static-assets.ts).
import { fileURLToPath } from 'node:url';
import type { ClientScripts } from '../../core/http/static-assets.js';

export const eventScripts: ClientScripts = {
  build({ bundle, output, fingerprint }) {
    const entry = fileURLToPath(new URL('./client/local-times.ts', import.meta.url));
    const script = fingerprint(
      'event-local-times.js',
      output(bundle({ 'event-local-times': entry }, { format: 'esm' }), 'event-local-times.js'),
    );
    return { assets: [script], scripts: [script.href] };
  },
};
