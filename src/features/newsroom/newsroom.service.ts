// What the newsroom pages read: so far the email outbox (newsroom.queries.ts
// hides one-time links before anything reaches a page).
import type { Db } from '../../core/db/database.js';
import { findOutboxMessage, listRecentOutboxMessages } from './newsroom.queries.js';

export function createNewsroomService(deps: { db: Db }) {
  const { db } = deps;
  return {
    listOutbox: (page: number) => listRecentOutboxMessages(db, page),
    findOutboxMessage: (id: number) => findOutboxMessage(db, id),
  };
}

export type NewsroomService = ReturnType<typeof createNewsroomService>;
