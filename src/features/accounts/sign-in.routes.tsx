// Sign-in and sign-out. Failures are limited per account and address (5 in 15
// minutes, then 429) and per account across networks (past 100 an hour, a
// browser the owner has not used must pass the bot check before its password is
// tried: slowed, never refused). A browser that signed in before skips both.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { readCookie, setCookie } from '../../core/http/cookies.js';
import { NOTICE_COOKIE } from '../../core/http/page-sender.js';
import type { RateLimitRule } from '../../core/http/rate-limit.js';
import type { ZodTypeProvider } from '../../core/http/route-input.js';
import type { AccountRoutesDependencies } from './accounts.routes.js';
import { isStaffRole } from './accounts.service.js';
import { buttonForm, nextQuery, signInForm } from './accounts.schemas.js';
import { RATE_LIMITS, SIGN_IN_PROOF_DIFFICULTY, signInFailureKeys } from './accounts-limits.js';
import { TRUSTED_DEVICE_COOKIE, isTrustedDevice } from './trusted-device.js';
import { SIGN_IN_CHECK_FAILED, SIGN_IN_CHECK_NEEDED, SIGN_IN_FAILED, SignInPage } from './views/signin-page.js';

/** What the account routes share with these. */
export interface AccountRouteKit {
  checkedForm<Schema extends z.ZodType>(request: FastifyRequest, schema: Schema): Promise<z.output<Schema>>;
  limit(key: string, rule: RateLimitRule): Promise<void>;
  trustThisDevice(reply: FastifyReply, email: string): void;
}

export function registerSignInRoutes(app: FastifyInstance, deps: AccountRoutesDependencies, kit: AccountRouteKit): void {
  const { accounts, sessions, csrf, botProtection, rateLimiter, pages } = deps;
  const { checkedForm, limit, trustThisDevice } = kit;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const querystring = nextQuery(deps.publicUrl);
  const signIn = signInForm(deps.publicUrl);

  async function showSignInForm(
    request: FastifyRequest,
    reply: FastifyReply,
    { botCheck, ...model }: { next: string; email?: string; formError?: string; botCheck?: boolean },
    status = 200,
  ) {
    const session = await sessions.current(request);
    const check = botCheck
      ? {
          formStamp: botProtection.formStamp('signin'),
          noScriptDelaySeconds: botProtection.noScriptDelaySecondsFor(SIGN_IN_PROOF_DIFFICULTY),
        }
      : undefined;
    return pages.sendBuiltPage(
      reply,
      SignInPage({
        site: await deps.loadSite(),
        // The widget alone: the registration form's own script has nothing to check here.
        scripts: check ? (deps.registrationScripts ?? []).filter((href) => href.includes('altcha-widget')) : [],
        model: { ...model, botCheck: check, csrfToken: csrf.tokenFor(request, reply, session?.id) },
      }),
      { status, caching: 'no-store' },
    );
  }

  routes.get('/signin', { schema: { querystring } }, async (request, reply) => {
    const { next } = request.query;
    return showSignInForm(request, reply, { next });
  });

  app.post('/signin', async (request, reply) => {
    const form = await checkedForm(request, signIn);
    const { next } = form;
    await limit(`signin:ip:${request.ip}`, RATE_LIMITS.signInPerIp);
    const email = form.email.trim().toLowerCase();
    const keys = signInFailureKeys(email, request.ip);
    // A browser that signed in to this account before is not limited: its owner
    // cannot be locked out by someone else's wrong guesses, from anywhere.
    const isKnownDevice = isTrustedDevice(deps.secret, email, readCookie(request, TRUSTED_DEVICE_COOKIE));
    // Counted before the password is checked, atomically: parallel guesses
    // cannot all pass a check made before any of them was counted. An attempt
    // that turns out right is given back.
    let countedForAccount = false;
    if (!isKnownDevice) {
      const pair = await rateLimiter.consume(keys.pair, RATE_LIMITS.signInFailuresPerAccountAndIp);
      if (!pair.allowed) {
        await rateLimiter.refund(keys.pair);
        throw new AppError('rate-limited', 'Too many failed sign-ins', { retryAfterSeconds: pair.retryAfterSeconds });
      }
      const account = await rateLimiter.consume(keys.account, RATE_LIMITS.signInFailuresPerAccount);
      if (account.allowed) countedForAccount = true;
      else {
        await rateLimiter.refund(keys.account);
        // Past the ceiling across networks: slowed by the bot check, not refused, so the owner still gets in.
        const bot = await botProtection.check('signin', form, SIGN_IN_PROOF_DIFFICULTY);
        if (bot.kind === 'rejected') {
          // Not a guess: the password was not checked.
          await rateLimiter.refund(keys.pair);
          const formError = form.altcha || form.form_started ? SIGN_IN_CHECK_FAILED : SIGN_IN_CHECK_NEEDED;
          return showSignInForm(request, reply, { next, email: form.email, formError, botCheck: true }, 429);
        }
      }
    }
    const outcome = await accounts.signIn(form.email, form.password);
    if (outcome.kind === 'failed') {
      const botCheck = !isKnownDevice && !countedForAccount;
      return showSignInForm(request, reply, { next, email: form.email, formError: SIGN_IN_FAILED, botCheck }, 422);
    }
    await rateLimiter.reset(keys.pair);
    if (countedForAccount) await rateLimiter.refund(keys.account);
    trustThisDevice(reply, email);
    if (isStaffRole(outcome.role)) return deps.staffSignIn.afterPassword(request, reply, { ...outcome, next });
    await sessions.start(request, reply, outcome.userId);
    setCookie(reply, NOTICE_COOKIE, 'signed-in', deps.cookies, { maxAgeSeconds: 300 });
    return reply.redirect(next, 303);
  });

  app.post('/signout', async (request, reply) => {
    await checkedForm(request, buttonForm);
    await sessions.end(request, reply);
    return reply.redirect('/', 303);
  });
}
