// The newsroom's piece of the header's account corner (core/views/account-nav.tsx):
// staff who write get a link to their articles.
import type { Role } from '../../../core/db/schema.js';
import type { AccountNavLink } from '../../../core/views/account-nav.js';
import { WRITER_ROLES } from '../newsroom-actor.js';

export const articlesLink: AccountNavLink<void> = {
  render: (user) => ((WRITER_ROLES as readonly Role[]).includes(user.role) ? <a href="/newsroom">Articles</a> : null),
};
