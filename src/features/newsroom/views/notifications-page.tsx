import type { SafeHtml } from '#jsx/jsx-runtime';
import { formatDateline } from '../../../core/views/format.js';
import { CheckboxField, CsrfField } from '../../../core/views/forms.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { NotificationRow } from '../review-notifications.repository.js';

export function NotificationsPage(props: {
  site: SiteContext;
  account: SafeHtml;
  csrfToken: string;
  items: NotificationRow[];
  wantsEmails: boolean;
  notice: string | null;
}) {
  const { site, items } = props;
  const unread = items.filter((item) => item.readAt === null).length;
  return (
    <Layout
      site={site}
      account={props.account}
      meta={{ title: 'Notifications', description: 'Newsroom notifications', robots: 'noindex, nofollow' }}
    >
      <section class="newsroom-page">
        <p class="kicker">
          <a href="/newsroom">Newsroom</a>
        </p>
        <h1>Notifications</h1>
        {props.notice ? (
          <p class="notice" role="status">
            {props.notice}
          </p>
        ) : null}
        {items.length === 0 ? (
          <p class="empty">Nothing yet. You are told here when a story is submitted for review.</p>
        ) : (
          <>
            <p>{unread === 1 ? '1 unread notification.' : `${unread} unread notifications.`}</p>
            <ul class="notification-list">
              {items.map((item) => (
                <li class={item.readAt === null ? 'unread' : undefined}>
                  {item.readAt === null ? <span class="visually-hidden">Unread: </span> : null}
                  {item.actorName} submitted <a href={`/newsroom/articles/${item.articleId}/edit`}>{item.headline}</a> for review,{' '}
                  <time datetime={item.createdAt}>{formatDateline(item.createdAt, site.timeZone)}</time>
                </li>
              ))}
            </ul>
            {unread > 0 ? (
              <form method="post" action="/newsroom/notifications/read">
                <CsrfField token={props.csrfToken} />
                <button type="submit">Mark all as read</button>
              </form>
            ) : null}
          </>
        )}
        <h2>By email</h2>
        <form method="post" action="/newsroom/notifications/preferences">
          <CsrfField token={props.csrfToken} />
          <CheckboxField name="reviewEmails" label="Email me when a story is submitted for review" checked={props.wantsEmails} />
          <button type="submit">Save</button>
        </form>
      </section>
    </Layout>
  );
}
