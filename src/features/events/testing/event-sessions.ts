// Signed-in readers in bulk for route tests: sessions stored as sign-in
// stores them, with each one's CSRF token computed as the app computes it
// (an unmasked token is accepted, core/http/csrf.ts), so thousands of readers
// can post forms through app.inject without loading a page first.
import type { LightMyRequestResponse } from 'fastify';
import { hostCookieName } from '../../../core/http/cookies.js';
import { SESSION_COOKIE } from '../../../core/http/sessions.js';
import { hashToken, hmac, randomToken } from '../../../core/security/tokens.js';
import { TEST_SESSION_SECRET, type TestApp } from '../../../testing/test-app.js';

const PUBLIC_ORIGIN = 'https://news.example.test';

export interface SignedInReader {
  userId: number;
  cookie: string;
  csrf: string;
}

export async function signInReaders(testApp: TestApp, userIds: readonly number[]): Promise<SignedInReader[]> {
  const now = testApp.clock.now();
  const readers = userIds.map((userId) => {
    const token = randomToken();
    const id = hashToken(token);
    return { userId, token, id };
  });
  for (let start = 0; start < readers.length; start += 500)
    await testApp.database.db
      .insertInto('sessions')
      .values(
        readers.slice(start, start + 500).map((reader) => ({
          id: reader.id,
          user_id: reader.userId,
          created_at: now.toISOString(),
          last_seen_at: now.toISOString(),
          expires_at: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
          user_agent: 'race test',
          ip_address: '192.0.2.1',
          second_factor_at: null,
          staff_seen_at: null,
        })),
      )
      .execute();
  const cookieName = hostCookieName(SESSION_COOKIE, { secure: true });
  return readers.map((reader) => ({
    userId: reader.userId,
    cookie: `${cookieName}=${encodeURIComponent(reader.token)}`,
    csrf: hmac(TEST_SESSION_SECRET, `csrf:session:${reader.id}`),
  }));
}

/** The reader presses a button on an event page (a form post with their CSRF token). */
export function pressButton(testApp: TestApp, reader: SignedInReader, path: string): Promise<LightMyRequestResponse> {
  return testApp.app.inject({
    method: 'POST',
    url: path,
    payload: `_csrf=${encodeURIComponent(reader.csrf)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_ORIGIN, cookie: reader.cookie },
  });
}
