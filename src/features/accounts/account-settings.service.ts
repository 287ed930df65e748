// What a signed-in reader can do on /account: edit their name, choose emails,
// change password or address, see and end their sessions, download their data
// and delete their account.
//
// Every change that could lock the owner out (password, address, deletion)
// asks for the current password first, so a borrowed or stolen session is not
// enough to take the account over.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { AppError } from '../../core/errors.js';
import { enqueueEmail, type EmailWorker } from '../../core/jobs/email-queue.js';
import * as sessionsRepository from '../../core/http/sessions.repository.js';
import { hashToken, randomToken } from '../../core/security/tokens.js';
import { checkEmail, checkName, checkPassword } from './account-rules.js';
import * as repository from './account-settings.repository.js';
import * as accountsRepository from './accounts.repository.js';
import type { AccountsService, FieldErrors, RequestMeta } from './accounts.service.js';
import { passwordChangedEmail, type EmailContext } from './emails/account-emails.js';
import { confirmEmailChangeEmail, emailAlreadyInUseEmail, emailChangeRequestedEmail } from './emails/settings-emails.js';
import type { PasswordHasher } from './passwords.js';

export const SETTINGS_MESSAGES = {
  currentPasswordMissing: 'Please enter your current password',
  currentPasswordWrong: "That isn't your current password. Please try again",
  sameEmail: 'That is already the email address of your account',
} as const;

const CHANGE_EMAIL_TTL_MS = 24 * 3600_000;
// Long enough for any real password; longer input is not worth an Argon2 run.
const MAX_PASSWORD_INPUT = 1024;

export type ProfileField = 'firstName' | 'lastName';
export type PasswordChangeField = 'currentPassword' | 'newPassword';
export type EmailChangeField = 'newEmail' | 'currentPassword';
export type DeletionField = 'password';

/** `isReauthenticationFailure`: a wrong current password, which the route counts against a rate limit. */
export type FormOutcome<Done, F extends string> = Done | { kind: 'invalid'; errors: FieldErrors<F>; isReauthenticationFailure: boolean };

export type EmailConfirmationOutcome = { kind: 'changed'; email: string } | { kind: 'invalid-link' } | { kind: 'address-taken' };

export interface SessionSummary {
  /** Names the session in forms without revealing its id. */
  handle: string;
  userAgent: string;
  ipAddress: string;
  createdAt: string;
  lastSeenAt: string;
  isCurrent: boolean;
}

export interface AccountOverview {
  firstName: string;
  lastName: string;
  email: string;
  isEmailVerified: boolean;
  isMarketingOptOut: boolean;
  newsletters: AccountNewsletterChoice[];
  sessions: SessionSummary[];
}

/** A newsletter as /account offers it; the newsletters feature decides who may choose what. */
export interface AccountNewsletterChoice {
  id: number;
  name: string;
  description: string;
  isSubscribed: boolean;
  isPremiumOnly: boolean;
  /** Whether its checkbox is offered: signing up may need Premium; leaving is always possible. */
  canChoose: boolean;
  /** Why it is not being sent although chosen, in the reader's words; null when it is. */
  heldNote: string | null;
}

/**
 * The newsletters feature's side of /account (handed in by app.ts): newsletter
 * sign-ups go through its service, so they follow the same eligibility rules
 * as everywhere else. `choose` writes nothing when it refuses a sign-up.
 */
export interface AccountNewsletterChoices {
  list(userId: number): Promise<AccountNewsletterChoice[]>;
  choose(userId: number, chosenIds: number[]): Promise<{ kind: 'saved' } | { kind: 'premium-required'; names: string[] }>;
}

export type PreferencesOutcome = { kind: 'saved' } | { kind: 'premium-required'; names: string[] };

/**
 * One part of "download my data". Features that store something about a reader
 * (comments, events, subscriptions) add a section through the factory, so the
 * export stays complete as the platform grows.
 */
export interface PersonalDataSection {
  id: string;
  title: string;
  collect(userId: number, now: Date): Promise<unknown>;
}

export interface PersonalDataExport {
  publication: string;
  exportedAt: string;
  sections: { id: string; title: string; data: unknown }[];
}

export interface AccountSettingsServiceDependencies {
  db: Db;
  clock: Clock;
  passwords: PasswordHasher;
  emailWorker: EmailWorker;
  email: EmailContext;
  accounts: Pick<AccountsService, 'policyFor'>;
  newsletters: AccountNewsletterChoices;
  personalDataSections?: PersonalDataSection[];
}

type UserRow = NonNullable<Awaited<ReturnType<typeof accountsRepository.findUserById>>>;

