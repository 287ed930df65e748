// The signed-in reader's account pages (/account and below). Thin: check the
// session and CSRF, read the form, call the settings service, render or
// redirect. Personal pages: never cached, never reachable without a session.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { clearCookie, readCookie, setCookie, type CookieSettings } from '../../core/http/cookies.js';
import type { Csrf } from '../../core/http/csrf.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import { NOTICE_COOKIE } from '../../core/http/page-sender.js';
import type { RateLimiter, RateLimitRule } from '../../core/http/rate-limit.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { AccountSettingsService } from './account-settings.service.js';
import {
  buttonForm,
  changeEmailForm,
  changePasswordForm,
  confirmEmailChangeForm,
  deleteAccountForm,
  emailChangeLinkQuery,
  endSessionForm,
  preferencesForm,
  profileForm,
} from './accounts.schemas.js';
import { isStaffRole, type AccountsService } from './accounts.service.js';
import { MessagePage } from './views/account-layout.js';
import { AccountPage, type AccountPageModel } from './views/account-page.js';
import type { SettingsChrome } from './views/settings-layout.js';
import {
  ChangeEmailPage,
  ChangePasswordPage,
  ConfirmEmailChangePage,
  DeleteAccountPage,
  SettingsMessagePage,
} from './views/settings-pages.js';

export interface AccountSettingsRoutesDependencies {
  settings: AccountSettingsService;
  accounts: Pick<AccountsService, 'resendVerification' | 'policyFor'>;
  sessions: SessionManager;
  csrf: Csrf;
  rateLimiter: RateLimiter;
  cookies: CookieSettings;
  loadSite: () => Promise<SiteContext>;
}

export const SETTINGS_RATE_LIMITS = {
  // Wrong current passwords per account: a stolen session cannot keep guessing
  // the password (the owner can still reset it by email).
  reauthenticationFailures: { limit: 10, windowSeconds: 3600 },
  // Each of these sends email: keep an account from being used to flood an inbox.
  verificationEmails: { limit: 3, windowSeconds: 3600 },
  emailChanges: { limit: 5, windowSeconds: 3600 },
} satisfies Record<string, RateLimitRule>;

export const SETTINGS_NOTICES = {
  // Set by sign-in and registration when they return the reader here.
  registered: 'Thank you for registering. You are signed in.',
  'signed-in': 'You are signed in.',
  'profile-saved': 'Your name has been saved.',
  'preferences-saved': 'Your email choices have been saved.',
  'verification-sent': 'We have sent the confirmation email again. Please check your inbox.',
  'password-changed': 'Your password has been changed, and every other device has been signed out.',
  'email-change-requested': "We've sent a confirmation link to the new address. Your address changes when you follow it.",
  'email-changed': 'Your email address has been changed.',
  'signed-out-others': 'Every other device has been signed out.',
  'signed-out-one': 'That device has been signed out.',
  'already-signed-out': 'That device was already signed out.',
  'account-deleted': 'Your account has been deleted.',
} as const;
type NoticeKey = keyof typeof SETTINGS_NOTICES;

type PageHandler = (request: FastifyRequest, reply: FastifyReply, session: CurrentSession) => Promise<unknown>;
type ActionHandler<Values> = (request: FastifyRequest, reply: FastifyReply, session: CurrentSession, form: Values) => Promise<unknown>;

function passwordHint(policy: ReturnType<AccountsService['policyFor']>): string {
  return policy.requireCharacterClasses
    ? `At least ${policy.minLength} characters, with an upper and lower case letter and a number.`
    : `At least ${policy.minLength} characters, and not a common password.`;
}

