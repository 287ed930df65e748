// The thread page's browser script (client/comments-live.ts: live updates over
// Server-Sent Events), for the static assets (core/http/static-assets.ts).
import { fileURLToPath } from 'node:url';
import type { ClientScripts } from '../../core/http/static-assets.js';

export const commentScripts: ClientScripts = {
  build({ bundle, output, fingerprint }) {
    const entry = fileURLToPath(new URL('./client/comments-live.ts', import.meta.url));
    const live = fingerprint('comments-live.js', output(bundle({ 'comments-live': entry }, { format: 'esm' }), 'comments-live.js'));
    return { assets: [live], scripts: [live.href] };
  },
};
