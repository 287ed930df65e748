// Test support: an anonymous reader who meets an article's wall and registers
// through the form under it, as a browser without JavaScript's delay would
// (the proof-of-work solved as the widget does).
import type { FastifyInstance } from 'fastify';
import { hiddenValue, solveAltcha, TestBrowser, validRegistration } from '../../accounts/testing/session-helpers.js';

/** The fixture newspaper's registered-only article: every anonymous reader meets its wall. */
export const WALLED_ARTICLE = '/politics/2026/03/08/members-only-analysis';

let readers = 0;

export async function registerFromWall(app: FastifyInstance, articlePath = WALLED_ARTICLE) {
  const browser = new TestBrowser(app, `198.51.100.${++readers % 250}`);
  const page = await browser.get(articlePath);
  if (page.statusCode !== 200 || !page.body.includes('data-wall="register"')) throw new Error(`no wall at ${articlePath}`);
  const fields = { _csrf: hiddenValue(page.body, '_csrf'), next: hiddenValue(page.body, 'next'), wall: hiddenValue(page.body, 'wall') };
  const altcha = await solveAltcha(browser);
  const response = await browser.post('/register', { ...fields, altcha, ...validRegistration() });
  return { browser, page, response };
}
