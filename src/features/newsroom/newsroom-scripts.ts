// The newsroom's browser script (client/article-editor.ts: the Tiptap article
// editor) with its stylesheet, for the static assets (core/http/static-assets.ts).
// Only newsroom pages load it: the layout of the editor page lists `scripts`.
// The stylesheet is linked by the script itself (the editor's styles matter
// only once it runs); it learns the fingerprinted URL at build time.
import { fileURLToPath } from 'node:url';
import type { ClientScripts } from '../../core/http/static-assets.js';

const client = (file: string) => fileURLToPath(new URL(`./client/${file}`, import.meta.url));

export const newsroomScripts: ClientScripts = {
  build({ bundle, output, fingerprint }) {
    const stylesheet = fingerprint(
      'article-editor.css',
      output(bundle({ 'article-editor': client('article-editor.css') }, {}), 'article-editor.css'),
    );
    const scripts = bundle(
      { 'article-editor': client('article-editor.ts') },
      { format: 'esm', define: { EDITOR_STYLESHEET_URL: JSON.stringify(stylesheet.href) } },
    );
    const editor = fingerprint('article-editor.js', output(scripts, 'article-editor.js'));
    return { assets: [stylesheet, editor], scripts: [editor.href] };
  },
};

/** The media library's progress script (client/media-progress.ts): polls an image's renditions while they are made. */
export const mediaLibraryScripts: ClientScripts = {
  build({ bundle, output, fingerprint }) {
    const script = fingerprint(
      'media-progress.js',
      output(bundle({ 'media-progress': client('media-progress.ts') }, { format: 'esm' }), 'media-progress.js'),
    );
    return { assets: [script], scripts: [script.href] };
  },
};
