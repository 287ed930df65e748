// The staff second factor's routes, and the check in front of the staff area.
//
// - After a right password, a staff member with a second factor gets no
//   session yet: a signed five-minute cookie (pending-sign-in.ts) and
//   /signin/code, where the session starts only after a right code.
// - The staff area (/newsroom…) first sends a staff member whose role must use
//   a second factor (REQUIRE_STAFF_2FA) and who has none to enrolment
//   (/account/two-factor), and one whose session has not passed it, or has
//   not used the staff area for STAFF_2FA_IDLE_MINUTES, to /signin/verify.
//   This runs onRequest, before any route's guard or body.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { clearCookie, readCookie, setCookie, type CookieSettings } from '../../core/http/cookies.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { NOTICE_COOKIE, type PageSender } from '../../core/http/page-sender.js';
import type { RateLimiter } from '../../core/http/rate-limit.js';
import { requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { Role } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import { RATE_LIMITS } from './accounts-limits.js';
import { isStaffRole, type AccountsService } from './accounts.service.js';
import { codeForm, nextQuery } from './accounts.schemas.js';
import { issuePendingSignIn, PENDING_SIGN_IN_COOKIE, PENDING_SIGN_IN_SECONDS, readPendingSignIn } from './pending-sign-in.js';
import { qrCodeSvg } from './qr-code.js';
import { STAFF_ROLES } from './staff.service.js';
import type { TwoFactorService, VerifyOutcome } from './two-factor.service.js';
import { CODE_MESSAGES, CodeStepPage, EnrolmentPage, RecoveryCodesPage, TwoFactorStatusPage } from './views/two-factor-pages.js';

export const ENROLMENT_PATH = '/account/two-factor';
const RECOVERY_CODES_PATH = '/account/two-factor/recovery-codes';
/** How often a busy staff session writes its latest staff-area request. */
const STAFF_TOUCH_INTERVAL_MS = 60_000;

export interface TwoFactorRoutesDependencies {
  twoFactor: TwoFactorService;
  accounts: AccountsService;
  sessions: SessionManager;
  csrf: Csrf;
  rateLimiter: RateLimiter;
  clock: Clock;
  cookies: CookieSettings;
  /** Signs the pending sign-in cookie. */
  secret: string;
  loadSite: () => Promise<SiteContext>;
  /** Splices the signed-in corner into the page (sign-out is there). */
  pages: PageSender;
  publicUrl: string;
  idleMinutes: number;
}

/** What the password routes (sign-in, a reset link) do once the password is right. */
export interface StaffSignIn {
  afterPassword(request: FastifyRequest, reply: FastifyReply, who: { userId: number; role: Role; next: string }): Promise<FastifyReply>;
}

const isStaffArea = (url: string) =>
  url === '/newsroom' || url.startsWith('/newsroom/') || url.startsWith('/newsroom?') || url.startsWith(RECOVERY_CODES_PATH);

const withNext = (path: string, next: string) => (next === '/' ? path : `${path}?next=${encodeURIComponent(next)}`);

export function registerTwoFactorRoutes(app: FastifyInstance, deps: TwoFactorRoutesDependencies): StaffSignIn {
  const { twoFactor, sessions, csrf, clock } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const querystring = nextQuery(deps.publicUrl);
  const form = codeForm(deps.publicUrl);
  const idleMs = deps.idleMinutes * 60_000;
  const staffOnly = requireRole(sessions, STAFF_ROLES);

  async function finishSignIn(request: FastifyRequest, reply: FastifyReply, userId: number, next: string, secondFactorPassed: boolean) {
    await sessions.start(request, reply, userId, { staff: true, secondFactorPassed });
    await deps.accounts.recordSignIn(userId);
    setCookie(reply, NOTICE_COOKIE, 'signed-in', deps.cookies, { maxAgeSeconds: 300 });
    return reply.redirect(next, 303);
  }

  const staffSignIn: StaffSignIn = {
    async afterPassword(request, reply, { userId, role, next }) {
      if (await twoFactor.isEnrolled(userId)) {
        // The session a browser already had (another account's) ends now: the code step must not run beside it.
        await sessions.end(request, reply);
        setCookie(reply, PENDING_SIGN_IN_COOKIE, issuePendingSignIn(deps.secret, { userId, next }, clock.now()), deps.cookies, {
          maxAgeSeconds: PENDING_SIGN_IN_SECONDS,
          sameSite: 'Strict',
        });
        return reply.redirect('/signin/code', 303);
      }
      // Enrolment comes before anything else: it is where a role that must use a second factor lands.
      return finishSignIn(request, reply, userId, twoFactor.isRequiredFor(role) ? withNext(ENROLMENT_PATH, next) : next, false);
    },
  };

  function codeError(outcome: Exclude<VerifyOutcome, { kind: 'passed' }>): { status: number; error: string } {
    if (outcome.kind === 'locked') return { status: 429, error: CODE_MESSAGES.locked(Math.ceil(outcome.retryAfterSeconds / 60)) };
    if (outcome.kind === 'reused-code') return { status: 422, error: CODE_MESSAGES.reused };
    return { status: 422, error: CODE_MESSAGES.wrong };
  }

  async function showCodeStep(
    request: FastifyRequest,
    reply: FastifyReply,
    model: { mode: 'sign-in' | 'reverify'; next: string; error?: string },
    status = 200,
  ) {
    const session = await sessions.current(request);
    const page = CodeStepPage({ site: await deps.loadSite(), model: { ...model, csrfToken: csrf.tokenFor(request, reply, session?.id) } });
    return deps.pages.sendBuiltPage(reply, page, { status, caching: 'no-store' });
  }

  function checkedForm(request: FastifyRequest, session: CurrentSession | null) {
    csrf.requireFormToken(request, session?.id);
    return requireForm(request, form);
  }

  async function limitPerAddress(request: FastifyRequest) {
    const result = await deps.rateLimiter.consume(`signin:ip:${request.ip}`, RATE_LIMITS.signInPerIp);
    if (!result.allowed) throw new AppError('rate-limited', 'Too many attempts', { retryAfterSeconds: result.retryAfterSeconds });
  }

  // The second step of sign-in.
  app.get('/signin/code', async (request, reply) => {
    const pending = readPendingSignIn(deps.secret, readCookie(request, PENDING_SIGN_IN_COOKIE), clock.now());
    if (!pending) return reply.header('cache-control', 'no-store').redirect('/signin', 303);
    return showCodeStep(request, reply, { mode: 'sign-in', next: pending.next });
  });

  app.post('/signin/code', async (request, reply) => {
    const { code } = checkedForm(request, await sessions.current(request));
    await limitPerAddress(request);
    const pending = readPendingSignIn(deps.secret, readCookie(request, PENDING_SIGN_IN_COOKIE), clock.now());
    if (!pending) return reply.redirect('/signin', 303);
    const outcome = await twoFactor.verify(pending.userId, code);
    if (outcome.kind === 'not-enrolled') return reply.redirect('/signin', 303);
    if (outcome.kind !== 'passed') {
      const { status, error } = codeError(outcome);
      return showCodeStep(request, reply, { mode: 'sign-in', next: pending.next, error }, status);
    }
    clearCookie(reply, PENDING_SIGN_IN_COOKIE, deps.cookies);
    return finishSignIn(request, reply, pending.userId, pending.next, true);
  });

  // Asking again: a session idle in the staff area for too long, or one that never passed the second factor.
  routes.get('/signin/verify', { schema: { querystring } }, async (request, reply) => {
    const session = await sessions.current(request);
    if (!session) return reply.header('cache-control', 'no-store').redirect(withNext('/signin', request.query.next), 303);
    return showCodeStep(request, reply, { mode: 'reverify', next: request.query.next });
  });

  app.post('/signin/verify', async (request, reply) => {
    const session = await sessions.current(request);
    const { code, next } = checkedForm(request, session);
    if (!session) return reply.redirect(withNext('/signin', next), 303);
    await limitPerAddress(request);
    const outcome = await twoFactor.verify(session.user.id, code);
    if (outcome.kind === 'not-enrolled') return reply.redirect(next, 303);
    if (outcome.kind !== 'passed') {
      const { status, error } = codeError(outcome);
      return showCodeStep(request, reply, { mode: 'reverify', next, error }, status);
    }
    await sessions.markSecondFactor(session.id);
    return reply.redirect(next, 303);
  });

  // Enrolment, for any staff member (readers get a 403).
  async function showEnrolment(request: FastifyRequest, reply: FastifyReply, next: string, error?: string, status = 200) {
    const session = await guardedSession(sessions, request);
    const site = await deps.loadSite();
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const started = await twoFactor.startEnrolment(session.user.id, session.user.email);
    if (started.kind === 'enrolled') {
      const codesLeft = await twoFactor.recoveryCodesLeft(session.user.id);
      return deps.pages.sendBuiltPage(reply, TwoFactorStatusPage({ site, csrfToken, codesLeft }), { caching: 'no-store' });
    }
    const qrCode = await qrCodeSvg(started.otpauthUri, 'QR code for your authenticator app (the key below, as a picture)');
    const model = { csrfToken, next, secret: started.secret, qrCode, required: twoFactor.isRequiredFor(session.user.role), error };
    return deps.pages.sendBuiltPage(reply, EnrolmentPage({ site, model }), { status, caching: 'no-store' });
  }

  routes.get(ENROLMENT_PATH, { preValidation: staffOnly, schema: { querystring } }, async (request, reply) =>
    showEnrolment(request, reply, request.query.next),
  );

  app.post(ENROLMENT_PATH, { preValidation: staffOnly }, async (request, reply) => {
    const session = await guardedSession(sessions, request);
    const { code, next } = checkedForm(request, session);
    const outcome = await twoFactor.confirmEnrolment(session.user.id, code);
    if (outcome.kind === 'not-pending') return reply.redirect(withNext(ENROLMENT_PATH, next), 303);
    if (outcome.kind === 'wrong-code') return showEnrolment(request, reply, next, CODE_MESSAGES.wrongAtEnrolment, 422);
    if (outcome.kind === 'locked') {
      return showEnrolment(request, reply, next, CODE_MESSAGES.locked(Math.ceil(outcome.retryAfterSeconds / 60)), 429);
    }
    await sessions.markSecondFactor(session.id);
    const page = RecoveryCodesPage({ site: await deps.loadSite(), codes: outcome.recoveryCodes, next, isNew: true });
    return deps.pages.sendBuiltPage(reply, page, { caching: 'no-store' });
  });

  // Behind the staff-area check: new codes only from a session that passed the second factor lately.
  app.post(RECOVERY_CODES_PATH, { preValidation: staffOnly }, async (request, reply) => {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    if (!(await twoFactor.isEnrolled(session.user.id))) return reply.redirect(ENROLMENT_PATH, 303);
    const codes = await twoFactor.replaceRecoveryCodes(session.user.id);
    return deps.pages.sendBuiltPage(reply, RecoveryCodesPage({ site: await deps.loadSite(), codes, next: ENROLMENT_PATH, isNew: false }), {
      caching: 'no-store',
    });
  });

  // The staff area's check (see the top of this file). Cheap for everyone else: one string test.
  app.addHook('onRequest', async (request, reply) => {
    if (!isStaffArea(request.url)) return;
    const session = await sessions.current(request);
    if (!session || !isStaffRole(session.user.role)) return; // the route's own guard answers
    // A post cannot be replayed after the detour: it comes back to the newsroom's front page.
    const next = request.method === 'GET' ? request.url : '/newsroom';
    const detour = (path: string) => reply.header('cache-control', 'no-store').redirect(withNext(path, next), 303);
    if (!(await twoFactor.isEnrolled(session.user.id))) {
      if (twoFactor.isRequiredFor(session.user.role)) return detour(ENROLMENT_PATH);
      return;
    }
    const now = clock.now().getTime();
    const lastActive = session.staffSeenAt ?? session.secondFactorAt;
    if (!session.secondFactorAt || !lastActive || now - Date.parse(lastActive) > idleMs) return detour('/signin/verify');
    if (!session.staffSeenAt || now - Date.parse(session.staffSeenAt) > STAFF_TOUCH_INTERVAL_MS) await sessions.touchStaffArea(session.id);
  });

  return staffSignIn;
}
