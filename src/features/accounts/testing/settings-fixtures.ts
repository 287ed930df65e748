// Test support for the account settings pages: readers registered through the
// service and signed in through the real sign-in form, and a snapshot of
// everything a settings form could change.
import { expect } from 'vitest';
import type { Db } from '../../../core/db/database.js';
import type { TestApp } from '../../../testing/test-app.js';
import { pageText, TestBrowser } from './session-helpers.js';

export const SETTINGS_NOW = new Date('2026-03-10T12:00:00.000Z');
export const READER_PASSWORD = 'Harbour9Lights';

export interface TestReader {
  email: string;
  userId: number;
}

export function createReaderFactory(getTestApp: () => TestApp) {
  let count = 0;

  async function newReader(overrides: Record<string, string> = {}): Promise<TestReader> {
    count++;
    const email = overrides.email ?? `settings-reader-${count}@example.test`;
    const outcome = await getTestApp().accounts.register(
      { email, password: READER_PASSWORD, firstName: 'Zoë', lastName: "O'Brien", dateOfBirth: '1990-05-17', ...overrides },
      { ipAddress: '192.0.2.1', userAgent: 'registration test' },
    );
    if (outcome.kind !== 'registered') throw new Error(`could not register ${email}: ${outcome.kind}`);
    return { email, userId: outcome.userId };
  }

  /** A browser of its own (own address, so sign-in limits never interfere), signed in through POST /signin. */
  async function signIn(email: string, options: { password?: string; userAgent?: string } = {}): Promise<TestBrowser> {
    count++;
    const browser = new TestBrowser(getTestApp().app, `198.51.${Math.floor(count / 250) % 250}.${(count % 250) + 1}`);
    const { csrf } = await browser.openForm('/signin');
    const response = await browser.post(
      '/signin',
      { _csrf: csrf, email, password: options.password ?? READER_PASSWORD },
      options.userAgent ? { 'user-agent': options.userAgent } : {},
    );
    expect(response.statusCode, `sign-in of ${email}`).toBe(303);
    return browser;
  }

  return { newReader, signIn };
}

export async function csrfFor(browser: TestBrowser, page = '/account'): Promise<string> {
  return (await browser.openForm(page)).csrf;
}

/** The text of a field's inline error, or null when the field has none. */
export function fieldError(html: string, field: string): string | null {
  const match = new RegExp(`<p class="field-error" id="error-${field}"( hidden)?[^>]*>([^<]*)</p>`).exec(html);
  if (!match) throw new Error(`no error slot for ${field}`);
  return match[1] ? null : pageText(match[2]!).trim();
}

export async function userRow(db: Db, userId: number) {
  return db.selectFrom('users').where('id', '=', userId).selectAll().executeTakeFirstOrThrow();
}

/** Everything a settings form can change (sessions without last_seen_at, which moves on its own). */
export async function settingsSnapshot(db: Db) {
  return {
    users: await db.selectFrom('users').selectAll().orderBy('id').execute(),
    consents: await db.selectFrom('consents').selectAll().orderBy('id').execute(),
    subscriptions: await db.selectFrom('newsletter_subscriptions').selectAll().orderBy('user_id').orderBy('newsletter_id').execute(),
    sessions: await db.selectFrom('sessions').select(['id', 'user_id', 'expires_at']).orderBy('id').execute(),
    tokens: await db.selectFrom('email_tokens').selectAll().orderBy('id').execute(),
    emails: await db.selectFrom('email_outbox').select(['id', 'recipient', 'subject']).orderBy('id').execute(),
  };
}
