// Notifications, the email choices, and the unsubscribe pages.
import { CheckboxField, CsrfField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { EmailNotificationKind, EmailPreferences, NotificationCard, Paged } from '../community.types.js';
import { CommentCardView, CommunityLayout, Pager, ReaderLink } from './community-layout.js';

export function NotificationsPage(props: { site: SiteContext; notifications: Paged<NotificationCard>; csrfToken: string }) {
  const { notifications } = props;
  const hasUnread = notifications.items.some((item) => item.isUnread);
  return (
    <CommunityLayout site={props.site} title="Notifications">
      <h1>Notifications</h1>
      <p>
        <a href="/account/notifications">Choose which notifications you get by email</a>
      </p>
      {hasUnread ? (
        <form method="post" action="/notifications/read-all">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button-primary">
            Mark all as read
          </button>
        </form>
      ) : null}
      {notifications.items.length === 0 ? (
        <p>{notifications.page === 1 ? 'You have no notifications yet.' : 'No more notifications.'}</p>
      ) : (
        <ol class="comment-cards notifications">
          {notifications.items.map((item) => (
            <CommentCardView
              comment={item.comment}
              timeZone={props.site.timeZone}
              lead={
                <>
                  {item.isUnread ? <strong class="unread-marker">New: </strong> : null}
                  <ReaderLink reader={item.actor} /> {item.kind === 'reply' ? 'replied to your comment' : 'commented'}
                </>
              }
            />
          ))}
        </ol>
      )}
      <Pager paged={notifications} basePath="/notifications" label="Pages of notifications" />
    </CommunityLayout>
  );
}

export function NotificationSettingsPage(props: { site: SiteContext; preferences: EmailPreferences; csrfToken: string; isSaved: boolean }) {
  return (
    <CommunityLayout site={props.site} title="Notification emails">
      <h1>Notification emails</h1>
      {props.isSaved ? (
        <p class="site-notice" role="status">
          Your choices have been saved.
        </p>
      ) : null}
      <form method="post" action="/account/notifications">
        <CsrfField token={props.csrfToken} />
        <fieldset>
          <legend>Email me when</legend>
          <CheckboxField name="emailReplies" label="someone replies to one of my comments" checked={props.preferences.replies} />
          <CheckboxField name="emailFollows" label="a reader I follow comments" checked={props.preferences.follows} />
        </fieldset>
        <button type="submit" class="button-primary">
          Save
        </button>
      </form>
      <p>
        You always see your notifications on <a href="/notifications">the notifications page</a>.{' '}
        <a href="/account">Back to your account</a>
      </p>
    </CommunityLayout>
  );
}

const KIND_TEXT: Record<EmailNotificationKind, string> = {
  replies: 'when someone replies to your comments',
  follows: 'when readers you follow comment',
};

/** Opening the link only shows a button: mail scanners that follow links must not unsubscribe anyone. */
export function UnsubscribePage(props: { site: SiteContext; token: string; kind: EmailNotificationKind }) {
  return (
    <CommunityLayout site={props.site} title="Unsubscribe">
      <h1>Stop these emails?</h1>
      <p>You will no longer get an email {KIND_TEXT[props.kind]}. Your notifications stay on the site.</p>
      <form method="post" action="/notifications/unsubscribe">
        <input type="hidden" name="token" value={props.token} />
        <button type="submit" class="button-primary">
          Unsubscribe
        </button>
      </form>
    </CommunityLayout>
  );
}

export function UnsubscribedPage(props: { site: SiteContext; kind: EmailNotificationKind }) {
  return (
    <CommunityLayout site={props.site} title="You are unsubscribed">
      <h1>You are unsubscribed</h1>
      <p>We will no longer email you {KIND_TEXT[props.kind]}.</p>
      <p>
        You can change this at any time on <a href="/account/notifications">your notification settings</a>.
      </p>
    </CommunityLayout>
  );
}

export function InvalidUnsubscribeLinkPage(props: { site: SiteContext }) {
  return (
    <CommunityLayout site={props.site} title="This link does not work">
      <h1>This link does not work</h1>
      <p>
        The unsubscribe link is incomplete or was changed. Sign in to choose your emails on{' '}
        <a href="/account/notifications">your notification settings</a>.
      </p>
    </CommunityLayout>
  );
}
