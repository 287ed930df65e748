// Test support: headless Chromium (Debian's, not a downloaded build) and
// axe-core accessibility scans for the e2e suite.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

let axeSource: Promise<string> | undefined;

const axeOptions: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
};

/**
 * Runs axe-core on the page and returns one readable line per violation, so
 * `expect(violations).toEqual([])` says what is wrong and where.
 */
export async function checkAccessibility(page: Page): Promise<string[]> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol rather than a <script> tag: the
  // site's CSP rightly refuses inline scripts, and bypassing CSP for the whole
  // context would hide the CSP errors the tests look for.
  await page.evaluate(await axeSource);
  const results = await page.evaluate(async (options) => {
    const scope = globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> }; document: unknown };
    const { violations } = await scope.axe.run(scope.document, options);
    return violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map(
        (node) => `${node.target.join(' ')}${node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, ' ')})` : ''}`,
      ),
    }));
  }, axeOptions);
  return results.map(
    (violation) => `${violation.id} [${violation.impact ?? 'unknown'}] ${violation.help}: ${violation.targets.join('; ')}`,
  );
}

/** The page's ALTCHA widget has fetched its challenge and solved it: its form now carries a proof. */
export async function waitForProofOfWork(page: Page): Promise<void> {
  // A function, not a string: the site's CSP rightly forbids eval.
  const isVerified = () => {
    const widget = (
      globalThis as unknown as { document: { querySelector(selector: string): { getState?(): string } | null } }
    ).document.querySelector('altcha-widget');
    return widget?.getState?.() === 'verified';
  };
  await page.waitForFunction(isVerified, undefined, { timeout: 10_000 });
}

/**
 * Collects what a journey must not do into `problems`: a console error, an
 * uncaught page error, a request to any other origin (data: and blob: are the
 * page's own), and — when `failures` is given — a response of 400 or more
 * whose `METHOD /path status` is not in it (Chromium's "Failed to load
 * resource" console line for such a response is left to that check). Tests
 * add a key to `failures` just before they provoke it.
 */
export function watchPage(page: Page, watch: { problems: string[]; origin: () => string; failures?: ReadonlySet<string> }): void {
  const { problems, failures } = watch;
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (failures && message.text().startsWith('Failed to load resource')) return;
    problems.push(`console: ${message.location().url}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const address = request.url();
    if (!address.startsWith(`${watch.origin()}/`) && !address.startsWith('data:') && !address.startsWith('blob:'))
      problems.push(`off-site request: ${address}`);
  });
  if (!failures) return;
  page.on('response', (response) => {
    const key = `${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`;
    if (response.status() >= 400 && !failures.has(key)) problems.push(`response: ${key}`);
  });
}
