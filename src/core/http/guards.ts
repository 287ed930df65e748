// Access checks for routes that need a signed-in user or a staff role. They
// run on the server for every request (as a route's preValidation hook, so a
// visitor without the role is refused before the route's schemas say anything
// about the address: a 400 or 404 would tell them what exists) and read the
// role from the database through the session, so a role taken away applies at
// once; hiding a link in the page is never the check.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { CurrentSession, SessionManager } from './sessions.js';

export type RouteGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

function signInRedirect(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
}

/** Anonymous visitors are sent to sign in and brought back here afterwards. */
export function requireSignedIn(sessions: SessionManager): RouteGuard {
  return async (request, reply) => {
    if (!(await sessions.current(request))) return signInRedirect(request, reply);
    return undefined;
  };
}

/** Signed in with one of `roles`, or: anonymous → 303 to /signin?next=…; any other role → 403. */
export function requireRole(sessions: SessionManager, roles: readonly Role[]): RouteGuard {
  return async (request, reply) => {
    const session = await sessions.current(request);
    if (!session) return signInRedirect(request, reply);
    if (!roles.includes(session.user.role))
      throw new AppError('forbidden', `role ${session.user.role} may not use ${request.routeOptions.url}`);
    return undefined;
  };
}

/** The session in a handler behind a guard (read once per request, so this costs nothing more). */
export async function guardedSession(sessions: SessionManager, request: FastifyRequest): Promise<CurrentSession> {
  const session = await sessions.current(request);
  if (!session) throw new AppError('forbidden', 'route is missing its guard');
  return session;
}
