// Test support: people signed in for browser journeys, without going through
// the forms other journeys already cover. A reader is a user row with a
// session cookie, stored as sign-in stores them (optionally with the address
// confirmed); a staff member is added by the staff service and sets a password
// on the page their sign-in link opens, as a new colleague does.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemClock } from '../../src/core/clock.js';
import { insertSession } from '../../src/core/http/sessions.repository.js';
import { hashToken, randomToken } from '../../src/core/security/tokens.js';
import { createStaffService, type StaffRole } from '../../src/features/accounts/staff.service.js';
import { insertUser } from '../../src/features/accounts/testing/user-fixtures.js';
import type { DemoServer } from './demo-server.js';

const DAY_MS = 86_400_000;

export interface SignedInReader {
  context: BrowserContext;
  userId: number;
  email: string;
}

/** A new browser context signed in as a new reader. */
export async function signedInReader(
  browser: Browser,
  server: DemoServer,
  reader: { email: string; firstName: string; lastName: string; isEmailConfirmed?: boolean },
): Promise<SignedInReader> {
  const now = systemClock.now();
  const userId = await insertUser(server.db, {
    email: reader.email,
    passwordHash: null,
    firstName: reader.firstName,
    lastName: reader.lastName,
    dateOfBirth: null,
    role: 'reader',
    marketingOptOut: true,
    now: now.toISOString(),
  });
  if (userId === null) throw new Error(`${reader.email} is already a user`);
  if (reader.isEmailConfirmed)
    await server.db.updateTable('users').set({ email_verified_at: now.toISOString() }).where('id', '=', userId).execute();
  const token = randomToken();
  await insertSession(server.db, {
    id: hashToken(token),
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + DAY_MS).toISOString(),
    userAgent: 'e2e',
    ipAddress: '127.0.0.1',
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'mh_session', value: token, url: server.baseUrl }]);
  return { context, userId, email: reader.email };
}

/** Adds a staff member and signs them in on `page` by setting their password through their sign-in link. */
export async function signInNewStaffMember(
  page: Page,
  server: DemoServer,
  staff: { email: string; role: StaffRole; name: string; password?: string },
): Promise<void> {
  const service = createStaffService({ db: server.db, clock: systemClock, publicUrl: server.baseUrl });
  const added = await service.addStaffMember({ email: staff.email, role: staff.role, name: staff.name });
  if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
  await page.goto(added.signInLink!.url);
  await page.fill('#field-password', staff.password ?? 'a long enough staff passphrase');
  await page.getByRole('button', { name: 'Save my new password' }).click();
  await page.waitForURL((current) => !current.pathname.startsWith('/reset-password'));
}
