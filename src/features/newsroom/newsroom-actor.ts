// Who is acting on a newsroom page: the signed-in staff member, as the
// article editing service knows actors (revisions record their name).
import type { Role } from '../../core/db/schema.js';
import type { CurrentSession } from '../../core/http/sessions.js';
import type { Actor, WriterRole } from '../articles/articles.types.js';

/** Staff who write: every newsroom article page is behind a guard for these roles. */
export const WRITER_ROLES = ['contributor', 'author', 'editor', 'admin'] as const satisfies readonly (Role & WriterRole)[];

/** Staff who edit anything, schedule and correct. */
export const EDITOR_ROLES = ['editor', 'admin'] as const satisfies readonly WriterRole[];

const isWriterRole = (role: Role): role is WriterRole => (WRITER_ROLES as readonly Role[]).includes(role);

/** The actor behind a guarded session, or null for a role that does not write (a moderator, a reader). */
export function actorOf(session: CurrentSession): Actor | null {
  const { user } = session;
  if (!isWriterRole(user.role)) return null;
  return { kind: 'staff', userId: user.id, name: `${user.firstName} ${user.lastName}`.trim(), role: user.role };
}
