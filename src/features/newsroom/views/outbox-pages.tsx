import { formatDateline } from '../../../core/views/format.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { StaffLayout, type StaffPageProps } from './staff-layout.js';
import type { OutboxListItem, OutboxMessage, OutboxPage } from '../newsroom.queries.js';

const STATUS_LABELS: Record<OutboxListItem['status'], string> = {
  pending: 'Waiting to be sent',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
};

function OutboxTime(props: { site: SiteContext; at: string | null }) {
  return props.at ? <time datetime={props.at}>{formatDateline(props.at, props.site.timeZone)}</time> : <>—</>;
}

export function OutboxListPage(props: StaffPageProps & { outbox: OutboxPage }) {
  const { site, outbox } = props;
  return (
    <StaffLayout {...props} title="Email outbox">
      <p class="kicker">Newsroom</p>
      <h1>Email outbox</h1>
      <p>
        Every email {site.publicationName} sends, newest first. Without an SMTP server configured, messages are written to the outbox folder
        on the server instead of being delivered.
      </p>
      {outbox.items.length === 0 ? (
        <p class="empty">No emails yet.</p>
      ) : (
        <table class="outbox-table">
          <caption class="visually-hidden">Emails, newest first</caption>
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Subject</th>
              <th scope="col">Status</th>
              <th scope="col">Queued</th>
              <th scope="col">Sent</th>
            </tr>
          </thead>
          <tbody>
            {outbox.items.map((item) => (
              <tr>
                <td>{item.recipient}</td>
                <td>
                  <a href={`/newsroom/outbox/${item.id}`}>{item.subject}</a>
                </td>
                <td>
                  {STATUS_LABELS[item.status]}
                  {item.status !== 'sent' && item.attempts > 0 ? ` (${item.attempts} attempts)` : ''}
                </td>
                <td>
                  <OutboxTime site={site} at={item.createdAt} />
                </td>
                <td>
                  <OutboxTime site={site} at={item.sentAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pagination" aria-label="Outbox pages">
        {outbox.page > 1 ? <a href={outbox.page === 2 ? '/newsroom/outbox' : `/newsroom/outbox?page=${outbox.page - 1}`}>Newer</a> : null}
        {outbox.hasNextPage ? <a href={`/newsroom/outbox?page=${outbox.page + 1}`}>Older</a> : null}
      </nav>
    </StaffLayout>
  );
}

export function OutboxMessagePage(props: StaffPageProps & { message: OutboxMessage }) {
  const { site, message } = props;
  return (
    <StaffLayout {...props} title={`Email: ${message.subject}`}>
      <p>
        <a href="/newsroom/outbox">Back to the outbox</a>
      </p>
      <h1>{message.subject}</h1>
      <dl class="outbox-message-meta">
        <dt>To</dt>
        <dd>{message.recipient}</dd>
        <dt>Status</dt>
        <dd>
          {STATUS_LABELS[message.status]}
          {message.attempts > 0 ? `, ${message.attempts} ${message.attempts === 1 ? 'attempt' : 'attempts'}` : ''}
        </dd>
        <dt>Queued</dt>
        <dd>
          <OutboxTime site={site} at={message.createdAt} />
        </dd>
        <dt>Sent</dt>
        <dd>
          <OutboxTime site={site} at={message.sentAt} />
        </dd>
        {message.lastError ? (
          <>
            <dt>Last error</dt>
            <dd>{message.lastError}</dd>
          </>
        ) : null}
      </dl>
      <h2>Text of the email</h2>
      <p class="field-hint">One-time links are shown as [hidden]: whoever holds one could take over the reader’s account.</p>
      <pre class="outbox-message-body">{message.textBody}</pre>
    </StaffLayout>
  );
}
