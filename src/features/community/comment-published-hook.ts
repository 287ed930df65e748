// The community side of a comment becoming visible (CommentPublishedHook):
// runs inside the comments feature's posting (or approval) transaction, so
// the notifications and queued emails commit or roll back with the comment.
//
// - the parent's author gets a 'reply' notification (not for replying to oneself);
// - the author's followers get a 'followed-comment' notification, except one
//   who already gets the 'reply' for this comment, and at most
//   `maxFollowerNotifications` of them (the earliest followers), so a popular
//   reader cannot make one post write without bound; the Following feed still
//   shows the comment to everyone;
// - each notified reader who wants that kind of email (and has a confirmed
//   address) gets one queued in the durable email outbox.
import type { Clock } from '../../core/clock.js';
import type { DbOrTransaction } from '../../core/db/database.js';
import { enqueueEmail } from '../../core/jobs/email-queue.js';
import type { CommentPublishedHook, PublishedComment } from '../comments/comments.types.js';
import { articlePathOf, commentHref, mayQuote } from './comment-links.js';
import * as repository from './community.repository.js';
import type { EmailNotificationKind } from './community.types.js';
import { notificationEmail, type CommunityEmailContext } from './emails/notification-emails.js';
import { unsubscribeToken } from './unsubscribe-token.js';
import { excerptOf } from './views/comment-text.js';

export interface CommentPublishedHookDependencies {
  clock: Clock;
  /** Signs unsubscribe links (the app's session secret). */
  secret: string;
  email: CommunityEmailContext;
  timeZone: string;
  maxFollowerNotifications?: number;
}

export const DEFAULT_MAX_FOLLOWER_NOTIFICATIONS = 1000;
const EMAIL_EXCERPT_LENGTH = 300;

export function createCommentPublishedHook(deps: CommentPublishedHookDependencies): CommentPublishedHook {
  const limit = deps.maxFollowerNotifications ?? DEFAULT_MAX_FOLLOWER_NOTIFICATIONS;

  return async function onCommentPublished(trx: DbOrTransaction, comment: PublishedComment): Promise<void> {
    const now = deps.clock.now();
    const createdAt = now.toISOString();
    const replyRecipient = comment.parentAuthorId !== null && comment.parentAuthorId !== comment.authorId ? comment.parentAuthorId : null;

    const isReplyNotified =
      replyRecipient !== null &&
      (await repository.insertReplyNotification(trx, {
        userId: replyRecipient,
        commentId: comment.id,
        actorId: comment.authorId,
        createdAt,
      }));
    const notifiedFollowers = await repository.insertFollowerNotifications(trx, {
      authorId: comment.authorId,
      commentId: comment.id,
      createdAt,
      excludeUserId: replyRecipient,
      limit,
    });
    if (!isReplyNotified && notifiedFollowers.length === 0) return;

    const stored = await repository.findCommentForNotice(trx, comment.id);
    if (!stored || stored.published_at === null) return;
    const commentUrl =
      deps.email.publicUrl +
      commentHref(
        articlePathOf({ sectionPath: stored.section_path, publishedAt: stored.published_at, slug: stored.slug }, deps.timeZone),
        stored.id,
      );
    // Every recipient is a signed-in reader; premium text is left to the article page.
    const excerpt = mayQuote(stored.access_level, 'reader') ? excerptOf(stored.body, EMAIL_EXCERPT_LENGTH) : null;
    const actorName = `${stored.author_first_name} ${stored.author_last_name}`;

    const queue = async (userIds: number[], kind: EmailNotificationKind) => {
      for (const recipient of await repository.findEmailRecipients(trx, userIds, kind)) {
        const unsubscribeUrl = `${deps.email.publicUrl}/notifications/unsubscribe?token=${encodeURIComponent(unsubscribeToken(deps.secret, recipient.id, kind))}`;
        const message = notificationEmail(deps.email, {
          to: recipient.email,
          recipientFirstName: recipient.first_name,
          kind,
          actorName,
          headline: stored.headline,
          excerpt,
          commentUrl,
          unsubscribeUrl,
        });
        await enqueueEmail(trx, message, now);
      }
    };
    if (isReplyNotified && replyRecipient !== null) await queue([replyRecipient], 'replies');
    await queue(notifiedFollowers, 'follows');
  };
}
