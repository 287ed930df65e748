// The ALTCHA proof-of-work widget, in its "external" build: it injects no
// <style> element and embeds no blob: workers, so it runs under the site's CSP
// (script-src 'self', style-src 'self'). Its stylesheet and its PBKDF2 worker
// are served from our own origin, fingerprinted; core/http/static-assets.ts
// fills in their URLs when it bundles this file.
import './altcha-stylesheet.js';
import 'altcha/external';
import { startWorker } from './browser.js';

declare const ALTCHA_WORKER_URL: string;

/** What the widget module puts on globalThis (see altcha's types/index.d.ts). */
interface AltchaGlobal {
  algorithms: Map<string, () => unknown>;
  defaults: { set(values: Record<string, unknown>): void };
}

const { $altcha } = globalThis as unknown as { $altcha: AltchaGlobal };

// Only the algorithm the server issues (core/security/bot-protection.ts).
$altcha.algorithms.set('PBKDF2/SHA-256', () => startWorker(ALTCHA_WORKER_URL));
// A newspaper's form should not send its readers to a vendor's site.
$altcha.defaults.set({ hideFooter: true, hideLogo: true });
