// What the newsroom pages read besides articles (those come from the articles
// feature's editing service): the email outbox (newsroom.queries.ts hides
// one-time links before anything reaches a page), and who else has an
// article open in the editor.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { clearStalePresence, listOthersPresent, recordHeartbeat } from './article-presence.repository.js';
import { findOutboxMessage, listRecentOutboxMessages } from './newsroom.queries.js';

/** An editor page sends a heartbeat every ~20 s; someone not heard from in a minute has closed it. */
export const PRESENCE_WINDOW_MS = 60_000;

export function createNewsroomService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const windowStart = () => new Date(clock.now().getTime() - PRESENCE_WINDOW_MS).toISOString();
  return {
    listOutbox: (page: number) => listRecentOutboxMessages(db, page),
    findOutboxMessage: (id: number) => findOutboxMessage(db, id),
    /** Records that `userId` has the article open; answers the names of the others who have. */
    async heartbeat(articleId: number, userId: number): Promise<string[]> {
      const since = windowStart();
      await clearStalePresence(db, since);
      await recordHeartbeat(db, articleId, userId, clock.now().toISOString());
      return listOthersPresent(db, articleId, userId, since);
    },
  };
}

export type NewsroomService = ReturnType<typeof createNewsroomService>;
