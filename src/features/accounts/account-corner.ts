// The signed-in reader's corner of the header, which the page sender splices
// into cached pages (core/http/page-sender.ts, `renderAccountSlot`): the links
// other features contribute (AccountNavLink, in the order given), "Your
// account", the sign-out form with this page's CSRF token, and the one-time
// notice the accounts routes leave in NOTICE_COOKIE after registering or
// signing in.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { trustedHtml } from '#jsx/jsx-runtime';
import type { Csrf } from '../../core/http/csrf.js';
import type { CurrentSession } from '../../core/http/sessions.js';
import { AccountNav, type AccountNavLink } from '../../core/views/account-nav.js';
import { isStaffRole } from './accounts.service.js';

const NOTICES: Record<string, string> = {
  registered: 'Thank you for registering. You are signed in.',
  'signed-in': 'You are signed in.',
};

export interface AccountCornerDependencies {
  csrf: Csrf;
  /** Pieces other features contribute (the community's notifications, the newsroom link). */
  links: readonly AccountNavLink[];
}

export function createAccountCorner(deps: AccountCornerDependencies) {
  return async function renderAccountCorner(
    request: FastifyRequest,
    reply: FastifyReply,
    session: CurrentSession,
    notice: string | undefined,
  ): Promise<string> {
    const { user } = session;
    const csrfToken = deps.csrf.tokenFor(request, reply, session.id);
    let links = '';
    for (const link of deps.links) {
      const piece = link.render(user, link.read ? await link.read(user) : undefined);
      if (piece) links += piece.value;
    }
    return AccountNav({
      user: { firstName: user.firstName, isStaff: isStaffRole(user.role) },
      csrfToken,
      // The cookie is the browser's to send: only our own keys name a notice.
      notice: notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice] : undefined,
      links: trustedHtml(links),
    }).value;
  };
}
