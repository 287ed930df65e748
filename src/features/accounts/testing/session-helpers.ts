// Test support for account routes: a tiny cookie-keeping browser over
// app.inject(), form helpers (CSRF token, no-script stamp), a server-side
// ALTCHA solver that builds the payload the widget would send, lookups of
// what a request stored or queued, and browsers signed in without the form.
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Clock } from '../../../core/clock.js';
import type { Db } from '../../../core/db/database.js';
import { insertSession } from '../../../core/http/sessions.repository.js';
import { hostCookieName } from '../../../core/http/cookies.js';
import { SESSION_COOKIE } from '../../../core/http/sessions.js';
import type { TestApp } from '../../../testing/test-app.js';
import { hashToken, randomToken } from '../../../core/security/tokens.js';
import { createStaffService, type StaffRole } from '../staff.service.js';

export const PUBLIC_ORIGIN = 'https://news.example.test';

export type FormFields = Record<string, string | string[] | undefined>;
export type Headers = Record<string, string | undefined>;

export function encodeForm(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, item);
  }
  return params.toString();
}

/** Keeps the cookies the app sets, like a browser on one site would. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly app: FastifyInstance,
    readonly remoteAddress = '203.0.113.10',
  ) {}

  async request(options: InjectOptions & { url: string }): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    // A header given as undefined is left out, e.g. a post with a Referer but no Origin.
    const headers = Object.fromEntries(
      Object.entries({ ...(cookie ? { cookie } : {}), ...options.headers }).filter(([, value]) => value !== undefined),
    );
    const response = await this.app.inject({ remoteAddress: this.remoteAddress, ...options, headers });
    for (const set of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (set.maxAge === 0 || set.value === '') this.cookies.delete(set.name);
      else this.cookies.set(set.name, decodeURIComponent(set.value));
    }
    return response;
  }

  get(url: string, headers: Headers = {}) {
    return this.request({ method: 'GET', url, headers });
  }

  /** A form post as a browser on this site sends it (urlencoded, same Origin unless overridden). */
  post(url: string, fields: FormFields, headers: Headers = {}) {
    return this.request({
      method: 'POST',
      url,
      payload: encodeForm(fields),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_ORIGIN, ...headers },
    });
  }

  /** Loads a form page and returns its CSRF token (and the whole page). */
  async openForm(url: string): Promise<{ html: string; csrf: string }> {
    const response = await this.get(url);
    if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}`);
    return { html: response.body, csrf: hiddenValue(response.body, '_csrf') };
  }
}

/** Opens an email confirmation link and presses its button, as a reader does: the GET alone confirms nothing. */
export async function confirmEmailLink(browser: TestBrowser, link: string) {
  const page = await browser.get(link);
  if (page.statusCode !== 200) return page;
  return browser.post('/account/verify', { _csrf: hiddenValue(page.body, '_csrf'), token: hiddenValue(page.body, 'token') });
}

export function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in the page`);
  return decodeHtml(match[1]!);
}