export function registerAccountSettingsRoutes(app: FastifyInstance, deps: AccountSettingsRoutesDependencies): void {
  const { settings, sessions, csrf, rateLimiter } = deps;

  function toSignIn(reply: FastifyReply, next: string) {
    return reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  }

  const routes = app.withTypeProvider<ZodTypeProvider>();

  function page(path: string, handler: PageHandler): void {
    app.get(path, async (request, reply) => {
      const session = await sessions.current(request);
      if (!session) return toSignIn(reply, request.url);
      return handler(request, reply, session);
    });
  }

  /**
   * A form post; `formPage` is where a signed-out reader is sent back to after
   * signing in. Field errors come from the service (422); a field in a shape no
   * form sends fails `form` (400).
   */
  function action<Form extends z.ZodType>(path: string, formPage: string, form: Form, handler: ActionHandler<z.output<Form>>): void {
    app.post(path, async (request, reply) => {
      const session = await sessions.current(request);
      if (!session) return toSignIn(reply, formPage);
      csrf.requireFormToken(request, session.id);
      return handler(request, reply, session, requireForm(request, form));
    });
  }

  function redirectWithNotice(reply: FastifyReply, notice: NoticeKey, location = '/account') {
    setCookie(reply, NOTICE_COOKIE, notice, deps.cookies, { maxAgeSeconds: 300 });
    return reply.header('cache-control', 'no-store').redirect(location, 303);
  }

  function takeNotice(request: FastifyRequest, reply: FastifyReply): string | undefined {
    const key = readCookie(request, NOTICE_COOKIE);
    if (!key) return undefined;
    clearCookie(reply, NOTICE_COOKIE, deps.cookies);
    return Object.hasOwn(SETTINGS_NOTICES, key) ? SETTINGS_NOTICES[key as NoticeKey] : undefined;
  }

  async function chromeFor(
    request: FastifyRequest,
    reply: FastifyReply,
    session: CurrentSession,
    notice?: string,
  ): Promise<SettingsChrome> {
    return {
      site: await deps.loadSite(),
      reader: { id: session.user.id, firstName: session.user.firstName, isStaff: isStaffRole(session.user.role) },
      csrfToken: csrf.tokenFor(request, reply, session.id),
      notice,
    };
  }

  async function refuseWhenLimited(key: string, rule: RateLimitRule): Promise<void> {
    const state = await rateLimiter.peek(key, rule);
    if (!state.allowed) throw new AppError('rate-limited', 'Too many attempts', { retryAfterSeconds: state.retryAfterSeconds });
  }

  const reauthenticationKey = (session: CurrentSession) => `account-reauth:${session.user.id}`;

  /** Counts a wrong current password against the account's allowance. */
  async function countReauthentication(
    session: CurrentSession,
    outcome: { kind: string; isReauthenticationFailure?: boolean },
  ): Promise<void> {
    if (outcome.kind === 'invalid' && outcome.isReauthenticationFailure)
      await rateLimiter.consume(reauthenticationKey(session), SETTINGS_RATE_LIMITS.reauthenticationFailures);
  }

  /** /account; with a refused form (the profile's errors, or newsletters only Premium may choose) it answers 422. */
  async function renderAccount(
    request: FastifyRequest,
    reply: FastifyReply,
    session: CurrentSession,
    refused: { profile?: AccountPageModel['profile']; premiumNewsletters?: string[] } = {},
  ) {
    const { profile, premiumNewsletters } = refused;
    const isRefusal = profile !== undefined || premiumNewsletters !== undefined;
    const notice = isRefusal ? undefined : takeNotice(request, reply);
    const overview = await settings.loadOverview(session.user.id, session.id);
    const model: AccountPageModel = {
      overview,
      profile: profile ?? { values: { firstName: overview.firstName, lastName: overview.lastName }, errors: {} },
      ...(premiumNewsletters ? { premiumNewslettersRefused: premiumNewsletters } : {}),
    };
    return sendHtml(reply, AccountPage({ chrome: await chromeFor(request, reply, session, notice), model }), {
      status: isRefusal ? 422 : 200,
      caching: 'no-store',
    });
  }

  page('/account', (request, reply, session) => renderAccount(request, reply, session));

  action('/account/profile', '/account', profileForm, async (request, reply, session, { input, shown }) => {
    const outcome = await settings.updateProfile(session.user.id, input);
    if (outcome.kind === 'invalid') return renderAccount(request, reply, session, { profile: { values: shown, errors: outcome.errors } });
    return redirectWithNotice(reply, 'profile-saved');
  });

  action('/account/preferences', '/account', preferencesForm, async (request, reply, session, form) => {
    const input = { isMarketingOptOut: form.marketingOptOut, newsletterIds: form.newsletter };
    const outcome = await settings.updatePreferences(session.user.id, input, {
      ipAddress: request.ip,
      userAgent: String(request.headers['user-agent'] ?? ''),
    });
    if (outcome.kind === 'premium-required') return renderAccount(request, reply, session, { premiumNewsletters: outcome.names });
    return redirectWithNotice(reply, 'preferences-saved');
  });

  action('/account/verification', '/account', buttonForm, async (_request, reply, session) => {
    const limit = await rateLimiter.consume(`account-verification:${session.user.id}`, SETTINGS_RATE_LIMITS.verificationEmails);
    if (!limit.allowed) throw new AppError('rate-limited', 'Too many confirmation emails', { retryAfterSeconds: limit.retryAfterSeconds });
    await deps.accounts.resendVerification(session.user.id);
    return redirectWithNotice(reply, 'verification-sent');
  });

  action('/account/sessions/end-others', '/account', buttonForm, async (_request, reply, session) => {
    await sessions.endOthers(session.user.id, session.id);
    return redirectWithNotice(reply, 'signed-out-others');
  });

  action('/account/sessions/end', '/account', endSessionForm, async (_request, reply, session, form) => {
    const outcome = await settings.endOtherSession(session.user.id, form.session, session.id);
    return redirectWithNotice(reply, outcome === 'ended' ? 'signed-out-one' : 'already-signed-out');
  });

  page('/account/password', async (request, reply, session) => {
    const chrome = await chromeFor(request, reply, session);
    return sendHtml(
      reply,
      ChangePasswordPage({ chrome, errors: {}, passwordHint: passwordHint(deps.accounts.policyFor(session.user.role)) }),
      { caching: 'no-store' },
    );
  });

  action('/account/password', '/account/password', changePasswordForm, async (request, reply, session, input) => {
    await refuseWhenLimited(reauthenticationKey(session), SETTINGS_RATE_LIMITS.reauthenticationFailures);
    const outcome = await settings.changePassword(session.user.id, input, session.id);
    await countReauthentication(session, outcome);
    if (outcome.kind === 'invalid') {
      const chrome = await chromeFor(request, reply, session);
      return sendHtml(
        reply,
        ChangePasswordPage({ chrome, errors: outcome.errors, passwordHint: passwordHint(deps.accounts.policyFor(session.user.role)) }),
        { status: 422, caching: 'no-store' },
      );
    }
    // A new session id for the device that proved the password (the others are gone).
    // Staff keep their shorter session and the second factor this session had already passed.
    await sessions.start(request, reply, session.user.id, {
      staff: session.user.role !== 'reader',
      secondFactorPassed: session.secondFactorAt !== null,
    });
    return redirectWithNotice(reply, 'password-changed');
  });

  page('/account/email', async (request, reply, session) => {
    const chrome = await chromeFor(request, reply, session);
    return sendHtml(reply, ChangeEmailPage({ chrome, currentEmail: session.user.email, values: { newEmail: '' }, errors: {} }), {
      caching: 'no-store',
    });
  });

  action('/account/email', '/account/email', changeEmailForm, async (request, reply, session, { input, shown }) => {
    const changesKey = `account-email-change:${session.user.id}`;
    await refuseWhenLimited(reauthenticationKey(session), SETTINGS_RATE_LIMITS.reauthenticationFailures);
    await refuseWhenLimited(changesKey, SETTINGS_RATE_LIMITS.emailChanges);
    const outcome = await settings.requestEmailChange(session.user.id, input);
    await countReauthentication(session, outcome);
    if (outcome.kind === 'invalid') {
      const chrome = await chromeFor(request, reply, session);
      return sendHtml(reply, ChangeEmailPage({ chrome, currentEmail: session.user.email, values: shown, errors: outcome.errors }), {
        status: 422,
        caching: 'no-store',
      });
    }
    await rateLimiter.consume(changesKey, SETTINGS_RATE_LIMITS.emailChanges);
    return redirectWithNotice(reply, 'email-change-requested');
  });

  async function expiredChangeLink(request: FastifyRequest, reply: FastifyReply, session: CurrentSession) {
    const chrome = await chromeFor(request, reply, session);
    const page = SettingsMessagePage({
      chrome,
      title: 'This link has expired',
      children: (
        <p>
          The link to confirm a new email address works once, for 24 hours, and only while you are signed in to the account that asked for
          it. <a href="/account/email">Ask for a new link</a>.
        </p>
      ),
    });
    return sendHtml(reply, page, { status: 400, caching: 'no-store' });
  }

  // Following the link only shows a button: mail scanners that open links must not change the address.
  routes.get('/account/email/confirm', { schema: { querystring: emailChangeLinkQuery } }, async (request, reply) => {
    const session = await sessions.current(request);
    if (!session) return toSignIn(reply, request.url);
    const { token } = request.query;
    const newEmail = await settings.findPendingEmailChange(session.user.id, token);
    if (!newEmail || token === undefined) return expiredChangeLink(request, reply, session);
    return sendHtml(reply, ConfirmEmailChangePage({ chrome: await chromeFor(request, reply, session), token, newEmail }), {
      caching: 'no-store',
    });
  });

  action('/account/email/confirm', '/account', confirmEmailChangeForm, async (request, reply, session, form) => {
    const outcome = await settings.confirmEmailChange(session.user.id, form.token);
    if (outcome.kind === 'changed') return redirectWithNotice(reply, 'email-changed');
    if (outcome.kind === 'invalid-link') return expiredChangeLink(request, reply, session);
    const chrome = await chromeFor(request, reply, session);
    const page = SettingsMessagePage({
      chrome,
      title: 'That address is already in use',
      children: (
        <p>Another account has started using that email address since you asked for the change, so your address has not changed.</p>
      ),
    });
    return sendHtml(reply, page, { status: 409, caching: 'no-store' });
  });

  page('/account/data.json', async (_request, reply, session) => {
    const data = await settings.exportPersonalData(session.user.id);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="my-data-${data.exportedAt.slice(0, 10)}.json"`)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(data, null, 2));
  });

  page('/account/delete', async (request, reply, session) => {
    return sendHtml(reply, DeleteAccountPage({ chrome: await chromeFor(request, reply, session), errors: {} }), { caching: 'no-store' });
  });

  action('/account/delete', '/account/delete', deleteAccountForm, async (request, reply, session, input) => {
    await refuseWhenLimited(reauthenticationKey(session), SETTINGS_RATE_LIMITS.reauthenticationFailures);
    const outcome = await settings.deleteAccount(session.user.id, input);
    await countReauthentication(session, outcome);
    if (outcome.kind === 'invalid')
      return sendHtml(reply, DeleteAccountPage({ chrome: await chromeFor(request, reply, session), errors: outcome.errors }), {
        status: 422,
        caching: 'no-store',
      });
    await sessions.end(request, reply);
    return redirectWithNotice(reply, 'account-deleted', '/account/deleted');
  });

  // Signed out by now, so the cached front page could not show the notice; this page does.
  app.get('/account/deleted', async (request, reply) => {
    if (readCookie(request, NOTICE_COOKIE) !== 'account-deleted') return reply.redirect('/', 303);
    clearCookie(reply, NOTICE_COOKIE, deps.cookies);
    const page = MessagePage({
      site: await deps.loadSite(),
      title: SETTINGS_NOTICES['account-deleted'],
      children: (
        <p>
          You have been signed out everywhere. Thank you for reading. <a href="/">Back to the front page</a>
        </p>
      ),
    });
    return sendHtml(reply, page, { caching: 'no-store' });
  });
}
