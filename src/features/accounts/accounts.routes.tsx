// Registration, email verification and password reset (sign-in and sign-out: sign-in.routes.tsx).
// Thin: read the form, check CSRF, bot protection and rate limits, call the
// service, render or redirect. Account pages are personal: never cached.
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { setCookie, type CookieSettings } from '../../core/http/cookies.js';
import type { Csrf } from '../../core/http/csrf.js';
import { NOTICE_COOKIE, type PageSender } from '../../core/http/page-sender.js';
import type { RateLimiter, RateLimitRule } from '../../core/http/rate-limit.js';
import type { SessionManager } from '../../core/http/sessions.js';
import type { BotProtection } from '../../core/security/bot-protection.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { CsrfField } from '../../core/views/forms.js';
import type { AccountsService, RegistrationField } from './accounts.service.js';
import {
  challengeQuery,
  forgotPasswordForm,
  nextQuery,
  registrationForm,
  resetLinkQuery,
  resetPasswordForm,
  verificationForm,
  verificationQuery,
} from './accounts.schemas.js';
import { inputs, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import { RATE_LIMITS, registrationDifficulty, SIGN_IN_PROOF_DIFFICULTY, signInFailureKeys } from './accounts-limits.js';
import { TRUSTED_DEVICE_COOKIE, TRUSTED_DEVICE_DAYS, issueTrustedDeviceToken } from './trusted-device.js';
import { MessagePage } from './views/account-layout.js';
import { RegisterPage, RegistrationForm, type RegisterFormModel } from './views/register-page.js';
import { ForgotPasswordPage, ResetPasswordPage } from './views/password-pages.js';
import { registerSignInRoutes } from './sign-in.routes.js';
import { isStaffRole } from './accounts.service.js';
import type { StaffSignIn } from './two-factor.routes.js';
import { NO_INSIGHT, SITE_WIDE, type InsightRecorder } from '../insight/insight.types.js';

export interface AccountRoutesDependencies {
  log: FastifyBaseLogger;
  /** Signs trusted-device cookies. */
  secret: string;
  pages: PageSender;
  accounts: AccountsService;
  sessions: SessionManager;
  csrf: Csrf;
  botProtection: BotProtection;
  rateLimiter: RateLimiter;
  cookies: CookieSettings;
  loadSite: () => Promise<SiteContext>;
  publicUrl: string;
  /** Fingerprinted scripts that enhance the registration form (validation as you type, proof-of-work widget). */
  registrationScripts?: string[];
  /** What a staff member's right password leads to: the code step, enrolment, or a shorter session (two-factor.routes.tsx). */
  staffSignIn: StaffSignIn;
  /** The funnel's counters (registrations started and completed from an article's wall). */
  insight?: InsightRecorder;
  /** The published article at a `next` path, to credit its wall with a registration (the articles feature's). */
  wallArticleAt?: (path: string) => Promise<number | null>;
}

export interface AccountRoutes {
  /** The registration form under an article's wall, with this browser's tokens; registering returns the reader to `next`. */
  renderWallForm(request: FastifyRequest, reply: FastifyReply, next: string): Promise<string>;
}

export function registerAccountRoutes(app: FastifyInstance, deps: AccountRoutesDependencies): AccountRoutes {
  const { accounts, sessions, csrf, botProtection, rateLimiter, pages } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const querystring = nextQuery(deps.publicUrl);
  const registration = registrationForm(deps.publicUrl);
  const registerQuery = querystring.extend({ wall: inputs.optionalText(10) });
  const insight = deps.insight ?? NO_INSIGHT;

  /** The article whose wall showed the form that `next` returns to, or SITE_WIDE. */
  async function wallArticle(next: string): Promise<number> {
    return (await deps.wallArticleAt?.(next)) ?? SITE_WIDE;
  }

  function trustThisDevice(reply: FastifyReply, email: string): void {
    setCookie(reply, TRUSTED_DEVICE_COOKIE, issueTrustedDeviceToken(deps.secret, email.trim().toLowerCase()), deps.cookies, {
      maxAgeSeconds: TRUSTED_DEVICE_DAYS * 86_400,
    });
  }

  /** Registration attempts from this address in the last hour (counting this one when `count`). */
  async function registrationAttempts(ip: string, options: { count: boolean }): Promise<number> {
    const key = `register-volume:ip:${ip}`;
    const rule = RATE_LIMITS.registrationVolumePerIp;
    const result = options.count ? await rateLimiter.consume(key, rule) : await rateLimiter.peek(key, rule);
    return result.allowed ? rule.limit - result.remaining : rule.limit;
  }

  async function limit(key: string, rule: RateLimitRule): Promise<void> {
    const result = await rateLimiter.consume(key, rule);
    if (!result.allowed) throw new AppError('rate-limited', 'Too many attempts', { retryAfterSeconds: result.retryAfterSeconds });
  }

  /** The form's values, once its CSRF token is good. */
  async function checkedForm<Schema extends z.ZodType>(request: FastifyRequest, schema: Schema): Promise<z.output<Schema>> {
    const session = await sessions.current(request);
    csrf.requireFormToken(request, session?.id);
    return requireForm(request, schema);
  }

  async function registerFormModel(
    request: FastifyRequest,
    reply: FastifyReply,
    model: Partial<RegisterFormModel> & { next: string },
  ): Promise<RegisterFormModel> {
    const session = await sessions.current(request);
    return {
      csrfToken: csrf.tokenFor(request, reply, session?.id),
      formStamp: botProtection.formStamp('register'),
      values: {},
      errors: {},
      noScriptDelaySeconds: botProtection.noScriptDelaySeconds,
      passwordHint: accounts.policyFor('reader').hint,
      ...model,
    };
  }

  async function registerForm(
    request: FastifyRequest,
    reply: FastifyReply,
    model: Partial<RegisterFormModel> & { next: string },
    status = 200,
  ) {
    const page = RegisterPage({
      site: await deps.loadSite(),
      scripts: deps.registrationScripts ?? [],
      model: await registerFormModel(request, reply, model),
    });
    return pages.sendBuiltPage(reply, page, { status, caching: 'no-store' });
  }

  routes.get('/register', { schema: { querystring: registerQuery } }, async (request, reply) => {
    const { next } = request.query;
    if (await sessions.current(request)) return reply.redirect(next, 303);
    // The wall's "Register for free" link: a registration started there (every view of it counts).
    const fromWall = request.query.wall === 'link' ? await wallArticle(next) : SITE_WIDE;
    if (fromWall !== SITE_WIDE) insight.registrationStarted(fromWall);
    return registerForm(request, reply, { next, ...(fromWall !== SITE_WIDE ? { wall: 'continued' as const } : {}) });
  });

  app.post('/register', async (request, reply) => {
    const { form, shown: values } = await checkedForm(request, registration);
    const { next } = form;
    // From an article's wall: its first submission is a registration started there, whatever becomes of it.
    const walled = form.wall === 'form' || form.wall === 'continued';
    const fromWall = walled ? await wallArticle(next) : SITE_WIDE;
    if (form.wall === 'form' && fromWall !== SITE_WIDE) insight.registrationStarted(fromWall);
    // Shown again after a refusal, the form stays credited to the wall but is no longer a first attempt.
    const wall = fromWall !== SITE_WIDE ? { wall: 'continued' as const } : {};
    const completed = await rateLimiter.peek(`register:ip:${request.ip}`, RATE_LIMITS.registerPerIp);
    if (!completed.allowed)
      throw new AppError('rate-limited', 'Too many registrations', { retryAfterSeconds: completed.retryAfterSeconds });
    const difficulty = registrationDifficulty(await registrationAttempts(request.ip, { count: true }));
    // Field errors first: a person fixing a typo should not repeat the proof-of-work for nothing.
    const checked = accounts.validateRegistration(form);
    if (!checked.ok) return registerForm(request, reply, { next, values, errors: checked.errors, ...wall }, 422);
    const bot = await botProtection.check('register', form, difficulty);
    if (bot.kind === 'rejected') {
      const formError =
        bot.reason === 'too-fast'
          ? `Please take a moment to check your details, then press Register again (without JavaScript we ask for at least ${botProtection.noScriptDelaySecondsFor(difficulty)} seconds).`
          : 'We could not confirm that you are not a robot. Please try again.';
      return registerForm(request, reply, { next, values, errors: {}, formError, ...wall }, 422);
    }
    const outcome = await accounts.register(form, {
      ipAddress: request.ip,
      userAgent: (request.headers['user-agent'] ?? '').slice(0, 300),
    });
    if (outcome.kind === 'invalid') return registerForm(request, reply, { next, values, errors: outcome.errors, ...wall }, 422);
    await rateLimiter.consume(`register:ip:${request.ip}`, RATE_LIMITS.registerPerIp);
    if (outcome.kind === 'registered') {
      insight.registrationCompleted(fromWall);
      await sessions.start(request, reply, outcome.userId);
      setCookie(reply, NOTICE_COOKIE, 'registered', deps.cookies, { maxAgeSeconds: 300 });
      return reply.redirect(next, 303);
    }
    // The address already has an account: the same page a new reader would
    // reach, minus the session; its owner is told by email.
    return reply.redirect(`/register/check-email?next=${encodeURIComponent(next)}`, 303);
  });

  routes.get('/register/check-email', { schema: { querystring } }, async (request, reply) => {
    const { next } = request.query;
    return pages.sendBuiltPage(
      reply,
      MessagePage({
        site: await deps.loadSite(),
        title: 'Thank you for registering',
        children: (
          <>
            <p>We have sent you an email. Please follow it to continue.</p>
            <p>
              <a href={next}>Continue reading</a>
            </p>
          </>
        ),
      }),
      { caching: 'no-store' },
    );
  });

  routes.get('/altcha/challenge', { schema: { querystring: challengeQuery } }, async (request, reply) => {
    await limit(`challenge:ip:${request.ip}`, RATE_LIMITS.challengePerIp);
    const { form } = request.query;
    if (form !== 'register' && form !== 'signin') throw new AppError('not-found');
    const difficulty =
      form === 'signin' ? SIGN_IN_PROOF_DIFFICULTY : registrationDifficulty(await registrationAttempts(request.ip, { count: false }));
    return reply.header('cache-control', 'no-store').send(await botProtection.challengeFor(form, difficulty));
  });

  registerSignInRoutes(app, deps, { checkedForm, limit, trustThisDevice });

  const expiredLink = async (reply: FastifyReply) =>
    pages.sendBuiltPage(
      reply,
      MessagePage({
        site: await deps.loadSite(),
        title: 'This link has expired',
        children: <p>The confirmation link has expired or was already used. Sign in and visit your account page to get a new one.</p>,
      }),
      { status: 400, caching: 'no-store' },
    );

  // Opening the link only shows a button: mail scanners and link previews
  // fetch links, and must not confirm an address on the reader's behalf.
  routes.get('/account/verify', { schema: { querystring: verificationQuery } }, async (request, reply) => {
    const { token } = request.query;
    if (!(await accounts.verificationLinkIsLive(token))) return expiredLink(reply);
    const session = await sessions.current(request);
    return pages.sendBuiltPage(
      reply,
      MessagePage({
        site: await deps.loadSite(),
        title: 'Confirm your email address',
        children: (
          <form method="post" action="/account/verify" class="account-form">
            <CsrfField token={csrf.tokenFor(request, reply, session?.id)} />
            <input type="hidden" name="token" value={token} />
            <button type="submit" class="button-primary">
              Confirm my email address
            </button>
          </form>
        ),
      }),
      { caching: 'no-store' },
    );
  });

  app.post('/account/verify', async (request, reply) => {
    const { token } = await checkedForm(request, verificationForm);
    if (!(await accounts.verifyEmail(token))) return expiredLink(reply);
    return pages.sendBuiltPage(
      reply,
      MessagePage({
        site: await deps.loadSite(),
        title: 'Your email address is confirmed',
        children: (
          <p>
            Thank you. <a href="/">Back to the front page</a>
          </p>
        ),
      }),
      { caching: 'no-store' },
    );
  });

  app.get('/forgot-password', async (request, reply) => {
    const session = await sessions.current(request);
    return pages.sendBuiltPage(
      reply,
      ForgotPasswordPage({ site: await deps.loadSite(), csrfToken: csrf.tokenFor(request, reply, session?.id) }),
      { caching: 'no-store' },
    );
  });

  app.post('/forgot-password', async (request, reply) => {
    const form = await checkedForm(request, forgotPasswordForm);
    await limit(`reset:ip:${request.ip}`, RATE_LIMITS.resetPerIp);
    const email = form.email.trim().toLowerCase();
    // Over the per-address limit we silently send nothing more: the answer stays the same.
    const perAccount = await rateLimiter.consume(`reset:account:${email}`, RATE_LIMITS.resetPerAccount);
    // Looked up only once the answer has gone: writing a token and an email for a
    // registered address takes measurably longer than finding nothing (enumeration).
    if (perAccount.allowed) {
      reply.raw.once(
        'close',
        () => void accounts.requestPasswordReset(form.email).catch((error) => deps.log.error({ err: error }, 'password reset not queued')),
      );
    }
    return pages.sendBuiltPage(
      reply,
      MessagePage({
        site: await deps.loadSite(),
        title: 'Check your email',
        children: (
          <p>If an account exists for that address, we have sent it a link to choose a new password. The link works once, for one hour.</p>
        ),
      }),
      { caching: 'no-store' },
    );
  });

  const expiredResetLink = (reply: FastifyReply, site: SiteContext) =>
    pages.sendBuiltPage(
      reply,
      MessagePage({
        site,
        title: 'This link has expired',
        children: (
          <p>
            Password reset links work once, for one hour. <a href="/forgot-password">Ask for a new one</a>.
          </p>
        ),
      }),
      { status: 400, caching: 'no-store' },
    );

  routes.get('/reset-password', { schema: { querystring: resetLinkQuery } }, async (request, reply) => {
    const { token } = request.query;
    const site = await deps.loadSite();
    const policy = await accounts.resetLinkPolicy(token);
    if (!policy) return expiredResetLink(reply, site);
    const session = await sessions.current(request);
    return pages.sendBuiltPage(
      reply,
      ResetPasswordPage({ site, token, hint: policy.hint, csrfToken: csrf.tokenFor(request, reply, session?.id) }),
      { caching: 'no-store' },
    );
  });

  app.post('/reset-password', async (request, reply) => {
    const { token, password } = await checkedForm(request, resetPasswordForm);
    await limit(`reset:ip:${request.ip}`, RATE_LIMITS.resetPerIp);
    const outcome = await accounts.resetPassword(token, password);
    const site = await deps.loadSite();
    if (outcome.kind === 'invalid-link') return expiredResetLink(reply, site);
    if (outcome.kind === 'invalid-password') {
      const session = await sessions.current(request);
      const policy = await accounts.resetLinkPolicy(token);
      return pages.sendBuiltPage(
        reply,
        ResetPasswordPage({
          site,
          token,
          hint: policy?.hint,
          csrfToken: csrf.tokenFor(request, reply, session?.id),
          error: outcome.message,
        }),
        { status: 422, caching: 'no-store' },
      );
    }
    // The owner proved control of the address: wrong guesses by others stop counting against them.
    const keys = signInFailureKeys(outcome.email, request.ip);
    await rateLimiter.reset(keys.account);
    await rateLimiter.reset(keys.pair);
    trustThisDevice(reply, outcome.email);
    // A reset link is the first factor only: staff go on to their code (or to enrolment) like any sign-in.
    if (isStaffRole(outcome.role)) return deps.staffSignIn.afterPassword(request, reply, { ...outcome, next: '/account' });
    await sessions.start(request, reply, outcome.userId);
    return reply.redirect('/account', 303);
  });

  return {
    async renderWallForm(request, reply, next) {
      return RegistrationForm({ model: await registerFormModel(request, reply, { next, wall: 'form' }), showSignIn: false }).value;
    },
  };
}

export type { RegistrationField };
