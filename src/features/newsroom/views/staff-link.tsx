// The staff page's link in the header's account corner, for admins; every
// staff member also gets "Two-step verification" (their own enrolment page).
import type { Role } from '../../../core/db/schema.js';
import type { AccountNavLink } from '../../../core/views/account-nav.js';
import { STAFF_ADMIN_ROLES } from '../staff-pages.routes.js';

export const staffLink: AccountNavLink<void> = {
  render: (user) => (STAFF_ADMIN_ROLES.includes(user.role as Role) ? <a href="/newsroom/staff">Staff</a> : null),
};

export const twoStepLink: AccountNavLink<void> = {
  render: (user) => (user.role !== 'reader' ? <a href="/account/two-factor">Two-step verification</a> : null),
};
