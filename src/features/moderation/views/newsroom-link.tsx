// Moderation's piece of the header's account corner (core/views/account-nav.tsx):
// staff who may moderate get a link to the queues.
import type { AccountNavLink } from '../../../core/views/account-nav.js';
import { MODERATION_ROLES } from '../moderation.types.js';

export const newsroomLink: AccountNavLink<void> = {
  render: (user) => (MODERATION_ROLES.includes(user.role) ? <a href="/newsroom/moderation">Newsroom</a> : null),
};