export function decodeHtml(text: string): string {
  return text
    .replace(/&#39;/g, "'")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The page's visible text, roughly: tags dropped, entities decoded, whitespace collapsed. */
export function pageText(html: string): string {
  return decodeHtml(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}

/** Fetches a registration challenge and solves it as the widget would; returns the base64 form value. */
export async function solveAltcha(browser: TestBrowser, form = 'register'): Promise<string> {
  const response = await browser.get(`/altcha/challenge?form=${form}`, { accept: 'application/json' });
  if (response.statusCode !== 200) throw new Error(`challenge answered ${response.statusCode}`);
  const challenge = response.json() as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('challenge not solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

let registrationCount = 0;

/** Valid answers to every registration question, with a fresh address each time. */
export function validRegistration(overrides: FormFields = {}): FormFields {
  registrationCount++;
  return {
    email: `reader${registrationCount}-${Date.now()}@example.test`,
    password: 'Harbour9Lights',
    firstName: 'Zoë',
    lastName: "O'Brien",
    dateOfBirth: '1990-05-17',
    ...overrides,
  };
}

/** GET /register, solve the proof-of-work, POST: the JavaScript path of a real reader. */
export async function registerThroughForm(
  browser: TestBrowser,
  fields: FormFields,
  options: { next?: string; extra?: FormFields; headers?: Headers } = {},
) {
  const { csrf } = await browser.openForm(options.next ? `/register?next=${encodeURIComponent(options.next)}` : '/register');
  const altcha = await solveAltcha(browser);
  return browser.post('/register', { _csrf: csrf, next: options.next, altcha, ...fields, ...options.extra }, options.headers);
}

export async function signInThroughForm(browser: TestBrowser, email: string, password: string, next?: string) {
  const { csrf } = await browser.openForm('/signin');
  return browser.post('/signin', { _csrf: csrf, email, password, next });
}

export async function countRows(db: Db, table: 'users' | 'consents' | 'email_outbox' | 'sessions' | 'email_tokens'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function emailsTo(db: Db, recipient: string) {
  return db
    .selectFrom('email_outbox')
    .where('recipient', '=', recipient)
    .select(['id', 'subject', 'text_body', 'html_body', 'status'])
    .orderBy('id')
    .execute();
}

/** The site path (with query) of the first link in a text email that points at `path` on this site. */
export function linkIn(text: string, path: string): string {
  const match = new RegExp(`${PUBLIC_ORIGIN.replace(/\./g, '\\.')}(${path.replace(/[/?]/g, '\\$&')}\\?token=[A-Za-z0-9_%-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[1]!;
}

/** Users, consents and queued emails: what a rejected form must leave untouched. */
export async function storedCounts(db: Db) {
  return { users: await countRows(db, 'users'), consents: await countRows(db, 'consents'), emails: await countRows(db, 'email_outbox') };
}

/**
 * A staff member created as `masthead staff add` does, who then follows the
 * printed link and chooses a password: returns a browser signed in as them.
 */
export async function signInAsStaff(options: {
  app: FastifyInstance;
  db: Db;
  clock: Clock;
  role: StaffRole;
  email?: string;
  remoteAddress?: string;
}) {
  const email = options.email ?? `${options.role}-${++registrationCount}@news.example.test`;
  const staff = createStaffService({ db: options.db, clock: options.clock, publicUrl: PUBLIC_ORIGIN });
  const outcome = await staff.addStaffMember({ email, role: options.role, name: 'Staff Member' });
  if (outcome.kind === 'invalid' || !outcome.signInLink) throw new Error(`staff account not created: ${JSON.stringify(outcome)}`);
  const browser = new TestBrowser(options.app, options.remoteAddress);
  const link = outcome.signInLink.url.slice(PUBLIC_ORIGIN.length);
  const { csrf } = await browser.openForm(link);
  const token = new URL(outcome.signInLink.url).searchParams.get('token')!;
  const password = 'long enough staff passphrase';
  const response = await browser.post('/reset-password', { _csrf: csrf, token, password });
  if (response.statusCode !== 303) throw new Error(`staff password not set: ${response.statusCode}`);
  return { browser, email, password, userId: outcome.member.id };
}

let sessionCount = 0;

/**
 * A browser carrying a fresh session of `userId`, stored as sign-in stores
 * one: for tests of what signed-in readers see and do, not of signing in.
 * Each browser has an address of its own, so per-address limits never meet.
 */
export async function browserSignedInAs(
  testApp: Pick<TestApp, 'app' | 'database' | 'clock'>,
  userId: number,
  remoteAddress?: string,
): Promise<TestBrowser> {
  const token = randomToken();
  const now = testApp.clock.now();
  await insertSession(testApp.database.db, {
    id: hashToken(token),
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    userAgent: 'test',
    ipAddress: '192.0.2.1',
  });
  sessionCount++;
  const browser = new TestBrowser(testApp.app, remoteAddress ?? `198.51.100.${(sessionCount % 250) + 1}`);
  // Test apps are served over https (createTestApp), where the session cookie carries the __Host- prefix.
  browser.cookies.set(hostCookieName(SESSION_COOKIE, { secure: true }), token);
  return browser;
}
