// "Submitted for review": every editor and admin is told in the newsroom, and
// by email those who chose it. Written in one transaction with the queued
// emails (the durable outbox sends each once, on whichever node).
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { enqueueEmail } from '../../core/jobs/email-queue.js';
import type { Actor, EditableArticle } from '../articles/articles.types.js';
import { reviewRequestEmail, type NewsroomEmailContext } from './emails/review-email.js';
import * as repository from './review-notifications.repository.js';

/** The newest notifications shown; older ones stay in the table, unread counts included. */
export const NOTIFICATIONS_SHOWN = 50;

export function createReviewNotifications(deps: { db: Db; clock: Clock; email: NewsroomEmailContext }) {
  const { db, clock } = deps;

  /** The article editing service's `onSubmitted`. */
  async function onSubmitted(article: EditableArticle, actor: Actor): Promise<void> {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      // Someone who submits their own story does not need telling.
      const reviewers = (await repository.listReviewers(trx)).filter((reviewer) => actor.kind !== 'staff' || reviewer.id !== actor.userId);
      await repository.insertNotifications(
        trx,
        reviewers.map((reviewer) => ({ userId: reviewer.id, articleId: article.id, actorName: actor.name, now: now.toISOString() })),
      );
      for (const reviewer of reviewers.filter((candidate) => candidate.wantsEmail)) {
        const message = reviewRequestEmail(deps.email, {
          to: reviewer.email,
          firstName: reviewer.firstName,
          headline: article.headline,
          submittedBy: actor.name,
          editUrl: `${deps.email.publicUrl}/newsroom/articles/${article.id}/edit`,
        });
        await enqueueEmail(trx, message, now);
      }
    });
  }

  return {
    onSubmitted,
    list: (userId: number) => repository.listNotifications(db, userId, NOTIFICATIONS_SHOWN),
    countUnread: (userId: number) => repository.countUnread(db, userId),
    markAllRead: (userId: number) => repository.markAllRead(db, userId, clock.now().toISOString()),
    wantsEmails: (userId: number) => repository.findWantsReviewEmails(db, userId),
    setWantsEmails: (userId: number, wants: boolean) => repository.setWantsReviewEmails(db, userId, wants),
  };
}

export type ReviewNotifications = ReturnType<typeof createReviewNotifications>;
