// Server-side sessions. The cookie holds a random token; the database holds
// only its hash. A new token is issued at every sign-in (no fixation), and a
// session can be revoked from any node by deleting its row.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Role } from '../db/schema.js';
import { hashToken, randomToken } from '../security/tokens.js';
import { clearCookie, hostCookieName, readCookie, setCookie, type CookieSettings } from './cookies.js';
import * as repository from './sessions.repository.js';

export const SESSION_COOKIE = 'mh_session';
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export interface SessionUser {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  isEmailVerified: boolean;
}

export interface CurrentSession {
  /** Hash of the cookie token: the row id. */
  id: string;
  user: SessionUser;
  /** When this session last passed a second factor (null: never). */
  secondFactorAt: string | null;
  /** Its last request to the staff area, as of before this request. */
  staffSeenAt: string | null;
}

export interface SessionStartOptions {
  /** A staff member's session: `staffHours` long, not `days`. */
  staff?: boolean;
  /** The second factor was passed on the way to this session. */
  secondFactorPassed?: boolean;
}

export interface SessionManagerOptions {
  db: Db;
  clock: Clock;
  cookies: CookieSettings;
  days: number;
  /** How long a staff member's session lasts (STAFF_SESSION_HOURS). */
  staffHours?: number;
}

export function createSessionManager(options: SessionManagerOptions) {
  const { db, clock } = options;
  const cookieName = hostCookieName(SESSION_COOKIE, options.cookies);
  const loaded = new WeakMap<FastifyRequest, Promise<CurrentSession | null>>();

  async function load(request: FastifyRequest): Promise<CurrentSession | null> {
    const token = readCookie(request, cookieName);
    if (!token || token.length > 100) return null;
    const now = clock.now();
    const row = await repository.findLiveSession(db, hashToken(token), now.toISOString());
    if (!row) return null;
    if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) await repository.touchSession(db, row.id, now.toISOString());
    return {
      id: row.id,
      user: {
        id: row.user_id,
        email: row.email,
        firstName: row.first_name,
        lastName: row.last_name,
        role: row.role,
        isEmailVerified: row.email_verified_at !== null,
      },
      secondFactorAt: row.second_factor_at,
      staffSeenAt: row.staff_seen_at,
    };
  }

  /** The signed-in reader, read once per request. */
  function current(request: FastifyRequest): Promise<CurrentSession | null> {
    let session = loaded.get(request);
    if (!session) {
      session = load(request);
      loaded.set(request, session);
    }
    return session;
  }

  /** Signs a user in with a brand-new token, ending any session the browser already had. */
  async function start(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: number,
    startOptions: SessionStartOptions = {},
  ): Promise<string> {
    const previous = readCookie(request, cookieName);
    if (previous && previous.length <= 100) await repository.deleteSession(db, hashToken(previous));
    const token = randomToken();
    const now = clock.now();
    const id = hashToken(token);
    const lifetimeSeconds = startOptions.staff && options.staffHours ? options.staffHours * 3600 : options.days * 86_400;
    await repository.insertSession(db, {
      id,
      userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000).toISOString(),
      userAgent: String(request.headers['user-agent'] ?? ''),
      ipAddress: request.ip,
      secondFactorAt: startOptions.secondFactorPassed ? now.toISOString() : null,
    });
    setCookie(reply, cookieName, token, options.cookies, { maxAgeSeconds: lifetimeSeconds });
    loaded.set(request, Promise.resolve(null));
    return id;
  }

  async function end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = readCookie(request, cookieName);
    if (token && token.length <= 100) await repository.deleteSession(db, hashToken(token));
    clearCookie(reply, cookieName, options.cookies);
    loaded.set(request, Promise.resolve(null));
  }

  return {
    current,
    start,
    end,
    markSecondFactor: (sessionId: string) => repository.markSecondFactor(db, sessionId, clock.now().toISOString()),
    touchStaffArea: (sessionId: string) => repository.touchStaffArea(db, sessionId, clock.now().toISOString()),
    endAll: (userId: number) => repository.deleteSessionsOfUser(db, userId),
    endOthers: (userId: number, keepSessionId?: string) => repository.deleteSessionsOfUser(db, userId, keepSessionId),
    list: (userId: number) => repository.listSessionsOfUser(db, userId, clock.now().toISOString()),
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;
