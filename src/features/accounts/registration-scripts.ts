// The registration form's browser scripts (client/), for the static assets
// (core/http/static-assets.ts): the ALTCHA widget (its "external" build,
// which injects no <style> and no blob: worker, so the CSP stays strict) with
// its stylesheet and PBKDF2 worker, then the form's own validation. The widget
// learns the fingerprinted URLs of its stylesheet and worker at build time.
import { fileURLToPath } from 'node:url';
import type { ClientScripts } from '../../core/http/static-assets.js';

const client = (file: string) => fileURLToPath(new URL(`./client/${file}`, import.meta.url));

export const registrationScripts: ClientScripts = {
  build({ bundle, output, fingerprint }) {
    const vendor = bundle({ 'altcha-pbkdf2-worker': 'altcha/workers/pbkdf2', altcha: 'altcha/altcha.css' }, { format: 'iife' });
    const worker = fingerprint('altcha-pbkdf2-worker.js', output(vendor, 'altcha-pbkdf2-worker.js'));
    const stylesheet = fingerprint('altcha.css', output(vendor, 'altcha.css'));
    const scripts = bundle(
      { 'altcha-widget': client('altcha-widget.ts'), 'registration-form': client('registration-form.ts') },
      { format: 'esm', define: { ALTCHA_WORKER_URL: JSON.stringify(worker.href), ALTCHA_STYLESHEET_URL: JSON.stringify(stylesheet.href) } },
    );
    const widget = fingerprint('altcha-widget.js', output(scripts, 'altcha-widget.js'));
    const form = fingerprint('registration-form.js', output(scripts, 'registration-form.js'));
    return { assets: [worker, stylesheet, widget, form], scripts: [widget.href, form.href] };
  },
};
