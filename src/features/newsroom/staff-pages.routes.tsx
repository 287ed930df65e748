// The admins' staff page (/newsroom/staff) and its actions. Admins only
// (others 403, anonymous 303 to sign in), every post CSRF-checked, every
// change logged with who did it (an audit line in the server log), answers
// never cached. Behind the staff area's second-factor check like every
// newsroom page (accounts/two-factor.routes.tsx).
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role } from '../../core/db/schema.js';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { fields, inputs, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import type { StaffActionOutcome, StaffAdminService } from '../accounts/staff-admin.service.js';
import { STAFF_NOTICES, StaffListPage, type InviteModel, type StaffNotice } from './views/staff-pages.js';

export const STAFF_ADMIN_ROLES: readonly Role[] = ['admin'];

export interface StaffPagesDependencies {
  staffAdmin: StaffAdminService;
  sessions: SessionManager;
  csrf: Csrf;
  log: FastifyBaseLogger;
  loadSite: () => Promise<SiteContext>;
}

const inviteForm = z.object({ email: fields.text(254), name: fields.text(200), role: fields.text(40) });
const roleForm = z.object({ role: fields.text(40) });
const buttonForm = z.object({});
const noticeKeys = Object.keys(STAFF_NOTICES) as [StaffNotice, ...StaffNotice[]];

export function registerStaffPages(app: FastifyInstance, deps: StaffPagesDependencies): void {
  const { staffAdmin, sessions, csrf } = deps;
  const adminOnly = requireRole(sessions, STAFF_ADMIN_ROLES);
  const routes = app.withTypeProvider<ZodTypeProvider>();

  async function showPage(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { notice?: StaffNotice; invite?: InviteModel; status?: number },
  ) {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    const page = StaffListPage({
      site: await deps.loadSite(),
      account,
      csrfToken,
      selfId: session.user.id,
      members: await staffAdmin.listStaff(),
      notice: options.notice,
      invite: options.invite ?? { values: { email: '', name: '', role: 'contributor' }, errors: [] },
    });
    return sendHtml(reply, page, { status: options.status ?? 200, caching: 'no-store' });
  }

  async function checkedForm<Schema extends z.ZodType>(request: FastifyRequest, schema: Schema) {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    return { session, form: requireForm(request, schema) };
  }

  function afterAction(
    request: FastifyRequest,
    reply: FastifyReply,
    actorId: number,
    action: string,
    outcome: StaffActionOutcome,
    notice: StaffNotice,
  ) {
    if (outcome.kind === 'not-found') throw new AppError('not-found');
    if (outcome.kind === 'invalid') throw new AppError('bad-request', outcome.problem);
    if (outcome.kind === 'own-account') return reply.redirect('/newsroom/staff?notice=own-account', 303);
    deps.log.info(
      { audit: 'staff', action, actorId, targetId: outcome.member.id, target: outcome.member.email, ip: request.ip },
      `staff ${action}`,
    );
    return reply.redirect(`/newsroom/staff?notice=${notice}`, 303);
  }

  const listOptions = {
    preValidation: adminOnly,
    schema: { querystring: z.object({ notice: inputs.choice([...noticeKeys, 'none'], 'none') }) },
  };
  routes.get('/newsroom/staff', listOptions, async (request, reply) => {
    const { notice } = request.query;
    return showPage(request, reply, { notice: notice === 'none' ? undefined : notice });
  });

  app.post('/newsroom/staff/invite', { preValidation: adminOnly }, async (request, reply) => {
    const { session, form } = await checkedForm(request, inviteForm);
    const outcome = await staffAdmin.invite(form);
    if (outcome.kind === 'invalid') {
      // The CLI's wording names its flags; the form's fields are named the same way without the dashes.
      const errors = outcome.problems.map((problem) =>
        problem.replace(/--(email|name|role)/g, (_, field: string) => field[0]!.toUpperCase() + field.slice(1)),
      );
      return showPage(request, reply, { invite: { values: form, errors }, status: 422 });
    }
    deps.log.info(
      {
        audit: 'staff',
        action: 'invite',
        actorId: session.user.id,
        targetId: outcome.member.id,
        target: outcome.member.email,
        role: outcome.member.role,
        ip: request.ip,
      },
      'staff invite',
    );
    const link = outcome.signInLink ? { email: outcome.member.email, ...outcome.signInLink } : undefined;
    return showPage(request, reply, {
      invite: { values: { email: '', name: '', role: 'contributor' }, errors: [], link },
      notice: link ? undefined : 'already-staff',
    });
  });

  const memberOptions = { preValidation: adminOnly, schema: { params: z.object({ id: inputs.id() }) } };
  routes.post('/newsroom/staff/:id/role', memberOptions, async (request, reply) => {
    const { session, form } = await checkedForm(request, roleForm);
    const outcome = await staffAdmin.changeRole(session.user.id, request.params.id, form.role);
    return afterAction(request, reply, session.user.id, `role:${form.role}`, outcome, 'role-changed');
  });

  routes.post('/newsroom/staff/:id/deactivate', memberOptions, async (request, reply) => {
    const { session } = await checkedForm(request, buttonForm);
    const outcome = await staffAdmin.deactivate(session.user.id, request.params.id);
    return afterAction(request, reply, session.user.id, 'deactivate', outcome, 'deactivated');
  });

  routes.post('/newsroom/staff/:id/reactivate', memberOptions, async (request, reply) => {
    const { session } = await checkedForm(request, buttonForm);
    const outcome = await staffAdmin.reactivate(request.params.id);
    return afterAction(request, reply, session.user.id, 'reactivate', outcome, 'reactivated');
  });

  routes.post('/newsroom/staff/:id/reset-second-factor', memberOptions, async (request, reply) => {
    const { session } = await checkedForm(request, buttonForm);
    const outcome = await staffAdmin.resetSecondFactor(session.user.id, request.params.id);
    return afterAction(request, reply, session.user.id, 'reset-second-factor', outcome, 'second-factor-reset');
  });
}