export function sessionHandle(sessionId: string): string {
  return hashToken(`session-handle:${sessionId}`);
}

function isLiveTokenShape(token: unknown): token is string {
  return typeof token === 'string' && token.length > 0 && token.length <= 100;
}

export function createAccountSettingsService(deps: AccountSettingsServiceDependencies) {
  const { db, clock, passwords } = deps;

  async function reauthenticate(user: UserRow, password: string): Promise<'ok' | 'missing' | 'wrong'> {
    if (password === '') return 'missing';
    if (password.length > MAX_PASSWORD_INPUT) return 'wrong';
    return (await passwords.verify(user.password_hash, password)) ? 'ok' : 'wrong';
  }

  /** Adds the current-password error, if any; says whether re-authentication failed. */
  async function checkCurrentPassword<F extends string>(
    user: UserRow,
    password: string,
    field: F,
    errors: FieldErrors<F>,
  ): Promise<boolean> {
    const result = await reauthenticate(user, password);
    if (result === 'missing') errors[field] = SETTINGS_MESSAGES.currentPasswordMissing;
    if (result === 'wrong') errors[field] = SETTINGS_MESSAGES.currentPasswordWrong;
    return result === 'wrong';
  }

  async function requireUser(userId: number): Promise<UserRow> {
    const user = await accountsRepository.findUserById(db, userId);
    // Sessions of deleted accounts are removed with them; reaching here means a race with deletion.
    if (!user) throw new AppError('forbidden', 'account deleted during the request');
    return user;
  }

  async function loadOverview(userId: number, currentSessionId: string): Promise<AccountOverview> {
    const now = clock.now().toISOString();
    const [user, newsletters, sessions] = await Promise.all([
      requireUser(userId),
      deps.newsletters.list(userId),
      sessionsRepository.listSessionsOfUser(db, userId, now),
    ]);
    return {
      firstName: user.first_name,
      lastName: user.last_name,
      email: user.email,
      isEmailVerified: user.email_verified_at !== null,
      isMarketingOptOut: user.marketing_opt_out === 1,
      newsletters,
      sessions: sessions.map((session) => ({
        handle: sessionHandle(session.id),
        userAgent: session.user_agent,
        ipAddress: session.ip_address,
        createdAt: session.created_at,
        lastSeenAt: session.last_seen_at,
        isCurrent: session.id === currentSessionId,
      })),
    };
  }

  async function updateProfile(userId: number, input: Record<ProfileField, string>): Promise<FormOutcome<{ kind: 'saved' }, ProfileField>> {
    const firstName = checkName(input.firstName, 'first');
    const lastName = checkName(input.lastName, 'last');
    if (!firstName.ok || !lastName.ok) {
      const errors: FieldErrors<ProfileField> = {};
      if (!firstName.ok) errors.firstName = firstName.message;
      if (!lastName.ok) errors.lastName = lastName.message;
      return { kind: 'invalid', errors, isReauthenticationFailure: false };
    }
    await accountsRepository.updateUser(db, userId, { firstName: firstName.value, lastName: lastName.value }, clock.now().toISOString());
    return { kind: 'saved' };
  }

  /**
   * Marketing choice and newsletters in one save; a change of marketing choice
   * is recorded as consent. Newsletters go first, through their own service: a
   * sign-up it refuses (Premium needed) leaves everything as it was.
   */
  async function updatePreferences(
    userId: number,
    input: { isMarketingOptOut: boolean; newsletterIds: number[] },
    meta: RequestMeta,
  ): Promise<PreferencesOutcome> {
    const newsletters = await deps.newsletters.choose(userId, input.newsletterIds);
    if (newsletters.kind !== 'saved') return newsletters;
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const user = await accountsRepository.findUserById(trx, userId);
      if (!user) return;
      if ((user.marketing_opt_out === 1) !== input.isMarketingOptOut) {
        await accountsRepository.updateUser(trx, userId, { marketingOptOut: input.isMarketingOptOut }, now);
        await accountsRepository.insertConsent(trx, {
          userId,
          document: 'marketing',
          version: 'opt-out',
          granted: !input.isMarketingOptOut,
          now,
          ...meta,
        });
      }
    });
    return { kind: 'saved' };
  }

  /** On success every other session is gone; the route rotates the current one. */
  async function changePassword(
    userId: number,
    input: Record<PasswordChangeField, string>,
    currentSessionId: string,
  ): Promise<FormOutcome<{ kind: 'changed' }, PasswordChangeField>> {
    const user = await requireUser(userId);
    const errors: FieldErrors<PasswordChangeField> = {};
    // Errors in the order of the form's fields: the summary lists them so.
    const isReauthenticationFailure = await checkCurrentPassword(user, input.currentPassword, 'currentPassword', errors);
    const newPassword = checkPassword(input.newPassword, deps.accounts.policyFor(user.role));
    if (!newPassword.ok) errors.newPassword = newPassword.message;
    if (!newPassword.ok || errors.currentPassword) return { kind: 'invalid', errors, isReauthenticationFailure };
    const passwordHash = await passwords.hash(newPassword.value);
    const now = clock.now();
    const nowIso = now.toISOString();
    await db.transaction().execute(async (trx) => {
      await accountsRepository.updateUser(trx, userId, { passwordHash }, nowIso);
      await sessionsRepository.deleteSessionsOfUser(trx, userId, currentSessionId);
      // An older reset link would otherwise undo the change the reader just made.
      await accountsRepository.invalidateEmailTokens(trx, userId, 'reset-password', nowIso);
      await enqueueEmail(trx, passwordChangedEmail(deps.email, user.email), now);
    });
    deps.emailWorker.nudge();
    return { kind: 'changed' };
  }

  /**
   * The same outcome whether or not the new address is free: telling the
   * requester would reveal who else reads the paper. The owner of a taken
   * address gets a notice instead of a link; the old address hears either way.
   */
  async function requestEmailChange(
    userId: number,
    input: Record<EmailChangeField, string>,
  ): Promise<FormOutcome<{ kind: 'requested' }, EmailChangeField>> {
    const user = await requireUser(userId);
    const errors: FieldErrors<EmailChangeField> = {};
    const newEmail = checkEmail(input.newEmail);
    if (!newEmail.ok) errors.newEmail = newEmail.message;
    else if (newEmail.value === user.email) errors.newEmail = SETTINGS_MESSAGES.sameEmail;
    const isReauthenticationFailure = await checkCurrentPassword(user, input.currentPassword, 'currentPassword', errors);
    if (!newEmail.ok || errors.newEmail || errors.currentPassword) return { kind: 'invalid', errors, isReauthenticationFailure };
    const now = clock.now();
    const nowIso = now.toISOString();
    await db.transaction().execute(async (trx) => {
      await accountsRepository.invalidateEmailTokens(trx, userId, 'change-email', nowIso);
      if (await repository.isEmailInUse(trx, newEmail.value)) {
        await enqueueEmail(trx, emailAlreadyInUseEmail(deps.email, newEmail.value), now);
      } else {
        const token = randomToken();
        await accountsRepository.insertEmailToken(trx, {
          id: hashToken(token),
          userId,
          purpose: 'change-email',
          newEmail: newEmail.value,
          now: nowIso,
          expiresAt: new Date(now.getTime() + CHANGE_EMAIL_TTL_MS).toISOString(),
        });
        await enqueueEmail(trx, confirmEmailChangeEmail(deps.email, newEmail.value, token), now);
      }
      await enqueueEmail(trx, emailChangeRequestedEmail(deps.email, user.email, newEmail.value), now);
    });
    deps.emailWorker.nudge();
    return { kind: 'requested' };
  }

  /** The address a live change-email link of this reader would switch to, or null. */
  async function findPendingEmailChange(userId: number, token: unknown): Promise<string | null> {
    if (!isLiveTokenShape(token)) return null;
    const row = await repository.findLiveEmailToken(db, {
      id: hashToken(token),
      userId,
      purpose: 'change-email',
      now: clock.now().toISOString(),
    });
    return row?.new_email ?? null;
  }

  async function confirmEmailChange(userId: number, token: unknown): Promise<EmailConfirmationOutcome> {
    if (!isLiveTokenShape(token)) return { kind: 'invalid-link' };
    const id = hashToken(token);
    const now = clock.now().toISOString();
    try {
      return await db.transaction().execute(async (trx): Promise<EmailConfirmationOutcome> => {
        // A link only works for the account that asked for it.
        const live = await repository.findLiveEmailToken(trx, { id, userId, purpose: 'change-email', now });
        if (!live?.new_email) return { kind: 'invalid-link' };
        const consumed = await accountsRepository.consumeEmailToken(trx, id, 'change-email', now);
        if (!consumed?.new_email) return { kind: 'invalid-link' };
        // Re-checked now: the address may have registered since the link was sent.
        if (await repository.isEmailInUse(trx, consumed.new_email)) return { kind: 'address-taken' };
        await repository.changeUserEmail(trx, { userId, email: consumed.new_email, now });
        // Links mailed to the old address must not keep working for it.
        await accountsRepository.invalidateEmailTokens(trx, userId, 'reset-password', now);
        await accountsRepository.invalidateEmailTokens(trx, userId, 'verify-email', now);
        return { kind: 'changed', email: consumed.new_email };
      });
    } catch (error) {
      // Two accounts confirming the same address at the same instant: the unique index decides.
      if (repository.isUniqueViolation(error)) return { kind: 'address-taken' };
      throw error;
    }
  }

  async function endOtherSession(userId: number, handle: string, currentSessionId: string): Promise<'ended' | 'not-found'> {
    const sessions = await sessionsRepository.listSessionsOfUser(db, userId, clock.now().toISOString());
    const session = sessions.find((candidate) => candidate.id !== currentSessionId && sessionHandle(candidate.id) === handle);
    if (!session) return 'not-found';
    await sessionsRepository.deleteSession(db, session.id);
    return 'ended';
  }

  const builtInSections: PersonalDataSection[] = [
    {
      id: 'profile',
      title: 'Your account',
      async collect(userId) {
        const profile = await repository.findProfileForExport(db, userId);
        if (!profile) return null;
        return {
          email: profile.email,
          emailVerifiedAt: profile.email_verified_at,
          firstName: profile.first_name,
          lastName: profile.last_name,
          dateOfBirth: profile.date_of_birth,
          role: profile.role,
          marketingOptOut: profile.marketing_opt_out === 1,
          createdAt: profile.created_at,
          updatedAt: profile.updated_at,
        };
      },
    },
    {
      id: 'consents',
      title: 'What you agreed to, and when',
      async collect(userId) {
        const consents = await accountsRepository.listConsents(db, userId);
        return consents.map((consent) => ({
          document: consent.document,
          version: consent.version,
          granted: consent.granted === 1,
          recordedAt: consent.recorded_at,
          ipAddress: consent.ip_address,
          userAgent: consent.user_agent,
        }));
      },
    },
    {
      id: 'newsletters',
      title: 'Newsletters you receive',
      async collect(userId) {
        const subscriptions = await repository.listSubscribedNewslettersForExport(db, userId);
        return subscriptions.map((subscription) => ({
          newsletter: subscription.name,
          slug: subscription.slug,
          subscribedAt: subscription.created_at,
        }));
      },
    },
    {
      id: 'sessions',
      title: 'Devices signed in to your account',
      async collect(userId, now) {
        const sessions = await repository.listSessionsForExport(db, userId, now.toISOString());
        return sessions.map((session) => ({
          signedInAt: session.created_at,
          lastSeenAt: session.last_seen_at,
          expiresAt: session.expires_at,
          userAgent: session.user_agent,
          ipAddress: session.ip_address,
        }));
      },
    },
    {
      id: 'email-changes',
      title: 'Requests to change your email address',
      async collect(userId) {
        const requests = await repository.listEmailChangeRequestsForExport(db, userId);
        return requests.map((request) => ({
          newEmail: request.new_email,
          requestedAt: request.created_at,
          expiresAt: request.expires_at,
          confirmedAt: request.used_at,
        }));
      },
    },
  ];
  const sections = [...builtInSections, ...(deps.personalDataSections ?? [])];

  async function exportPersonalData(userId: number): Promise<PersonalDataExport> {
    const now = clock.now();
    const collected = await Promise.all(
      sections.map(async (section) => ({ id: section.id, title: section.title, data: await section.collect(userId, now) })),
    );
    return { publication: deps.email.publicationName, exportedAt: now.toISOString(), sections: collected };
  }

  /** Anonymises the account (accounts.repository.ts says what stays) and ends every session. */
  async function deleteAccount(
    userId: number,
    input: Record<DeletionField, string>,
  ): Promise<FormOutcome<{ kind: 'deleted' }, DeletionField>> {
    const user = await requireUser(userId);
    const errors: FieldErrors<DeletionField> = {};
    const isReauthenticationFailure = await checkCurrentPassword(user, input.password, 'password', errors);
    if (errors.password) return { kind: 'invalid', errors, isReauthenticationFailure };
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await repository.deleteOutboxMessagesTo(trx, user.email);
      await accountsRepository.anonymiseUser(trx, userId, now);
    });
    return { kind: 'deleted' };
  }

  return {
    loadOverview,
    updateProfile,
    updatePreferences,
    changePassword,
    requestEmailChange,
    findPendingEmailChange,
    confirmEmailChange,
    endOtherSession,
    exportPersonalData,
    deleteAccount,
  };
}

export type AccountSettingsService = ReturnType<typeof createAccountSettingsService>;
